"""The public holidays of the agency's calendar: loaded from the maintained source file
(``data/holidays/th_public_holidays.csv``) or from a file of the same shape the service manager
imports, and a warning before the calendar runs out of them.

A holiday is a generic leave of the calendar (no resource) covering one whole local day.
Loading is idempotent: a day that already has a generic leave is left as it is.
"""
import datetime
import os

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.modules.module import get_module_path

from ..lib import holidays as holiday_rules

SOURCE_FILE = os.path.join("data", "holidays", "th_public_holidays.csv")


class ResourceCalendar(models.Model):
    _inherit = "resource.calendar"

    # ------------------------------------------------------------ reading a file
    @api.model
    def _gov_parse_holidays(self, text):
        """The rows of a holiday file; a bad one is the user's error, naming its line."""
        try:
            return holiday_rules.parse_holidays(text)
        except holiday_rules.HolidayFileError as error:
            raise UserError(self._gov_holiday_error(error.code) % {"line": error.line, "value": error.value})

    @api.model
    def _gov_holiday_error(self, code):
        """The user's message of a ``HolidayFileError`` code, with %(line)s and %(value)s."""
        if code == "empty":
            return _("The holiday file is empty.")
        if code == "header":
            return _("Line %(line)s: the first line must be the header date,name_th,name_en,source "
                     "(found %(value)s).")
        if code == "columns":
            return _("Line %(line)s: a row has 4 columns: date,name_th,name_en,source (found %(value)s).")
        if code == "date":
            return _("Line %(line)s: the date %(value)s is not a date written YYYY-MM-DD (Common Era).")
        if code == "name":
            return _("Line %(line)s: the Thai name of the holiday is empty.")
        if code == "source":
            return _("Line %(line)s: the source of the holiday is empty (say who announced it).")
        return _("Line %(line)s: the date %(value)s appears twice.")

    @api.model
    def _gov_source_holidays(self):
        path = os.path.join(get_module_path("gov_crm"), SOURCE_FILE)
        with open(path, encoding="utf-8") as handle:
            return self._gov_parse_holidays(handle.read())

    # ------------------------------------------------------------ loading
    @api.model
    def _gov_check_holiday_manager(self):
        """Holidays move every legal deadline: only a service manager changes them."""
        if not (self.env.user._is_superuser() or self.env.user.has_group("gov_crm.group_gov_service_manager")):
            raise AccessError(_("Only a service manager may change the public holidays of the office calendar."))

    @api.multi
    def _gov_add_holidays(self, holidays):
        """Create a generic leave for each holiday the calendar lacks; the number created."""
        self.ensure_one()
        self._gov_check_holiday_manager()
        Leave = self.env["resource.calendar.leaves"].sudo()  # sudo: the caller is a service manager (checked)
        existing = set(self._gov_holiday_dates())
        created = 0
        for holiday in holidays:
            if holiday.day in existing:
                continue
            start = datetime.datetime.combine(holiday.day, datetime.time.min)
            end = datetime.datetime.combine(holiday.day, datetime.time(23, 59, 59))
            Leave.create({
                "name": holiday.name, "calendar_id": self.id, "resource_id": False,
                "date_from": fields.Datetime.to_string(self._gov_to_utc(start)),
                "date_to": fields.Datetime.to_string(self._gov_to_utc(end)),
            })
            existing.add(holiday.day)
            created += 1
        return created

    @api.model
    def _gov_office_calendar(self):
        return self.env.ref("gov_crm.calendar_gov_office")

    @api.model
    def gov_load_holidays(self, year=None):
        """Load the holidays of ``year`` (all years when None) from the maintained source file into
        the agency calendar; the number of holidays added (0 when they were there already)."""
        holidays = self._gov_source_holidays()
        if year:
            holidays = [holiday for holiday in holidays if holiday.day.year == int(year)]
            if not holidays:
                raise UserError(_("The holiday file has no holiday in %(year)s: add the year's holidays "
                                  "to gov_crm/data/holidays/th_public_holidays.csv first.") % {"year": year})
        return self._gov_office_calendar()._gov_add_holidays(holidays)

    @api.model
    def gov_import_holidays(self, content):
        """Import a holiday file (bytes, UTF-8) into the agency calendar; the number added."""
        self._gov_check_holiday_manager()
        try:
            text = content.decode("utf-8")
        except UnicodeDecodeError:
            raise UserError(_("The holiday file must be a CSV file saved as UTF-8."))
        return self._gov_office_calendar()._gov_add_holidays(self._gov_parse_holidays(text))

    # ------------------------------------------------------------ running out
    @api.model
    def _gov_today(self):
        """Today in the office time zone (the seam tests fake)."""
        return datetime.datetime.now(self.gov_office_tz()).date()

    @api.model
    def gov_holidays_until(self):
        """The last public holiday the agency calendar knows (a date), or None."""
        dates = self._gov_office_calendar()._gov_holiday_dates()
        return max(dates) if dates else None

    @api.model
    def gov_holiday_warning(self):
        """What to tell the service manager when the holidays run out in less than 180 days, or ''."""
        until = self.gov_holidays_until()
        if not holiday_rules.runs_out_soon(until, self._gov_today()):
            return ""
        if until is None:
            return _("The office calendar has no public holidays: every deadline counts them as working days. "
                     "Load the holidays (Configuration > Agency set-up).")
        return _("The office calendar knows the public holidays only until %(date)s (%(days)s days ahead): "
                 "after it every deadline counts holidays as working days. Load the next year's holidays "
                 "(Configuration > Agency set-up).") % {"date": fields.Date.to_string(until),
                                                        "days": holiday_rules.days_covered_ahead(
                                                            until, self._gov_today())}

    @api.model
    def _gov_cron_holiday_warning(self):
        """Daily: tell the service managers in their inbox while the holidays run out soon."""
        warning = self.gov_holiday_warning()
        if not warning:
            return False
        group = self.env.ref("gov_crm.group_gov_service_manager")
        managers = self.env["res.users"].search([("groups_id", "in", group.id), ("share", "=", False)])
        if not managers:
            return False
        # the inbox of each manager: a message on no record, with each of them as a recipient
        return self.env["mail.thread"].sudo().message_post(
            body=warning, subject=_("Public holidays run out soon"), message_type="notification",
            subtype="mail.mt_note", partner_ids=managers.mapped("partner_id").ids)
