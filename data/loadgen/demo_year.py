#!/usr/bin/env python3
"""A year of work for the demo database: persons, requests, cases, notices and payments.

    demo_year.py -c .state/conf/govcrm.conf -d govcrm [--persons 300] [--requests 400]
    build(env, persons=300, requests=400) -> what was added (None when the year is there already)

What someone deciding whether to adopt the product sees on the dashboards, the KPIs and
the Excel report: a few hundred persons and requests received over the past twelve
months in every state, their department cases (transferred, late and escalated, resolved
and rated), the legal notices and the fees paid at the counter. Everything is dated as it
would have happened and follows the load generator's rules, imported, not copied:

* persons: ``loadgen.load_persons`` (valid Thai national and juristic IDs, Thai names);
* requests, steps, cases, transfers, ratings and consents: ``requests_load.RequestLoader``
  over one year, each request replayed by ``lifecycle.Simulator`` on the office calendar;
* what the modules do on a given day is then done by the modules themselves, with their
  clock (``_oss_now``, the seam the tests fake, and ``fields.Datetime.now``) set to that
  moment (``Year.at``): the record of missing documents and its notice (s.8) for incomplete
  files, some withdrawn by the applicant, the overnight closing of the files whose
  documents never came (abandoned), the delay notice every 7 days to the applicants of
  late requests with its copy to OPDC (s.10), a rejection if the simulator drew none, the
  fee of fixed-fee services paid at the counter with its official receipt, the portal
  citizen's requests, and the work still in hand today (a question to the portal citizen,
  a request waiting for its fee, an e-mail in triage, a draft at the counter);
* the escalation job (late cases to their supervisors) and the refresh of the KPI
  summary run last, as the server's jobs would.

The same seed and sizes give the same year (dated back from the day it is built). The
year is built once: ``gov_demo.year`` (a system parameter) records it and a second run
adds nothing. ``make run`` runs it on the demo database (scripts/gov.sh, ``demo_year``).
"""
import argparse
import contextlib
import datetime
import json
import os
import random
import sys
import time
from unittest import mock

import pytz

HERE = os.path.dirname(os.path.abspath(__file__))
if HERE not in sys.path:
    sys.path.insert(0, HERE)

import odoo  # noqa: E402
from odoo import SUPERUSER_ID, api, fields  # noqa: E402

import people  # noqa: E402
from lifecycle import REJECT_REASONS, later  # noqa: E402
from loadgen import load_persons  # noqa: E402
from requests_load import RequestLoader  # noqa: E402

STATE_KEY = "gov_demo.year"
PERSONS = 300
REQUESTS = 400
SEED = 2569
INCOMPLETE_SHARE = 25      # one request in 25 is an incomplete file whose documents never came (s.8)


def built(env):
    """What the year added, as recorded when it was built (None when it was not)."""
    value = env["ir.config_parameter"].sudo().get_param(STATE_KEY)
    return json.loads(value) if value else None


