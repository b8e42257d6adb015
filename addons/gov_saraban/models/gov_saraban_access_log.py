from odoo import fields, models


class GovSarabanAccessLog(models.Model):
    """Who opened a secret letter and when: written by the letter's code, read by the keeper of
    the secret registers."""

    _name = "gov.saraban.access.log"
    _description = "Opening of a secret letter"
    _order = "id desc"
    _rec_name = "letter_id"

    letter_id = fields.Many2one("gov.saraban.letter", required=True, index=True,
                                ondelete="cascade", readonly=True)
    user_id = fields.Many2one("res.users", string="Opened by", required=True, index=True, ondelete="restrict",
                              readonly=True)
    date = fields.Datetime(string="Opened on", required=True, default=fields.Datetime.now, index=True,
                           readonly=True)
    what = fields.Selection([("letter", "The letter"), ("file", "A file of the letter")], required=True,
                            readonly=True)
