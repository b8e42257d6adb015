import re

from odoo.exceptions import AccessError, UserError

from .common import CaseCase


class TestCaseRating(CaseCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["gov.consent"].create({
            "partner_id": cls.partner.id, "purpose": "satisfaction_survey", "lawful_basis": "consent"})

    def resolve(self, case):
        case.sudo(self.officer).action_resolve("done", "Certificate issued")
        mail = self.env["mail.mail"].search([
            ("recipient_ids", "in", case.partner_id.ids), ("subject", "like", case.name)])
        self.assertEqual(len(mail), 1)
        self.assertIn("Certificate issued", mail.body_html)
        match = re.search(r"/case/rate/([\w-]+)", mail.body_html or "")
        return match and match.group(1)

    def test_token_works_once(self):
        case = self.new_case()
        token = self.resolve(case)
        self.assertTrue(token and len(token) >= 40)
        # the chatter never carries the link
        self.assertFalse(case.message_ids.filtered(lambda m: token in (m.body or "")))
        self.assertNotIn(token, case.sudo().rating_token_hash)
        self.assertEqual(self.Case._rating_find(token), case)
        self.assertTrue(self.Case.sudo(self.env.ref("base.public_user")).rating_submit_token(token, "4", "Quick"))
        self.assertEqual((case.rating, case.rating_comment, case.rating_channel), ("4", "Quick", "link"))
        self.assertTrue(case.rating_date)
        # reused
        self.assertFalse(self.Case.rating_submit_token(token, "1", "changed my mind"))
        self.assertEqual(case.rating, "4")

    def test_guessed_tokens_refused(self):
        case = self.new_case()
        token = self.resolve(case)
        for guess in ("", "x", token[:-1], token + "A", token.upper(), case.sudo().rating_token_hash, "a" * 500):
            self.assertFalse(self.Case.rating_submit_token(guess, "5"), guess)
        self.assertFalse(case.rating)
        with self.assertRaisesRegex(UserError, "from 1 to 5"):
            self.Case.rating_submit_token(token, "9")
        self.assertFalse(case.rating)

    def test_new_resolution_replaces_the_token(self):
        case = self.new_case()
        first = self.resolve(case)
        case.sudo(self.officer).action_reopen()
        self.env["mail.mail"].search([("subject", "like", case.name)]).unlink()
        second = self.resolve(case)
        self.assertNotEqual(first, second)
        self.assertFalse(self.Case.rating_submit_token(first, "5"))
        self.assertTrue(self.Case.rating_submit_token(second, "5"))

    def test_no_link_without_survey_consent(self):
        partner = self.env["res.partner"].create({"name": "ไม่ยินยอม", "email": "no@example.com"})
        case = self.new_case(partner_id=partner.id)
        self.assertIsNone(self.resolve(case))
        self.assertFalse(case.sudo().rating_token_hash)

    def test_front_desk_records_rating(self):
        service = self.env["oss.service"].create({"code": "TRATE", "name": "บริการ", "legal_days": 5})
        request = self.env["oss.request"].create({"partner_id": self.partner.id, "service_id": service.id})
        case = self.new_case(request_id=request.id)
        with self.assertRaisesRegex(UserError, "not resolved"):
            case.sudo(self.front_desk).rating_record_desk("5")
        token = self.resolve(case)
        wizard = self.env["citizen.case.rate.wizard"].sudo(self.front_desk).create({
            "case_id": case.id, "rating": "5", "comment": "ขอบคุณ"})
        wizard.action_record()
        self.assertEqual((case.rating, case.rating_comment, case.rating_channel), ("5", "ขอบคุณ", "desk"))
        self.assertFalse(self.Case.rating_submit_token(token, "1"))  # the link died with it
        # a case the front desk cannot see
        secret = self.new_case(request_id=request.id, confidential=True)
        secret.action_resolve("done")
        with self.assertRaises(AccessError):
            secret.sudo(self.front_desk).rating_record_desk("1")
        with self.assertRaises(AccessError):
            secret.sudo(self.portal).rating_record_desk("1")

    def test_resolution_email_in_the_applicants_language_only(self):
        """One template, translated in th.po: a Thai person reads Thai only, an English one English only."""
        self.dep.sudo().write({"name_en": "Registration Section"})
        for lang, subject, present, absent in (
                ("th_TH", "%s: ผลการดำเนินการ",
                 ("เรียน ", "ได้ดำเนินการเสร็จแล้ว", "ลิงก์นี้ใช้ได้ครั้งเดียว", self.dep.name),
                 ("Dear", "has been resolved", "This link works once", "Registration Section")),
                ("en_US", "%s: outcome of your case", ("Dear ", "has been resolved", "This link works once",
                                                       "Registration Section"),
                 ("เรียน", "ได้ดำเนินการเสร็จแล้ว", "ลิงก์นี้ใช้ได้ครั้งเดียว", self.dep.name))):
            self.partner.write({"lang": lang})  # set-up: the person's language as the front desk recorded it
            case = self.new_case()
            case.sudo(self.officer).action_resolve("done", "Certificate issued")
            mail = self.env["mail.mail"].search([("recipient_ids", "in", self.partner.ids),
                                                 ("subject", "like", case.name)])
            self.assertEqual(mail.subject, subject % case.name)
            for text in present:
                self.assertIn(text, mail.body_html, lang)
            for text in absent:
                self.assertNotIn(text, mail.body_html, lang)
