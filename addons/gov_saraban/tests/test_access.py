"""Secret letters: read only by their named readers, their signer and the keeper of the secret
registers, with their files; every opening logged. Every other role is refused."""
import base64

from odoo.exceptions import AccessError

from .common import SarabanCase


class TestSecretLetters(SarabanCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.reader = cls.officer_other  # an officer of another department, named as reader
        cls.secret = cls.Letter.sudo(cls.keeper).create({
            "direction": "incoming", "partner_id": cls.agency.id, "reference": "ทส 1111/ลับ 3",
            "subject": "เรื่องลับ: รายชื่อผู้ต้องสงสัย", "body": "ข้อความลับ", "secrecy": "secret",
            "department_id": cls.dep.id, "recipient_user_ids": [(6, 0, [cls.reader.id])],
            "enclosure_ids": [(0, 0, {"name": "รายชื่อ", "datas": base64.b64encode(b"secret list"),
                                      "datas_fname": "list.txt"})]})
        cls.secret.sudo(cls.keeper).action_register()
        cls.normal = cls.Letter.sudo(cls.clerk).create({
            "direction": "incoming", "partner_id": cls.agency.id, "subject": "เรื่องทั่วไป", "body": "ข้อความ",
            "department_id": cls.dep.id,
            "enclosure_ids": [(0, 0, {"name": "เอกสาร", "datas": base64.b64encode(b"open file"),
                                      "datas_fname": "open.txt"})]})
        # each record is read as the user who made it: the keeper the secret letter, the clerk the other
        cls.secret_file = cls.secret.enclosure_ids.attachment_id
        cls.normal_file = cls.normal.enclosure_ids.attachment_id

    @staticmethod
    def found(model, user, domain):
        """What ``user`` finds; a user without any access to the model finds nothing either."""
        try:
            return model.sudo(user).search(domain)
        except AccessError:
            return model.browse()

    def refused_roles(self):
        # the officer is of the letter's own department: without being named, still refused
        return (self.clerk, self.officer, self.signer_b, self.front_desk, self.manager, self.privacy, self.portal)

    def test_every_other_role_is_refused_the_secret_letter_and_its_files(self):
        Attachment = self.env["ir.attachment"]
        for user in self.refused_roles():
            with self.assertRaises(AccessError, msg=user.login):
                self.secret.sudo(user).read(["subject"])
            self.assertFalse(self.found(self.Letter, user, [("id", "=", self.secret.id)]), user.login)
            self.assertFalse(self.found(self.Letter, user, [("text_search", "ilike", "ผู้ต้องสงสัย")]), user.login)
            with self.assertRaises(AccessError, msg=user.login):
                self.secret.sudo(user).write({"recipient_user_ids": [(4, user.id)]})
            with self.assertRaises(AccessError, msg=user.login):
                self.secret_file.sudo(user).read(["datas"])
            self.assertFalse(self.found(Attachment, user, [("id", "=", self.secret_file.id)]), user.login)
            with self.assertRaises(AccessError, msg=user.login):
                self.secret.enclosure_ids.sudo(user).read(["name"])
            self.assertFalse(self.found(self.env["gov.saraban.register"], user, [("secret", "=", True)]), user.login)

    def test_named_reader_and_keeper_read_it_and_every_opening_is_logged(self):
        Log = self.env["gov.saraban.access.log"].sudo(self.keeper)  # the keeper audits the log
        before = Log.search_count([("letter_id", "=", self.secret.id)])
        self.assertEqual(self.secret.sudo(self.reader).read(["subject", "body"])[0]["body"], "ข้อความลับ")
        self.assertEqual(self.secret.sudo(self.keeper).read(["body"])[0]["body"], "ข้อความลับ")
        self.assertEqual(base64.b64decode(self.secret_file.sudo(self.reader).read(["datas"])[0]["datas"]),
                         b"secret list")
        logs = Log.search([("letter_id", "=", self.secret.id)], order="id")[before:]
        self.assertEqual([(log.user_id, log.what) for log in logs],
                         [(self.reader, "letter"), (self.keeper, "letter"), (self.reader, "file")])
        self.assertTrue(all(log.date for log in logs))
        # a named reader does not write, nor name others
        with self.assertRaises(AccessError):
            self.secret.sudo(self.reader).write({"recipient_user_ids": [(4, self.officer.id)]})
        # the log itself: the keeper reads it, nobody else, nobody writes it
        self.assertEqual(Log.sudo(self.keeper).search([("id", "in", logs.ids)]), logs)
        for user in (self.reader, self.clerk, self.manager, self.privacy):
            with self.assertRaises(AccessError):
                Log.sudo(user).search([])
        with self.assertRaises(AccessError):
            logs[0].sudo(self.keeper).write({"user_id": self.keeper.id})

    def test_an_export_of_the_text_is_an_opening(self):
        Log = self.env["gov.saraban.access.log"].sudo(self.keeper)  # the keeper audits the log
        before = Log.search_count([("letter_id", "=", self.secret.id)])
        exported = self.secret.sudo(self.reader).export_data(["name", "body"])["datas"]
        self.assertEqual(exported, [[self.secret.name, "ข้อความลับ"]])
        logs = Log.search([("letter_id", "=", self.secret.id)], order="id")[before:]
        self.assertEqual([(log.user_id, log.what) for log in logs], [(self.reader, "letter")])
        # the register's columns alone are not an opening
        self.secret.sudo(self.reader).export_data(["name", "number"])
        self.assertEqual(Log.search_count([("letter_id", "=", self.secret.id)]), before + 1)

    def test_a_list_of_the_register_is_not_an_opening(self):
        Log = self.env["gov.saraban.access.log"].sudo(self.keeper)  # the keeper audits the log
        before = Log.search_count([])
        self.Letter.sudo(self.keeper).search_read([("id", "=", self.secret.id)], ["name", "number", "partner_id"])
        self.assertEqual(Log.search_count([]), before)
        self.normal.sudo(self.clerk).read(["body"])
        self.assertEqual(Log.search_count([]), before, "only secret letters are logged")

    def test_the_keeper_names_readers_after_registration(self):
        self.secret.sudo(self.keeper).write({"recipient_user_ids": [(4, self.officer.id)]})
        self.assertEqual(self.secret.sudo(self.officer).read(["body"])[0]["body"], "ข้อความลับ")

    def test_letters_that_are_not_secret_follow_their_department(self):
        self.assertEqual(self.normal.sudo(self.officer).read(["body"])[0]["body"], "ข้อความ")
        self.assertEqual(self.normal.sudo(self.manager).read(["subject"])[0]["subject"], "เรื่องทั่วไป")
        with self.assertRaises(AccessError):
            self.normal.sudo(self.manager).write({"addressee": "x"})
        for user in (self.officer_other, self.front_desk, self.privacy, self.portal, self.signer_b):
            with self.assertRaises(AccessError, msg=user.login):
                self.normal.sudo(user).read(["subject"])
            with self.assertRaises(AccessError, msg=user.login):
                self.normal_file.sudo(user).read(["datas"])
        # routed to the other department, its officers read it (the case's department)
        self.normal.sudo(self.clerk).action_register()
        self.normal.sudo(self.clerk).action_route(self.dep_other.id)
        self.assertEqual(self.normal.sudo(self.officer_other).read(["subject"])[0]["subject"], "เรื่องทั่วไป")
        case = self.normal.sudo(self.officer_other).case_id
        self.assertEqual(case.department_id, self.dep_other)
        self.assertEqual(case.saraban_letter_id, self.normal)

    def test_a_routed_secret_letter_keeps_its_subject_out_of_the_case(self):
        with self.assertRaises(AccessError):
            self.secret.sudo(self.clerk).action_route(self.dep.id)
        self.secret.sudo(self.keeper).action_route(self.dep.id)
        case = self.secret.case_id.sudo(self.officer)  # the case as the officer who works it
        self.assertEqual((case.subject, case.confidential), ("Secret letter %s" % self.secret.name, True))
        self.assertNotIn("ผู้ต้องสงสัย", case.description or "")
        # the department's officer works the case, yet reads the letter only once named
        self.assertEqual(case.sudo(self.officer).read(["subject"])[0]["subject"], case.subject)
        with self.assertRaises(AccessError):
            self.secret.sudo(self.officer).read(["subject"])

    def test_the_outbox_keeps_no_text_of_the_letter(self):
        self.env["ir.config_parameter"].set_param("oss_agency_exchange.webhook_allow_private", "True")
        self.env["ir.config_parameter"].set_param("oss_agency_exchange.webhook_allow_http", "True")
        self.agency.write({"gov_saraban_url": "http://127.0.0.1:9/gov/saraban/inbox", "gov_webhook_secret": "s"})
        letter = self.Letter.sudo(self.keeper).create({
            "direction": "outgoing", "partner_id": self.agency.id, "department_id": self.dep.id,
            "signer_id": self.signer.id, "subject": "แผนการรักษาความปลอดภัย", "body": "รายละเอียดลับ",
            "secrecy": "top_secret"})
        self.give_certificate(self.signer)
        letter.sudo(self.keeper).action_submit()
        letter.sudo(self.signer).action_sign()
        self.assertEqual(letter.name, "ทส 9999/ลับ %d" % letter.number)
        letter.sudo(self.keeper).action_send()
        # what the outbox stored, whoever may read it: read as superuser
        event = letter.sudo().event_ids
        self.assertNotIn("แผนการรักษาความปลอดภัย", event.payload)
        self.assertNotIn("รายละเอียดลับ", event.payload)
        self.assertIn("รายละเอียดลับ", event._delivery()[2].decode())
        with self.assertRaises(AccessError):
            letter.sudo(self.manager).read(["subject"])
