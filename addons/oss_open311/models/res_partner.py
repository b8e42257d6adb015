from odoo import models


class ResPartner(models.Model):
    _inherit = "res.partner"

    def _gov_anonymise_records(self, traces):
        """Where the person's Open311 requests were made from is theirs too: blanked."""
        res = super()._gov_anonymise_records(traces)
        requests = self.env["oss.request"].sudo().search(
            [("partner_id", "=", self.id), ("open311_client_id", "!=", False)])
        requests.write({"open311_address": False, "open311_lat": 0.0, "open311_long": 0.0,
                        "open311_media_url": False})
        return res
