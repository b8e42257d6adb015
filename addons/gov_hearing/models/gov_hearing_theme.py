from odoo import api, fields, models


class GovHearingTheme(models.Model):
    """What several written answers say, as the agency's staff grouped them, and the agency's
    response to it (published with the summary)."""

    _name = "gov.hearing.theme"
    _inherit = "gov.hearing.part"
    _description = "Theme of the written answers of a hearing"
    _order = "hearing_id, sequence, id"

    name = fields.Char(string="Theme", required=True)
    agency_response = fields.Text(string="The agency's response")
    answer_ids = fields.One2many("gov.hearing.answer", "theme_id", string="Answers")
    answer_count = fields.Integer(compute="_compute_answer_count")

    @api.depends("answer_ids")
    def _compute_answer_count(self):
        # sudo: counts of the answers grouped under each theme, no respondent
        counts = dict((row["theme_id"][0], row["theme_id_count"]) for row in self.env["gov.hearing.answer"].sudo(
        ).read_group([("theme_id", "in", self.ids)], ["theme_id"], ["theme_id"]))
        for theme in self:
            theme.answer_count = counts.get(theme.id, 0)
