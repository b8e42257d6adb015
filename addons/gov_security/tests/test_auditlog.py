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

    def test_a_name_composed_from_its_parts_is_logged_once(self):
        """The name kept equal to title + first + last name is logged with the write of its parts."""
        self.person.sudo(self.front_desk).write({"gov_first_name": "สมหญิง", "gov_last_name": "ใจงาม"})
        self.assertEqual(self.person.name, "สมหญิง ใจงาม")
        lines = self.log_lines(self.person, "name").filtered(lambda line: line.log_id.method == "write")
        self.assertEqual(lines.mapped("old_value_text"), ["นายทดสอบ ระบบ"])
        self.assertEqual(lines.mapped("new_value_text"), ["สมหญิง ใจงาม"])

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
