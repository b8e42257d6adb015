"""The agency as the public sees it: where its counter is, when it is open, how to reach it."""
from odoo import _, api, fields, models


def _hhmm(hours):
    minutes = int(round(hours * 60))
    return "%02d:%02d" % (minutes // 60, minutes % 60)


class ResCompany(models.Model):
    _inherit = "res.company"

    gov_counter_calendar_id = fields.Many2one(
        "resource.calendar", string="Counter hours", ondelete="set null",
        default=lambda self: self.env.ref("gov_crm.calendar_gov_office", raise_if_not_found=False),
        help="Office hours of the agency's counter, shown on the public service pages.")

    def _gp_day_names(self):
        """Day names in the context's language, Monday first (the labels of the calendar's days)."""
        field = self.env["resource.calendar.attendance"]._fields["dayofweek"]
        labels = dict(field._description_selection(self.env))
        return [labels[str(day)] for day in range(7)]

    def _gp_office_hours(self):
        """Lines such as 'Monday-Friday 08:30-12:00, 13:00-16:30', in the context's language."""
        self.ensure_one()
        calendar = self.gov_counter_calendar_id
        if not calendar:
            return []
        hours_by_day = {}
        for attendance in calendar.attendance_ids.sorted(lambda a: (a.dayofweek, a.hour_from)):
            if attendance.date_from or attendance.date_to:
                continue  # a temporary schedule, not the usual week
            hours_by_day.setdefault(int(attendance.dayofweek), []).append(
                "%s-%s" % (_hhmm(attendance.hour_from), _hhmm(attendance.hour_to)))
        names = self._gp_day_names()
        lines, days = [], sorted(hours_by_day)
        while days:
            first = last = days.pop(0)
            while days and days[0] == last + 1 and hours_by_day[days[0]] == hours_by_day[first]:
                last = days.pop(0)
            span = names[first] if first == last else "%s-%s" % (names[first], names[last])
            lines.append(_("%(days)s %(hours)s") % {"days": span, "hours": ", ".join(hours_by_day[first])})
        return lines

    @api.multi
    def _gp_agency(self):
        """Public facts of the agency: name, address, phone, e-mail, web site and counter hours."""
        self.ensure_one()
        address = " ".join(part for part in (
            self.street, self.street2, self.city, self.state_id.name, self.zip) if part)
        return {"name": self.name, "address": address, "phone": self.phone or "",
                "email": self.email or "", "website": self.website or "",
                "hours": self._gp_office_hours()}
