"""The one gate for public request data (status page and Open311): who reads what."""
import hashlib
import hmac

from .common import OssCase


class TestPublicGate(OssCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.report_service = cls.service.copy({"code": "T-LIGHT", "public_report": True})

    def submitted(self, **vals):
        request = self.new_request(**vals)
        request.action_submit()
        return request

    def test_personal_request_needs_the_last_4_digits(self):
        request = self.submitted()
        Requests = self.env["oss.request"]
        self.assertFalse(Requests._oss_public_find([request.name]))
        self.assertFalse(Requests._oss_public_find([request.name], "0000"))
        for digits in ("3344", self.person.national_id[-4:]):  # phone, national ID
            self.assertEqual(Requests._oss_public_find([request.name], digits), request)
        self.assertEqual(Requests._oss_public_status(request.name.lower(), "3344")["number"], request.name)
        self.assertIsNone(Requests._oss_public_status(request.name, ""))

    def test_digits_open_one_number_at_a_time(self):
        first, second = self.submitted(), self.submitted()
        self.assertFalse(self.env["oss.request"]._oss_public_find([first.name, second.name], "3344"))

    def test_public_report_is_read_with_the_number_alone(self):
        report = self.submitted(service_id=self.report_service.id)
        personal = self.submitted()
        found = self.env["oss.request"]._oss_public_find([report.name, personal.name, "OSS-2500-000000", "x"])
        self.assertEqual(found, report)
        self.assertEqual(self.env["oss.request"]._oss_public_status(report.name, "")["number"], report.name)
        listed = self.env["oss.request"].search(self.env["oss.request"]._oss_public_domain())
        self.assertIn(report, listed)
        self.assertNotIn(personal, listed)

    def test_drafts_are_never_public(self):
        draft = self.new_request(service_id=self.report_service.id)
        self.assertFalse(self.env["oss.request"]._oss_public_find([draft.name], "3344"))

    def test_status_page_limit_counts_every_lookup_at_once(self):
        RateLimit = self.env["gov.rate.limit"]
        key = RateLimit.address_key("192.0.2.7")
        self.assertNotIn("192.0.2.7", key)
        answers = [RateLimit._hit_cr(self.env.cr, "oss.track", key, 3, 600) for _lookup in range(5)]
        self.assertEqual([allowed for allowed, _wait in answers], [True, True, True, False, False])
        self.assertTrue(all(0 < wait <= 600 for _allowed, wait in answers))
        self.env.cr.execute("SELECT hits FROM gov_rate_limit WHERE scope = 'oss.track' AND client_key = %s", (key,))
        self.assertEqual(self.env.cr.fetchall(), [(5,)])  # one row per window, not per lookup

    def test_client_addresses_are_kept_as_keyed_hashes_only(self):
        RateLimit = self.env["gov.rate.limit"]
        key = RateLimit.address_key("192.0.2.7")
        # a plain hash of an address is reversed by trying every IPv4 address: it is keyed
        self.assertNotEqual(key, hashlib.sha256(b"192.0.2.7").hexdigest())
        secret = self.env["ir.config_parameter"].sudo().get_param("database.secret")
        self.assertEqual(key, hmac.new(secret.encode(), b"192.0.2.7", hashlib.sha256).hexdigest())
        self.assertEqual(RateLimit.address_key("192.0.2.7"), key)
        self.assertNotEqual(RateLimit.address_key("192.0.2.8"), key)

    def test_open_questions_pass_the_gate_never_the_answers(self):
        report = self.submitted(service_id=self.report_service.id)
        personal = self.submitted()
        desk = report.sudo(self.front_desk)
        desk.action_wait_applicant("รูปถ่ายเสาไฟที่ชำรุด / A photo of the broken pole")
        desk.action_wait_applicant("เลขที่เสาไฟ / The number on the pole")
        personal.sudo(self.front_desk).action_wait_applicant("สำเนาทะเบียนบ้าน / A copy of the house registration")
        photo = report.question_ids.filtered(lambda q: q.question.startswith("รูปถ่าย"))
        photo.sudo(self.front_desk).action_record_answer("เสาหน้าบ้านเลขที่ 99 ซอยลับ")
        Requests = self.env["oss.request"]
        values = Requests._oss_public_status(report.name, "")  # a public report: the number alone
        self.assertEqual(values["questions"], ["เลขที่เสาไฟ / The number on the pole"])
        self.assertNotIn("ซอยลับ", repr(values))
        self.assertIsNone(Requests._oss_public_status(personal.name, ""))  # a personal one: the digits
        self.assertEqual(Requests._oss_public_status(personal.name, "3344")["questions"],
                         ["สำเนาทะเบียนบ้าน / A copy of the house registration"])
        report.question_ids.filtered(lambda q: q.state == "open").sudo(self.front_desk).action_record_answer("12")
        self.assertEqual(report.state, "in_progress")
        self.assertEqual(Requests._oss_public_status(report.name, "")["questions"], [])
