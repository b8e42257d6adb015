"""Journeys of those who watch the work: the supervisor's late list and the manager's KPIs.

12. A case past its deadline is escalated by the escalation job; the supervisor finds it in
    the late list with an activity and a notification; the officer resolves it and it
    leaves the list.
14. The KPIs of the month include this run's requests: the manager's dashboard and the
    requests summary (refreshed as its job does) count them with the right on-time, late
    and handling figures; the supervisor sees only their departments.

What only the system does runs through ``committed_env``: the clocks moved back (a case
that came in two weeks ago, a request received ten days ago), the escalation job and the
refresh of the summary.
"""
import datetime

import pytest

from odoo import fields

from ..conftest import committed_env
from .conftest import LATE_MENU, queue, ref_id, ref_ids, resolve

C02, C04 = "one_stop_service.oss_service_c02", "one_stop_service.oss_service_c04"
REG, ENG = "gov_crm.department_civil_registration", "gov_crm.department_public_works"


def move_case_clock_back(case_id, days):
    """The system's clock for a case opened ``days`` ago: its deadline has passed."""
    with committed_env() as env:
        now = datetime.datetime.utcnow()
        env.cr.execute("""UPDATE citizen_case SET date_open = %s, deadline = %s, date_at_risk = %s
                           WHERE id = %s""", (now - datetime.timedelta(days=days), now - datetime.timedelta(hours=2),
                                              now - datetime.timedelta(days=2), case_id))


def escalation_job(journey):
    """The escalation job, as its cron runs it. It escalates every late case of the database;
    the demo's cases get back their state at the end (their new activities and messages go
    with the journey's rows)."""
    with committed_env() as env:
        env.cr.execute("SELECT id, escalated_state, activity_date_deadline FROM citizen_case "
                       "WHERE id <= %s", (journey.start["citizen.case"],))
        before = env.cr.fetchall()

    def restore():
        with committed_env() as env:
            for case_id, state, deadline in before:
                env.cr.execute("UPDATE citizen_case SET escalated_state = %s, activity_date_deadline = %s "
                               "WHERE id = %s AND (escalated_state IS DISTINCT FROM %s "
                               "OR activity_date_deadline IS DISTINCT FROM %s)",
                               (state, deadline, case_id, state, deadline))
    journey.on_cleanup(restore)
    with committed_env() as env:
        return env["citizen.case"]._cron_escalate()


def test_a_late_case_is_escalated_to_the_supervisor_and_resolved(journey):
    desk, one, supervisor = journey.as_("frontdesk"), journey.as_("officer1"), journey.as_("supervisor")
    applicant = journey.walk_in("นายรอนาน เกินกำหนด")
    request_id = journey.register(desk, C02, applicant)
    [case] = queue(one, request_id)
    one.button("citizen.case", "action_take", [case["id"]])
    # the case came in two weeks ago and its deadline passed this morning
    move_case_clock_back(case["id"], 14)

    # the officers do not have the late list; the supervisor lands on it
    assert ref_id(LATE_MENU) not in one.menus()
    late = supervisor.menu_action(LATE_MENU)
    assert late["res_model"] == "citizen.case"
    fields_ = ["name", "user_id", "sla_state", "escalated_state", "activity_ids", "stage_state"]
    [row] = supervisor.screen_records(late, fields_, [("id", "=", case["id"])])
    assert (row["sla_state"], row["escalated_state"], row["activity_ids"]) == ("breached", False, [])

    # the escalation job tells the supervisor
    assert escalation_job(journey) >= 1
    [row] = supervisor.screen_records(late, fields_, [("id", "=", case["id"])])
    assert (row["sla_state"], row["escalated_state"], row["user_id"][0]) == ("breached", "breached", one.uid)
    [activity] = supervisor.read("mail.activity", row["activity_ids"], ["summary", "user_id", "date_deadline"])
    assert activity["user_id"][0] == supervisor.uid
    # in the supervisor's language
    thai = supervisor.read_one("res.users", supervisor.uid, ["lang"])["lang"] == "th_TH"
    assert activity["summary"] == ("เรื่องเกินกำหนด" if thai else "Case past its deadline")
    # the list opens grouped by officer: the case counts in officer1's group
    groups = {g["user_id"][0] if g["user_id"] else False: g["__count"]
              for g in supervisor.screen_groups(late, ["user_id"])}
    assert groups.get(one.uid, 0) >= 1
    inbox = supervisor.search_read("mail.message", [("needaction", "=", True), ("model", "=", "citizen.case"),
                                                    ("res_id", "=", case["id"])], ["body"])
    assert len(inbox) == 1
    assert ("เรื่องเกินกำหนดเวลาแล้ว" if thai else "the deadline has passed") in inbox[0]["body"]
    # the job does not tell twice
    escalation_job(journey)
    assert len(supervisor.search_read("mail.message", [("model", "=", "citizen.case"), ("res_id", "=", case["id"]),
                                                       ("needaction", "=", True)], ["id"])) == 1

    # the officer sees it breached in his queue and resolves it: it leaves the late list
    [mine] = one.screen_records("citizen_case.citizen_case_action_my", ["sla_state"], [("id", "=", case["id"])])
    assert mine["sla_state"] == "breached"
    resolve(one, case["id"], note="บันทึกการย้ายแล้ว ขออภัยที่ล่าช้า")
    assert supervisor.screen_records(late, ["id"], [("id", "=", case["id"])]) == []
    assert supervisor.read_one("citizen.case", case["id"], ["activity_ids"])["activity_ids"] == []


