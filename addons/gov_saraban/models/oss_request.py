from odoo import api, fields, models

# calls to the letter inbox counted per client address, before the sender is authenticated
INBOX_SCOPE = "saraban.inbox"


class OssRequest(models.Model):
    _inherit = "oss.request"

    saraban_letter_ids = fields.One2many("gov.saraban.letter", "request_id", string="Letters", readonly=True)
    saraban_letter_count = fields.Integer(compute="_compute_saraban_letter_count", string="Letters")

    @api.multi
    def _compute_saraban_letter_count(self):
        # the letters the user may read (record rules apply to search_count)
        groups = self.env["gov.saraban.letter"].read_group([("request_id", "in", self.ids)], ["request_id"],
                                                           ["request_id"])
        counts = {group["request_id"][0]: group["request_id_count"] for group in groups}
        for request in self:
            request.saraban_letter_count = counts.get(request.id, 0)

    @api.multi
    def action_view_saraban_letters(self):
        self.ensure_one()
        action = self.env.ref("gov_saraban.gov_saraban_letter_action_all").read()[0]
        action.update(domain=[("request_id", "=", self.id)], context={})
        return action

    @api.model
    def _oss_public_rate_limits(self, scope):
        """The letter inbox: 60 calls a minute per client address by default (an agency's outbox
        sends one call per letter and retries at minutes)."""
        if scope == INBOX_SCOPE:
            return self.env["gov.rate.limit"]._limits_param(
                "gov_saraban.inbox_rate_limit", "gov_saraban.inbox_rate_window", 60, 60)
        return super(OssRequest, self)._oss_public_rate_limits(scope)
