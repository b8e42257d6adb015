"""The audit log is no copy of what it protects: IDs masked wherever they are typed,
secrets hidden, and an anonymised person's values blanked."""
from contextlib import contextmanager
from types import SimpleNamespace
from unittest.mock import patch

from odoo import fields, http, models
from odoo.exceptions import AccessError
from odoo.addons.auditlog.models.rule import AuditlogRule as AuditlogRuleBase
from odoo.addons.gov_crm.tests.common import sql_statements
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

    @staticmethod
    def statements(*starts):
        """The SQL statements sent inside the block that start with one of ``starts``."""
        return sql_statements(lambda text: text.startswith(starts))

    def line_inserts(self):
        """The INSERT statements into the log's lines sent inside the block."""
        return self.statements("INSERT INTO auditlog_log_line")

    def written_lines(self, method, log_type, *values):
        """The lines ``method`` (auditlog's or the product's) writes for a change of the person,
        and the number of INSERT statements it took. Both are called as auditlog calls them, in the
        superuser environment of its rule (auditlog's create_logs runs as superuser for any user)."""
        Rule = self.env["auditlog.rule"].sudo()
        log = self.env["auditlog.log"].sudo().create({
            "name": self.person.name, "model_id": self.env.ref("base.model_res_partner").id,
            "res_id": self.person.id, "method": "write", "log_type": log_type})
        with self.line_inserts() as inserts:
            method(Rule, log, list(values[-1][self.person.id]), *values)
        return sorted((line.field_id.name, line.old_value, line.new_value, line.old_value_text,
                       line.new_value_text, line.create_uid.id, bool(line.create_date))
                      for line in log.line_ids), len(inserts)

    def test_a_log_s_lines_are_written_at_once_as_auditlog_would_write_them(self):
        """auditlog writes a line per field, an INSERT each (a dozen in the clerk's transaction when
        a request is created): the product writes them in one, with the same values."""
        category = self.env["res.partner.category"].create({"name": "ผู้สูงอายุ"})
        old = {self.person.id: {
            "name": "นายทดสอบ ระบบ", "national_id": "1101700203450", "phone": False, "active": True,
            "category_id": [], "country_id": False, "comment": "โทร 081-222-3344", "write_date": "x"}}
        new = {self.person.id: {
            "name": "นายทดสอบ ใหม่", "national_id": "3100600103947", "phone": "0812223344", "active": False,
            "category_id": [category.id], "country_id": self.env.ref("base.th").id,
            "comment": "เลข 1-1017-00203-45-0", "write_date": "y"}}
        for log_type in ("full", "fast"):
            theirs, their_count = self.written_lines(AuditlogRuleBase._create_log_line_on_write, log_type, old, new)
            ours, count = self.written_lines(type(self.env["auditlog.rule"])._create_log_line_on_write,
                                             log_type, old, new)
            self.assertEqual(ours, theirs)
            self.assertEqual(len(ours), 7)  # a line per field, the write date excepted
            self.assertEqual((their_count, count), (7, 1))
            self.assertIn(("national_id", "x-xxxx-xxxxx-45-0", "x-xxxx-xxxxx-94-7"), [line[:3] for line in ours])
            theirs, their_count = self.written_lines(AuditlogRuleBase._create_log_line_on_create, log_type, new)
            ours, count = self.written_lines(type(self.env["auditlog.rule"])._create_log_line_on_create,
                                             log_type, new)
            self.assertEqual((ours, their_count, count), (theirs, 7, 1))

    def test_a_clerk_s_new_request_is_logged_with_one_insert(self):
        with self.statements("INSERT INTO auditlog_log", "WITH logs AS (INSERT INTO auditlog_log ") as inserts:
            request = self.new_request(received=False, description="ขอสำเนา 2 ชุด")  # as the front desk
        logs = self.env["auditlog.log"].search([("model_id.model", "=", "oss.request"), ("res_id", "=", request.id)])
        created = logs.filtered(lambda log: log.method == "create")
        self.assertGreaterEqual(len(created.line_ids), 3)  # the person, the service, the details
        # one statement per log (the creation, and the write that completes the checklist) writes the
        # log with its lines: not one per line, nor one for the log and one for its lines
        self.assertEqual(len(logs), 2)
        self.assertEqual(len(inserts), len(logs))
        self.assertTrue(all(insert.startswith("WITH logs AS (INSERT INTO auditlog_log ")
                            and "INSERT INTO auditlog_log_line" in insert for insert in inserts))
        self.assertEqual(self.log_lines(request, "description").mapped("new_value_text"), ["ขอสำเนา 2 ชุด"])

    def test_the_logs_of_one_change_of_many_records_are_one_statement(self):
        """The front desk changes two requests at once: both logs and all their lines are written by
        one statement, under ids of the logs' sequence, as auditlog would have written them."""
        first, second = self.new_request(received=False), self.new_request(received=False)
        before = self.env["auditlog.log"].search([], order="id desc", limit=1).id
        with self.statements("INSERT INTO auditlog_log", "WITH logs AS (INSERT INTO auditlog_log ") as inserts:
            (first | second).sudo(self.front_desk).write({"description": "ขอสำเนา 4 ชุด"})
        self.assertEqual(len(inserts), 1)
        for request in (first, second):
            lines = self.log_lines(request, "description")
            self.assertEqual(lines.mapped("new_value_text"), ["ขอสำเนา 4 ชุด"])
            self.assertEqual((lines.log_id.method, lines.log_id.user_id, lines.log_id.res_id),
                             ("write", self.front_desk, request.id))
            self.assertGreater(lines.log_id.id, before)
            self.assertEqual(lines.create_uid, self.env.ref("base.user_root"))
        # a change that fails while it is logged leaves nothing to the next one
        first_logs = [("model_id.model", "=", "oss.request"), ("res_id", "=", first.id)]
        logged = self.env["auditlog.log"].search_count(first_logs)
        with patch.object(type(self.env["auditlog.rule"]), "_create_log_line_on_write",
                          side_effect=ValueError("lost")), self.assertRaises(ValueError), self.env.cr.savepoint():
            first.sudo(self.front_desk).write({"description": "ขอสำเนา 5 ชุด"})
        with self.statements("INSERT INTO auditlog_log", "WITH logs AS (INSERT INTO auditlog_log ") as inserts:
            second.sudo(self.front_desk).write({"description": "ขอสำเนา 6 ชุด"})
        self.assertEqual(len(inserts), 1)
        self.assertEqual(self.env["auditlog.log"].search_count(first_logs), logged)
        self.assertEqual(self.log_lines(first, "description").mapped("new_value_text"), ["ขอสำเนา 4 ชุด"])
        self.assertEqual(self.log_lines(second, "description").mapped("new_value_text"),
                         ["ขอสำเนา 4 ชุด", "ขอสำเนา 6 ชุด"])

    def test_a_new_log_is_not_read_back_for_its_lines(self):
        """auditlog read each log it had just created (its record, its model) to write its lines:
        the values it gave are kept instead, and the logged fields are found by the model's name."""
        self.new_request(received=False)  # the fields of requests known to this worker
        self.env.cache.invalidate()  # and nothing else: the next intake is another transaction
        with self.statements("SELECT auditlog_log.", "SELECT ir_model.") as reads:
            request = self.new_request(received=False, description="ขอสำเนา 2 ชุด")  # as the front desk
            request.sudo(self.front_desk).write({"description": "ขอสำเนา 3 ชุด"})
        self.assertEqual(reads, [])
        self.assertEqual(self.log_lines(request, "description").mapped("new_value_text"),
                         ["ขอสำเนา 2 ชุด", "ขอสำเนา 3 ชุด"])
        log = self.log_lines(request, "description")[-1].log_id
        rule = self.env["auditlog.rule"].search([("model_id.model", "=", "oss.request")])
        self.assertEqual((log.res_id, log.log_type, log.model_id.model, log.user_id),
                         (request.id, rule.log_type, "oss.request", self.front_desk))

    def test_a_log_is_one_insert_with_the_row_the_orms_create_writes(self):
        """The logs auditlog writes (as the superuser) are inserted in one statement each, not
        created through the ORM, with the row its create would write (a name cut at 64 letters,
        as the field's size); anything else creating a log goes through the ORM."""
        Log = self.env["auditlog.log"]
        long_name = "คำขอ " + "ก" * 80
        vals = {"name": long_name, "model_id": self.env.ref("one_stop_service.model_oss_request").id,
                "res_id": 7, "method": "create", "user_id": self.front_desk.id, "log_type": "fast",
                "http_request_id": False, "http_session_id": False}
        with self.statements("INSERT INTO auditlog_log ") as inserts:
            with patch.object(models.BaseModel, "_create", side_effect=AssertionError("created through the ORM")):
                ours = Log.with_context(gov_auditlog_model="oss.request").create(dict(vals))
        self.assertEqual(len(inserts), 1)
        orms = Log.create(dict(vals))  # no audit underway: the ORM's create
        columns = ("name", "model_id", "res_id", "method", "user_id", "log_type", "http_request_id",
                   "http_session_id", "create_uid", "write_uid", "create_date", "write_date")
        self.env.cr.execute("SELECT %s FROM auditlog_log WHERE id IN %%s ORDER BY id" % ", ".join(columns),
                            ((ours.id, orms.id),))
        ours_row, orms_row = self.env.cr.fetchall()
        self.assertEqual(ours_row, orms_row)
        self.assertEqual(ours_row[0], long_name[:64])
        self.assertEqual((ours.res_id, ours.log_type, ours.model_id.model), (7, "fast", "oss.request"))
        # a user's own create, whatever the context they give, is the ORM's, with its access rights
        with self.assertRaises(AccessError):
            Log.sudo(self.front_desk).with_context(gov_auditlog_model="oss.request").create(dict(vals))