class Year:
    """One build of the demo year in ``env`` (superuser), dated back from ``now`` (UTC, naive)."""

    def __init__(self, env, now, seed):
        self.env, self.now = env, now
        self.rnd = random.Random("demo-year-%s" % seed)
        self.local = env["resource.calendar"].gov_office_tz()
        self.summary = {}

    # ------------------------------------------------------------ the clock
    @contextlib.contextmanager
    def at(self, when):
        """The modules act at ``when``: the requests' and the payments' clock show it, the notices'
        jobs run then, and what they wrote in the chatter is dated then. The e-mails they queued
        went out at the time: the queue keeps none of them."""
        env, cr = self.env, self.env.cr
        stamp = fields.Datetime.to_string(when)
        cr.execute("SELECT coalesce(max(id), 0) FROM mail_message")
        last_message = cr.fetchone()[0]
        cr.execute("SELECT coalesce(max(id), 0) FROM mail_mail")
        last_mail = cr.fetchone()[0]
        patches = [mock.patch.object(type(env["oss.request"]), "_oss_now", lambda self: stamp),
                   mock.patch.object(fields.Datetime, "now", staticmethod(lambda *args: stamp))]
        if "oss.payment" in env:
            patches.append(mock.patch.object(type(env["oss.payment"]), "_oss_now", lambda self: stamp))
        with contextlib.ExitStack() as stack:
            for patch in patches:
                stack.enter_context(patch)
            yield stamp
            # the notices' jobs ran then, moments after the step that gave them (the job runner)
            # imported once Odoo knows its addons (main sets them up)
            from odoo.addons.one_stop_service.tests.jobs import run_jobs  # pylint: disable=import-outside-toplevel
            run_jobs(env)
        cr.execute("UPDATE mail_message SET date = %s WHERE id > %s", (stamp, last_message))
        cr.execute("DELETE FROM mail_mail WHERE id > %s", (last_mail,))
        env["mail.message"].invalidate_cache()

    def local_instant(self, day, hour, minute=0):
        """UTC instant of ``hour``:``minute`` on the local ``day`` in the office time zone."""
        moment = self.local.localize(datetime.datetime.combine(day, datetime.time(hour, minute)))
        return moment.astimezone(pytz.utc).replace(tzinfo=None)

    def local_day(self, utc):
        return pytz.utc.localize(utc).astimezone(self.local).date()

    # ------------------------------------------------------------ the year
    def build(self, persons, requests):
        env = self.env
        self.portal_requests = env["oss.request"]
        state = {}
        self.first_request_id = env["oss.request"].search([], order="id desc", limit=1).id
        load_persons(env, state, persons, SUPERUSER_ID, self.now, self.rnd)
        desk = env.ref("gov_crm.group_gov_front_desk").users.filtered(lambda u: u.active and not u.share)
        self.desk = env.ref("gov_crm.user_frontdesk_demo", raise_if_not_found=False) or desk[:1]
        self.loader = RequestLoader(env, self.now, self.rnd, desk.sorted("id").ids, years=1)
        self.loader.run(requests, max(requests, 1))
        self.summary.update(persons=persons, requests=requests, cases=self.loader.cases,
                            transfers=self.loader.transfers)
        self.incomplete_files(max(4, requests // INCOMPLETE_SHARE))
        self.rejections()
        self.missing_documents_records()
        self.abandon_overnight()
        self.delay_notices()
        self.fees_paid()
        self.portal_citizen()
        self.today()
        env["citizen.case"]._cron_escalate()
        if "gov.kpi.request.summary" in env:
            env["gov.kpi.request.summary"].kpi_refresh()
        return self.summary

    def _applicant(self, service):
        pool = self.loader.businesses if service.group == "G2B" else self.loader.citizens
        return self.rnd.choice(pool)

    def _new_request(self, service, when, channel="counter", received=True):
        """A request taken in at ``when`` as the front desk does: its checklist from the catalogue,
        every document received unless ``received`` is False (then the first mandatory one is missing)."""
        request = self.env["oss.request"].create({
            "partner_id": self._applicant(service), "service_id": service.id, "channel": channel,
            "date_received": fields.Datetime.to_string(when), "received_by_id": self.desk.id,
        })
        missing = request.document_ids.filtered("mandatory")[:1] if not received else request.document_ids.browse()
        (request.document_ids - missing).write({"received": True})
        return request

    def incomplete_files(self, count):
        """Files taken in without a mandatory document over the year: the record of what is missing
        and its notice (s.8) on the day; one applicant in four withdraws the request a few days
        later, the overnight job closes the others whose deadline passed, and the last one, taken in
        three hours ago, still waits for its documents."""
        services = self.env["oss.service"].search([("active", "=", True)]).filtered(
            lambda s: s.document_ids.filtered("mandatory"))
        instants = sorted(self.loader.clock("counter") for _i in range(count - 1))
        instants.append(self.now - datetime.timedelta(hours=3))
        for index, when in enumerate(instants):
            request = self._new_request(self.rnd.choice(services), when, received=False)
            with self.at(when):
                request.action_submit()
            withdraw = self.loader.cal.add_working_hours(when, self.rnd.uniform(4.0, 20.0))
            if index % 4 == 1 and withdraw < min(self.now, self.local_instant(
                    fields.Date.from_string(request.docs_deadline), 16)):
                with self.at(withdraw):
                    request.action_withdraw()
        self.summary["incomplete_files"] = count

    def rejections(self):
        """At least one request refused by a department with its reason, as the simulator refuses
        about one case in thirty: a year of a small agency has some."""
        Request = self.env["oss.request"]
        if Request.search_count([("state", "=", "rejected")]):
            return
        services = self.env["oss.service"].search([("active", "=", True), ("step_ids", "!=", False)])
        when = self.loader.clock("counter")
        while when > self.now - datetime.timedelta(days=3):
            when = self.loader.clock("counter")
        request = self._new_request(self.rnd.choice(services), when)
        with self.at(when):
            request.action_submit()
        case = request.case_ids[:1]
        with self.at(self.loader.cal.add_working_hours(when, self.rnd.uniform(4.0, 30.0))):
            case.action_resolve("rejected", self.rnd.choice(REJECT_REASONS))

    def missing_documents_records(self):
        """The generated files still waiting for documents get their record and notice (s.8) as on
        the day they were taken in."""
        waiting = self.env["oss.request"].search([("state", "=", "waiting_docs"), ("docs_deadline", "=", False)])
        for request in waiting.sorted("date_received"):
            with self.at(fields.Datetime.from_string(request.date_received)), request._oss_journal():
                request._oss_record_docs_deadline()
                request._oss_send_missing_documents_notice()

    def abandon_overnight(self):
        """The daily job closing abandoned files (s.8), run on each night after a deadline."""
        Request = self.env["oss.request"]
        deadlines = {fields.Date.from_string(d) for d in Request.search(
            [("state", "=", "waiting_docs"), ("docs_deadline", "!=", False)]).mapped("docs_deadline")}
        for deadline in sorted(deadlines):
            day = deadline + datetime.timedelta(days=1)
            when = self.local_instant(day, 1)
            if when > self.now:
                continue
            with self.at(when):
                Request._cron_close_abandoned(today=fields.Date.to_string(day))
        self.summary["abandoned"] = Request.search_count([("state", "=", "abandoned")])

    def delay_notices(self):
        """The daily job of delay notices (s.10), run on each day since the first late request."""
        Request = self.env["oss.request"]
        late = Request.search([("state", "in", ("submitted", "in_progress")),
                               ("expected_date", "<", fields.Datetime.to_string(self.now))],
                              order="expected_date", limit=1)
        if not late:
            self.summary["delay_notices"] = 0
            return
        day = self.local_day(fields.Datetime.from_string(late.expected_date))
        today = self.local_day(self.now)
        while day <= today:
            when = self.local_instant(day, 7)
            if when <= self.now:
                with self.at(when):
                    Request._cron_send_delay_notices(today=fields.Date.to_string(day))
            day += datetime.timedelta(days=1)
        self.summary["delay_notices"] = self.env["oss.request.notice"].search_count([("kind", "=", "delay")])

    def fees_paid(self):
        """The fee of each request of a fixed-fee service, paid at the counter to the cashier a few
        minutes after it was taken in, with its official receipt."""
        env = self.env
        if "oss.payment" not in env:
            return
        cashier = env.ref("oss_payment.user_cashier_demo", raise_if_not_found=False) or env.ref(
            "oss_payment.group_oss_cashier").users.filtered(lambda u: u.active and not u.share)[:1]
        if not cashier:
            return
        requests = env["oss.request"].search([
            ("service_id.fee_type", "=", "fixed"), ("service_id.fee", ">", 0),
            ("state", "not in", ("draft", "triage", "rejected", "withdrawn", "abandoned")),
            ("amount_paid", "=", 0)], order="date_received, id")
        Payment = env["oss.payment"].sudo(cashier)
        for request in requests:
            when = fields.Datetime.from_string(request.date_received) + datetime.timedelta(
                minutes=self.rnd.randint(3, 25))
            if when > self.now:
                continue
            with self.at(when):
                request._oss_fee_update()
                if request.amount_due:
                    Payment._oss_record(request.sudo(cashier), request.amount_due,
                                        self.rnd.choice(["cash", "cash", "cash", "qr", "card"]))
        # each cashier's day was closed at the end of its office hours
        for close in env["oss.cashier.close"].search([("state", "=", "open"), ("cashier_id", "=", cashier.id)]):
            day = fields.Date.from_string(close.day)
            if day < self.local_day(self.now):
                close.sudo(cashier).action_close()
                close.write({"date_closed": fields.Datetime.to_string(self.local_instant(day, 16, 40))})
        self.summary["payments"] = env["oss.payment"].search_count([])

    def portal_citizen(self):
        """Odoo's demo portal user (login ``portal``) is a citizen of the agency with two requests
        made on the portal: one finished weeks ago, its cases resolved one step after another and
        rated, and one received three days ago, in progress (``today`` asks them a question)."""
        env = self.env
        self.portal_requests = env["oss.request"]
        user = env.ref("base.demo_user0", raise_if_not_found=False)
        if not user:
            return
        partner = user.partner_id
        if not partner.national_id:
            partner.write({"gov_party_type": "citizen", "national_id": people.national_id(
                self.summary["persons"] + 1)})
        services = env["oss.service"].search([("active", "=", True), ("group", "=", "G2C"),
                                              ("step_ids", "!=", False)])
        if "fee_waits_payment" in services._fields:
            services = services.filtered(lambda s: not s.fee_waits_payment)
        cal = self.loader.cal
        for start, finish in ((self.now - datetime.timedelta(days=45), True),
                              (self.now - datetime.timedelta(days=3), False)):
            when = cal.add_working_hours(start, 1.0)  # in office hours
            request = self._new_request(self.rnd.choice(services), when, channel="portal")
            request.write({"partner_id": partner.id})
            self.portal_requests |= request
            with self.at(when):
                request.action_submit()
            open_cases = request.case_ids.filtered(lambda c: c.stage_state in ("new", "progress"))
            while finish and open_cases:  # each step's cases resolved, then the next step's
                for case in open_cases:
                    when = cal.add_working_hours(when, self.rnd.uniform(2.0, 12.0))
                    with self.at(when):
                        case.action_resolve("done")
                open_cases = request.case_ids.filtered(lambda c: c.stage_state in ("new", "progress"))
            last = request.case_ids.filtered("date_resolved").sorted("date_resolved")[-1:]
            if finish and last:
                with self.at(later(fields.Datetime.from_string(last.date_resolved), hours=20)):
                    # what the single-use link of the resolution e-mail records
                    last._rating_record("5", "สะดวก รวดเร็ว ขอบคุณค่ะ / quick and easy, thank you", "link")

    def today(self):
        """The work still in hand today: an e-mail waiting in triage, a draft at the counter, a
        request whose fee is to be assessed before processing starts (when a service waits for
        payment) and a question an officer asked an applicant."""
        env, now = self.env, self.now
        from odoo.addons.one_stop_service.models.oss_request_triage import IntakeMessage
        with self.at(now - datetime.timedelta(minutes=95)) as stamp:
            request = env["oss.request"]._oss_intake_message(IntakeMessage(
                "email", "วิไล ศรีสุข", "wilai.srisuk.demo@example.org", None, "ขอคัดสำเนาทะเบียนบ้าน",
                "เรียนเจ้าหน้าที่ ขอคัดสำเนาทะเบียนบ้านของบ้านเลขที่ 12/3 จำนวน 2 ชุด ขอบคุณค่ะ", [], None, "th_TH"))
            # the receipt's default is the server's own clock, which the replay does not move
            request.write({"date_received": stamp, "date_public_change": stamp})
        services = env["oss.service"].search([("active", "=", True), ("group", "=", "G2C")])
        self._new_request(self.rnd.choice(services), now - datetime.timedelta(minutes=10))
        if "oss.payment" in env:
            waits = env["oss.service"].search([("active", "=", True), ("fee_waits_payment", "=", True)])
            if waits:
                when = now - datetime.timedelta(minutes=40)
                request = self._new_request(self.rnd.choice(waits), when)
                with self.at(when):
                    request.action_submit()
        # the portal citizen's request in progress, whose question they answer on the portal
        case = self.portal_requests.mapped("case_ids").filtered(lambda c: c.stage_state in ("new", "progress"))[:1]
        case = case or env["citizen.case"].search([
            ("stage_state", "in", ("new", "progress")), ("request_id.state", "=", "in_progress"),
            ("request_id", ">", self.first_request_id)], order="date_open desc", limit=1)
        if not case:  # a small year may have no case open today: one taken in yesterday
            when = self.loader.cal.add_working_hours(now - datetime.timedelta(days=1), 0.0)
            services = env["oss.service"].search([("active", "=", True), ("group", "=", "G2C"),
                                                  ("step_ids", "!=", False)])
            request = self._new_request(self.rnd.choice(services), when)
            with self.at(when):
                request.action_submit()
            case = request.case_ids[:1]
        case.sudo(case.user_id or case.department_id.manager_id or env.user).action_ask_applicant(
            "กรุณาส่งภาพถ่ายสถานที่เพิ่มเติม / please send photographs of the site")


def build(env, persons=PERSONS, requests=REQUESTS, seed=SEED, now=None):
    """Build the year in ``env``'s database once; returns what was added, or None when the year is
    there already. The caller commits."""
    if built(env) is not None:
        return None
    now = now or datetime.datetime.utcnow().replace(second=0, microsecond=0)
    env = env(user=SUPERUSER_ID, context=dict(env.context, tz="Asia/Bangkok", tracking_disable=False))
    summary = Year(env, now, seed).build(persons, requests)
    summary["built_at"] = fields.Datetime.to_string(now)
    env["ir.config_parameter"].sudo().set_param(STATE_KEY, json.dumps(summary, sort_keys=True))
    return summary


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[1])
    parser.add_argument("-c", "--config", required=True, help="odoo.conf of the demo database")
    parser.add_argument("-d", "--database", required=True)
    parser.add_argument("--persons", type=int, default=PERSONS)
    parser.add_argument("--requests", type=int, default=REQUESTS)
    parser.add_argument("--seed", type=int, default=SEED)
    args = parser.parse_args(argv)
    odoo.tools.config.parse_config(["-c", args.config, "-d", args.database, "--log-level=warn"])
    started = time.time()
    with api.Environment.manage(), odoo.registry(args.database).cursor() as cr:
        summary = build(api.Environment(cr, SUPERUSER_ID, {"lang": "en_US"}),
                        persons=args.persons, requests=args.requests, seed=args.seed)
        cr.commit()
    if summary is None:
        print("==> demo year: already built in %s, nothing added" % args.database)
    else:
        print("==> demo year: %s in %.0f s" % (", ".join(
            "%s %s" % (value, key) for key, value in sorted(summary.items()) if key != "built_at"),
            time.time() - started))
    return 0


if __name__ == "__main__":
    sys.exit(main())
