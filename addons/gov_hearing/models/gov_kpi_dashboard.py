from odoo import _, api, fields, models

from odoo.addons.gov_kpi.models.gov_kpi_dashboard import _month_bounds


# pylint: disable-next=no-wizard-in-models  # the dashboard, not a wizard
class GovKpiDashboard(models.TransientModel):
    _inherit = "gov.kpi.dashboard"

    hearing_open_count = fields.Integer(string="Open public hearings", readonly=True)
    hearing_response_count = fields.Integer(string="Hearing responses this month", readonly=True)

    def _gh_month_domain(self):
        month = self._kpi_months()[0]
        start, end = _month_bounds(month, self.env["resource.calendar"].gov_office_tz())
        return [("create_date", ">=", start), ("create_date", "<", end)]

    @api.multi
    def _kpi_compute(self):
        result = super(GovKpiDashboard, self)._kpi_compute()
        # the dashboard's readers are managers and supervisors: they count what their rules show
        Hearing = self.env["gov.hearing"]
        responses = 0
        if self.env["gov.hearing.response"].check_access_rights("read", raise_exception=False):
            responses = self.env["gov.hearing.response"].search_count(self._gh_month_domain())
        self.write({"hearing_open_count": Hearing.search_count([("state", "=", "open")]),
                    "hearing_response_count": responses})
        return result

    @api.multi
    def action_open_hearings(self):
        return {
            "type": "ir.actions.act_window",
            "name": _("Open public hearings"),
            "res_model": "gov.hearing",
            "view_mode": "tree,form",
            "views": [(False, "tree"), (False, "form")],
            "domain": [("state", "=", "open")],
            "target": "current",
        }
