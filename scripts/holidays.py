"""Run by scripts/gov.sh inside 'odoo shell': load a year of the maintained holiday list."""
import os

year = int(os.environ["GOV_HOLIDAY_YEAR"])
Calendar = env["resource.calendar"]  # noqa: F821  (env: given by odoo shell)
added = Calendar.gov_load_holidays(year)
env.cr.commit()  # noqa: F821
print("==> %d holidays of %d added; the calendar knows the public holidays until %s"
      % (added, year, Calendar.gov_holidays_until()))