class TestAuditLogWebRequest(OssCase):
    """The logs of the front desk's calls over the web client name the call and the session."""

    @contextmanager
    def web_call(self, user, sid="gov-test-session", path="/web/dataset/call_kw/oss.request/write"):
        """A call of the web client by ``user`` in the session ``sid``, as odoo.http serves it."""
        call = SimpleNamespace(
            httprequest=SimpleNamespace(path=path, url_root="http://127.0.0.1:8069/"),
            session=SimpleNamespace(sid=sid), uid=user.id, context={"lang": "th_TH"}, debug=False)
        http._request_stack.push(call)
        try:
            yield call
        finally:
            http._request_stack.pop()

    def logs_of(self, request):
        """The logs of changes of ``request``'s description, the last one last."""
        return self.env["auditlog.log"].search([
            ("model_id.model", "=", "oss.request"), ("res_id", "=", request.id),
            ("line_ids.field_id.name", "=", "description")], order="id")

    def test_the_logs_of_a_call_share_its_row_and_the_session_is_searched_for_once(self):
        request = self.new_request()
        clerk = request.sudo(self.front_desk)
        with self.web_call(self.front_desk), \
                sql_statements(lambda text: text.startswith("SELECT auditlog_http_session.id FROM")) as searches:
            for text in ("ขอสำเนา", "ขอสำเนา 2 ชุด", "ขอสำเนา 3 ชุด"):
                clerk.write({"description": text})
        logs = self.logs_of(request)
        self.assertEqual(len(logs), 3)
        self.assertEqual(len(logs.mapped("http_request_id")), 1)
        session = logs.mapped("http_session_id")
        self.assertEqual((session.name, session.user_id), ("gov-test-session", self.front_desk))
        self.assertEqual(logs.mapped("http_request_id.http_session_id"), session)
        self.assertEqual(len(searches), 1)  # auditlog's own lookup searched once per log

    def test_a_call_rolled_back_and_another_user_are_logged_with_their_own_rows(self):
        request = self.new_request()
        with self.web_call(self.front_desk) as call:
            request.sudo(self.front_desk).write({"description": "ก่อน"})
            first = self.logs_of(request)[-1]
            gone = first.http_request_id.id
            self.assertTrue(gone)
            # the request's row rolled back with a transaction retried after a conflict
            self.env.cr.execute("UPDATE auditlog_log SET http_request_id = NULL WHERE id = %s", (first.id,))
            self.env.cr.execute("DELETE FROM auditlog_http_request WHERE id = %s", (gone,))
            self.env["auditlog.log"].invalidate_cache()
            request.sudo(self.front_desk).write({"description": "หลัง"})
            second = self.logs_of(request)[-1]
            self.assertTrue(second.http_request_id.exists())
            self.assertNotEqual(second.http_request_id.id, gone)
            self.assertEqual(second.http_session_id, second.http_request_id.http_session_id)
            # the same call carrying on as another user (a login within the call)
            call.uid = self.manager.id
            request.sudo(self.manager).write({"description": "ผู้จัดการ"})
            third = self.logs_of(request)[-1]
        self.assertEqual(third.http_session_id.user_id, self.manager)
        self.assertEqual(second.http_session_id.user_id, self.front_desk)

    def test_a_calls_row_is_written_with_one_statement_and_named_as_auditlog_names_it(self):
        request = self.new_request()
        clerk = request.sudo(self.front_desk).with_context(tz="Asia/Bangkok")
        with self.web_call(self.front_desk):
            clerk.write({"description": "ขอสำเนา"})  # the session's first call: its row is created
        path = "/web/dataset/call_kw/oss.request/action_submit"
        with self.web_call(self.front_desk, path=path), \
                sql_statements(lambda text: "auditlog_http" in text) as statements:
            clerk.write({"description": "ขอสำเนา 2 ชุด"})
        self.assertEqual(len(statements), 1, statements)  # the row, its session looked up inside
        first, second = self.logs_of(request)
        row = second.http_request_id
        self.assertNotEqual(row, first.http_request_id)
        self.assertEqual((row.http_session_id, second.http_session_id), (first.http_session_id,) * 2)
        self.assertEqual((row.name, row.root_url, row.user_id, row.user_context),
                         (path, "http://127.0.0.1:8069/", self.front_desk, "{'lang': 'th_TH'}"))
        when = fields.Datetime.context_timestamp(row.with_context(tz="Asia/Bangkok"),
                                                 fields.Datetime.from_string(row.create_date))
        self.assertEqual(row.display_name, "%s (%s)" % (path, fields.Datetime.to_string(when)))
        self.assertEqual(row.create_date, row.write_date)

    def test_a_calls_row_is_named_in_utc_for_a_time_zone_unknown(self):
        request = self.new_request()
        with self.web_call(self.front_desk):
            request.sudo(self.front_desk).with_context(tz="Mars/Olympus_Mons").write({"description": "ขอสำเนา"})
        row = self.logs_of(request)[-1].http_request_id
        self.assertEqual(row.display_name, "/web/dataset/call_kw/oss.request/write (%s)" % row.create_date[:19])
