from .common import CaseCase, utc


class TestCaseEscalation(CaseCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.quiet = cls.Case.with_context(tracking_disable=True, mail_create_nolog=True,
                                          mail_create_nosubscribe=True)

    def due_cases(self, count, deadline="2026-11-20 16:30", at_risk="2026-11-18 10:00"):
        cases = self.Case
        for _i in range(count):
            cases |= self.quiet.create({
                "subject": "Due", "department_id": self.dep.id, "date_open": utc("2026-11-10 09:00"),
                "sla_days": 5, "deadline": utc(deadline), "date_at_risk": utc(at_risk)})
        return cases

    def escalation_activities(self, cases):
        return self.env["mail.activity"].search([
            ("res_model", "=", "citizen.case"), ("res_id", "in", cases.ids),
            ("activity_type_id", "=", self.env.ref("citizen_case.mail_activity_type_escalation").id)])

    def run_cron(self):
        cr = self.env.cr
        before = cr.sql_log_count
        with self.at("2026-11-25 10:00"):
            escalated = self.Case._cron_escalate()
        return escalated, cr.sql_log_count - before

    def test_query_count_does_not_grow_with_due_cases(self):
        self.due_cases(1)
        self.run_cron()  # warm the caches (xml ids, model ids)
        ten = self.due_cases(10)
        escalated_10, queries_10 = self.run_cron()
        two_hundred = self.due_cases(200)
        escalated_200, queries_200 = self.run_cron()
        self.assertEqual((escalated_10, escalated_200), (10, 200))
        self.assertEqual(queries_10, queries_200)
        self.assertLessEqual(queries_200, 10)
        self.assertEqual(len(self.escalation_activities(ten)), 10)
        self.assertEqual(len(self.escalation_activities(two_hundred)), 200)
        self.assertEqual(set(self.escalation_activities(two_hundred).mapped("user_id")), {self.supervisor})

    def test_idempotent_and_once_per_state_change(self):
        self.run_cron()  # the demo cases' escalations
        at_risk = self.due_cases(1, deadline="2026-11-27 16:30", at_risk="2026-11-24 10:00")
        breached = self.due_cases(1)
        on_track = self.due_cases(1, deadline="2026-12-10 16:30", at_risk="2026-12-08 10:00")
        waiting = self.due_cases(1)
        waiting.partner_id = self.partner
        with self.at("2026-11-19 10:00"):
            waiting.action_ask_applicant("The signed form")
        self.assertEqual(self.run_cron()[0], 2)
        self.assertEqual(at_risk.escalated_state, "at_risk")
        self.assertEqual(breached.escalated_state, "breached")
        self.assertFalse(on_track.escalated_state)
        self.assertFalse(waiting.escalated_state)  # the clock is stopped
        activity = self.escalation_activities(at_risk)
        self.assertEqual(activity.user_id, self.supervisor)
        self.assertIn("at risk", activity.summary)
        # the stored "next activity deadline" follows, as if the ORM had written it
        self.assertEqual(at_risk.activity_date_deadline, activity.date_deadline)
        self.assertEqual(self.env["citizen.case"].search([
            ("id", "=", at_risk.id), ("activity_date_deadline", "=", activity.date_deadline)]), at_risk)
        self.assertIn("past its deadline", self.escalation_activities(breached).summary)
        inbox = self.env["mail.message"].search([
            ("model", "=", "citizen.case"), ("res_id", "in", (at_risk | breached).ids),
            ("needaction_partner_ids", "in", self.supervisor.partner_id.ids)])
        self.assertEqual(len(inbox), 2)
        self.assertEqual(inbox.sudo(self.supervisor).mapped("needaction"), [True, True])
        # a second run changes nothing
        self.assertEqual(self.run_cron()[0], 0)
        self.assertEqual(len(self.escalation_activities(at_risk | breached)), 2)
        # the at-risk case breaches: escalated again, its old activity replaced
        at_risk.write({"deadline": utc("2026-11-24 16:30")})
        self.assertEqual(self.run_cron()[0], 1)
        self.assertEqual(at_risk.escalated_state, "breached")
        activity = self.escalation_activities(at_risk)
        self.assertEqual(len(activity), 1)
        self.assertIn("past its deadline", activity.summary)
        # resolving the case removes the open escalation activity
        with self.at("2026-11-25 11:00"):
            at_risk.action_resolve("done")
        self.assertFalse(self.escalation_activities(at_risk))

    def test_no_supervisor_no_escalation(self):
        case = self.quiet.create({
            "subject": "Due", "department_id": self.dep_other.id, "date_open": utc("2026-11-10 09:00"),
            "deadline": utc("2026-11-20 16:30"), "date_at_risk": utc("2026-11-18 10:00")})
        self.run_cron()
        self.assertFalse(case.escalated_state)

    def test_each_supervisor_reads_the_escalation_in_their_language(self):
        """The job writes for every supervisor at once, each in the language of their partner."""
        self.env.ref("base.lang_th").active = True
        supervisor_en = self.new_user("case_supervisor_en", "gov_crm.group_gov_supervisor")
        self.supervisor.lang = "th_TH"
        supervisor_en.lang = "en_US"
        self.dep_other.write({"manager_id": supervisor_en.id, "member_ids": [(4, supervisor_en.id)]})
        thai = self.due_cases(1)
        english = self.quiet.create({
            "subject": "Due", "department_id": self.dep_other.id, "date_open": utc("2026-11-10 09:00"),
            "sla_days": 5, "deadline": utc("2026-11-20 16:30"), "date_at_risk": utc("2026-11-18 10:00")})
        self.run_cron()
        self.assertEqual(self.escalation_activities(thai).summary, "เรื่องเกินกำหนด")
        self.assertEqual(self.escalation_activities(english).summary, "Case past its deadline")

        def inbox(case, user):
            return self.env["mail.message"].sudo(user).search([
                ("model", "=", "citizen.case"), ("res_id", "=", case.id), ("needaction", "=", True)]).mapped("body")

        self.assertEqual(inbox(thai, self.supervisor), ["<p>แจ้งหัวหน้างาน: เรื่องเกินกำหนดเวลาแล้ว</p>"])
        self.assertEqual(inbox(english, supervisor_en),
                         ["<p>Escalated to the department supervisor: the deadline has passed.</p>"])
        # a supervisor with no language reads the default language of new persons
        supervisor_en.partner_id.lang = False
        other = self.quiet.create({
            "subject": "Due", "department_id": self.dep_other.id, "date_open": utc("2026-11-10 09:00"),
            "sla_days": 5, "deadline": utc("2026-11-20 16:30"), "date_at_risk": utc("2026-11-18 10:00")})
        self.run_cron()
        default_lang = self.env["ir.default"].get("res.partner", "lang") or "en_US"
        self.assertEqual(self.escalation_activities(other).summary,
                         self.Case.with_context(lang=default_lang)._escalation_text("breached_summary"))
