"""Buddhist-era dates for what the public reads (receipts, notices, status page), in the office
time zone (``gov_crm.lib.be_date``)."""
from odoo import api, models

from odoo.addons.gov_crm.lib.be_date import format_be_date


class OssRequest(models.Model):
    _inherit = "oss.request"

    @api.multi
    def oss_be_date(self, value, lang="th_TH", with_time=False):
        """Template helper: a Buddhist-era date in Thai or English."""
        return format_be_date(value, self.env["resource.calendar"].gov_office_tz(), lang=lang, with_time=with_time)

    @api.multi
    def oss_track_url(self):
        """Template helper: address of the public status page."""
        base = self.env["ir.config_parameter"].sudo().get_param("web.base.url", "")
        return base + "/oss/track"

    @api.multi
    def oss_receiver_name(self):
        """Template helper: the name of the staff member who received the request (empty online).

        The receipt is also the applicant's, downloaded from the portal. A portal user may not
        read users: the name is read as superuser, once the caller was allowed to read the
        request itself.
        """
        self.ensure_one()
        self.check_access_rights("read")
        self.check_access_rule("read")
        return self.sudo().received_by_id.name or ""

    @api.multi
    def oss_missing_documents(self):
        """Template helper: the missing mandatory documents."""
        return self._oss_missing_documents()
