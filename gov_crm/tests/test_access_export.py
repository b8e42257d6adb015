"""The PDPA access export a citizen can read: their language, local times, labelled sections and
values, no field names or stored codes."""
import io
import re

import openpyxl

from .common import GovCase

PIN = "1101700203450"
TECHNICAL = re.compile(r"\b(?:gov_[a-z_]+|national_id|res\.partner|mail\.message|full_read|satisfaction_survey|"
                       r"public_task|access_export|\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2})\b")


class TestAccessExport(GovCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.privacy = cls.new_user("dsar_privacy", "gov_crm.group_gov_privacy_officer", name="Privacy Officer D")
        cls.person = cls.env["res.partner"].create({
            "name": "นายอ่านออก ได้ใจความ", "gov_party_type": "citizen", "national_id": PIN, "lang": "th_TH",
            "gov_birth_date": "1980-02-29", "phone": "0811112222", "email": "readable@example.co.th",
            "street": "12 ถนนทดสอบ"})
        cls.env["gov.consent"].create({
            "partner_id": cls.person.id, "purpose": "satisfaction_survey", "lawful_basis": "consent",
            "channel": "email", "given_on": "2026-11-25 09:30:00"})
        cls.env["gov.consent"].create({
            "partner_id": cls.person.id, "purpose": "service_notification", "lawful_basis": "public_task",
            "channel": "counter", "given_on": "2026-11-25 09:30:00"})
        cls.person.message_post(body="ส่งหนังสือแจ้งแล้ว", subject="แจ้งผล", partner_ids=[cls.person.id])
        cls.person.sudo(cls.privacy).read(["national_id"])  # one logged full read

    def workbook(self):
        return openpyxl.load_workbook(io.BytesIO(self.person.sudo(self.privacy).gov_access_export_xlsx()))

    def cells(self, book):
        return [str(cell.value) for sheet in book for row in sheet.iter_rows() for cell in row
                if cell.value is not None]

    def test_in_thai_for_a_thai_speaker(self):
        book = self.workbook()
        # then the sheets other modules add (requests, cases), and the messages last
        self.assertEqual(book.sheetnames[:4], [
            "เราคือใคร", "ข้อมูลของท่านที่เราเก็บ", "เหตุผลที่เก็บ (ฐานทางกฎหมาย)", "ผู้ที่เข้าถึงข้อมูลของท่าน"])
        self.assertEqual(book.sheetnames[-1], "ข้อความถึงและเกี่ยวกับท่าน")
        held = {row[0]: row[1] for row in book["ข้อมูลของท่านที่เราเก็บ"].iter_rows(min_row=2, values_only=True)}
        self.assertEqual(held["วันเกิด"], "29 กุมภาพันธ์ 2523")
        self.assertEqual(held["เลขประจำตัวประชาชน / เลขทะเบียนนิติบุคคล"], "1-1017-00203-45-0")
        why = list(book["เหตุผลที่เก็บ (ฐานทางกฎหมาย)"].iter_rows(values_only=True))
        self.assertEqual(why[0][:3], ("เพื่อ", "ฐานทางกฎหมาย", "ตั้งแต่"))
        # 09:30 UTC is 16:30 in Bangkok, in the Buddhist era
        self.assertIn("25 พฤศจิกายน 2569 เวลา 16:30 น.", [row[2] for row in why[1:]])
        who = {row[0]: row[1] for row in book["เราคือใคร"].iter_rows(min_row=2, values_only=True)}
        self.assertEqual(who["หน่วยงาน"], self.env["res.company"].gov_agency()["name"])
        for text in self.cells(book):
            self.assertFalse(TECHNICAL.search(text), text)

    def test_in_english_for_an_english_speaker(self):
        self.person.lang = "en_US"
        book = self.workbook()
        self.assertEqual(book.sheetnames[:4], [
            "Who we are", "What we hold about you", "Why we hold it (lawful bases)", "Who saw your data"])
        self.assertEqual(book.sheetnames[-1], "Messages to and about you")
        held = {row[0]: row[1] for row in book["What we hold about you"].iter_rows(min_row=2, values_only=True)}
        self.assertEqual(held["Birth date"], "29 February 1980")
        why = list(book["Why we hold it (lawful bases)"].iter_rows(min_row=2, values_only=True))
        self.assertEqual(sorted((row[0], row[1], row[2], row[5]) for row in why), [
            ("Satisfaction surveys", "Consent", "25 November 2026 16:30", "No"),
            ("Service notifications", "Public task", "25 November 2026 16:30", "No")])
        seen = list(book["Who saw your data"].iter_rows(min_row=2, values_only=True))
        self.assertEqual([(row[1], row[2], row[3]) for row in seen],
                         [("Full identifier read", "Privacy Officer D", "your national ID number")])
        messages = list(book["Messages to and about you"].iter_rows(min_row=2, values_only=True))
        self.assertIn(("นายอ่านออก ได้ใจความ", "แจ้งผล", "ส่งหนังสือแจ้งแล้ว"),
                      [(row[1], row[4], row[5]) for row in messages])
        for text in self.cells(book):
            self.assertFalse(TECHNICAL.search(text), text)
