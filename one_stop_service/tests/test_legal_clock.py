from odoo.exceptions import UserError

from .common import OssCase


class TestLegalClock(OssCase):

    def test_weekend_holidays_and_year_end(self):
        # Friday 25 Dec 2026, 10:00 Bangkok; 5 working days skip the weekend, New Year's
        # Eve (Thu) and New Year's Day (Fri) 2027: Tue 5 Jan 2027 at 16:30 Bangkok
        request = self.new_request(date_received="2026-12-25 03:00:00")
        request.action_submit()
        self.assertEqual(request.date_complete, "2026-12-25 03:00:00")
        self.assertEqual(request.expected_date, "2027-01-05 09:30:00")
        self.assertEqual(request.oss_be_date(request.expected_date), "5 มกราคม 2570")
        self.assertEqual(request.oss_be_date(request.expected_date, "en_US"), "5 January 2570 B.E.")

    def test_substitute_and_constitution_holidays(self):
        # Friday 4 Dec 2026; Mon 7 Dec (Father's Day substitute) and Thu 10 Dec (Constitution
        # Day) are holidays: Tue 8, Wed 9, Fri 11, Mon 14, Tue 15 -> 15 Dec 2026 16:30
        request = self.new_request(date_received="2026-12-04 02:00:00")
        request.action_submit()
        self.assertEqual(request.expected_date, "2026-12-15 09:30:00")

    def test_clock_waits_for_documents(self):
        request = self.new_request(received=False, date_received="2026-12-04 02:00:00")
        request.document_ids.filtered(lambda d: d.name == "บัตรประจำตัวประชาชน").received = True
        request.sudo(self.front_desk).action_submit()
        self.assertEqual(request.state, "waiting_docs")
        self.assertFalse(request.expected_date)
        self.assertFalse(request.step_ids)
        request.document_ids.filtered(lambda d: d.name == "ทะเบียนบ้าน").received = True
        with self.assertRaisesRegex(UserError, "Still missing: แผนที่"):
            request.action_documents_complete()
        request.document_ids.filtered(lambda d: d.name == "แผนที่").received = True
        # complete on Monday 21 Dec 2026 14:00 Bangkok: counted from there, not from the 4th
        with self.at("2026-12-21 07:00:00"):
            request.sudo(self.front_desk).action_documents_complete()
        self.assertEqual(request.state, "in_progress")
        self.assertEqual(request.date_complete, "2026-12-21 07:00:00")
        # Tue 22, Wed 23, Thu 24, Fri 25, Mon 28 -> 28 Dec 2026 16:30 Bangkok
        self.assertEqual(request.expected_date, "2026-12-28 09:30:00")

    def test_optional_document_does_not_stop_the_clock(self):
        request = self.new_request(received=False)
        request.document_ids.filtered("mandatory").write({"received": True})
        request.action_submit()
        self.assertEqual(request.state, "in_progress")
