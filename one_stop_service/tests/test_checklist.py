"""What a service requires comes from the catalogue: the counter records only what was received."""
from unittest.mock import patch

from odoo.exceptions import AccessError

from odoo.addons.gov_crm.tests.common import audited_create, sql_statements

from .common import OssCase

REFUSED = "The documents a service requires come from the service catalogue"


class TestChecklist(OssCase):

    def draft(self):
        return self.new_request(received=False)

    def test_front_desk_cannot_untick_mandatory(self):
        request = self.draft()
        line = request.document_ids[0]
        with self.assertRaisesRegex(AccessError, REFUSED + ": Mandatory of a request"):
            line.sudo(self.front_desk).write({"mandatory": False})
        with self.assertRaisesRegex(AccessError, REFUSED):
            request.sudo(self.front_desk).write({"document_ids": [(1, line.id, {"mandatory": False})]})
        for values in ({"name": "อื่น ๆ"}, {"copies": 0}, {"service_document_id": False},
                       {"request_id": self.new_request().id}):
            with self.assertRaisesRegex(AccessError, REFUSED):
                line.sudo(self.front_desk).write(values)
        # the clock does not start with nothing received (s.8)
        request.sudo(self.front_desk).action_submit()
        self.assertEqual(request.state, "waiting_docs")
        self.assertEqual(request.missing_document_count, 3)

    def test_service_manager_changes_the_catalogue_not_the_checklist(self):
        line = self.draft().document_ids[0]
        with self.assertRaisesRegex(AccessError, REFUSED):
            line.sudo(self.manager).write({"mandatory": False})

    def test_received_and_file_are_the_counters(self):
        request = self.draft()
        lines = request.document_ids.sudo(self.front_desk)
        lines.write({"received": True})
        attachment = self.env["ir.attachment"].sudo(self.front_desk).create({
            "name": "scan.pdf", "datas": "JVBERi0=", "res_model": "oss.request", "res_id": request.id})
        lines[0].write({"attachment_id": attachment.id, "mandatory": True, "name": lines[0].name})
        self.assertTrue(all(request.document_ids.mapped("received")))
        self.assertEqual(request.document_ids[0].attachment_id, attachment)

    def test_lines_cannot_be_removed(self):
        request = self.draft()
        with self.assertRaisesRegex(AccessError, "a line of a request's checklist cannot be removed"):
            request.document_ids[0].sudo(self.front_desk).unlink()
        with self.assertRaisesRegex(AccessError, "cannot be removed"):
            request.sudo(self.front_desk).write({"document_ids": [(2, request.document_ids[0].id)]})
        with self.assertRaisesRegex(AccessError, "cannot be removed"):
            request.sudo(self.front_desk).write({"document_ids": [(5, 0, 0)]})

    def test_created_lines_follow_the_catalogue(self):
        Request = self.env["oss.request"].sudo(self.front_desk)
        documents = self.service.document_ids
        values = {"partner_id": self.person.id, "service_id": self.service.id}
        # the catalogue's own values (what the form's onchange gives) are accepted
        lines = [dict(line, received=True) for line in Request._oss_document_lines(self.service)]
        self.assertEqual(Request.create(dict(values, document_ids=[(0, 0, line) for line in lines]))
                         .document_ids.mapped("received"), [True] * 4)
        # what the form sends with readonly columns: the document and whether it was received
        request = Request.create(dict(values, document_ids=[
            (0, 0, {"service_document_id": documents[0].id, "received": True})]))
        self.assertEqual(request.document_ids.mapped("service_document_id"), documents)
        self.assertEqual(request.document_ids.mapped("mandatory"), documents.mapped("mandatory"))
        self.assertEqual(request.document_ids.mapped("received"), [True, False, False, False])
        refused = [
            {"service_document_id": documents[0].id, "mandatory": False},
            {"service_document_id": documents[2].id, "copies": 1},
            {"service_document_id": documents[0].id, "name": "อะไรก็ได้"},
            {"name": "เอกสารที่ไม่มีในบริการ", "mandatory": False},
            {"service_document_id": self.env.ref("one_stop_service.oss_service_c01_doc_1").id},
        ]
        for line in refused:
            with self.assertRaisesRegex(AccessError, REFUSED):
                Request.create(dict(values, document_ids=[(0, 0, line)]))

    def test_missing_documents_read_or_not(self):
        """The missing documents are the same whether the checklist was read already (a form) or
        not (the submission at the counter, which asks the database for them alone)."""
        request = self.draft().sudo(self.front_desk)
        request.document_ids[1].write({"received": True})
        request.document_ids[3].write({"received": True})
        expected = request.document_ids.filtered(lambda d: d.mandatory and not d.received)
        self.assertEqual(expected.mapped("name"), ["บัตรประจำตัวประชาชน", "แผนที่"])
        self.assertIn("document_ids", request._cache)
        self.assertEqual(request._oss_missing_documents(), expected)
        request.invalidate_cache()
        self.assertNotIn("document_ids", request._cache)
        self.assertEqual(request._oss_missing_documents(), expected)
        self.assertEqual(request.missing_document_count, 2)
        # a checklist the caller sent in part is completed from the catalogue, in its order
        documents = self.service.document_ids
        partial = self.env["oss.request"].sudo(self.front_desk).create({
            "partner_id": self.person.id, "service_id": self.service.id,
            "document_ids": [(0, 0, {"service_document_id": documents[2].id, "received": True})]})
        self.assertEqual(partial.document_ids.mapped("service_document_id").ids,
                         (documents[2] | documents[:2] | documents[3]).ids)
        partial.invalidate_cache()
        self.assertEqual(partial._oss_missing_documents().mapped("service_document_id").ids, documents[:2].ids)
        partial.action_submit()
        self.assertEqual(partial.state, "waiting_docs")

    def test_the_counters_checklist_is_the_orms(self):
        """The checklist the front desk sends with a new request (whole, in part, a file attached, or
        none) is written in one statement, with the rows the ORM's create of each line and the
        completion from the catalogue write for the same user."""
        documents = self.service.document_ids
        attachment = self.env["ir.attachment"].sudo(self.front_desk).create(
            {"name": "scan.pdf", "datas": "JVBERi0="})
        checklists = {
            "whole": [dict(line, received=index % 2 == 0) for index, line in
                      enumerate(self.env["oss.request"]._oss_document_lines(self.service))],
            "in part, with a file": [{"service_document_id": documents[2].id, "received": True,
                                      "attachment_id": attachment.id}],
            "none": [],
        }
        columns = ["service_document_id", "name", "mandatory", "copies", "received", "attachment_id"]

        def rows(request):
            self.env.cr.execute("SELECT %s FROM oss_request_document WHERE request_id = %%s ORDER BY id"
                                % ", ".join(columns), (request.id,))
            return self.env.cr.fetchall()

        Document = type(self.env["oss.request.document"])
        for label, lines in checklists.items():
            with self.subTest(label):
                values = {"partner_id": self.person.id, "service_id": self.service.id}
                if lines:
                    values["document_ids"] = [(0, "virtual_%d" % index, dict(line))
                                              for index, line in enumerate(lines)]
                with patch.object(Document, "create", autospec=True, side_effect=Document.create) as create, \
                        sql_statements(lambda text: "oss_request_document" in text) as sent:
                    counter = self.env["oss.request"].sudo(self.front_desk).create(values)
                self.assertEqual(create.call_count, 0)
                self.assertEqual([text.split()[0] for text in sent], ["INSERT"])
                # the same request through the ORM's create of each line
                with patch.object(Document, "_oss_insertable", lambda *_args: False):
                    oracle = self.env["oss.request"].sudo(self.front_desk).create(dict(values))
                self.assertEqual(rows(counter), rows(oracle))
                self.assertEqual(len(rows(counter)), len(documents))
                self.assertEqual(counter.document_ids.mapped("create_uid"), self.front_desk)
                self.assertEqual(counter.missing_document_count, oracle.missing_document_count)
        # the count of missing documents read before a line is added is read again after
        request = self.draft().sudo(self.front_desk)
        self.assertEqual(request.missing_document_count, 3)
        self.env["oss.request.document"].sudo(self.front_desk)._oss_insert_checklist(request, [])
        self.assertEqual(request.missing_document_count, 6)

    def test_a_checklist_of_other_values_is_the_orms_to_answer(self):
        """Lines the counter does not send (another column, an id that is not a number, another
        command) are left to the ORM's create of each line, which answers them as before."""
        documents = self.service.document_ids
        Document = type(self.env["oss.request.document"])
        values = {"partner_id": self.person.id, "service_id": self.service.id}
        for commands in ([(0, 0, {"service_document_id": documents[0].id, "request_id": 1})],
                         [(0, 0, {"service_document_id": str(documents[0].id)})],
                         [(0, 0, {"service_document_id": True})],
                         [(0, 0, {"service_document_id": documents[0].id, "attachment_id": "1"})],
                         [(4, documents[0].id)], "not a list"):
            with self.subTest(commands=commands):
                self.assertFalse(self.env["oss.request.document"].sudo(self.front_desk)._oss_insertable(commands))
        # lines as the counter sends them, of a model whose create another module extends
        counter = [(0, 0, {"service_document_id": documents[0].id, "received": True})]
        Lines = self.env["oss.request.document"].sudo(self.front_desk)
        self.assertTrue(Lines._oss_insertable(counter))
        with patch.object(Document, "_gov_create_modules", lambda *_args: frozenset({"one_stop_service", "other"})):
            self.assertFalse(Lines._oss_insertable(counter))
        # a known line as the counter sends it, with an unknown document: refused, nothing kept
        Request = self.env["oss.request"].sudo(self.front_desk)
        count = Request.search_count([])
        with patch.object(Document, "create", autospec=True, side_effect=Document.create) as create:
            with self.assertRaisesRegex(AccessError, REFUSED + ": Required document"):
                with self.env.cr.savepoint():
                    Request.create(dict(values, document_ids=[(0, 0, {"service_document_id": 0})]))
        self.assertEqual(create.call_count, 0)
        self.assertEqual(Request.search_count([]), count)

    def test_an_audited_create_writes_each_line(self):
        """An audit rule on the checklist's lines replaces their create (auditlog keeps the method it
        replaced as ``origin``): the counter's lines are then each written by that create."""
        lines = self.env["oss.request"]._oss_document_lines(self.service)
        with audited_create(self.env["oss.request.document"]) as logged:
            request = self.env["oss.request"].sudo(self.front_desk).create({
                "partner_id": self.person.id, "service_id": self.service.id,
                "document_ids": [(0, 0, line) for line in lines]})
        self.assertEqual([vals["service_document_id"] for vals in logged], self.service.document_ids.ids)
        self.assertEqual(request.document_ids.mapped("service_document_id"), self.service.document_ids)

    def test_submission_asks_only_whether_a_document_is_missing(self):
        """The submission decides on one row of the database where the checklist was not read, as
        the front desk's lines say: a mandatory line not received (never ticked, or ticked off)
        keeps the request waiting; an optional one does not."""
        Document = type(self.env["oss.request.document"])
        cases = (("none received", [], "waiting_docs"),
                 ("the mandatory received", ["mandatory"], "in_progress"),
                 ("the mandatory received, one unticked again", ["mandatory", "untick"], "waiting_docs"))
        for label, steps, state in cases:
            with self.subTest(label):
                request = self.draft().sudo(self.front_desk)
                lines = request.document_ids
                if "mandatory" in steps:
                    lines.filtered("mandatory").write({"received": True})
                if "untick" in steps:
                    lines.filtered("mandatory")[0].write({"received": False})
                # a line whose value was never written (a row written by SQL) holds none
                self.env.cr.execute("UPDATE oss_request_document SET received = NULL WHERE request_id = %s "
                                    "AND received IS NOT TRUE", (request.id,))
                request.invalidate_cache()
                self.assertTrue(any(not line.mandatory for line in lines))
                with patch.object(Document, "search", autospec=True, side_effect=Document.search) as search:
                    self.assertEqual(request._oss_has_missing_documents(), state == "waiting_docs")
                    self.assertEqual(search.call_count, 0)
                    request.invalidate_cache()
                    request.action_submit()
                self.assertEqual(request.state, state)
                # the lines are searched only for the notice that names those missing
                self.assertEqual(search.call_count, 1 if state == "waiting_docs" else 0)
                request.invalidate_cache()
                self.assertEqual(bool(request._oss_missing_documents()), state == "waiting_docs")

    def test_changing_the_service_of_a_draft_changes_the_checklist(self):
        request = self.draft()
        other = self.env.ref("one_stop_service.oss_service_c01")
        request.sudo(self.front_desk).write({
            "service_id": other.id, "document_ids": [(2, line.id) for line in request.document_ids]})
        self.assertEqual(request.document_ids.mapped("service_document_id"), other.document_ids)
        # over RPC without the lines: the checklist follows the service all the same
        request.sudo(self.front_desk).write({"service_id": self.service.id})
        self.assertEqual(request.document_ids.mapped("service_document_id"), self.service.document_ids)
        self.assertEqual(request.document_ids.mapped("mandatory"), [True, True, True, False])
