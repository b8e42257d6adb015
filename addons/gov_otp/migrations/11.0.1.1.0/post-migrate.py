"""The e-mail holding a one-time code is one English template translated into Thai.

It held both languages in one text; a database upgraded from that keeps the old Thai
translation: the template and its translations are rewritten from the module's data.
"""
from odoo import SUPERUSER_ID, api

from odoo.addons.gov_crm.tools.mail_templates import reload_mail_templates

TEMPLATES = ("mail_template_otp",)


def migrate(cr, version):
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    reload_mail_templates(env, "gov_otp", "data/gov_otp_mail_template.xml", TEMPLATES)
