"""Where a request's and a case's personal data end up in mail, read as every role.

A request of an applicant with a portal login, routed to department A; its case is
resolved, which queues the resolution e-mail with the single-use rating link. The
front desk logs an internal note with a scanned file and writes to the applicant;
the supervisor gets an activity on the case. Then each role reads mail.mail,
mail.message, mail.notification, mail.followers, mail.activity, mail.tracking.value
and ir.attachment.
"""
import base64

from odoo.exceptions import AccessError
from odoo.addons.gov_crm.tests.common import new_user

from odoo.addons.one_stop_service.tests.jobs import run_jobs

from .common import CaseCase

RATE = "/case/rate/"


class TestMailAccess(CaseCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.privacy = new_user(cls.env, "mail_privacy", "gov_crm.group_gov_privacy_officer")
        cls.internal = new_user(cls.env, "mail_internal", "base.group_user")
        cls.admin = new_user(cls.env, "mail_admin", "base.group_user", "base.group_system")
        cls.applicant = cls.env["res.users"].with_context(no_reset_password=True).create({
            "login": "mail_applicant", "partner_id": cls.partner.id,
            "groups_id": [(6, 0, [cls.env.ref("base.group_portal").id])]})
        cls.env["gov.consent"].create({
            "partner_id": cls.partner.id, "purpose": "satisfaction_survey", "lawful_basis": "consent"})
        service = cls.env["oss.service"].create({
            "code": "TMAIL", "name": "บริการทดสอบอีเมล", "legal_days": 5,
            "step_ids": [(0, 0, {"sequence": 1, "name": "Check", "department_id": cls.dep.id, "days": 2})]})
        cls.request = cls.env["oss.request"].sudo(cls.front_desk).create({
            "partner_id": cls.partner.id, "service_id": service.id, "description": "ขอสำเนา"}).sudo()
        cls.request.sudo(cls.front_desk).action_submit()
        desk_request = cls.request.sudo(cls.front_desk)
        cls.note = desk_request.message_post(
            body="โทรหาผู้ยื่นแล้ว", subtype="mail.mt_note",
            attachments=[("scan.txt", b"scanned ID card")])
        cls.scan = cls.note.attachment_ids
        cls.comment = desk_request.message_post(
            body="เอกสารครบแล้ว", message_type="comment", subtype="mail.mt_comment",
            partner_ids=[cls.partner.id])
        cls.case = cls.request.case_ids
        cls.case.sudo(cls.officer).action_take()
        cls.case.sudo(cls.officer).action_resolve("done", "ออกหนังสือรับรองแล้ว")
        cls.case.message_subscribe(partner_ids=[cls.officer.partner_id.id, cls.partner.id])
        run_jobs(cls.env)  # the notices to the applicant, after the answers
        cls.resolution = cls.env["mail.mail"].search([("recipient_ids", "in", cls.partner.ids),
                                                      ("body_html", "ilike", RATE)])
        cls.activity = cls.env["mail.activity"].create({
            "res_model_id": cls.env.ref("citizen_case.model_citizen_case").id, "res_id": cls.case.id,
            "user_id": cls.supervisor.id, "summary": "ติดตามเรื่องของผู้ยื่น",
            "activity_type_id": cls.env.ref("mail.mail_activity_data_todo").id})
        cls.roles = {
            "front desk": cls.front_desk, "officer A": cls.officer, "officer B": cls.officer_other,
            "supervisor": cls.supervisor, "service manager": cls.manager, "privacy officer": cls.privacy,
            "internal user": cls.internal, "portal applicant": cls.applicant, "portal stranger": cls.portal,
        }

    def test_setup(self):
        self.assertEqual(len(self.resolution), 1)
        self.assertEqual(self.case.stage_state, "resolved")
        self.assertTrue(self.scan)
        self.assertTrue(self.officer.partner_id | self.partner <= self.case.message_partner_ids)

    def test_queued_mail_is_the_system_s(self):
        queued = self.env["mail.mail"].search([("recipient_ids", "in", self.partner.ids)])
        self.assertGreaterEqual(len(queued), 3)  # acknowledgement, the front desk's note, the resolution
        for role, user in self.roles.items():
            with self.subTest(role=role):
                Mail = self.env["mail.mail"].sudo(user)
                if user.has_group("base.group_user"):
                    self.assertFalse(Mail.search([("id", "in", queued.ids)]))
                    self.assertFalse(Mail.search([("body_html", "ilike", RATE)]))
                else:
                    with self.assertRaises(AccessError):
                        Mail.search_read([], ["subject", "body_html"])
                with self.assertRaises(AccessError):
                    self.resolution.sudo(user).read(["body_html"])
                with self.assertRaises(AccessError):
                    self.resolution.sudo(user).write({"body_html": "<p>changed</p>"})
        self.assertEqual(self.env["mail.mail"].sudo(self.admin).search([("id", "in", queued.ids)]), queued)

    def test_rating_link_read_by_nobody_but_the_system(self):
        message = self.resolution.mail_message_id
        self.assertIn(RATE, message.body)
        for role, user in self.roles.items():
            with self.subTest(role=role):
                self.assertFalse(self.env["mail.message"].sudo(user).search([("body", "ilike", RATE)]))
                with self.assertRaises(AccessError):
                    message.sudo(user).read(["body"])
        # the officer who resolved the case is not the e-mail's author; the applicant gets the e-mail
        self.assertEqual(message.author_id, self.env.ref("base.partner_root"))
        self.assertEqual(self.resolution.recipient_ids, self.partner)

    def test_portal_reads_no_internal_note(self):
        for user in (self.applicant, self.portal):
            with self.assertRaises(AccessError):
                self.note.sudo(user).read(["body"])
            self.assertFalse(self.env["mail.message"].sudo(user).search([("id", "=", self.note.id)]))
            with self.assertRaises(AccessError):
                self.scan.sudo(user).read(["datas"])
            self.assertFalse(self.env["ir.attachment"].sudo(user).search([("id", "in", self.scan.ids)]))
        # what was written to the applicant, the applicant reads
        self.assertEqual(self.comment.sudo(self.applicant).read(["body"])[0]["body"], "<p>เอกสารครบแล้ว</p>")
        with self.assertRaises(AccessError):
            self.comment.sudo(self.portal).read(["body"])
        # staff who read the request read the note and its file
        self.assertEqual(self.scan.sudo(self.front_desk).datas, base64.b64encode(b"scanned ID card"))
        with self.assertRaises(AccessError):
            self.scan.sudo(self.officer_other).read(["datas"])
        with self.assertRaises(AccessError):
            self.scan.sudo(self.internal).read(["datas"])

    def test_notifications_are_read_by_their_recipient(self):
        mine = self.env["mail.notification"].search([("res_partner_id", "=", self.partner.id)])
        self.assertTrue(mine)
        self.assertEqual(self.env["mail.notification"].sudo(self.applicant).search(
            [("res_partner_id", "=", self.partner.id)]), mine)
        for role, user in self.roles.items():
            if user == self.applicant:
                continue
            with self.subTest(role=role):
                Notification = self.env["mail.notification"].sudo(user)
                self.assertFalse(Notification.search([("res_partner_id", "=", self.partner.id)]))
                with self.assertRaises(AccessError):
                    mine.sudo(user).read(["mail_message_id"])

    def test_followers_and_activities_go_with_their_document(self):
        followers = self.env["mail.followers"].search([("res_model", "=", "citizen.case"),
                                                       ("res_id", "=", self.case.id)])
        self.assertTrue(followers)
        # the case is read by its department, its supervisor, the service managers and the front desk
        readers = {self.front_desk, self.officer, self.supervisor, self.manager}
        for user in self.roles.values():
            Case = self.Case.sudo(user)
            reads = Case.check_access_rights("read", raise_exception=False) and self.case in Case.search([])
            self.assertEqual(user in readers, bool(reads), user.login)
        for role, user in self.roles.items():
            with self.subTest(role=role):
                Followers = self.env["mail.followers"].sudo(user)
                found = Followers.search([("res_model", "=", "citizen.case"), ("res_id", "=", self.case.id)])
                if user in readers:
                    self.assertEqual(found, followers, role)
                    self.assertTrue(followers.sudo(user).read(["partner_id"]))
                else:
                    self.assertEqual(found - Followers.search([("partner_id", "=", user.partner_id.id)]),
                                     Followers.browse())
                    with self.assertRaises(AccessError):
                        (followers - followers.filtered(lambda f: f.partner_id == user.partner_id)).sudo(
                            user).read(["partner_id"])
                if not user.has_group("base.group_user"):
                    continue
                Activity = self.env["mail.activity"].sudo(user)
                if user in readers:
                    self.assertEqual(Activity.search([("id", "=", self.activity.id)]), self.activity)
                else:
                    self.assertFalse(Activity.search([("id", "=", self.activity.id)]))
                    with self.assertRaises(AccessError):
                        self.activity.sudo(user).read(["summary", "res_name"])

    def test_tracking_values_for_administrators_only(self):
        tracking = self.env["mail.tracking.value"].search([("mail_message_id.res_id", "=", self.case.id),
                                                           ("mail_message_id.model", "=", "citizen.case")])
        self.assertTrue(tracking)
        for role, user in self.roles.items():
            with self.subTest(role=role):
                with self.assertRaises(AccessError):
                    self.env["mail.tracking.value"].sudo(user).search_read([], ["old_value_char"])

    def test_grouping_counts_only_what_each_role_reads(self):
        """read_group does not call _search, where Odoo decides who reads a message, a file, a
        follower or an activity: counts follow the same rule."""
        for role, user in self.roles.items():
            for model, domain in (("mail.message", [("id", "in", (self.note | self.comment).ids)]),
                                  ("ir.attachment", [("id", "in", self.scan.ids)]),
                                  ("mail.followers", [("res_model", "=", "citizen.case"),
                                                      ("res_id", "=", self.case.id)]),
                                  ("mail.activity", [("id", "=", self.activity.id)])):
                Model = self.env[model].sudo(user)
                if not Model.check_access_rights("read", raise_exception=False):
                    continue
                with self.subTest(role=role, model=model):
                    groups = Model.read_group(domain, ["id"], [], lazy=False)
                    self.assertEqual(groups[0]["__count"] if groups else 0, Model.search_count(domain))

    def test_the_chatter_is_history_nobody_rewrites(self):
        """The front desk writes the request, yet neither edits nor deletes its notes; the
        author neither. A user still marks a message unread or starred for themselves."""
        for user in (self.front_desk, self.manager):
            with self.assertRaises(AccessError):
                self.note.sudo(user).write({"body": "<p>rewritten</p>"})
            with self.assertRaises(AccessError):
                self.note.sudo(user).unlink()
        mine = self.request.sudo(self.front_desk).message_post(body="ของฉัน", subtype="mail.mt_note")
        with self.assertRaises(AccessError):
            mine.sudo(self.front_desk).write({"body": "<p>rewritten</p>"})
        note = self.note.sudo(self.front_desk)
        note.mark_as_unread()
        self.assertIn(self.front_desk.partner_id, self.note.needaction_partner_ids)
        note.toggle_message_starred()
        self.assertIn(self.front_desk.partner_id, self.note.starred_partner_ids)
        note.unstar_all()
        self.assertNotIn(self.front_desk.partner_id, self.note.starred_partner_ids)
        # marking someone else is changing the message
        with self.assertRaises(AccessError):
            note.write({"needaction_partner_ids": [(4, self.officer.partner_id.id)]})
        # a deleted document takes its chatter with it
        draft = self.env["oss.request"].sudo(self.manager).create({
            "partner_id": self.partner.id, "service_id": self.request.service_id.id})
        posted = draft.message_post(body="draft note", subtype="mail.mt_note")
        draft.unlink()
        self.assertFalse(posted.exists())

    def test_nobody_makes_a_message_theirs_with_a_notification(self):
        """A notification row makes its message readable to its partner: users do not write them."""
        for role, user in self.roles.items():
            with self.subTest(role=role):
                with self.assertRaises(AccessError):
                    self.env["mail.notification"].sudo(user).create({
                        "mail_message_id": self.resolution.mail_message_id.id,
                        "res_partner_id": user.partner_id.id, "is_read": False})

    def test_an_officer_adds_a_follower_with_an_invitation(self):
        """Followers > Add followers with "Send notification" ticked (Odoo's default): the
        wizard's own message is mailed and deleted, the chatter stays as it was."""
        colleague = new_user(self.env, "mail_invited", "gov_crm.group_gov_officer")
        case = self.case.sudo(self.officer)
        before = case.message_ids
        wizard = self.env["mail.wizard.invite"].sudo(self.officer).with_context(
            default_res_model="citizen.case", default_res_id=case.id).create({
                "partner_ids": [(6, 0, colleague.partner_id.ids)], "send_mail": True,
                "message": "<p>ช่วยดูเรื่องนี้ด้วย</p>"})
        sent = []
        servers = self.env["ir.mail_server"]
        # the invitation is sent at once (force_send): it goes to this list instead of a mail server
        servers._patch_method("connect", lambda server, *args, **kwargs: None)
        servers._patch_method("send_email", lambda server, message, *args, **kwargs: sent.append(message) or "id")
        try:
            wizard.add_followers()
        finally:
            servers._revert_method("connect")
            servers._revert_method("send_email")
        self.assertIn(colleague.partner_id, case.message_partner_ids)
        self.assertEqual(case.message_ids, before)
        self.assertEqual(len(sent), 1)
        self.assertIn("mail_invited@example.go.th", sent[0]["To"])
        # the chatter is still history for the officer outside the wizard
        with self.assertRaises(AccessError):
            before[:1].sudo(self.officer).unlink()
