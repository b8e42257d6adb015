import io
import re

import openpyxl

from odoo.exceptions import AccessError, UserError
from odoo.tests.common import SavepointCase

from .common import new_user

NAME = "นางสาวพิมพ์ลดา ลบทิ้งได้"
PIN = "3100600445635"


class TestPrivacy(SavepointCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.privacy = new_user(cls.env, "priv_t", "gov_crm.group_gov_privacy_officer", name="Privacy Officer T")
        cls.manager = new_user(cls.env, "mgr_t", "gov_crm.group_gov_service_manager", name="Manager T")
        cls.person = cls.env["res.partner"].create({
            "name": NAME, "gov_party_type": "citizen", "national_id": PIN,
            "gov_first_name": "พิมพ์ลดา", "gov_last_name": "ลบทิ้งได้", "gov_name_en": "Pimlada Lobthingdai",
            "phone": "0897770001", "email": "pimlada@example.co.th", "street": "99/1 ซอยทดสอบ"})
        cls.consent = cls.env["gov.consent"].create({
            "partner_id": cls.person.id, "purpose": "satisfaction_survey", "lawful_basis": "consent",
            "channel": "email", "note": "ยินยอมทางอีเมลของ พิมพ์ลดา ลบทิ้งได้"})
        cls.person.message_post(body="โทรหา %s เลขบัตร %s" % (NAME, PIN), subject=NAME)
        cls.person.sudo(cls.privacy).read(["national_id"])  # one logged full read

    def _workbook(self):
        content = self.person.sudo(self.privacy).gov_access_export_xlsx()
        return openpyxl.load_workbook(io.BytesIO(content))

    def test_access_export_contains_every_kind_of_data(self):
        self.person.lang = "en_US"
        book = self._workbook()
        self.assertEqual(book.sheetnames[:4], ["Who we are", "What we hold about you",
                                               "Why we hold it (lawful bases)", "Who saw your data"])
        self.assertEqual(book.sheetnames[-1], "Messages to and about you")
        person = {row[0]: row[1] for row in book["What we hold about you"].iter_rows(min_row=2, values_only=True)}
        self.assertEqual(person["Name"], NAME)
        self.assertEqual(person["National / juristic ID"], "3-1006-00445-63-5")
        self.assertEqual(person["Name (English)"], "Pimlada Lobthingdai")
        self.assertEqual(person["Party type"], "G2C Citizen")
        consents = list(book["Why we hold it (lawful bases)"].iter_rows(min_row=2, values_only=True))
        self.assertEqual(consents[0][:2], ("Satisfaction surveys", "Consent"))
        texts = [row[5] for row in book["Messages to and about you"].iter_rows(min_row=2, values_only=True)]
        # the note was written with the ID: the chatter keeps it masked
        self.assertIn("โทรหา %s เลขบัตร x-xxxx-xxxxx-63-5" % NAME, texts)
        seen = list(book["Who saw your data"].iter_rows(min_row=2, values_only=True))
        self.assertEqual([(row[1], row[2], row[3]) for row in seen],
                         [("Full identifier read", "Privacy Officer T", "your national ID number")])
        log = self.env["gov.privacy.log"].search([("partner_id", "=", self.person.id),
                                                  ("event", "=", "access_export")])
        self.assertEqual(log.user_id, self.privacy)

    def test_other_modules_extend_the_export(self):
        cls = type(self.env["res.partner"])
        original = cls._gov_dsar_sections

        def extended(partner):
            return original(partner) + [("Test tuple", ["Number"], [("REQ-1",)]),
                                        {"title": "Test dict", "rows": [{"Case": "C-1", "State": "open"}]}]
        cls._gov_dsar_sections = extended
        try:
            book = self._workbook()
        finally:
            cls._gov_dsar_sections = original
        self.assertEqual(book.sheetnames[-3:], ["Test tuple", "Test dict", "ข้อความถึงและเกี่ยวกับท่าน"])
        self.assertEqual(book["Test tuple"]["A2"].value, "REQ-1")
        self.assertEqual([c.value for c in book["Test dict"][1]], ["Case", "State"])
        self.assertEqual([c.value for c in book["Test dict"][2]], ["C-1", "open"])

    def test_export_and_anonymise_refused_to_others(self):
        with self.assertRaises(AccessError):
            self.person.sudo(self.manager).gov_access_export_xlsx()
        with self.assertRaises(AccessError):
            self.person.sudo(self.manager).gov_anonymise()

    def test_download_link_is_for_the_privacy_officer_only_and_stores_nothing(self):
        attachments = self.env["ir.attachment"].search_count([])
        action = self.person.sudo(self.privacy).action_gov_access_export()
        self.assertEqual(action["type"], "ir.actions.act_url")
        match = re.match(r"^/gov_crm/access_export/(\d+)\?expires=(\d+)&token=([0-9a-f]{64})$", action["url"])
        self.assertTrue(match, action["url"])
        self.assertEqual(int(match.group(1)), self.person.id)
        expires, token = match.group(2), match.group(3)
        self.assertTrue(self.person.sudo(self.privacy)._gov_export_token_valid(expires, token))
        # the link is bound to its user, its person and its expiry
        self.assertFalse(self.person.sudo(self.manager)._gov_export_token_valid(expires, token))
        other = self.env["res.partner"].create({"name": "Other person"})
        self.assertFalse(other.sudo(self.privacy)._gov_export_token_valid(expires, token))
        self.assertFalse(self.person.sudo(self.privacy)._gov_export_token_valid(str(int(expires) + 1), token))
        self.assertFalse(self.person.sudo(self.privacy)._gov_export_token_valid("1", token))
        self.assertFalse(self.person.sudo(self.privacy)._gov_export_token_valid(expires, None))
        # nothing is kept in the database or the filestore
        self.assertEqual(self.env["ir.attachment"].search_count([]), attachments)
        with self.assertRaises(AccessError):
            self.person.sudo(self.manager).action_gov_access_export()

    def _text_columns(self):
        self.env.cr.execute("""
            SELECT c.table_name, c.column_name FROM information_schema.columns c
              JOIN information_schema.tables t ON t.table_name = c.table_name
                                               AND t.table_schema = c.table_schema
             WHERE c.table_schema = 'public' AND t.table_type = 'BASE TABLE'
               AND c.data_type IN ('character varying', 'text')""")
        return self.env.cr.fetchall()

    def _tables_containing(self, needle):
        found = []
        for table, column in self._text_columns():
            self.env.cr.execute('SELECT 1 FROM "%s" WHERE "%s" ILIKE %%s LIMIT 1' % (table, column),
                                ("%" + needle + "%",))
            if self.env.cr.fetchone():
                found.append("%s.%s" % (table, column))
        return found

    def test_anonymise_leaves_no_name_or_id_in_the_database(self):
        self.assertIn("res_partner.name", self._tables_containing(NAME))
        citizens = self.env["res.partner"].search_count([("gov_party_type", "=", "citizen")])
        consents = self.env["gov.consent"].search_count([])
        self.person.sudo(self.privacy).action_gov_access_export()  # the export must go too
        self.person.sudo(self.privacy).gov_anonymise()
        self.env["res.partner"].invalidate_cache()
        for needle in (NAME, "ลบทิ้งได้", "พิมพ์ลดา", "Pimlada", PIN, "3-1006-00445-63-5",
                       "0897770001", "pimlada@example"):
            self.assertEqual(self._tables_containing(needle), [], needle)
        # the record, its type and its consents stay: counts and statistics are unchanged
        self.assertEqual(self.env["res.partner"].search_count([("gov_party_type", "=", "citizen")]), citizens)
        self.assertEqual(self.env["gov.consent"].search_count([]), consents)
        self.assertEqual(self.person.name, "ANON-%s" % self.person.id)
        self.assertTrue(self.person.gov_anonymised)
        self.assertEqual(self.person.gov_check_contact("satisfaction_survey")[0], False)

    def test_portal_login_goes_with_the_person(self):
        user = self.env["res.users"].with_context(no_reset_password=True).create({
            "login": "pimlada@example.co.th", "partner_id": self.person.id, "password": "secret-pw",
            "groups_id": [(6, 0, [self.env.ref("base.group_portal").id])]})
        self.person.sudo(self.privacy).gov_anonymise()
        self.assertEqual((user.active, user.login), (False, "anonymised-%d-%d" % (self.person.id, user.id)))
        self.env.cr.execute("SELECT password, password_crypt FROM res_users WHERE id = %s", (user.id,))
        self.assertEqual(self.env.cr.fetchone(), (None, None))
        self.assertEqual(self._tables_containing("pimlada@example"), [])

    def test_staff_account_is_deactivated_first(self):
        staff = self.env["res.users"].with_context(no_reset_password=True).create({
            "login": "staff_pimlada", "partner_id": self.person.id,
            "groups_id": [(6, 0, [self.env.ref("gov_crm.group_gov_officer").id])]})
        with self.assertRaises(UserError) as refused:
            self.person.sudo(self.privacy).gov_anonymise()
        self.assertEqual(refused.exception.name.split("\n")[0], (
            "%s has the staff account staff_pimlada: an administrator deactivates it before the person "
            "is anonymised." % NAME))
        staff.active = False
        self.person.sudo(self.privacy).gov_anonymise()
        self.assertEqual(staff.login, "anonymised-%d-%d" % (self.person.id, staff.id))
