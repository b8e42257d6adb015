from odoo.exceptions import AccessError, UserError

from odoo.addons.gov_crm.tests.common import new_user

from .common import OssCase


class TestAccess(OssCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.portal_user = new_user(cls.env, "oss_portal", "base.group_portal", name="Portal Person")
        cls.other_portal_user = new_user(cls.env, "oss_portal2", "base.group_portal", name="Other Portal Person")

    def test_front_desk_creates_and_reads_all(self):
        request = self.new_request()
        self.assertEqual(request.create_uid, self.front_desk)
        self.assertEqual(request.received_by_id, self.front_desk)
        other = self.new_request(partner=self.person_en)
        found = self.env["oss.request"].sudo(self.front_desk).search([("id", "in", (request | other).ids)])
        self.assertEqual(found, request | other)
        with self.assertRaises(AccessError):
            request.sudo(self.front_desk).unlink()

    def test_officer_reads_only_requests_routed_to_their_department(self):
        request = self.new_request()
        request.action_submit()
        outsider = new_user(self.env, "oss_outsider", "gov_crm.group_gov_officer", name="Outsider")
        self.assertEqual(request.sudo(self.officer_wel).name, request.name)  # step in sequence 2 counts
        with self.assertRaises(AccessError):
            request.sudo(outsider).read(["name"])
        with self.assertRaises(AccessError):
            request.sudo(self.officer_reg).write({"public_note": "x"})
        with self.assertRaises(AccessError):
            self.env["oss.request"].sudo(self.officer_reg).create({
                "partner_id": self.person.id, "service_id": self.service.id})

    def test_catalogue_is_managed_by_service_managers(self):
        self.service.sudo(self.manager).write({"legal_days": 7})
        self.assertEqual(self.service.legal_days, 7)
        self.assertEqual(self.service.sudo(self.front_desk).name, "บริการทดสอบ")
        for user in (self.front_desk, self.officer_reg):
            with self.assertRaises(AccessError):
                self.service.sudo(user).write({"legal_days": 1})
            with self.assertRaises(AccessError):
                self.service.step_ids[0].sudo(user).write({"days": 9})

    def test_portal_user_sees_only_own_requests(self):
        mine = self.new_request(partner=self.portal_user.partner_id)
        mine.action_submit()
        theirs = self.new_request(partner=self.other_portal_user.partner_id)
        Request = self.env["oss.request"].sudo(self.portal_user)
        self.assertEqual(Request.search([("id", "in", (mine | theirs).ids)]), mine)
        self.assertEqual(mine.sudo(self.portal_user).step_ids, mine.step_ids)
        with self.assertRaises(AccessError):
            theirs.sudo(self.portal_user).read(["name"])
        with self.assertRaises(AccessError):
            theirs.document_ids[0].sudo(self.portal_user).read(["name"])
        with self.assertRaises(AccessError):
            mine.sudo(self.portal_user).write({"public_note": "x"})
        with self.assertRaises(AccessError):
            Request.create({"partner_id": self.portal_user.partner_id.id, "service_id": self.service.id})

    def test_portal_attachment_isolation(self):
        theirs = self.new_request(partner=self.other_portal_user.partner_id, received=False)
        attachment = theirs._oss_attach_document(theirs.document_ids[0], "id.pdf", b"%PDF-1.4 secret")
        with self.assertRaises(AccessError):
            attachment.sudo(self.portal_user).read(["datas"])
        self.assertEqual(attachment.sudo(self.other_portal_user).datas_fname, "id.pdf")

    def test_portal_submission_forces_own_partner(self):
        record = self.env["oss.request"].sudo()._oss_create_from_portal(
            self.portal_user.partner_id, self.service, "ขอใช้บริการ", {})
        self.assertEqual((record.partner_id, record.channel, record.state),
                         (self.portal_user.partner_id, "portal", "waiting_docs"))
        self.service.published = False
        with self.assertRaisesRegex(UserError, "cannot be requested through Portal"):
            self.env["oss.request"].sudo()._oss_create_from_portal(
                self.portal_user.partner_id, self.service, "", {})

    def test_access_export_lists_the_persons_requests(self):
        request = self.new_request(description="ขอสำเนาทะเบียน")
        request.action_submit()
        sections = {s[0]: s for s in self.person._gov_dsar_sections() if isinstance(s, tuple)}
        _title, headers, rows = sections["Your requests"]
        self.assertEqual(headers[:4], ["Tracking number", "Service", "Channel", "Status"])
        self.assertEqual([row[0] for row in rows], [request.name])
        self.assertEqual(rows[0][1:4], ("[T01] บริการทดสอบ", "Counter", "In progress"))
        self.assertEqual(rows[0][7], "ขอสำเนาทะเบียน")
        other = {s[0]: s for s in self.person_en._gov_dsar_sections() if isinstance(s, tuple)}
        self.assertEqual(other["Your requests"][2], [])

    def test_partner_request_count(self):
        self.new_request()
        self.new_request()
        self.assertEqual(self.person.oss_request_count, 2)
        action = self.person.action_view_oss_requests()
        self.assertEqual(action["domain"], [("partner_id", "=", self.person.id)])

    def test_front_desk_cannot_edit_the_life_cycle(self):
        request = self.new_request().sudo(self.front_desk)
        for vals in ({"state": "done"}, {"expected_date": "2030-01-01 09:00:00"},
                     {"date_done": "2026-12-01 09:00:00"}, {"reject_reason": "x"}):
            with self.assertRaises(AccessError):
                request.with_context(oss_lifecycle=True).write(vals)
        with self.assertRaises(AccessError):
            self.env["oss.request"].sudo(self.front_desk).create({
                "partner_id": self.person.id, "service_id": request.service_id.id, "state": "done"})
        request.write({"description": "Corrected details"})  # ordinary fields stay editable
        request.action_receive_all_documents()
        request.action_submit()  # the actions still move it
        self.assertNotEqual(request.state, "draft")
        self.assertTrue(request.expected_date)

    def test_privacy_officer_opens_a_person_without_reading_requests(self):
        self.new_request()
        privacy = self.env.ref("gov_crm.user_privacy_demo")
        with self.assertRaises(AccessError):
            self.env["oss.request"].sudo(privacy).search([])
        person = self.person.sudo(privacy)
        person.invalidate_cache()
        self.assertEqual(person.read(["oss_request_count"])[0]["oss_request_count"], 0)

    def test_portal_upload_of_the_last_document_starts_the_clock(self):
        record = self.env["oss.request"].sudo()._oss_create_from_portal(
            self.portal_user.partner_id, self.service, "", {})
        self.assertEqual(record.state, "waiting_docs")
        for line in record.document_ids.filtered("mandatory"):
            self.assertEqual(record.state, "waiting_docs")
            record._oss_attach_document(line, "%s.pdf" % line.id, b"%PDF-1.4")
        self.assertEqual(record.state, "in_progress")
        self.assertTrue(record.expected_date)
        self.assertEqual(len(record.notice_ids), 1)  # still the one s.8 notice
        with self.assertRaisesRegex(Exception, "The file is empty"):
            record._oss_attach_document(record.document_ids[3], "empty.pdf", b"")
