from odoo import fields, models


class ResGroups(models.Model):
    _inherit = "res.groups"

    gov_mfa_required = fields.Boolean(
        string="Two-factor login required",
        help="Members must enrol an authenticator app at their next login and give its code "
             "at every login; no login path lets them in with the password alone.")
