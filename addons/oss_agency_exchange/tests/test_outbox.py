import hashlib
import hmac
import ipaddress
import json
import socket
from unittest import mock

from odoo.exceptions import AccessError, ValidationError
from odoo.tests.common import SavepointCase

from odoo.addons.oss_agency_exchange.models import webhook_target
from odoo.addons.oss_agency_exchange.models.oss_agency_event import MAX_ATTEMPTS, signature, signature_v2
from odoo.addons.gov_crm.tests.common import new_user

PUBLIC_ADDRESS = "93.184.216.34"
# what the names of the tests resolve to; an address resolves to itself
NAMES = {"agency.example.go.th": [PUBLIC_ADDRESS], "internal.example.go.th": ["192.168.1.10"],
         "mixed.example.go.th": [PUBLIC_ADDRESS, "127.0.0.1"]}


def fake_resolve(host, _port):
    try:
        return [str(ipaddress.ip_address(host))]
    except ValueError:
        if host not in NAMES:
            raise socket.gaierror(-2, "Name or service not known")
        return NAMES[host]


def answer(status):
    return mock.patch.object(webhook_target, "send", return_value=(status, None))


class TestOutbox(SavepointCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.resolver = mock.patch.object(webhook_target, "resolve", side_effect=fake_resolve)
        cls.resolver.start()
        cls.manager = new_user(cls.env, "outbox_manager_t", "gov_crm.group_gov_service_manager", name="Outbox manager")
        cls.front_desk = new_user(cls.env, "outbox_fd_t", "gov_crm.group_gov_front_desk", name="Outbox front desk")
        cls.agency = cls.env["res.partner"].create({
            "name": "Agency under test", "is_company": True, "gov_party_type": "agency"})
        cls.agency.sudo(cls.manager).action_gov_generate_webhook_secret()
        cls.agency.write({"gov_webhook_url": "https://agency.example.go.th/hook", "gov_webhook_active": True})
        cls.service = cls.env["oss.service"].search([("code", "=", "C09")])
        cls.Event = cls.env["oss.agency.event"]

    @classmethod
    def tearDownClass(cls):
        cls.resolver.stop()
        super().tearDownClass()

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
        with answer(503) as post:
            self.assertEqual(self.Event._deliver_due(now=now, request_ids=request.ids), 0)
        self.assertEqual(post.call_count, 1)
        self.assertEqual((first.state, first.attempt_count, first.last_status), ("pending", 1, 503))
        self.assertEqual(first.last_error, "HTTP 503 Service Unavailable")
        self.assertEqual(first.next_attempt_date, "2100-01-05 10:01:00")
        self.assertEqual(second.attempt_count, 0)
        with answer(200) as post:
            self.assertEqual(self.Event._deliver_due(now="2100-01-05 10:00:30", request_ids=request.ids), 0)
            self.assertEqual(post.call_count, 0)
            delivered = self.Event._deliver_due(now="2100-01-05 10:01:00", request_ids=request.ids)
        self.assertEqual(delivered, len(self._events(request)))
        keys = [call[0][2]["Idempotency-Key"] for call in post.call_args_list]
        self.assertEqual(keys, self._events(request).mapped("idempotency_key"))

    def _v2(self, secret, headers, body):
        signed = "%s.%s.%s." % (headers["X-Gov-Timestamp"], headers["X-Gov-Event"], headers["Idempotency-Key"])
        return "v2=" + hmac.new(secret.encode(), signed.encode() + body, hashlib.sha256).hexdigest()

    def test_signature_headers(self):
        """v2 signs the time, the event type, the idempotency key and the body."""
        request = self._request()
        with answer(204) as post:
            self.Event._deliver_due(request_ids=request.ids)
        target, body, headers, _timeout = post.call_args_list[0][0]
        self.assertEqual((target.scheme, target.host, target.port, target.path, target.address),
                         ("https", "agency.example.go.th", 443, "/hook", PUBLIC_ADDRESS))
        self.assertEqual(self.agency.gov_webhook_signature, "v2")
        self.assertEqual(headers["X-Gov-Event"], "request.state_changed")
        self.assertEqual(headers["X-Gov-Signature"], self._v2(self.agency.gov_webhook_secret, headers, body))
        self.assertEqual(signature("s", "1", b"{}"),
                         "sha256=" + hmac.new(b"s", b"1.{}", hashlib.sha256).hexdigest())
        self.assertEqual(signature_v2("s", "1", "e", "k", b"{}"),
                         "v2=" + hmac.new(b"s", b"1.e.k.{}", hashlib.sha256).hexdigest())
        self.assertEqual(set(self._events(request).mapped("state")), {"delivered"})

    def test_legacy_signature_until_the_agency_switches(self):
        self.agency.sudo(self.manager).gov_webhook_signature = "v1"
        request = self._request()
        with answer(200) as post:
            self.Event._deliver_due(request_ids=request.ids)
        _target, body, headers, _timeout = post.call_args_list[0][0]
        expected = hmac.new(self.agency.gov_webhook_secret.encode(),
                            headers["X-Gov-Timestamp"].encode() + b"." + body, hashlib.sha256).hexdigest()
        self.assertEqual(headers["X-Gov-Signature"], "sha256=" + expected)

    def test_a_new_secret_signs_at_once_and_the_previous_one_for_the_rotation_window(self):
        old = self.agency.gov_webhook_secret
        self.agency.sudo(self.manager).action_gov_generate_webhook_secret()
        new = self.agency.gov_webhook_secret
        self.assertNotEqual(new, old)
        self.assertEqual(self.agency.gov_webhook_secret_previous, old)
        request = self._request()
        with answer(200) as post:
            self.Event._deliver_due(request_ids=request.ids)
        _target, body, headers, _timeout = post.call_args_list[0][0]
        self.assertEqual(headers["X-Gov-Signature"],
                         "%s,%s" % (self._v2(new, headers, body), self._v2(old, headers, body)))
        # after the window, the new secret alone
        self.agency.gov_webhook_secret_previous_until = "2000-01-01 00:00:00"
        request.action_withdraw()
        with answer(200) as post:
            self.Event._deliver_due(request_ids=request.ids)
        _target, body, headers, _timeout = post.call_args_list[0][0]
        self.assertEqual(headers["X-Gov-Signature"], self._v2(new, headers, body))
        with self.assertRaises(AccessError):
            self.agency.sudo(self.front_desk).action_gov_generate_webhook_secret()
        with self.assertRaises(AccessError):
            self.agency.sudo(self.front_desk).read(["gov_webhook_secret_previous"])

    def test_gives_up_after_max_attempts_until_retry_now(self):
        request = self._request()
        event = self._events(request)[0]
        event.attempt_count = MAX_ATTEMPTS - 1
        with mock.patch.object(webhook_target, "send", return_value=(None, "connection refused")):
            self.Event._deliver_due(now="2100-01-01 00:00:00", request_ids=request.ids)
        self.assertEqual(event.state, "failed")
        self.assertEqual(event.last_error, "connection refused")
        with answer(200) as post:
            self.Event._deliver_due(now="2100-01-02 00:00:00", request_ids=request.ids)
            self.assertEqual(post.call_count, 0)
            with self.assertRaises(AccessError):
                event.sudo(self.front_desk).action_retry_now()
            event.sudo(self.manager).action_retry_now()
        self.assertEqual(set(self._events(request).mapped("state")), {"delivered"})
        # Retry now keeps the count and the history: the attempts before it, it, and the delivery
        self.assertEqual(event.attempt_count, MAX_ATTEMPTS + 1)
        self.assertEqual([line.split("  ", 1)[1] for line in event.history.splitlines()],
                         ["connection refused", "Retry now asked by Outbox manager", "HTTP 200 OK"])

    def test_retry_now_of_an_event_that_fails_again_counts_one_more_attempt(self):
        request = self._request()
        event = self._events(request)[0]
        event.attempt_count = MAX_ATTEMPTS
        event.state = "failed"
        with mock.patch.object(webhook_target, "send", return_value=(None, "timed out")):
            event.sudo(self.manager).action_retry_now()
        self.assertEqual((event.state, event.attempt_count, event.last_error),
                         ("failed", MAX_ATTEMPTS + 1, "timed out"))

    def test_outbox_is_for_service_managers_only(self):
        event = self._events(self._request())[0]
        with self.assertRaises(AccessError):
            event.sudo(self.front_desk).read(["payload"])
        with self.assertRaises(AccessError):
            self.agency.sudo(self.front_desk).read(["gov_webhook_secret"])
        self.assertTrue(event.sudo(self.manager).read(["payload"]))

    def _set_url(self, url, user=None):
        self.agency.sudo(user or self.manager).write({"gov_webhook_url": url})

    def test_webhook_must_be_a_public_https_address(self):
        for url in ("http://127.0.0.1:8069/web/database/manager", "https://127.0.0.1:5432/",
                    "https://localhost.localdomain.invalid/", "https://10.1.2.3/hook", "https://172.16.0.1/",
                    "https://192.168.1.1/", "https://169.254.169.254/latest/meta-data/", "https://100.64.0.1/",
                    "https://0.0.0.0/", "https://224.0.0.1/", "https://240.0.0.1/", "https://[::1]/",
                    "https://[::]/", "https://[fe80::1]/", "https://[fc00::1]/", "https://[ff02::1]/",
                    "https://[::ffff:127.0.0.1]/", "https://[2002:7f00:1::]/", "https://[64:ff9b::a00:1]/",
                    "https://internal.example.go.th/hook", "https://mixed.example.go.th/hook",
                    "https://user:pw@agency.example.go.th/hook", "http://agency.example.go.th/hook"):
            with self.assertRaisesRegex(ValidationError, "is refused", msg=url):
                self._set_url(url)
        self._set_url("https://agency.example.go.th:8443/events?v=1")
        self._set_url("https://[2001:4860:4860::8888]/hook")

    def test_administrator_may_allow_http_and_private_addresses(self):
        params = self.env["ir.config_parameter"]
        params.set_param(webhook_target.PARAM_ALLOW_PRIVATE, "True")
        self._set_url("https://127.0.0.1:8443/hook")
        with self.assertRaisesRegex(ValidationError, "http://"):
            self._set_url("http://127.0.0.1:8443/hook")
        params.set_param(webhook_target.PARAM_ALLOW_HTTP, "True")
        self._set_url("http://127.0.0.1:8443/hook")
        with self.assertRaises(AccessError):
            params.sudo(self.manager).set_param(webhook_target.PARAM_ALLOW_PRIVATE, "True")
        settings = self.env["res.config.settings"].create({})
        self.assertTrue(settings.gov_webhook_allow_http and settings.gov_webhook_allow_private)
        # a service manager opens the agency's set-up but saves nothing else of the settings
        params.set_param(webhook_target.PARAM_ALLOW_PRIVATE, "False")
        settings = self.env["res.config.settings"].sudo(self.manager).create({"gov_webhook_allow_private": True})
        settings.execute()
        with self.assertRaises(AccessError):
            settings.set_values()
        self.assertEqual(params.get_param(webhook_target.PARAM_ALLOW_PRIVATE), "False")

    def test_each_delivery_checks_the_address_again(self):
        """A name that resolved to a public address when saved and to this machine later (DNS
        rebinding) gets nothing: the delivery is refused before any connection."""
        request = self._request()
        NAMES["agency.example.go.th"] = ["127.0.0.1"]
        try:
            with answer(200) as post:
                self.Event._deliver_due(now="2100-01-01 00:00:00", request_ids=request.ids)
        finally:
            NAMES["agency.example.go.th"] = [PUBLIC_ADDRESS]
        self.assertEqual(post.call_count, 0)
        event = self._events(request)[0]
        self.assertEqual((event.state, event.attempt_count, event.last_status), ("pending", 1, 0))
        self.assertEqual(event.last_error, "Address refused: 127.0.0.1 is not a public address (loopback, "
                                           "private, link-local, multicast or reserved addresses are refused)")

    def test_outbox_fields_are_written_by_the_outbox_only(self):
        event = self._events(self._request())[0].sudo(self.manager)
        for vals in ({"state": "delivered"}, {"attempt_count": 0}, {"last_error": False},
                     {"payload": "{}"}, {"next_attempt_date": "2030-01-01 00:00:00"}):
            with self.assertRaises(AccessError):
                event.write(vals)
