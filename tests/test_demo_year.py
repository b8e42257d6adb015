"""The demo's year of work (data/loadgen/demo_year.py), built small in the test database and rolled back.

``make run`` builds it with 300 persons and 400 requests; here 40 and 80 show the same shapes in
seconds: every state of a request, twelve months, late, transferred and rated cases, the notices
of the Licensing Act dated as they were given, fees paid, and legal clocks that follow from the
back-dated receipts on the office calendar. A second build adds nothing.
"""
import datetime
import os
import sys

from odoo import fields
from stdnum.th import moa, pin
from odoo.tests.common import SavepointCase

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "data", "loadgen"))
import demo_year  # noqa: E402

# a fixed day: the same seed and day give the same year
NOW = datetime.datetime(2026, 11, 30, 6, 0)


def to_dt(value):
    return fields.Datetime.from_string(value) if value else None


class TestDemoYear(SavepointCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        cls.env["ir.config_parameter"].sudo().set_param(demo_year.STATE_KEY, False)
        cls.before = {model: env[model].search([], order="id desc", limit=1).id
                      for model in ("res.partner", "oss.request", "citizen.case", "oss.request.notice")}
        cls.summary = demo_year.build(env, persons=40, requests=80, now=NOW)
        cls.requests = env["oss.request"].search([("id", ">", cls.before["oss.request"])])
        cls.cases = env["citizen.case"].search([("id", ">", cls.before["citizen.case"])])
        cls.notices = env["oss.request.notice"].search([("id", ">", cls.before["oss.request.notice"])])
        cls.calendar = env.ref("gov_crm.calendar_gov_office")
        cls.tz = env["resource.calendar"].gov_office_tz()

    def local_day(self, value):
        return fields.Datetime.context_timestamp(self.env.user.with_context(tz=self.tz.zone), to_dt(value)).date()

    def test_persons_with_valid_ids_and_thai_names(self):
        persons = self.env["res.partner"].search([("id", ">", self.before["res.partner"]),
                                                  ("national_id", "!=", False)])
        self.assertEqual(len(persons), 40)
        self.assertEqual(set(persons.mapped("lang")), {"th_TH"})
        self.assertTrue(all(pin.is_valid(p.national_id) or moa.is_valid(p.national_id) for p in persons))
        self.assertTrue(all(any("\u0e00" <= ch <= "\u0e7f" for ch in p.name) for p in persons))

    def test_every_state_over_twelve_months(self):
        # "submitted" is the state of a service without routing steps between receipt and its
        # finish; the catalogue has none (only the unpublished triage service)
        states = {key for key, _label in self.env["oss.request"]._fields["state"].selection} - {"submitted"}
        self.assertEqual(set(self.requests.mapped("state")), states)
        months = {self.local_day(r.date_received).strftime("%Y-%m") for r in self.requests}
        self.assertGreaterEqual(len(months), 10, sorted(months))
        self.assertTrue(all(to_dt(r.date_received) <= NOW for r in self.requests))
        self.assertGreater(len(self.requests), 80 + self.summary["incomplete_files"])

    def test_cases_late_transferred_rated(self):
        self.assertGreater(len(self.cases), 80)
        late = self.cases.filtered(lambda c: to_dt(c.deadline) < (to_dt(c.date_resolved) or NOW))
        self.assertTrue(late)
        self.assertTrue(self.cases.filtered("transfer_count"))
        rated = self.cases.filtered("rating")
        self.assertTrue(rated)
        self.assertTrue(all(to_dt(c.rating_date) >= to_dt(c.date_resolved) for c in rated))
        self.assertTrue(self.cases.filtered(lambda c: c.stage_state in ("new", "progress", "waiting")))

    def test_legal_clocks_follow_the_backdated_dates(self):
        started = self.requests.filtered("date_complete")
        self.assertGreater(len(started), 60)
        for request in started:
            self.assertLessEqual(to_dt(request.date_received), to_dt(request.date_complete))
            self.assertEqual(to_dt(request.expected_date), self.calendar.gov_add_working_days(
                to_dt(request.date_complete), request.service_id.legal_days), request.name)
            if request.date_done:
                self.assertGreaterEqual(to_dt(request.date_done), to_dt(request.date_complete))
        for case in self.cases.filtered(lambda c: not c.paused_hours and not c.reopen_count):
            self.assertEqual(to_dt(case.deadline), self.calendar.gov_add_working_days(
                to_dt(case.date_open), case.sla_days), case.name)

    def test_notices_dated_as_given(self):
        incomplete = self.requests.filtered("docs_deadline")
        self.assertGreaterEqual(len(incomplete), 4)
        for request in incomplete:
            notice = request.notice_ids.filtered(lambda n: n.kind == "missing_documents")
            self.assertEqual(len(notice), 1, request.name)
            self.assertEqual(fields.Date.from_string(notice.date), self.local_day(request.date_received))
        abandoned = self.requests.filtered(lambda r: r.state == "abandoned")
        self.assertTrue(abandoned)
        for request in abandoned:
            notice = request.notice_ids.filtered(lambda n: n.kind == "abandoned")
            self.assertEqual(len(notice), 1, request.name)
            self.assertGreater(notice.date, request.docs_deadline)
            self.assertEqual(self.local_day(request.date_done), fields.Date.from_string(notice.date))
        withdrawn = self.requests.filtered(lambda r: r.state == "withdrawn")
        self.assertTrue(all(to_dt(r.date_received) < to_dt(r.date_done) <= NOW for r in withdrawn))
        # the e-mails of the notices went out at the time: none waits in the queue
        self.assertFalse(self.env["mail.mail"].search([("mail_message_id.res_id", "in", incomplete.ids),
                                                       ("mail_message_id.model", "=", "oss.request")]))

    def test_fees_paid_at_the_counter(self):
        if "oss.payment" not in self.env:
            self.skipTest("oss_payment is not installed")
        payments = self.env["oss.payment"].search([("request_id", "in", self.requests.ids)])
        self.assertTrue(payments)
        for payment in payments:
            self.assertEqual(payment.request_id.payment_state, "paid")
            self.assertTrue(payment.receipt_id)
            received = to_dt(payment.request_id.date_received)
            self.assertTrue(received < to_dt(payment.date) < received + datetime.timedelta(minutes=30))
        self.assertTrue(self.requests.filtered(lambda r: r.state == "waiting_payment"))

    def test_kpi_summary_shows_the_year(self):
        if "gov.kpi.request.summary" not in self.env:
            self.skipTest("gov_kpi is not installed")
        months = {r.month for r in self.env["gov.kpi.request.summary"].search([])}
        year = {self.local_day(r.date_received).strftime("%Y-%m") for r in self.requests}
        self.assertFalse(year - months)
        self.assertGreaterEqual(len(year), 10)

    def test_second_build_adds_nothing(self):
        counts = {model: self.env[model].search_count([])
                  for model in ("res.partner", "oss.request", "citizen.case", "oss.request.notice")}
        self.assertIsNone(demo_year.build(self.env, persons=40, requests=80, now=NOW))
        self.assertEqual(counts, {model: self.env[model].search_count([]) for model in counts})
        self.assertEqual(demo_year.built(self.env)["requests"], 80)

    def test_portal_citizen_sees_their_requests(self):
        portal = self.env.ref("base.demo_user0")
        self.assertTrue(pin.is_valid(portal.partner_id.sudo().national_id))
        requests = self.env["oss.request"].sudo(portal).search([])
        # the one in progress waits for the answer to the question an officer asked this morning
        self.assertEqual(sorted(requests.mapped("state")), ["done", "waiting_applicant"])
        question = requests.filtered(lambda r: r.state == "waiting_applicant").sudo().question_ids
        self.assertEqual(question.mapped("state"), ["open"])
        self.assertEqual(set(requests.mapped("channel")), {"portal"})
        done = requests.filtered(lambda r: r.state == "done")
        self.assertEqual(done.sudo().case_ids.mapped("rating"), ["5"])
        self.assertTrue(all(self.calendar.gov_working_hours(to_dt(r.date_received) - datetime.timedelta(minutes=1),
                                                            to_dt(r.date_received)) > 0 for r in requests))
