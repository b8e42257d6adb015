"""Date groups (list, kanban, pivot and graph views) labelled in B.E. for Thai users."""
import datetime

from odoo.addons.gov_crm.tests.common import GovCase
from odoo.addons.gov_crm.lib.be_date import be_pattern


class TestBuddhistEraGroups(GovCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.desk = cls.new_user("be_group_desk", "gov_crm.group_gov_front_desk")
        Partner = cls.env["res.partner"]
        cls.people = Partner.create({"name": "Leap day", "gov_party_type": "citizen", "gov_birth_date": "2024-02-29"})
        cls.people |= Partner.create({"name": "New year", "gov_party_type": "citizen", "gov_birth_date": "2026-01-01"})
        cls.people |= Partner.create({"name": "New year's eve", "gov_party_type": "citizen",
                                      "gov_birth_date": "2025-12-31"})

    def groups(self, lang, interval):
        Partner = self.env["res.partner"].sudo(self.desk).with_context(lang=lang)
        rows = Partner.read_group([("id", "in", self.people.ids)], ["gov_birth_date"],
                                  ["gov_birth_date:%s" % interval], orderby="gov_birth_date")
        return [(row["gov_birth_date:%s" % interval], self.bound(row, ">="), self.bound(row, "<")) for row in rows]

    @staticmethod
    def bound(row, operator):
        """The start (>=) or the end (<) of a group's range in its domain."""
        return [leaf[2] for leaf in row["__domain"] if isinstance(leaf, (list, tuple)) and leaf[1] == operator][0]

    def test_thai_month_groups_in_buddhist_era(self):
        self.assertEqual(self.groups("th_TH", "month"), [
            ("กุมภาพันธ์ 2567", "2024-02-01", "2024-03-01"),
            ("ธันวาคม 2568", "2025-12-01", "2026-01-01"),
            ("มกราคม 2569", "2026-01-01", "2026-02-01"),
        ])

    def test_thai_day_and_year_groups_in_buddhist_era(self):
        self.assertEqual([label for label, _start, _end in self.groups("th_TH", "day")],
                         ["29 ก.พ. 2567", "31 ธ.ค. 2568", "01 ม.ค. 2569"])
        self.assertEqual(self.groups("th_TH", "year"), [
            ("2567", "2024-01-01", "2025-01-01"),
            ("2568", "2025-01-01", "2026-01-01"),
            ("2569", "2026-01-01", "2027-01-01"),
        ])

    def test_english_groups_keep_the_common_era(self):
        self.assertEqual([label for label, _start, _end in self.groups("en_US", "month")],
                         ["February 2024", "December 2025", "January 2026"])

    def test_datetime_groups_follow_the_users_time_zone(self):
        """A datetime grouped by month in Bangkok: 31 December 2025 20:00 UTC is January 2569 there."""
        message = self.env["mail.message"].create({"body": "x", "date": "2025-12-31 20:00:00",
                                                   "model": "res.partner", "res_id": self.people[0].id})
        rows = self.env["mail.message"].with_context(lang="th_TH", tz="Asia/Bangkok").read_group(
            [("id", "=", message.id)], ["date"], ["date:month"])
        self.assertEqual(rows[0]["date:month"], "มกราคม 2569")

    def test_pattern_keeps_quoted_text_and_week_years(self):
        day = datetime.date(2027, 1, 1)  # ISO week 53 of 2026
        self.assertEqual(be_pattern("MMMM yyyy", day), "MMMM '2570'")
        self.assertEqual(be_pattern("'W'w YYYY", day), "'W'w '2569'")
        self.assertEqual(be_pattern("QQQ yy", day), "QQQ '70'")
