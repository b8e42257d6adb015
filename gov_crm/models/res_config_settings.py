"""Settings > Government Services: the agency's own name, seal, address, telephone, public web
address, office hours and public holidays.

The service manager sets the agency up, not only the administrator: Odoo's ``execute`` is for
administrators, so for a service manager it saves the agency's values alone (the other
settings stay the administrator's). The values are plain fields read and written by
``get_values`` / ``set_values`` (not related fields, whose writes would reach the company with
the caller's rights on every save).
"""
import base64

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError

AGENCY_FIELDS = {
    # settings field -> company field
    "gov_agency_name": "name",
    "gov_agency_logo": "logo",
    "gov_agency_street": "street",
    "gov_agency_street2": "street2",
    "gov_agency_city": "city",
    "gov_agency_zip": "zip",
    "gov_agency_phone": "phone",
    "gov_agency_email": "email",
    "gov_public_url": "gov_public_url",
}
# what the agency set-up screen shows a service manager (nothing of the other settings)
SCREEN_FIELDS = set(AGENCY_FIELDS) | {"company_id", "gov_office_hours", "gov_holidays_until", "gov_holiday_year",
                                      "gov_holiday_warning", "gov_setup_problems", "gov_holidays_added"}


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    gov_agency_name = fields.Char(string="Agency name")
    gov_agency_logo = fields.Binary(string="Seal or logo", attachment=False)
    gov_agency_street = fields.Char(string="Street")
    gov_agency_street2 = fields.Char(string="Street (2)")
    gov_agency_city = fields.Char(string="District and province")
    gov_agency_zip = fields.Char(string="Postal code")
    gov_agency_phone = fields.Char(string="Telephone")
    gov_agency_email = fields.Char(string="E-mail")
    gov_public_url = fields.Char(
        string="Public web address",
        help="Where citizens reach the status page and the public pages, e.g. https://www.example.go.th. "
             "Printed on receipts and notices and used in the e-mails' links.")
    # what the screen shows of the agency's state, read when it opens (get_values)
    gov_office_hours = fields.Text(string="Office hours", readonly=True)
    gov_holidays_until = fields.Date(string="Public holidays known until", readonly=True)
    gov_holiday_warning = fields.Text(string="Public holidays warning", readonly=True)
    gov_setup_problems = fields.Text(string="Still to set up", readonly=True)
    gov_holiday_year = fields.Char(
        string="Year to load", size=4,
        help="A year (Common Era) of the maintained holiday list to load into the calendar.")
    gov_holiday_file = fields.Binary(string="Holiday file (CSV)", attachment=False)
    gov_holiday_filename = fields.Char(string="Holiday file name")
    gov_holidays_added = fields.Integer(
        string="Holidays added", readonly=True, default=lambda self: self.env.context.get("gov_holidays_added", -1))

    @api.model
    def default_get(self, fields_list):
        """The screen of a service manager: the other modules' settings are read as the system, as
        some of them read what only administrators may (record rules); a service manager's save
        writes the agency's values alone (``execute``)."""
        if not self._gov_is_administrator() and self.env.user.has_group("gov_crm.group_gov_service_manager"):
            # sudo: a service manager (checked above), who receives the agency's values alone
            values = super(ResConfigSettings, self.sudo()).default_get(fields_list)
            return {name: value for name, value in values.items() if name in SCREEN_FIELDS}
        return super(ResConfigSettings, self).default_get(fields_list)

    @api.model
    def get_values(self):
        values = super(ResConfigSettings, self).get_values()
        company = self.env["res.company"]._gov_company()
        values.update({name: company[field] or False for name, field in AGENCY_FIELDS.items()})
        values.update(self._gov_state_values())
        return values

    @api.model
    def _gov_state_values(self):
        """The office hours, the last public holiday and what is still to set up, as shown."""
        Calendar = self.env["resource.calendar"]
        calendar = Calendar._gov_office_calendar().sudo()  # sudo: office hours are public
        days = dict(self.env["resource.calendar.attendance"]._fields["dayofweek"]._description_selection(self.env))
        hours = "\n".join("%s %s-%s" % (days.get(att.dayofweek, att.dayofweek), _hour(att.hour_from),
                                        _hour(att.hour_to))
                          for att in calendar.attendance_ids.sorted(lambda a: (a.dayofweek, a.hour_from)))
        until = Calendar.gov_holidays_until()
        return {
            "gov_office_hours": hours,
            "gov_holidays_until": fields.Date.to_string(until) if until else False,
            # the year in which the holidays run out (the next one once they reach December)
            "gov_holiday_year": str((until.year + (until.month == 12)) if until else Calendar._gov_today().year),
            "gov_holiday_warning": Calendar.gov_holiday_warning() or False,
            "gov_setup_problems": "\n".join(self.env["res.company"]._gov_setup_problems()) or False,
        }

    @api.multi
    def set_values(self):
        """Every module's settings: the administrator's only (a service manager saves the
        agency's values through ``execute``)."""
        if not self._gov_is_administrator():
            raise AccessError(_("Only administrators can change the settings."))
        res = super(ResConfigSettings, self).set_values()
        self._gov_set_agency()
        return res

    def _gov_is_administrator(self):
        return self.env.user._is_superuser() or self.env.user.has_group("base.group_system")

    def _gov_check_agency_manager(self):
        if not (self.env.user._is_superuser() or self.env.user.has_group("base.group_system")
                or self.env.user.has_group("gov_crm.group_gov_service_manager")):
            raise AccessError(_("Only a service manager may set up the agency."))

    def _gov_set_agency(self):
        """Write the agency's values that changed to the company."""
        self.ensure_one()
        self._gov_check_agency_manager()
        company = self.env["res.company"]._gov_company()  # sudo: a service manager (checked above)
        changes = {}
        for name, field in AGENCY_FIELDS.items():
            value = self[name] or False
            if field == "gov_public_url" and value:
                value = value.strip().rstrip("/")
            if name == "gov_agency_logo":
                if (value or b"") == (company.logo or b"") or (value and base64.b64decode(value) == base64.b64decode(
                        company.logo or b"")):
                    continue
            elif value == (company[field] or False):
                continue
            changes[field] = value
        if "name" in changes and not changes["name"]:
            raise UserError(_("The agency's name cannot be empty."))
        if changes:
            company.write(changes)

    @api.multi
    def execute(self):
        """A service manager saves the agency's values; the rest stays the administrator's."""
        if self._gov_is_administrator():
            return super(ResConfigSettings, self).execute()
        self._gov_check_agency_manager()
        self._gov_set_agency()
        return {"type": "ir.actions.client", "tag": "reload"}

    # ------------------------------------------------------------ buttons
    @api.multi
    def action_gov_office_hours(self):
        """The agency calendar's form: its office hours and holidays."""
        self._gov_check_agency_manager()
        calendar = self.env["resource.calendar"]._gov_office_calendar()
        return {
            "type": "ir.actions.act_window", "name": _("Office hours"), "res_model": "resource.calendar",
            "res_id": calendar.id, "view_mode": "form", "views": [(False, "form")], "target": "current",
        }

    @api.multi
    def action_gov_load_holiday_year(self):
        """Load a year of the maintained holiday list."""
        self.ensure_one()
        year = (self.gov_holiday_year or "").strip()
        if not (year.isdigit() and len(year) == 4):
            raise UserError(_("Give the year to load, e.g. 2028."))
        created = self.env["resource.calendar"].gov_load_holidays(int(year))
        return self._gov_notify_holidays(created)

    @api.multi
    def action_gov_import_holidays(self):
        """Import the holidays of an uploaded CSV file."""
        self.ensure_one()
        if not self.gov_holiday_file:
            raise UserError(_("Choose the holiday file (CSV) to import."))
        created = self.env["resource.calendar"].gov_import_holidays(base64.b64decode(self.gov_holiday_file))
        return self._gov_notify_holidays(created)

    def _gov_notify_holidays(self, created):
        """The set-up again, showing how many holidays were added and the new last one."""
        action = self.env.ref("gov_crm.res_config_settings_action_gov_agency").read()[0]
        action["context"] = {"gov_holidays_added": created}
        return action


def _hour(value):
    return "%02d:%02d" % (int(value), round((value % 1) * 60))
