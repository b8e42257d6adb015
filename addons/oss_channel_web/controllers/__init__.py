from . import web_form
