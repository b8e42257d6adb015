"""Figures for the public pages, committed for the test server: requests of three services
over six months (most finished, some late, some open) from persons created here, rated
cases, and the KPI summary refreshed. ``remove_figures`` takes all of it away again and
refreshes the summary, so the published figures are those of before."""
import datetime
import time

from odoo import fields

from odoo.addons.gov_public.controllers.common import STAMP_SECONDS

SERVICES = ("C01", "C04", "B02")
MONTHS = 6


def national_id(serial):
    """A valid 13-digit national ID (mod-11 check digit) from a serial number."""
    digits = [int(d) for d in "19%010d" % serial]
    check = (11 - sum(d * (13 - i) for i, d in enumerate(digits)) % 11) % 10
    return "".join(str(d) for d in digits) + str(check)


def month_start(months_ago):
    today = datetime.date.today().replace(day=1)
    for _index in range(months_ago):
        today = (today - datetime.timedelta(days=1)).replace(day=1)
    return today


def _at(day, hour):
    """A naive UTC datetime string of ``hour`` o'clock Bangkok time on ``day``."""
    return fields.Datetime.to_string(datetime.datetime.combine(day, datetime.time(hour)) - datetime.timedelta(hours=7))


def commit_figures(env):
    """Create and refresh; returns what ``remove_figures`` needs (and the persons' details)."""
    # resolving a case writes its e-mail through a composer (transient): remembered to be removed
    last_composer = env["mail.compose.message"].search([], order="id desc", limit=1).id or 0
    Partner = env["res.partner"]
    persons = Partner.browse()
    for index in range(12):
        persons |= Partner.create({
            "name": "ผู้ทดสอบเปิดเผย %02d นามสกุลลับ" % index, "gov_party_type": "citizen",
            "national_id": national_id(730000 + index), "phone": "02 555 %04d" % (7100 + index),
            "mobile": "089 555 %04d" % (7200 + index), "email": "secret.person%02d@example.org" % index})
    requests = env["oss.request"].browse()
    cases = env["citizen.case"].browse()
    resolved = env.ref("citizen_case.stage_resolved")
    serial = 0
    for months_ago in range(MONTHS):
        first = month_start(months_ago)
        for code in SERVICES:
            service = env["oss.service"].search([("code", "=", code)])
            department = service.step_ids.sorted(lambda s: (s.sequence, s.id))[:1].department_id
            officer = department._case_officers()[:1]
            for number in range(6 + (serial % 3)):
                serial += 1
                received = first + datetime.timedelta(days=number % 20)
                request = env["oss.request"].create({
                    "partner_id": persons[serial % len(persons)].id, "service_id": service.id,
                    "channel": "counter", "date_received": _at(received, 9)})
                values = {"state": "in_progress", "date_received": _at(received, 9),
                          "date_complete": _at(received, 10),
                          "expected_date": _at(received + datetime.timedelta(days=14), 16)}
                if months_ago or number < 3:
                    late = serial % 5 == 0
                    done = received + datetime.timedelta(days=16 if late else 2 + number)
                    values.update(state="done", date_done=_at(min(done, datetime.date.today()), 11))
                request.write(values)
                requests |= request
                if values["state"] == "done" and serial % 2:
                    case = env["citizen.case"].create({
                        "subject": "ทดสอบหน้าสาธารณะ", "department_id": department.id, "user_id": officer.id,
                        "partner_id": request.partner_id.id, "request_id": request.id,
                        "date_open": values["date_complete"]})
                    case.write({"stage_id": resolved.id, "resolution_code": "done"})
                    case.write({"date_resolved": values["date_done"], "rating": str(3 + serial % 3),
                                "rating_date": values["date_done"]})
                    cases |= case
    env["gov.kpi.request.summary"].kpi_refresh()
    time.sleep(STAMP_SECONDS + 0.1)  # the pages show the new figures a second after the commit at most
    return {"requests": requests.ids, "cases": cases.ids, "persons": persons.ids, "last_composer": last_composer}


def remove_figures(env, created):
    from .conftest import purge_requests
    env["citizen.case"].browse(created["cases"]).exists().unlink()
    purge_requests(env, created["requests"], created["persons"])
    env["mail.compose.message"].search([("id", ">", created["last_composer"])]).unlink()
    env["gov.kpi.request.summary"].kpi_refresh()


def person_needles(env, created):
    """Everything that identifies the persons created: names, IDs (bare and formatted), phones, e-mails."""
    needles = set()
    for person in env["res.partner"].browse(created["persons"]):
        digits = person.national_id
        needles |= {person.name, person.name.split()[0], digits, person.email, person.phone, person.mobile,
                    "%s-%s-%s-%s-%s" % (digits[0], digits[1:5], digits[5:10], digits[10:12], digits[12]),
                    person.phone.replace(" ", ""), person.mobile.replace(" ", "")}
    return {needle for needle in needles if needle}
