"""What the officer's screens show: the request behind a case, its documents, the search
by the applicant's ID or phone, the confirmation of a transfer."""
from lxml import etree

from odoo.osv import expression
from odoo.tools.safe_eval import safe_eval

from .common import RoutedCaseCase


class TestOfficerScreens(RoutedCaseCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.partner.write({"national_id": "1101700230708", "gov_party_type": "citizen"})
        cls.service = cls.new_service([(10, cls.dep, 3)])

    def test_case_form_shows_the_request_and_its_documents(self):
        request = self.new_request(self.service)
        case = self.case_of(request, self.dep)
        values = case.sudo(self.officer).read(["request_id", "request_document_ids", "applicant_question"])[0]
        self.assertEqual(values["request_id"], (request.id, request.name))
        documents = self.env["oss.request.document"].sudo(self.officer).browse(values["request_document_ids"])
        self.assertEqual([(d.name, d.received) for d in documents],
                         [("สำเนาทะเบียนบ้าน", True), ("แผนที่", True)])
        self.assertFalse(values["applicant_question"])
        arch = etree.fromstring(self.env["citizen.case"].sudo(self.officer).fields_view_get(
            view_type="form")["arch"])
        for name in ("request_id", "request_document_ids", "applicant_question", "question_ids"):
            self.assertTrue(arch.xpath("//field[@name='%s']" % name), name)

    def test_request_search_matches_number_id_phone_and_name(self):
        request = self.new_request(self.service)
        other = self.env["oss.request"].create({
            "partner_id": self.env["res.partner"].create({"name": "คนอื่น", "phone": "0899999999"}).id,
            "service_id": self.service.id})
        for user in (self.front_desk, self.officer):
            Request = self.env["oss.request"].sudo(user)
            for typed in (request.name, request.name[-6:], "1-1017-00230-70-8", "1101700230708",
                          "081-234-5678", "5678", "สมชาย"):
                found = Request.search([("lookup", "ilike", typed), ("id", "in", (request | other).ids)])
                self.assertEqual(found, request, "%s typed %r" % (user.login, typed))
            # part of an ID is not a search key (an ID is found only when typed in full)
            self.assertFalse(Request.search([("lookup", "ilike", "110170023"), ("id", "=", request.id)]))
        arch = etree.fromstring(self.env["oss.request"].fields_view_get(view_type="search")["arch"])
        self.assertEqual(arch.xpath("//field")[0].get("name"), "lookup")

    def test_transfer_lands_on_a_confirmation_the_sender_can_read(self):
        request = self.new_request(self.service)
        case = self.case_of(request, self.dep)
        wizard = self.env["citizen.case.transfer.wizard"].sudo(self.officer).create({
            "case_id": case.id, "department_id": self.dep_other.id, "reason": "Theirs"})
        action = wizard.action_transfer()
        done_form = self.env.ref("citizen_case.citizen_case_transfer_view_form_done")
        self.assertEqual(action["views"], [(done_form.id, "form")])
        transfer = self.env["citizen.case.transfer"].sudo(self.officer).browse(action["res_id"])
        values = transfer.read(["case_name", "to_department_id", "reason", "case_readable", "from_user_id"])[0]
        self.assertEqual(
            (values["case_name"], values["to_department_id"][0], values["reason"], values["case_readable"]),
            (case.name, self.dep_other.id, "Theirs", False))
        # the supervisor of both departments still sees the case and may open it from there
        self.dep_other.member_ids = [(4, self.supervisor.id)]
        self.assertTrue(transfer.sudo(self.supervisor).case_readable)
        self.assertEqual(transfer.sudo(self.supervisor).action_open_case()["res_id"], case.id)

    def test_unassigned_queue_for_officers(self):
        menu = self.env.ref("citizen_case.citizen_case_menu_unassigned")
        self.assertIn(menu, self.env["ir.ui.menu"].sudo(self.officer).search([("id", "=", menu.id)]))
        taken = self.new_case(user_id=self.officer.id)
        free = self.new_case()
        elsewhere = self.new_case(department_id=self.dep_other.id)
        action = self.env.ref("citizen_case.citizen_case_action_unassigned")
        self.assertIn("'search_default_unassigned': 1", action.context)
        # the list the menu opens: the filters its context switches on, combined as the web
        # client combines them (OR within a group of the search view, AND between groups)
        domain = self._default_search_domain(action, self.officer)
        cases = self.env["citizen.case"].sudo(self.officer).search(
            domain + [("id", "in", (taken | free | elsewhere).ids)])
        self.assertEqual(cases, free)
        # taken, it leaves the queue
        free.sudo(self.officer).action_take()
        self.assertFalse(self.env["citizen.case"].sudo(self.officer).search(domain + [("id", "=", free.id)]))

    def _default_search_domain(self, action, user):
        context = safe_eval(action.context, {"uid": user.id})
        switched_on = {key[len("search_default_"):] for key, value in context.items()
                       if key.startswith("search_default_") and value}
        arch = etree.fromstring(self.env["citizen.case"].sudo(user).fields_view_get(view_type="search")["arch"])
        groups, group = [], []
        for node in arch.iter():
            if node.tag in ("separator", "field", "group"):
                groups.append(group)
                group = []
            elif node.tag == "filter" and node.get("name") in switched_on and node.get("domain"):
                group.append(safe_eval(node.get("domain"), {"uid": user.id}))
        groups.append(group)
        return expression.AND([expression.OR(group) for group in groups if group])