# ---------------------------------------------------------------- the KPI of the month
SUMMARY_MEASURES = ["nbr", "open_count", "finished_count", "on_time_count", "late_count", "handling_count",
                    "handling_days_sum"]


def refresh_summary(journey=None):
    """The summary's job, as its cron runs it (every 15 minutes in production)."""
    with committed_env() as env:
        env["gov.kpi.request.summary"].kpi_refresh()
    if journey:  # once the journey's requests are gone, the summary forgets them too
        journey.after_cleanup(refresh_summary)


def summary(person, months):
    """The requests KPIs (the menu's pivot) of the months, as ``person`` reads them: totals, and
    the departments of the rows."""
    action = person.menu_action("gov_kpi.gov_kpi_request_summary_menu")
    domain, context, _groupby = person.screen(action)
    domain = domain + [("month", "in", sorted(months))]
    [totals] = person.call_kw("gov.kpi.request.summary", "read_group", [domain, SUMMARY_MEASURES, []],
                              {"lazy": False, "context": person.ctx(context)})
    departments = person.call_kw("gov.kpi.request.summary", "read_group",
                                 [domain, ["nbr", "department_id"], ["department_id"]],
                                 {"lazy": False, "context": person.ctx(context)})
    return totals, {g["department_id"][0] for g in departments if g["department_id"]}


def dashboard(person):
    """The service quality dashboard, as the menu opens it."""
    action = person.menu_action("gov_kpi.gov_kpi_dashboard_menu")
    assert action["res_model"] == "gov.kpi.dashboard" and action["res_id"]
    values = person.read_one("gov.kpi.dashboard", action["res_id"], [
        "open_request_count", "late_request_count", "finished_count", "on_time_rate", "month",
        "department_line_ids"])
    values["departments"] = {line["department_id"][0] for line in person.read(
        "gov.kpi.dashboard.line", values["department_line_ids"], ["department_id"])}
    return values


def bangkok_month(utc):
    return (fields.Datetime.from_string(utc) + datetime.timedelta(hours=7)).strftime("%Y-%m")


