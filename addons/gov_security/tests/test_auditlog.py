"""The audit log is no copy of what it protects: IDs masked wherever they are typed,
secrets hidden, and an anonymised person's values blanked."""
from odoo.addons.one_stop_service.tests.common import OssCase


class TestAuditLog(OssCase):

    def log_lines(self, record, field_name):
        logs = self.env["auditlog.log"].search([
            ("model_id.model", "=", record._name), ("res_id", "=", record.id)])
        return logs.mapped("line_ids").filtered(lambda line: line.field_id.name == field_name)

    def test_an_id_typed_into_a_text_is_logged_masked(self):
        request = self.new_request()
        request.sudo(self.front_desk).write({
            "description": "ผู้ยื่นแจ้งเลข 1-1017-00203-45-0 และเลขอ้างอิง 1234567890123"})
        lines = self.log_lines(request, "description")
        self.assertTrue(lines)
        logged = " ".join(filter(None, lines.mapped("new_value") + lines.mapped("new_value_text")))
        self.assertIn("x-xxxx-xxxxx-45-0", logged)
        self.assertNotIn("1-1017-00203-45-0", logged)
        self.assertIn("1234567890123", logged)  # not a valid ID: a reference number stays

    def test_the_id_field_is_logged_masked(self):
        self.person.write({"national_id": "3100600103947"})
        lines = self.log_lines(self.person, "national_id").filtered(lambda line: line.log_id.method == "write")
        self.assertEqual(lines.mapped("old_value_text"), ["x-xxxx-xxxxx-45-0"])
        self.assertEqual(lines.mapped("new_value_text"), ["x-xxxx-xxxxx-94-7"])

    def test_anonymising_blanks_what_the_log_held_of_the_person(self):
        request = self.new_request(description="นายทดสอบ ระบบ ขอเอกสาร โทร 081-222-3344")
        self.person.write({"street": "99 ซอยทดสอบลับ", "phone": "0812223344"})
        other = self.new_request(partner=self.person_en, description="เกี่ยวกับนายทดสอบ ระบบ")
        self.person.sudo()._gov_anonymise_logs(
            self._traces(), {"res.partner": self.person, "oss.request": request})
        logged = self.log_lines(self.person, "street") | self.log_lines(self.person, "phone")
        self.assertEqual(set(logged.mapped("new_value_text")), {"(anonymised)"})
        self.assertEqual(set(self.log_lines(request, "description").mapped("new_value_text")), {"(anonymised)"})
        # a text about the person on someone else's record keeps its words, not the name
        self.assertEqual(self.log_lines(other, "description").mapped("new_value_text"),
                         ["เกี่ยวกับANON-%d" % self.person.id])

    def _traces(self):
        from odoo.addons.gov_crm.models.gov_person_traces import PersonTraces
        return PersonTraces(self.person, self.env["res.users"])

    def test_an_account_administrator_creates_a_user_without_reading_requests(self):
        """Access-rights administrators manage accounts without a role in the services: the
        snapshot of the new person is taken without the relations (requests, consents) such a
        user may not read."""
        admin = self.env["res.users"].with_context(no_reset_password=True).create({
            "name": "ผู้ดูแลบัญชี", "login": "gov-account-admin", "password": "Account-admin-2026",
            "email": "account-admin@example.go.th",
            "groups_id": [(6, 0, [self.env.ref(xmlid).id for xmlid in (
                "base.group_user", "base.group_erp_manager", "base.group_partner_manager")])]})
        self.assertFalse(self.env["oss.request"].sudo(admin).check_access_rights("read", raise_exception=False))
        user = self.env["res.users"].sudo(admin).with_context(no_reset_password=True).create({
            "name": "เจ้าหน้าที่ใหม่", "login": "gov-new-clerk", "password": "New-clerk-2026-pass",
            "groups_id": [(6, 0, [self.env.ref("base.group_user").id])]})
        logged = self.log_lines(user.partner_id, "name").filtered(lambda line: line.log_id.method == "create")
        self.assertEqual(logged.mapped("new_value_text"), ["เจ้าหน้าที่ใหม่"])
        self.assertFalse(self.log_lines(user.partner_id, "oss_request_ids"))
