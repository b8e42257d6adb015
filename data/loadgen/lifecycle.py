"""The life of a request and of its department cases, replayed on the office calendar.

``simulate_request`` walks one request through what one_stop_service and
citizen_case do (intake, missing documents, legal clock, routing by sequence, one
case per activated step, first response, waiting for the applicant, transfer,
resolution or rejection, reopening, closing, rating) and returns the rows those
modules would have stored, as they stand at ``now``. The rules mirror:

* ``oss.request._oss_start_clock`` / ``_oss_route_next`` / ``_oss_finish`` / ``_oss_reject``;
* ``citizen.case._sla_start_values`` (deadline, 75% at-risk instant, allowed hours),
  ``_stage_change_values`` (first response, clock stop/resume, reopen),
  ``_handling_hours``, ``_cancel_with_route``; the transfer keeps the deadline.
"""
import datetime

AT_RISK_SHARE = 0.75  # citizen_case.models.citizen_case_sla.AT_RISK_SHARE
REJECT_REASONS = ["เอกสารสิทธิ์ไม่ตรงกับสถานที่ / title deed does not match the site",
                  "ไม่เป็นไปตามหลักเกณฑ์ของกฎหมาย / does not meet the legal criteria"]
TRANSFER_REASONS = ["อยู่ในอำนาจหน้าที่ของหน่วยงานอื่น / within another department's remit",
                    "ต้องตรวจสอบพื้นที่ / needs a site inspection",
                    "ส่งต่อตามคำสั่งหัวหน้า / forwarded on the supervisor's instruction"]


class Case:
    """The stored values of one citizen.case (and its transfer, if any)."""
    __slots__ = ("step_index", "department_id", "origin_department_id", "date_open", "sla_days",
                 "sla_hours", "deadline", "date_at_risk", "date_paused", "paused_hours",
                 "sla_frozen_state", "date_first_response", "first_response_hours",
                 "date_resolved", "handling_hours", "resolution_code", "resolution_note",
                 "reopen_count", "stage", "user_id", "transfer", "rating", "rating_date",
                 "rating_channel", "write_date", "resolved_at")

    def __init__(self):
        for name in self.__slots__:
            setattr(self, name, None)


def later(moment, **delta):
    """``moment`` + a timedelta, truncated to the second as fields.Datetime stores it."""
    return (moment + datetime.timedelta(**delta)).replace(microsecond=0)


def running_state(now, deadline, date_at_risk):
    """citizen.case._sla_running_state"""
    if deadline <= now:
        return "breached"
    if date_at_risk <= now:
        return "at_risk"
    return "on_track"


