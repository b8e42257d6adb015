from . import models
from . import controllers
from .patches import post_load, register_plain_http, register_unavailable_body, retry_after_for  # noqa: F401
