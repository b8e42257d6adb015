"""Buddhist-era dates for what the public reads (receipts, notices, status page), in the office
time zone (``gov_crm.lib.be_date``)."""
from odoo import api, models

from odoo.addons.gov_crm.lib.be_date import format_be_date
from odoo.addons.gov_crm.lib.language import name_for_reader


class OssRequest(models.Model):
    _inherit = "oss.request"

    @api.multi
    def oss_be_date(self, value, lang="th_TH", with_time=False):
        """Template helper: a Buddhist-era date in Thai or English."""
        return format_be_date(value, self.env["resource.calendar"].gov_office_tz(), lang=lang, with_time=with_time)

    @api.multi
    def oss_service_name(self):
        """Template helper: the service's name in the applicant's language (English when the
        applicant does not read Thai and the service has an English name)."""
        self.ensure_one()
        return name_for_reader(self.partner_id.lang, self.service_id.name, self.service_id.name_en)

    @api.multi
    def oss_reader_date(self, value, with_time=False):
        """Template helper: a Buddhist-era date in the reader's language (the portal user's)."""
        return self.oss_be_date(value, lang=self.env.lang, with_time=with_time)

    @api.multi
    def oss_reader_service_name(self):
        """Template helper: the service's name in the reader's language (the portal user's)."""
        self.ensure_one()
        return self.service_id.oss_reader_name()

    @api.multi
    def oss_track_url(self):
        """Template helper: address of the public status page, at the agency's public web address."""
        return self.env["res.company"].gov_public_address() + "/oss/track"

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
