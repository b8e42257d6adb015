import hashlib
import hmac
import json
from unittest import mock

from odoo.exceptions import AccessError
from odoo.tests.common import SavepointCase

from odoo.addons.oss_agency_exchange.models import oss_agency_event
from odoo.addons.oss_agency_exchange.models.oss_agency_event import MAX_ATTEMPTS, signature
from odoo.addons.gov_crm.tests.common import new_user


class FakeResponse:
    def __init__(self, status):
        self.status_code, self.text, self.reason = status, "", "status %d" % status


class TestOutbox(SavepointCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.manager = new_user(cls.env, "outbox_manager_t", "gov_crm.group_gov_service_manager", name="Outbox manager")
        cls.front_desk = new_user(cls.env, "outbox_fd_t", "gov_crm.group_gov_front_desk", name="Outbox front desk")
        cls.agency = cls.env["res.partner"].create({
            "name": "Agency under test", "is_company": True, "gov_party_type": "agency"})
        cls.agency.sudo(cls.manager).action_gov_generate_webhook_secret()
        cls.agency.write({"gov_webhook_url": "https://agency.example.go.th/hook", "gov_webhook_active": True})
        cls.service = cls.env["oss.service"].search([("code", "=", "C09")])
        cls.Event = cls.env["oss.agency.event"]

    def _request(self, agency=True):
        request = self.env["oss.request"].create({
            "partner_id": self.env.ref("gov_crm.partner_agency_02_demo").id, "service_id": self.service.id,
            "channel": "agency", "agency_id": self.agency.id if agency else False})
        request.action_submit()
        return request

    def _events(self, request):
        return self.Event.search([("request_id", "=", request.id)], order="sequence")

    def test_state_changes_write_numbered_events_in_the_same_transaction(self):
        request = self._request()
        request.action_wait_applicant("สำเนาหนังสือมอบอำนาจ / A copy of the power of attorney")
        request.action_resume()
        events = self._events(request)
        self.assertEqual(events.mapped("sequence"), list(range(1, len(events) + 1)))
        self.assertEqual(events.mapped("request_state")[-2:], ["waiting_applicant", "in_progress"])
        payload = json.loads(events[-1].payload)
        self.assertEqual(payload["service_request_id"], request.name)
        self.assertEqual(payload["idempotency_key"], events[-1].idempotency_key)
        self.assertEqual(payload["status"], "open")
        self.assertEqual(set(events.mapped("state")), {"pending"})
        request.public_note = "note only"
        self.assertEqual(len(self._events(request)), len(events))

    def test_no_event_without_agency_or_without_webhook(self):
        self.assertFalse(self._events(self._request(agency=False)))
        self.agency.gov_webhook_active = False
        self.assertFalse(self._events(self._request()))

    def test_failure_holds_back_later_events_with_backoff(self):
        request = self._request()
        request.action_withdraw()
        first, second = self._events(request)[:2]
        now = "2100-01-05 10:00:00"
        with mock.patch.object(oss_agency_event.requests, "post", return_value=FakeResponse(503)) as post:
            self.assertEqual(self.Event._deliver_due(now=now, request_ids=request.ids), 0)
        self.assertEqual(post.call_count, 1)
        self.assertEqual((first.state, first.attempt_count, first.last_status), ("pending", 1, 503))
        self.assertEqual(first.next_attempt_date, "2100-01-05 10:01:00")
        self.assertEqual(second.attempt_count, 0)
        with mock.patch.object(oss_agency_event.requests, "post", return_value=FakeResponse(200)) as post:
            self.assertEqual(self.Event._deliver_due(now="2100-01-05 10:00:30", request_ids=request.ids), 0)
            self.assertEqual(post.call_count, 0)
            delivered = self.Event._deliver_due(now="2100-01-05 10:01:00", request_ids=request.ids)
        self.assertEqual(delivered, len(self._events(request)))
        keys = [call[1]["headers"]["Idempotency-Key"] for call in post.call_args_list]
        self.assertEqual(keys, self._events(request).mapped("idempotency_key"))

    def test_signature_headers(self):
        request = self._request()
        with mock.patch.object(oss_agency_event.requests, "post", return_value=FakeResponse(204)) as post:
            self.Event._deliver_due(request_ids=request.ids)
        args, kwargs = post.call_args_list[0]
        self.assertEqual(args[0], "https://agency.example.go.th/hook")
        headers, body = kwargs["headers"], kwargs["data"]
        expected = hmac.new(self.agency.gov_webhook_secret.encode(),
                            headers["X-Gov-Timestamp"].encode() + b"." + body, hashlib.sha256).hexdigest()
        self.assertEqual(headers["X-Gov-Signature"], "sha256=" + expected)
        self.assertEqual(signature("s", "1", b"{}"),
                         "sha256=" + hmac.new(b"s", b"1.{}", hashlib.sha256).hexdigest())
        self.assertEqual(set(self._events(request).mapped("state")), {"delivered"})

    def test_gives_up_after_max_attempts_until_retry_now(self):
        request = self._request()
        event = self._events(request)[0]
        event.attempt_count = MAX_ATTEMPTS - 1
        with mock.patch.object(oss_agency_event.requests, "post",
                               side_effect=oss_agency_event.requests.ConnectionError("refused")):
            self.Event._deliver_due(now="2100-01-01 00:00:00", request_ids=request.ids)
        self.assertEqual(event.state, "failed")
        self.assertIn("refused", event.last_error)
        with mock.patch.object(oss_agency_event.requests, "post", return_value=FakeResponse(200)) as post:
            self.Event._deliver_due(now="2100-01-02 00:00:00", request_ids=request.ids)
            self.assertEqual(post.call_count, 0)
            with self.assertRaises(AccessError):
                event.sudo(self.front_desk).action_retry_now()
            event.sudo(self.manager).action_retry_now()
        self.assertEqual(set(self._events(request).mapped("state")), {"delivered"})

    def test_outbox_is_for_service_managers_only(self):
        event = self._events(self._request())[0]
        with self.assertRaises(AccessError):
            event.sudo(self.front_desk).read(["payload"])
        with self.assertRaises(AccessError):
            self.agency.sudo(self.front_desk).read(["gov_webhook_secret"])
        self.assertTrue(event.sudo(self.manager).read(["payload"]))
