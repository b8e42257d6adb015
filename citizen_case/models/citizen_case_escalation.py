"""Escalation of late cases to the department supervisor, set-based.

One UPDATE finds every running case whose SLA state moved past what was last escalated
and records the new state; a fixed number of INSERT ... SELECT statements then give each
supervisor one activity and one inbox notification per case. The number of queries does
not depend on the number of due cases. Measured against the same work done with the ORM
(bench/escalation_cost.py, docs/BENCHMARKS.md): 1,000 late cases in 0.3 s and 8 queries,
against 887 s and 68,495 queries.
"""
from odoo import _, api, fields, models

from .citizen_case_sla import SLA_STATES

# SLA state of a running case, in SQL; same rule as CitizenCase._sla_running_state
_SQL_STATE = "(CASE WHEN c.deadline <= %(now)s THEN 'breached' ELSE 'at_risk' END)"

_SQL_MARK_DUE = """
    UPDATE citizen_case c
       SET escalated_state = {state}, write_date = %(now)s, write_uid = %(uid)s
      FROM gov_department d
     WHERE d.id = c.department_id
       AND d.manager_id IS NOT NULL
       AND c.stage_state IN ('new', 'progress')
       AND c.sla_frozen_state IS NULL
       AND c.date_at_risk <= %(now)s
       AND c.escalated_state IS DISTINCT FROM {state}
 RETURNING c.id
""".format(state=_SQL_STATE)

_SQL_DROP_OLD_ACTIVITIES = """
    DELETE FROM mail_activity
     WHERE res_model = 'citizen.case' AND res_id = ANY(%(ids)s) AND activity_type_id = %(type)s
"""

_SQL_ADD_ACTIVITIES = """
    INSERT INTO mail_activity (res_model_id, res_model, res_id, res_name, activity_type_id,
                               summary, date_deadline, user_id,
                               create_uid, create_date, write_uid, write_date)
    SELECT %(model_id)s, 'citizen.case', c.id, c.name, %(type)s,
           CASE c.escalated_state WHEN 'breached' THEN %(summary_breached)s ELSE %(summary_at_risk)s END,
           %(today)s, d.manager_id, %(uid)s, %(now)s, %(uid)s, %(now)s
      FROM citizen_case c JOIN gov_department d ON d.id = c.department_id
     WHERE c.id = ANY(%(ids)s)
"""

# the ORM keeps the stored "next activity deadline" of mail.activity.mixin in step with
# the activities; the rows above were written behind its back, so set it here too
_SQL_SYNC_NEXT_DEADLINE = """
    UPDATE citizen_case c
       SET activity_date_deadline = (SELECT min(a.date_deadline) FROM mail_activity a
                                      WHERE a.res_model = 'citizen.case' AND a.res_id = c.id)
     WHERE c.id = ANY(%(ids)s)
"""

_SQL_NOTIFY = """
    WITH msg AS (
        INSERT INTO mail_message (model, res_id, record_name, body, message_type, subtype_id,
                                  author_id, date, create_uid, create_date, write_uid, write_date)
        SELECT 'citizen.case', c.id, c.name,
               CASE c.escalated_state WHEN 'breached' THEN %(body_breached)s ELSE %(body_at_risk)s END,
               'notification', %(subtype)s, %(author)s, %(now)s, %(uid)s, %(now)s, %(uid)s, %(now)s
          FROM citizen_case c
         WHERE c.id = ANY(%(ids)s)
     RETURNING id, res_id
    )
    INSERT INTO mail_message_res_partner_needaction_rel
                (mail_message_id, res_partner_id, is_read, is_email, email_status)
    SELECT msg.id, u.partner_id, FALSE, FALSE, 'ready'
      FROM msg
      JOIN citizen_case c ON c.id = msg.res_id
      JOIN gov_department d ON d.id = c.department_id
      JOIN res_users u ON u.id = d.manager_id
"""


class CitizenCase(models.Model):
    _inherit = "citizen.case"
    _protected_fields = ("escalated_state",)

    escalated_state = fields.Selection(
        SLA_STATES, string="Last escalated SLA state", readonly=True, copy=False, index=True,
        help="The supervisor was told when the case reached this state; a change escalates again.")

    @api.model
    def _cron_escalate(self):
        """Give supervisors an activity and a notification for each case that became late."""
        now = fields.Datetime.now()
        params = {
            "now": now,
            "today": fields.Date.context_today(self),
            "uid": self.env.uid,
            "model_id": self.env["ir.model"]._get_id("citizen.case"),
            "type": self.env.ref("citizen_case.mail_activity_type_escalation").id,
            "subtype": self.env.ref("mail.mt_note").id,
            "author": self.env.ref("base.partner_root").id,
            "summary_at_risk": _("Case at risk of missing its deadline / เรื่องใกล้ครบกำหนด"),
            "summary_breached": _("Case past its deadline / เรื่องเกินกำหนด"),
            "body_at_risk": "<p>%s</p>" % _(
                "Escalated to the department supervisor: 75% of the allowed time is used. / "
                "แจ้งหัวหน้างาน: ใช้เวลาไปแล้ว 75% ของเวลาที่กำหนด"),
            "body_breached": "<p>%s</p>" % _(
                "Escalated to the department supervisor: the deadline has passed. / "
                "แจ้งหัวหน้างาน: เรื่องเกินกำหนดเวลาแล้ว"),
        }
        cr = self.env.cr
        cr.execute(_SQL_MARK_DUE, params)
        params["ids"] = [row[0] for row in cr.fetchall()]
        if params["ids"]:
            cr.execute(_SQL_DROP_OLD_ACTIVITIES, params)
            cr.execute(_SQL_ADD_ACTIVITIES, params)
            cr.execute(_SQL_SYNC_NEXT_DEADLINE, params)
            cr.execute(_SQL_NOTIFY, params)
        # the rows were written behind the ORM's back
        self.invalidate_cache()
        self.env["mail.activity"].invalidate_cache()
        self.env["mail.message"].invalidate_cache()
        return len(params["ids"])
