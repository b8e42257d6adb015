from odoo import api, models


class GovKpiRequestSummary(models.Model):
    _inherit = "gov.kpi.request.summary"

    @api.model
    def kpi_refresh(self):
        """Publish the refreshed figures in the same transaction: the public pages and files
        change when the summary does, never half-way."""
        result = super(GovKpiRequestSummary, self).kpi_refresh()
        self.env["gov.public.performance"]._gp_rebuild()
        return result