class Simulator:
    def __init__(self, cal, rnd, now, officers, departments, manual_departments):
        self.cal, self.rnd, self.now = cal, rnd, now
        self.officers = officers                # department id -> [user ids]
        self.departments = departments          # all department ids
        self.manual = manual_departments        # departments with manual assignment

    def officer(self, department_id):
        users = self.officers.get(department_id)
        return self.rnd.choice(users) if users else None

    # ------------------------------------------------------------ one case
    def draw(self):
        """Every random choice of one case, drawn up front so that the case can be replayed
        to any instant (``case(..., horizon=...)``) with the same fate."""
        rnd = self.rnd
        return {
            # about one case in eight runs late; one in seventy is forgotten for months (the backlog)
            "effort": rnd.betavariate(2.2, 3.0) * 1.45 * (25 if rnd.random() < 0.015 else 1),
            "first": rnd.uniform(0.03, 0.3),
            "transfer": rnd.random() < 0.12, "transfer_to": rnd.random(),
            "transfer_reason": rnd.choice(TRANSFER_REASONS),
            "pause": rnd.random() < 0.12, "pause_hours": rnd.uniform(2.0, 40.0),
            "reject": rnd.random() < 0.03, "code": rnd.choice(["done"] * 8 + ["info"]),
            "reject_reason": rnd.choice(REJECT_REASONS),
            "reopen": rnd.random() < 0.04, "reopen_after": rnd.uniform(1.0, 16.0),
            "reopen_work": rnd.uniform(1.0, 24.0),
            "close": rnd.random() < 0.8, "close_days": rnd.uniform(1, 10),
            "rate": rnd.random() < 0.35, "rating": rnd.choice("1223344444555555"),
            "rate_hours": rnd.uniform(1, 72), "rate_link": rnd.random() < 0.7,
            "officer": rnd.random(), "officer_from": rnd.random(),
        }

    def _pick(self, department_id, share):
        users = self.officers.get(department_id)
        return users[int(share * len(users))] if users else None

    def case(self, department_id, date_open, sla_days, fate, horizon=None):
        """The case opened at ``date_open`` as stored at ``horizon`` (default: now);
        ``resolved_at`` is the instant of its first resolution, or None while open."""
        cal = self.cal
        now = horizon or self.now
        case = Case()
        case.department_id = case.origin_department_id = department_id
        case.date_open, case.sla_days = date_open, sla_days
        deadline = cal.add_working_days(date_open, sla_days)
        hours = cal.working_hours(date_open, deadline)
        at_risk = cal.add_working_hours(date_open, hours * AT_RISK_SHARE)
        case.sla_hours, case.deadline, case.date_at_risk = hours, deadline, at_risk
        case.paused_hours = 0.0
        case.reopen_count = 0
        used = max(hours, 1.0) * fate["effort"]
        first_response = used * fate["first"]
        t_first = cal.add_working_hours(date_open, first_response)
        # a transfer happens before the receiving department's first response
        if fate["transfer"] and len(self.departments) > 1:
            t_transfer = cal.add_working_hours(date_open, first_response * 0.5)
            if t_transfer <= now:
                others = [d for d in self.departments if d != department_id]
                target = others[int(fate["transfer_to"] * len(others))]
                case.transfer = (t_transfer, department_id, target,
                                 self._pick(department_id, fate["officer_from"]), fate["transfer_reason"])
                case.department_id = target
        pause = None
        if fate["pause"]:
            t_pause = cal.add_working_hours(date_open, first_response + (used - first_response) * 0.4)
            pause = (t_pause, cal.add_working_hours(t_pause, fate["pause_hours"]))
        t_resolve = cal.add_working_hours(
            date_open, used + (cal.working_hours(pause[0], pause[1]) if pause else 0.0))
        case.write_date = date_open
        officer = self._pick(case.department_id, fate["officer"])
        case.user_id = None if case.department_id in self.manual else officer
        if t_first > now:
            case.stage = "new"
            return case
        case.date_first_response = t_first
        case.first_response_hours = cal.working_hours(date_open, t_first)
        case.user_id = officer  # with manual assignment the officer takes the case
        case.write_date = t_first
        if pause and pause[0] <= now:
            t_pause, t_resume = pause
            case.write_date = t_pause
            if t_resume > now:  # waiting for the applicant: the clock is stopped
                case.stage = "waiting"
                case.date_paused = t_pause
                case.sla_frozen_state = running_state(t_pause, deadline, at_risk)
                return case
            stopped = cal.working_hours(t_pause, t_resume)
            case.paused_hours += stopped
            case.deadline = cal.add_working_hours(case.deadline, stopped)
            case.date_at_risk = cal.add_working_hours(case.date_at_risk, stopped)
            case.write_date = t_resume
        if t_resolve > now:
            case.stage = "progress"
            return case
        rejected = fate["reject"]
        self._resolve(case, t_resolve, "rejected" if rejected else fate["code"], fate)
        case.resolved_at = t_resolve
        if not rejected and fate["reopen"]:  # reopened, then resolved again
            t_reopen = cal.add_working_hours(t_resolve, fate["reopen_after"])
            if t_reopen <= now:
                stopped = cal.working_hours(case.date_paused, t_reopen)
                case.paused_hours += stopped
                case.deadline = cal.add_working_hours(case.deadline, stopped)
                case.date_at_risk = cal.add_working_hours(case.date_at_risk, stopped)
                case.reopen_count = 1
                case.date_paused = case.sla_frozen_state = None
                case.date_resolved = case.handling_hours = case.resolution_code = None
                case.stage = "progress"
                case.write_date = t_reopen
                t_again = cal.add_working_hours(t_reopen, fate["reopen_work"])
                if t_again > now:
                    return case
                self._resolve(case, t_again, "done", fate)
        # the supervisor closes most resolved cases a few days later
        t_close = later(case.date_resolved, days=fate["close_days"])
        if fate["close"] and t_close <= now:
            case.stage = "closed"
            case.write_date = t_close
        if fate["rate"] and case.resolution_code != "rejected":
            t_rate = later(case.date_resolved, hours=fate["rate_hours"])
            if t_rate <= now:
                case.rating = fate["rating"]
                case.rating_date = t_rate
                case.rating_channel = "link" if fate["rate_link"] else "desk"
                case.write_date = max(case.write_date, t_rate)
        return case

    def _resolve(self, case, when, code, fate):
        case.stage = "resolved"
        case.date_paused = when
        case.sla_frozen_state = running_state(when, case.deadline, case.date_at_risk)
        case.date_resolved = when
        case.handling_hours = max(self.cal.working_hours(case.date_open, when) - case.paused_hours, 0.0)
        case.resolution_code = code
        case.resolution_note = fate["reject_reason"] if code == "rejected" else None
        case.write_date = when

    def cancelled(self, case, fate, when):
        """_cancel_with_route: the case as it stood at ``when``, closed because the request stopped."""
        stopped = self.case(case.origin_department_id, case.date_open, case.sla_days, fate, horizon=when)
        stopped.step_index = case.step_index
        if stopped.stage not in ("new", "progress", "waiting"):
            return stopped
        stopped.stage = "closed"
        if stopped.sla_frozen_state is None:
            stopped.date_paused = when
            stopped.sla_frozen_state = running_state(when, stopped.deadline, stopped.date_at_risk)
        stopped.resolution_code = "cancelled"
        stopped.resolution_note = "The request was stopped: this step is no longer needed."
        stopped.write_date = when
        return stopped

    # ------------------------------------------------------------ one request
    def request(self, service, date_received):
        """(request values, [step values], [Case]) as stored at ``now``."""
        cal, rnd, now = self.cal, self.rnd, self.now
        req = {"date_received": date_received, "state": "submitted", "date_complete": None,
               "expected_date": None, "date_done": None, "reject_reason": None,
               "missing": 0, "write_date": date_received}
        steps, cases = [], []
        t_complete = date_received
        if rnd.random() < 0.08 and service["documents"]:  # an incomplete file (s.8)
            t_complete = later(date_received, days=rnd.uniform(0.5, 12))
            if t_complete > now:
                req["state"] = "waiting_docs"
                req["missing"] = min(len(service["documents"]), rnd.choice([1, 1, 2]))
                return req, steps, cases
        expected = cal.add_working_days(t_complete, service["legal_days"])
        req.update(date_complete=t_complete, expected_date=expected, write_date=t_complete)
        steps = [{"step": step, "state": "pending", "date_start": None, "date_done": None, "note": None}
                 for step in service["steps"]]
        if not steps:
            t_done = cal.add_working_hours(t_complete, rnd.uniform(0.5, 6.0))
            if t_done <= now:
                req.update(state="done", date_done=t_done, write_date=t_done)
            return req, steps, cases
        req["state"] = "in_progress"
        withdraw_at = None
        if rnd.random() < 0.01:
            withdraw_at = later(t_complete, days=rnd.uniform(0.5, 10))
            if withdraw_at > now:
                withdraw_at = None
        t = t_complete
        for sequence in sorted({s["step"]["sequence"] for s in steps}):
            if withdraw_at and withdraw_at <= t:
                return self._stop(req, steps, cases, withdraw_at, "withdrawn")
            group = []
            for i, step in enumerate(steps):
                if step["step"]["sequence"] != sequence:
                    continue
                step.update(state="active", date_start=t)
                fate = self.draw()
                case = self.case(step["step"]["department_id"], t,
                                 step["step"]["days"] or service["legal_days"], fate)
                case.step_index = i
                cases.append((case, fate))
                group.append(case)
            for c in group:
                if c.resolved_at is not None:
                    steps[c.step_index].update(state="done", date_done=c.resolved_at)
            rejected = [c for c in group if c.resolution_code == "rejected"]
            first = min(rejected, key=lambda c: c.resolved_at) if rejected else None
            if withdraw_at and (first is None or withdraw_at < first.resolved_at) and any(
                    c.resolved_at is None or c.resolved_at > withdraw_at for c in group):
                return self._stop(req, steps, cases, withdraw_at, "withdrawn")
            if first:
                steps[first.step_index].update(state="rejected", note=first.resolution_note)
                req["reject_reason"] = first.resolution_note
                return self._stop(req, steps, cases, first.resolved_at, "rejected", keep=first)
            if any(c.resolved_at is None for c in group):
                return req, steps, [c for c, _f in cases]  # the route waits here
            t = max(c.resolved_at for c in group)
        if withdraw_at and withdraw_at <= t:
            return self._stop(req, steps, cases, withdraw_at, "withdrawn")
        req.update(state="done", date_done=t, write_date=t)
        return req, steps, [c for c, _f in cases]

    def _stop(self, req, steps, cases, when, state, keep=None):
        """_oss_reject / action_withdraw: open steps cancelled, their cases closed as cancelled."""
        result = []
        for case, fate in cases:
            if case is keep or case.resolved_at is not None and case.resolved_at <= when:
                if case is not keep:
                    steps[case.step_index].update(state="done", date_done=case.resolved_at)
                result.append(case)
                continue
            result.append(self.cancelled(case, fate, when))
            steps[case.step_index]["state"] = "cancelled"
        for step in steps:
            if step["state"] in ("pending", "active"):
                step["state"] = "cancelled"
        if keep is not None:
            steps[keep.step_index]["date_done"] = when
        req.update(state=state, date_done=when, write_date=when)
        return req, steps, result
