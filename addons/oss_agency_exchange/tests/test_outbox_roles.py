"""The outbox follows what the front desk and the officers do, who may not see the webhooks."""
from unittest import mock

from odoo.exceptions import AccessError
from odoo.tests.common import SavepointCase

from odoo.addons.gov_crm.tests.common import new_user
from odoo.addons.oss_agency_exchange.models import webhook_target

from .test_outbox import fake_resolve


class TestOutboxRoles(SavepointCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # the webhook's name resolves to a public address, as a real agency's would
        cls.resolver = mock.patch.object(webhook_target, "resolve", side_effect=fake_resolve)
        cls.resolver.start()
        cls.front_desk = new_user(cls.env, "outbox_roles_fd", "gov_crm.group_gov_front_desk")
        cls.officer = new_user(cls.env, "outbox_roles_off", "gov_crm.group_gov_officer")
        cls.env.ref("gov_crm.department_civil_registration").member_ids = [(4, cls.officer.id)]
        cls.agency = cls.env["res.partner"].create({
            "name": "Agency with a webhook", "is_company": True, "gov_party_type": "agency"})
        cls.agency.action_gov_generate_webhook_secret()
        cls.agency.write({"gov_webhook_url": "https://agency.example.go.th/hook", "gov_webhook_active": True})
        cls.change_of_address = cls.env.ref("one_stop_service.oss_service_c02")
        cls.citizen = cls.env.ref("gov_crm.partner_citizen_01_demo")

    @classmethod
    def tearDownClass(cls):
        cls.resolver.stop()
        super().tearDownClass()

    def events(self, request):
        return self.env["oss.agency.event"].search([("request_id", "=", request.id)], order="sequence")

    def test_front_desk_submits_a_request_forwarded_to_an_agency(self):
        Request = self.env["oss.request"].sudo(self.front_desk)
        request = Request.create({"partner_id": self.citizen.id, "service_id": self.change_of_address.id,
                                  "channel": "counter", "agency_id": self.agency.id})
        request.action_receive_all_documents()
        request.action_submit()
        self.assertEqual(request.state, "in_progress")
        self.assertEqual(self.events(request).mapped("request_state"), ["in_progress"])
        self.assertEqual(self.events(request).agency_id, self.agency)
        # the webhook stays hidden from the front desk
        with self.assertRaises(AccessError):
            self.agency.sudo(self.front_desk).read(["gov_webhook_active"])
        with self.assertRaises(AccessError):
            self.events(request).sudo(self.front_desk).read(["payload"])

    def test_front_desk_completes_the_documents_of_an_agency_request(self):
        # the agency's own request through the API, waiting for its documents
        request = self.env["oss.request"].create({
            "partner_id": self.agency.id, "service_id": self.change_of_address.id, "channel": "agency",
            "agency_id": self.agency.id})
        request.action_submit()
        self.assertEqual(request.state, "waiting_docs")
        mine = request.sudo(self.front_desk)
        mine.action_receive_all_documents()
        mine.action_documents_complete()
        self.assertEqual(request.state, "in_progress")
        self.assertEqual(self.events(request).mapped("request_state"), ["waiting_docs", "in_progress"])

    def test_officer_finishing_the_last_step_tells_the_agency(self):
        request = self.env["oss.request"].sudo(self.front_desk).create({
            "partner_id": self.citizen.id, "service_id": self.change_of_address.id, "agency_id": self.agency.id})
        request.action_receive_all_documents()
        request.action_submit()
        step = request.step_ids.filtered(lambda s: s.state == "active")
        step.sudo(self.officer).action_done()
        self.assertEqual(request.state, "done")
        self.assertEqual(self.events(request).mapped("request_state"), ["in_progress", "done"])
