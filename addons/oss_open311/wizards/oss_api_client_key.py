"""Shows a newly issued API key once; the wizard is opened with the key in its context and
closed without saving, so the key is never written to the database."""
from odoo import fields, models


class OssApiClientKey(models.TransientModel):
    _name = "oss.api.client.key"
    _description = "Newly issued API key"

    client_id = fields.Many2one("oss.api.client", string="API client", readonly=True, ondelete="cascade")
    key = fields.Char(string="API key", readonly=True)
