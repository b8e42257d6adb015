"""Buddhist-era dates for what the public reads (receipts, notices, status page)."""
import pytz

from odoo import api, fields, models

THAI_MONTHS = ["มกราคม", "กุมภาพันธ์", "มีนาคม", "เมษายน", "พฤษภาคม", "มิถุนายน", "กรกฎาคม",
               "สิงหาคม", "กันยายน", "ตุลาคม", "พฤศจิกายน", "ธันวาคม"]
ENGLISH_MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
                  "September", "October", "November", "December"]


def format_be_date(value, tz, lang="th_TH", with_time=False):
    """'2026-11-25 09:30:00' (UTC) -> '25 พฤศจิกายน 2569' / '25 November 2569 B.E.' (day in ``tz``)."""
    if not value:
        return ""
    if len(value) > 10:
        moment = pytz.utc.localize(fields.Datetime.from_string(value)).astimezone(tz)
    else:
        moment = fields.Date.from_string(value)
        with_time = False
    year = moment.year + 543
    if lang == "th_TH":
        text = "%d %s %d" % (moment.day, THAI_MONTHS[moment.month - 1], year)
        return text + (" เวลา %02d:%02d น." % (moment.hour, moment.minute) if with_time else "")
    text = "%d %s %d B.E." % (moment.day, ENGLISH_MONTHS[moment.month - 1], year)
    return text + (" %02d:%02d" % (moment.hour, moment.minute) if with_time else "")


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
