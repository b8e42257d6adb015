import datetime

from odoo.tests.common import SavepointCase

from odoo.addons.gov_crm.tests.common import new_user
from odoo.addons.oss_open311.open311 import Open311Error, parse_w3c, xml_answer

NATIONAL_ID = "1101700230708"


class TestOpen311Request(SavepointCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.client = cls.env["oss.api.client"].create({"name": "Test app"})
        cls.Request = cls.env["oss.request"]
        cls.env["res.partner"].search([("national_id", "=", NATIONAL_ID)]).write({"national_id": False})

    def _data(self, **extra):
        data = {"api_key": "k", "service_code": "C09", "attribute[national_id]": "1-1017-00230-70-8",
                "first_name": "Somchai", "last_name": "Jaidee", "phone": "+66 81 234 5678",
                "description": "Broken street light", "address_string": "Soi 7, pole 3"}
        data.update(extra)
        return data

    def test_submit_registers_the_person_and_submits(self):
        [answer] = self.Request._open311_submit(self.client, self._data())
        request = self.Request.search([("name", "=", answer["service_request_id"])])
        self.assertEqual(request.channel, "api")
        self.assertEqual(request.open311_client_id, self.client)
        self.assertEqual(request.partner_id.national_id, NATIONAL_ID)
        self.assertEqual(request.partner_id.phone, "0812345678")
        self.assertEqual(request.partner_id.gov_party_type, "citizen")
        self.assertIn(request.state, ("submitted", "in_progress"))
        self.assertIn(request.name, answer["service_notice"])
        again = self.Request._open311_submit(self.client, self._data(first_name=None, last_name=None))
        self.assertEqual(self.Request.search([("name", "=", again[0]["service_request_id"])]).partner_id,
                         request.partner_id)

    def test_serialised_request_holds_no_personal_data(self):
        [answer] = self.Request._open311_submit(self.client, self._data())
        found = self.Request._open311_find(answer["service_request_id"], client=self.client)
        item = found._open311_request(self.client)
        text = repr(item)
        for secret in ("Somchai", "Jaidee", NATIONAL_ID, "0812345678"):
            self.assertNotIn(secret, text)
        self.assertEqual(item["status"], "open")
        self.assertEqual(item["address"], "Soi 7, pole 3")  # a public report: its place is public
        [answer] = self.Request._open311_submit(self.client, self._data(service_code="C11"))  # personal
        item = self.Request._open311_find(answer["service_request_id"], client=self.client)._open311_request(
            self.client)
        self.assertEqual([item[key] for key in ("address", "address_id", "lat", "long", "media_url")], [None] * 5)

    def test_invalid_national_id_is_refused_before_anything_is_created(self):
        partners = self.env["res.partner"].search_count([])
        with self.assertRaises(Open311Error) as caught:
            self.Request._open311_submit(self.client, self._data(**{"attribute[national_id]": "1101700230709"}))
        self.assertEqual(caught.exception.status, 400)
        self.assertIn("check digit", caught.exception.description)
        self.assertEqual(self.env["res.partner"].search_count([]), partners)

    def test_period_defaults_and_limits(self):
        start, end = self.Request._open311_period(None, None)
        self.assertEqual(end - start, datetime.timedelta(days=90))
        self.assertLess(abs((end - datetime.datetime.utcnow()).total_seconds()), 5)
        start, end = self.Request._open311_period("2026-01-01T00:00:00Z", None)
        self.assertEqual(end, datetime.datetime(2026, 4, 1))
        with self.assertRaises(Open311Error):
            self.Request._open311_period("2026-01-01", "2026-05-01")
        with self.assertRaises(Open311Error):
            self.Request._open311_period("2026-02-01", "2026-01-01")

    def test_w3c_dates(self):
        tz = self.env["resource.calendar"].gov_office_tz()
        self.assertEqual(parse_w3c("2026-01-31T09:00:00+07:00", "d", tz), datetime.datetime(2026, 1, 31, 2, 0))
        self.assertEqual(parse_w3c("2026-01-31T02:00:00.5Z", "d", tz), datetime.datetime(2026, 1, 31, 2, 0, 0, 500000))
        self.assertEqual(parse_w3c("2026-01-31", "d", tz), datetime.datetime(2026, 1, 30, 17, 0))
        for bad in ("2026-02-30", "31/01/2026", "2026-01-31T09:00", "2026-01-31 09:00:00Z", "now", 20260131):
            with self.assertRaises(Open311Error):
                parse_w3c(bad, "d", tz)

    def test_a_key_reads_its_own_requests_and_followed_services(self):
        [answer] = self.Request._open311_submit(self.client, self._data(service_code="C01"))
        number = answer["service_request_id"]
        with self.assertRaises(Open311Error) as caught:  # anonymous: a birth registration is personal
            self.Request._open311_find(number)
        self.assertEqual(caught.exception.status, 404)
        self.assertEqual(self.Request._open311_find(number, client=self.client).name, number)
        other = self.env["oss.api.client"].create({"name": "Other app"})
        with self.assertRaises(Open311Error):
            self.Request._open311_find(number, client=other)
        self.assertFalse(self.Request._open311_search({"service_request_id": number}, other))
        other.write({"service_ids": [(6, 0, self.env["oss.service"].search([("code", "=", "C01")]).ids)],
                     "read_service_requests": True})
        self.assertEqual(self.Request._open311_find(number, client=other).name, number)
        item = self.Request._open311_find(number, client=other)._open311_request(other)
        self.assertIsNone(item["description"])  # the description is for the client that posted it
        self.assertEqual(self.Request._open311_find(number, client=self.client)._open311_request(
            self.client)["description"], "Broken street light")

    def test_status_notes_carry_the_open_questions_never_the_answers(self):
        [answer] = self.Request._open311_submit(self.client, self._data())  # C09: a public report
        request = self.Request.search([("name", "=", answer["service_request_id"])]).sudo(
            new_user(self.env, "open311_fd_t", "gov_crm.group_gov_front_desk"))
        request.action_wait_applicant("Which pole? / เสาต้นไหน")
        request.action_wait_applicant("A photo of the lamp / รูปถ่ายโคมไฟ")
        request.question_ids.filtered(lambda q: q.question.startswith("Which")).action_record_answer(
            "The pole in front of house 99")
        item = self.Request._open311_find(request.name)._open311_request()  # anyone, by the number
        self.assertEqual(item["status_notes"],
                         "Waiting for applicant. The applicant is asked: A photo of the lamp / รูปถ่ายโคมไฟ.")
        self.assertNotIn("house 99", repr(item))
        request.question_ids.filtered(lambda q: q.state == "open").action_record_answer("Sent by LINE")
        self.assertEqual(self.Request._open311_find(request.name)._open311_request()["status_notes"],
                         "In progress.")

    def test_the_place_follows_the_service(self):
        c09 = self.env.ref("one_stop_service.oss_service_c09")
        self.assertEqual(c09.location_mode, "required")
        with self.assertRaises(Open311Error) as caught:
            self.Request._open311_submit(self.client, self._data(address_string=None))
        self.assertEqual((caught.exception.status, caught.exception.description),
                         (400, "service_code C09 needs the place: give lat and long, address_string or address_id."))
        [answer] = self.Request._open311_submit(self.client, self._data(address_string=None, lat="18.7883",
                                                                        long="98.9853"))
        request = self.Request.search([("name", "=", answer["service_request_id"])])
        self.assertEqual((request.open311_lat, request.open311_long), (18.7883, 98.9853))
        item = request._open311_request(base_url="https://gov.example")
        self.assertEqual((item["lat"], item["long"], item["address"]), (18.7883, 98.9853, None))
        for lat, long_ in (("0", "0"), ("98.9853", "18.7883"), ("21.0", "100.0"), ("13.7", "97.0")):
            with self.assertRaises(Open311Error) as caught:
                self.Request._open311_submit(self.client, self._data(lat=lat, long=long_))
            self.assertEqual(caught.exception.status, 400)
            self.assertIn("is outside Thailand", caught.exception.description)
        # a birth registration keeps no place; a personal request never shows one
        [answer] = self.Request._open311_submit(self.client, self._data(service_code="C01", lat="13.7", long="100.5"))
        request = self.Request.search([("name", "=", answer["service_request_id"])])
        self.assertEqual((request.open311_lat, request.open311_address), (0.0, False))

    def test_no_description_is_null_and_updated_is_never_before_received(self):
        [answer] = self.Request._open311_submit(self.client, self._data(description=None))
        request = self.Request.search([("name", "=", answer["service_request_id"])])
        item = request._open311_request(self.client)
        self.assertIsNone(item["description"])
        self.assertGreaterEqual(item["updated_datetime"], item["requested_datetime"])
        request.action_withdraw()
        self.assertEqual(request._open311_updated(), request.date_done)
        self.assertEqual(request.date_public_change, request.date_done)

    def test_xml_has_the_spec_element_names(self):
        body, content_type = xml_answer("service_requests", [{"service_request_id": "OSS-2569-000001",
                                                              "lat": None, "metadata": True, "note": "a\x0bb"}])
        self.assertEqual(content_type, "text/xml; charset=utf-8")
        self.assertEqual(body, b'<?xml version="1.0" encoding="UTF-8"?>\n<service_requests><request>'
                               b'<service_request_id>OSS-2569-000001</service_request_id><lat/>'
                               b'<metadata>true</metadata><note>a\xef\xbf\xbdb</note></request></service_requests>')
