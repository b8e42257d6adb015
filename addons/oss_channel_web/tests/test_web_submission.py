"""A kept web form: nothing but its row until confirmed; confirmed, one request in triage through the
intake path, with its place and photos, and the row gone; never confirmed, forgotten by the cron."""
import datetime
from unittest.mock import patch

from odoo import fields

from odoo.addons.one_stop_service.tests.common import OssCase

PNG = b"\x89PNG\r\n\x1a\n-test-"


class TestWebSubmission(OssCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.service.write({"published": True, "web_form": True})
        cls.Submission = cls.env["oss.web.submission"]

    def keep(self, **values):
        return self.Submission._ow_keep(self.service, dict({
            "sender_name": "นางแจ้ง ทดสอบ", "channel": "email", "target": "web-unit@example.org",
            "description": "ท่อระบายน้ำอุดตัน", "address": "ซอย 5", "latitude": 13.75, "longitude": 100.5,
            "located": True, "lang": "th_TH"}, **values), [("photo-1.png", PNG)])

    def test_a_kept_form_is_only_its_row(self):
        before = (self.env["oss.request"].search_count([]), self.env["ir.attachment"].search_count([]))
        submission = self.keep()
        self.assertEqual(len(submission.token), 32)
        self.assertEqual((self.env["oss.request"].search_count([]), self.env["ir.attachment"].search_count([])),
                         before)
        self.assertEqual(self.Submission._ow_find(submission.token, self.service), submission)
        self.assertFalse(self.Submission._ow_find("short", self.service))
        self.assertFalse(self.Submission._ow_find(submission.token, self.env.ref("one_stop_service.oss_service_c01")))

    def test_confirmed_it_becomes_one_request_in_triage(self):
        submission = self.keep()
        with patch.object(type(self.env["mail.mail"]), "send", lambda mails, *args, **kwargs: True):
            request = submission._ow_confirm()
        self.assertFalse(submission.exists())
        self.assertEqual((request.state, request.channel, request.service_id, request.triage_registered),
                         ("triage", "web", self.service, True))
        self.assertEqual((request.web_address, request.web_latitude, request.web_longitude), ("ซอย 5", 13.75, 100.5))
        self.assertIn("ท่อระบายน้ำอุดตัน", request.description)
        self.assertIn("ซอย 5", request.description)
        self.assertEqual(request.partner_id.email, "web-unit@example.org")
        files = self.env["ir.attachment"].search([("res_model", "=", "oss.request"), ("res_id", "=", request.id)])
        self.assertEqual(files.mapped("name"), ["photo-1.png"])
        self.assertRegex(request.oss_track_number_url(), r"/oss/track\?number=%s&key=[0-9a-f]{40}$" % request.name)
        self.assertTrue(request.oss_track_qr_data_uri().startswith("data:image/png;base64,"))

    def test_the_cron_forgets_the_forms_never_confirmed(self):
        old, live = self.keep(), self.keep(target="web-unit-2@example.org")
        past = fields.Datetime.to_string(datetime.datetime.utcnow() - datetime.timedelta(minutes=1))
        old.write({"expires_at": past})
        self.assertTrue(old._ow_expired())
        self.Submission._cron_purge()
        self.assertFalse(old.exists())
        self.assertTrue(live.exists())

    def test_the_service_page_offers_the_form_first(self):
        channels = self.service._gp_page("en_US")["channels"]
        self.assertEqual((channels[0]["code"], channels[0]["url"]), ("web", "/services/T01/form"))
        self.service.web_form = False
        self.assertNotIn("web", [entry["code"] for entry in self.service._gp_page("en_US")["channels"]])
