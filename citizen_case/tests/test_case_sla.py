from odoo.exceptions import ValidationError

from odoo.addons.gov_crm.tests.common import sql_statements

from .common import CaseCase, utc


class TestCaseSla(CaseCase):
    """Government calendar: Mon-Fri 08:30-12:00, 13:00-16:30 Bangkok; 7 and 10 Dec 2026 are holidays."""

    def test_deadline_over_weekend_and_holidays(self):
        # Friday 4 Dec 10:00; Sat, Sun, Mon 7 (holiday), Tue 8 = day 1, Wed 9 = day 2,
        # Thu 10 (Constitution Day), Fri 11 = day 3, end of office hours
        case = self.new_case("2026-12-04 10:00", days=3)
        self.assertEqual(case.deadline, utc("2026-12-11 16:30"))
        self.assertEqual(case.sla_hours, 26.5)  # 5.5 on Friday + 3 x 7
        # 75% = 19.875 h: Fri 5.5 + Tue 7 + Wed 7 = 19.5, then 22.5 min on Friday 11
        self.assertEqual(case.date_at_risk, utc("2026-12-11 08:52:30"))
        self.assertTrue(case.name.startswith("CASE/"))

    def test_a_case_is_numbered_by_the_modules_sequence_without_searching_for_it(self):
        sequence = self.env.ref("citizen_case.seq_citizen_case")
        with sql_statements(lambda text: text.startswith("SELECT ir_sequence.id FROM")) as searched:
            case = self.Case.sudo(self.officer).create({"subject": "Walk-in", "department_id": self.dep.id})
        self.assertEqual(searched, [])
        self.assertEqual(case.name, sequence.get_next_char(sequence.number_next_actual - 1))
        # a sequence put in its place by an administrator (the module's deleted) is found by its code
        sequence.unlink()
        replaced = self.env["ir.sequence"].create({"name": "Cases", "code": "citizen.case", "prefix": "C-",
                                                   "padding": 3})
        self.assertEqual(self.Case.sudo(self.officer).create({"subject": "Next", "department_id": self.dep.id}).name,
                         "C-001")
        self.assertTrue(replaced)

    def test_department_default_period(self):
        self.dep.case_default_days = 1
        case = self.Case.create({"subject": "Phone complaint", "department_id": self.dep.id,
                                 "date_open": utc("2026-11-25 10:00")})
        self.assertEqual(case.sla_days, 1)
        self.assertEqual(case.deadline, utc("2026-11-26 16:30"))

    def test_sla_state_on_read(self):
        case = self.new_case("2026-12-04 10:00", days=3)
        with self.at("2026-12-11 08:52:29"):
            case.invalidate_cache()
            self.assertEqual(case.sla_state, "on_track")
        with self.at("2026-12-11 08:52:30"):
            case.invalidate_cache()
            self.assertEqual(case.sla_state, "at_risk")
        with self.at("2026-12-11 16:30"):
            case.invalidate_cache()
            self.assertEqual(case.sla_state, "breached")

    def test_pause_and_resume_exact_to_the_hour(self):
        case = self.new_case("2026-12-04 10:00", days=3)
        with self.at("2026-12-04 15:00"):
            case.sudo(self.officer).action_take()
        self.assertEqual(case.stage_id, self.stage["progress"])
        self.assertEqual(case.user_id, self.officer)
        self.assertEqual(case.first_response_hours, 4.0)  # 10-12 and 13-15
        with self.at("2026-12-08 09:30"):
            case.sudo(self.officer).action_ask_applicant("A copy of the house register")
        self.assertEqual(case.date_paused, utc("2026-12-08 09:30"))
        self.assertEqual(case.sla_frozen_state, "on_track")
        with self.at("2026-12-11 16:00"):  # past the original deadline, but the clock is stopped
            case.invalidate_cache()
            self.assertEqual(case.sla_state, "on_track")
        # resume Wednesday 9 Dec 14:30: stopped 2.5 + 3.5 (Tue) + 3.5 + 1.5 (Wed) = 11 office hours
        with self.at("2026-12-09 14:30"):
            case.sudo(self.officer).action_start()
        self.assertEqual(case.paused_hours, 11.0)
        self.assertFalse(case.date_paused)
        self.assertFalse(case.sla_frozen_state)
        # Fri 11 16:30 + 11 h = Mon 14 (7 h) + Tue 15 08:30-12:00, 13:00-13:30
        self.assertEqual(case.deadline, utc("2026-12-15 13:30"))
        # Fri 11 08:52:30 + 11 h = rest of Friday 6.625 h + Mon 14 3.5 h + 52.5 min
        self.assertEqual(case.date_at_risk, utc("2026-12-14 13:52:30"))
        with self.at("2026-12-15 10:30"):
            case.sudo(self.officer).action_resolve("done", "Issued")
        # Fri 5.5 + Tue 7 + Wed 7 + Fri 7 + Mon 7 + Tue 2 = 35.5, minus 11 stopped
        self.assertEqual(case.handling_hours, 24.5)
        self.assertEqual(case.date_resolved, utc("2026-12-15 10:30"))
        self.assertEqual(case.sla_frozen_state, "at_risk")

    def test_reopen_counts_and_restarts_the_clock(self):
        case = self.new_case("2026-12-04 10:00", days=3)
        with self.at("2026-12-08 10:00"):
            case.sudo(self.officer).action_resolve("info", "Answered by phone")
        self.assertEqual(case.stage_id, self.stage["resolved"])
        with self.at("2026-12-09 10:00"):  # stopped 7 office hours
            case.sudo(self.officer).action_reopen()
        self.assertEqual(case.reopen_count, 1)
        self.assertEqual(case.stage_id, self.stage["progress"])
        self.assertFalse(case.resolution_code)
        self.assertFalse(case.date_resolved)
        self.assertEqual(case.deadline, utc("2026-12-14 16:30"))
        with self.at("2026-12-09 11:00"):
            case.sudo(self.officer).action_resolve("done", "Done")
        with self.at("2026-12-09 11:30"):
            case.sudo(self.officer).action_reopen()
        self.assertEqual(case.reopen_count, 2)

    def test_resolved_stage_needs_a_resolution(self):
        case = self.new_case()
        with self.assertRaisesRegex(ValidationError, "needs a resolution code"):
            case.sudo(self.officer).write({"stage_id": self.stage["resolved"].id})

    def test_search_sla_state_exact(self):
        with self.at("2026-12-01 10:00"):
            on_track = self.new_case("2026-12-01 09:00", days=10)
            at_risk = self.new_case("2026-11-23 09:00", days=6)
            breached = self.new_case("2026-11-10 09:00", days=3)
            frozen_breached = self.new_case("2026-11-10 09:00", days=3)
            frozen_on_track = self.new_case("2026-11-30 09:00", days=10)
        with self.at("2026-11-20 10:00"):
            frozen_breached.action_ask_applicant("The signed form")
        with self.at("2026-12-01 10:00"):
            frozen_on_track.action_ask_applicant("The signed form")
        self.assertEqual(frozen_breached.sla_frozen_state, "breached")
        self.assertEqual(frozen_on_track.sla_frozen_state, "on_track")
        mine = [("department_id", "=", self.dep.id)]
        with self.at("2026-12-01 10:00"):
            def found(domain):
                return self.Case.search(mine + domain)
            self.assertEqual(found([("sla_state", "=", "on_track")]), on_track | frozen_on_track)
            self.assertEqual(found([("sla_state", "=", "at_risk")]), at_risk)
            self.assertEqual(found([("sla_state", "=", "breached")]), breached | frozen_breached)
            self.assertEqual(found([("sla_state", "in", ["at_risk", "breached"])]),
                             at_risk | breached | frozen_breached)
            self.assertEqual(found([("sla_state", "!=", "on_track")]),
                             at_risk | breached | frozen_breached)
            self.assertEqual(found([("sla_state", "not in", ["at_risk", "breached"])]),
                             on_track | frozen_on_track)
            for case in on_track | at_risk | breached | frozen_breached | frozen_on_track:
                case.invalidate_cache()
                self.assertEqual(found([("sla_state", "=", case.sla_state)]) & case, case)
