"""The national ID at every way out: grouping, search operators, ordering, users, chatter,
templates. Users outside "Personal data" learn no ID they did not type."""
from odoo.exceptions import AccessError
from odoo.tests.common import SavepointCase

from .common import new_user, sql_statements

PIN = "3100600445635"
FORMATTED = "3-1006-00445-63-5"
MASKED = "x-xxxx-xxxxx-63-5"
STAFF_PIN = "1101700230708"


class TestIdentifierAccess(SavepointCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.front_desk = new_user(cls.env, "nid_fd", "gov_crm.group_gov_front_desk")
        cls.officer = new_user(cls.env, "nid_officer", "gov_crm.group_gov_officer")
        cls.internal = new_user(cls.env, "nid_internal", "base.group_user")
        cls.member = new_user(cls.env, "nid_member", "gov_crm.group_gov_officer", "gov_crm.group_gov_personal_data")
        cls.admin = new_user(cls.env, "nid_admin", "base.group_user", "base.group_system")
        cls.portal = new_user(cls.env, "nid_portal", "base.group_portal")
        cls.person = cls.env["res.partner"].create({
            "name": "ทดสอบ เลขประจำตัว", "gov_party_type": "citizen", "national_id": PIN,
            "phone": "0891110000"})
        cls.staff = new_user(cls.env, "nid_staff", "gov_crm.group_gov_officer")
        cls.staff.partner_id.write({"national_id": STAFF_PIN, "gov_party_type": "staff"})
        cls.Log = cls.env["gov.privacy.log"]
        cls.outsiders = {"front desk": cls.front_desk, "officer": cls.officer, "internal user": cls.internal}

    def _logs(self, event, partner):
        return self.Log.search([("event", "=", event), ("partner_id", "=", partner.id)])

    # ------------------------------------------------------------ grouping
    def test_grouping_by_the_id_is_refused_outside_personal_data(self):
        for role, user in self.outsiders.items():
            with self.subTest(role=role):
                with self.assertRaisesRegex(AccessError, "Grouping by the national ID is reserved"):
                    self.env["res.partner"].sudo(user).read_group(
                        [("id", "=", self.person.id)], ["national_id"], ["national_id"])
                with self.assertRaises(AccessError):
                    self.env["res.partner"].sudo(user).read_group(
                        [("id", "=", self.person.id)], ["national_id"], ["gov_party_type", "national_id"], lazy=False)
                with self.assertRaises(AccessError):
                    self.env["res.users"].sudo(user).read_group(
                        [("id", "=", self.staff.id)], ["national_id"], ["national_id"])
        # grouping by something else keeps working, and its __domain is the user's own
        groups = self.env["res.partner"].sudo(self.front_desk).read_group(
            [("id", "=", self.person.id)], ["gov_party_type"], ["gov_party_type"])
        self.assertEqual([(g["gov_party_type"], g["gov_party_type_count"]) for g in groups], [("citizen", 1)])
        self.assertNotIn(PIN, str(groups))

    def test_members_group_by_the_id_and_the_read_is_logged(self):
        groups = self.env["res.partner"].sudo(self.member).read_group(
            [("id", "=", self.person.id)], ["national_id"], ["national_id"])
        self.assertEqual(groups[0]["national_id"], PIN)
        log = self._logs("full_read", self.person)
        self.assertEqual((log.user_id, log.reason), (self.member, "national_id"))

    # ------------------------------------------------------------ search operators
    def test_partial_conditions_on_the_id_match_nothing(self):
        everyone = self.env["res.partner"].search_count([])
        for role, user in self.outsiders.items():
            Partner = self.env["res.partner"].sudo(user)
            with self.subTest(role=role):
                for leaf in (("national_id", "=like", "3%"), ("national_id", "=ilike", "31006%"),
                             ("national_id", "like", "1006"), ("national_id", "ilike", "00445-63"),
                             ("national_id", ">", "3"), ("national_id", "<=", "4"),
                             ("national_id", "not ilike", "9"), ("national_id", "=like", "310060044563_")):
                    self.assertEqual(Partner.search_count([leaf, ("id", "=", self.person.id)]), 0, leaf)
                # negated, the condition is a constant: it tells nothing either
                self.assertEqual(Partner.search_count(["!", ("national_id", "=like", "3%")]), everyone)
                # through relations and on users
                self.assertFalse(self.env["res.users"].sudo(user).search([("national_id", "=like", "1%")]))
                self.assertFalse(self.env["res.users"].sudo(user).search(
                    [("partner_id.national_id", "=like", "1%")]))
                self.assertFalse(Partner.search([("user_ids.partner_id.national_id", "=like", "1%")]))
                self.assertFalse(Partner.search([("child_ids.national_id", "ilike", "1017")]) & self.staff.partner_id)

    def test_the_full_id_finds_the_person_and_is_logged(self):
        Partner = self.env["res.partner"].sudo(self.front_desk)
        for leaf in (("national_id", "=", PIN), ("national_id", "=", FORMATTED), ("national_id", "ilike", FORMATTED),
                     ("national_id", "in", [PIN]), ("national_id", "=like", PIN)):
            self.assertEqual(Partner.search([leaf]), self.person, leaf)
        self.assertEqual(Partner.search_count([("national_id", "=", PIN)]), 1)
        logs = self._logs("lookup", self.person)
        self.assertEqual(len(logs), 6)
        self.assertEqual(set(logs.mapped("user_id")), {self.front_desk})
        # set or not: allowed, and not a lookup of anyone
        self.assertIn(self.person, Partner.search([("national_id", "!=", False), ("id", "=", self.person.id)]))
        self.assertEqual(len(self._logs("lookup", self.person)), 6)

    def test_the_counters_lookup_is_logged_without_selecting_the_person_again(self):
        Partner = self.env["res.partner"].sudo(self.front_desk)
        with sql_statements(lambda text: text.startswith("SELECT id FROM res_partner WHERE national_id")) as sent:
            self.assertEqual(Partner.search([("national_id", "=", PIN)], limit=1), self.person)
        self.assertEqual((sent, len(self._logs("lookup", self.person))), ([], 1))
        # any other condition on the ID: the persons found are checked against the ID typed
        with sql_statements(lambda text: text.startswith("SELECT id FROM res_partner WHERE national_id")) as sent:
            self.assertEqual(Partner.search([("national_id", "=", FORMATTED)]), self.person)
        self.assertEqual((len(sent), len(self._logs("lookup", self.person))), (1, 2))

    def test_name_search_finds_by_the_full_id_only(self):
        Partner = self.env["res.partner"].sudo(self.front_desk)
        self.assertEqual([r[0] for r in Partner.name_search(FORMATTED)], [self.person.id])
        self.assertEqual(len(self._logs("lookup", self.person)), 1)
        self.assertNotIn(self.person.id, [r[0] for r in Partner.name_search("1006004")])
        self.assertNotIn(self.person.id, [r[0] for r in Partner.name_search("31006", limit=1000)])
        # the phone still finds the person from a part of it
        self.assertIn(self.person.id, [r[0] for r in Partner.name_search("0891110")])
        # a member searches by part of the ID
        self.assertIn(self.person.id, [r[0] for r in self.env["res.partner"].sudo(self.member).name_search("1006004")])

    def test_ordering_by_the_id_is_ignored(self):
        Partner = self.env["res.partner"]
        people = Partner.create({"name": "ก ลำดับ", "national_id": "5101799022226"})
        people |= Partner.create({"name": "ข ลำดับ", "national_id": "3101799022220"})
        people |= Partner.create({"name": "ค ลำดับ", "national_id": "1101799022223"})
        domain = [("id", "in", people.ids)]
        by_name = Partner.sudo(self.front_desk).search(domain)
        self.assertEqual(by_name.mapped("name"), ["ก ลำดับ", "ข ลำดับ", "ค ลำดับ"])
        # the ID's terms are dropped: what remains of the order (or the default) applies
        # (recordsets compare as sets: compare the lists of ids)
        for order, expected in (("national_id", by_name), ("national_id desc", by_name),
                                ("national_id, id desc", people.sorted("id", reverse=True))):
            self.assertEqual(Partner.sudo(self.front_desk).search(domain, order=order).ids, expected.ids, order)
        self.assertEqual(Partner.sudo(self.member).search(domain, order="national_id").mapped("name"),
                         ["ค ลำดับ", "ข ลำดับ", "ก ลำดับ"])

    # ------------------------------------------------------------ users inherit the ID
    def test_users_show_the_staff_id_masked(self):
        Users = self.env["res.users"]
        for role, user in self.outsiders.items():
            with self.subTest(role=role):
                row = Users.sudo(user).browse(self.staff.id).read(["national_id", "national_id_display"])[0]
                self.assertEqual((row["national_id"], row["national_id_display"]),
                                 ("x-xxxx-xxxxx-70-8", "x-xxxx-xxxxx-70-8"))
                rows = Users.sudo(user).search_read([("id", "=", self.staff.id)], ["national_id"])
                self.assertEqual(rows[0]["national_id"], "x-xxxx-xxxxx-70-8")
        data = Users.sudo(self.front_desk).browse(self.staff.id).export_data(["login", "national_id"])["datas"]
        self.assertEqual(data, [["nid_staff", "x-xxxx-xxxxx-70-8"]])
        self.assertFalse(self._logs("full_read", self.staff.partner_id))
        row = Users.sudo(self.member).browse(self.staff.id).read(["national_id"])[0]
        self.assertEqual(row["national_id"], "1-1017-00230-70-8")
        self.assertEqual(self._logs("full_read", self.staff.partner_id).user_id, self.member)

    # ------------------------------------------------------------ chatter and templates
    def test_the_chatter_keeps_ids_masked(self):
        message = self.person.sudo(self.member).message_post(
            body="<p>ID %s or %s, not 1234567890123</p>" % (PIN, FORMATTED), subject="About %s" % PIN)
        self.assertEqual(message.body, "<p>ID %s or %s, not 1234567890123</p>" % (MASKED, MASKED))
        self.assertEqual(message.subject, "About %s" % MASKED)
        tracking = self.env["mail.tracking.value"].create({
            "field": "national_id", "field_desc": "ID", "field_type": "char", "mail_message_id": message.id,
            "old_value_char": False, "new_value_char": PIN})
        self.assertEqual(tracking.new_value_char, MASKED)
        # changing the ID leaves no trace of it in the chatter
        self.person.write({"national_id": "1101799022223"})
        self.assertFalse(self.env["mail.message"].search([("body", "ilike", "1101799022223")]))
        self.assertFalse(self.env["mail.tracking.value"].search(
            ["|", ("old_value_char", "ilike", "1101799022223"), ("new_value_char", "ilike", "1101799022223")]))

    def test_templates_do_not_run_text_a_user_supplies(self):
        code = "${object.sudo().national_id}|${object.national_id}"
        for user in (self.front_desk, self.portal):
            result = self.env["mail.template"].sudo(user).render_template(code, "res.partner", [self.person.id])
            self.assertEqual(result, {self.person.id: code})
        composer = self.env["mail.compose.message"].sudo(self.front_desk).create({
            "composition_mode": "mass_mail", "model": "res.partner", "res_id": self.person.id,
            "subject": "ID ${object.national_id}", "body": "<p>${object.sudo().national_id}</p>"})
        values = composer.render_message([self.person.id])[self.person.id]
        self.assertNotIn(PIN, str(values))
        with self.assertRaises(AccessError):
            self.env["mail.template"].sudo(self.front_desk).create({
                "name": "Mine", "model_id": self.env.ref("base.model_res_partner").id, "body_html": code})
        # an administrator's template is rendered for the user who sends it
        template = self.env["mail.template"].sudo(self.admin).create({
            "name": "Greeting", "model_id": self.env.ref("base.model_res_partner").id,
            "subject": "Hello ${object.name}", "body_html": "<p>Dear ${object.name}</p>"})
        values = template.sudo(self.front_desk).generate_email(self.person.id, ["subject", "body_html"])
        self.assertEqual((values["subject"], values["body_html"]),
                         ("Hello ทดสอบ เลขประจำตัว", "<p>Dear ทดสอบ เลขประจำตัว</p>"))
        # administrators still preview their own text
        self.assertEqual(self.env["mail.template"].sudo(self.admin).render_template(
            "${object.phone}", "res.partner", [self.person.id]), {self.person.id: "0891110000"})

    def test_the_id_is_only_on_persons_and_users_and_never_tracked(self):
        """A field that copies or relates the ID elsewhere would need the same guards: none does."""
        holders = {name: sorted(self.env[name]._gov_id_field_names()) for name in self.env.registry.models
                   if self.env[name]._gov_id_field_names()}
        self.assertEqual(holders, {"res.partner": ["national_id"], "res.users": ["national_id"]})
        self.assertFalse(getattr(self.env["res.partner"]._fields["national_id"], "track_visibility", None))
        self.assertEqual(self.person.sudo(self.front_desk).name_get(), [(self.person.id, "ทดสอบ เลขประจำตัว")])