def test_the_kpi_of_the_month_counts_this_runs_requests(journey):
    desk, one = journey.as_("frontdesk"), journey.as_("officer1")
    manager, supervisor = journey.as_("manager"), journey.as_("supervisor")
    registration, works, health = ref_ids(REG, ENG, "gov_crm.department_health")
    refresh_summary(journey)
    before = {person.login: dashboard(person) for person in (manager, supervisor)}

    applicant = journey.walk_in("นางสาวตัวชี้วัด ประจำเดือน")
    # A: a change of address finished on time
    on_time = journey.register(desk, C02, applicant)
    applicant["partner_id"] = desk.read_one("oss.request", on_time, ["partner_id"])["partner_id"][0]
    [case] = queue(one, on_time)
    one.button("citizen.case", "action_take", [case["id"]])
    resolve(one, case["id"])
    # B: one received ten days ago whose legal period ran out; finished today, late
    late_done = journey.register(desk, C02, applicant)
    received = move_request_clock_back(late_done, 10)
    [case] = queue(one, late_done)
    one.button("citizen.case", "action_take", [case["id"]])
    resolve(one, case["id"])
    # C: one still open past its legal period
    late_open = journey.register(desk, C02, applicant)
    move_request_clock_back(late_open, 10)
    # D: a nuisance complaint for Public Health, open and on time (not the supervisor's)
    elsewhere = journey.register(desk, C04, applicant)
    ours = [on_time, late_done, late_open, elsewhere]
    states = {r["id"]: r["state"] for r in desk.read("oss.request", ours, ["state"])}
    assert [states[i] for i in ours] == ["done", "done", "in_progress", "in_progress"]

    # the requests analysis (live, one row a request), as the manager drills down
    rows = {row["request_id"][0]: row for row in manager.search_read(
        "gov.kpi.request.report", [("request_id", "in", ours)],
        ["request_id", "department_id", "on_time_rate", "late_count", "handling_days", "open_count",
         "finished_count", "month"])}
    assert [rows[i]["department_id"][0] for i in ours] == [registration, registration, registration, health]
    assert [(rows[i]["on_time_rate"], rows[i]["late_count"]) for i in ours] == \
        [(100.0, 0), (0.0, 1), (False, 1), (False, 0)]
    assert [(rows[i]["finished_count"], rows[i]["open_count"]) for i in ours] == [(1, 0), (1, 0), (0, 1), (0, 1)]
    assert 0 <= rows[on_time]["handling_days"] < 0.01  # finished minutes after it was complete
    with committed_env() as env:
        request = env["oss.request"].browse(late_done)
        calendar = env.ref("gov_crm.calendar_gov_office")
        hours = calendar.gov_working_hours(fields.Datetime.from_string(request.date_complete),
                                           fields.Datetime.from_string(request.date_done))
    assert rows[late_done]["handling_days"] == pytest.approx(hours / 7.0, abs=1e-4)
    assert rows[late_done]["handling_days"] >= 5  # at least five working days in ten calendar days
    # the supervisor drills down to their departments only
    assert sorted(r["request_id"][0] for r in supervisor.search_read(
        "gov.kpi.request.report", [("request_id", "in", ours)], ["request_id"])) == sorted(ours[:3])

    # the manager's dashboard: two more open (one of them late), two more finished this month
    after = {person.login: dashboard(person) for person in (manager, supervisor)}
    delta = {login: {key: after[login][key] - before[login][key]
                     for key in ("open_request_count", "late_request_count", "finished_count")}
             for login in after}
    assert delta["manager"] == {"open_request_count": 2, "late_request_count": 1, "finished_count": 2}
    finished, rate = before["manager"]["finished_count"], before["manager"]["on_time_rate"]
    assert after["manager"]["on_time_rate"] == pytest.approx(
        100.0 * (round(rate * finished / 100.0) + 1) / (finished + 2), abs=0.01)
    # the supervisor's: Public Health's complaint is not theirs
    assert delta["supervisor"] == {"open_request_count": 1, "late_request_count": 1, "finished_count": 2}
    assert after["supervisor"]["departments"] <= {registration, works}
    assert health in after["manager"]["departments"]

    # the requests summary, once its job refreshed it: the same requests, counted exactly
    months = {rows[i]["month"] for i in ours} | {bangkok_month(received)}
    summary_before = {person.login: summary(person, months)[0] for person in (manager, supervisor)}
    refresh_summary()
    totals = {}
    for person in (manager, supervisor):
        now, departments = summary(person, months)
        totals[person.login] = {key: now[key] - summary_before[person.login][key] for key in SUMMARY_MEASURES}
        if person is supervisor:
            assert departments <= {registration, works}
    handled = rows[on_time]["handling_days"] + rows[late_done]["handling_days"]
    assert totals["manager"].pop("handling_days_sum") == pytest.approx(handled, abs=1e-4)
    assert totals["manager"] == {"nbr": 4, "open_count": 2, "finished_count": 2, "on_time_count": 1,
                                 "late_count": 2, "handling_count": 2}
    assert totals["supervisor"].pop("handling_days_sum") == pytest.approx(handled, abs=1e-4)
    assert totals["supervisor"] == {"nbr": 3, "open_count": 1, "finished_count": 2, "on_time_count": 1,
                                    "late_count": 2, "handling_count": 2}


def move_request_clock_back(request_id, days):
    """The system's clock for a request received ``days`` ago with its file complete: its legal
    period (the service's working days on the agency calendar) ended before today."""
    with committed_env() as env:
        request = env["oss.request"].browse(request_id)
        received = datetime.datetime.utcnow().replace(microsecond=0) - datetime.timedelta(days=days)
        expected = env.ref("gov_crm.calendar_gov_office").gov_add_working_days(
            received, request.service_id.legal_days)
        env.cr.execute("UPDATE oss_request SET date_received = %s, date_complete = %s, expected_date = %s "
                       "WHERE id = %s", (received, received, expected, request_id))
        return fields.Datetime.to_string(received)
