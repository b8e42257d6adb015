from odoo import api, fields, models

from .citizen_case_stage import OPEN_STATES


class GovDepartment(models.Model):
    _inherit = "gov.department"

    case_assignment = fields.Selection(
        [("manual", "Manual (officers take cases)"),
         ("round_robin", "Round-robin"),
         ("balanced", "Fewest open cases")],
        string="Case assignment", required=True, default="manual",
        help="How a new or transferred case gets its officer when none is given.")
    case_default_days = fields.Integer(
        string="Default case period (working days)", default=15,
        help="Deadline of a case opened directly (not from a routing step).")
    case_last_user_id = fields.Many2one(
        "res.users", string="Last assigned officer", ondelete="set null", readonly=True,
        help="Round-robin position.")
    case_supervisor_taker_ids = fields.Many2many(
        "res.users", "gov_department_case_taker_rel", "department_id", "user_id",
        string="Supervisors who take cases",
        help="Supervisors and the head of the unit get new cases from the automatic "
             "assignment only when listed here; the other members with officer rights always do.")

    @api.multi
    def _case_officers(self):
        """Active members with officer rights, in a stable order: who may hold a case of
        this department."""
        self.ensure_one()
        officer = self.env.ref("gov_crm.group_gov_officer")
        # sudo: the department's membership and the members' groups are asked, not their records
        members = self.sudo().member_ids.filtered(lambda u: u.active and officer in u.groups_id)
        return self.env["res.users"].browse(members.sorted("id").ids)

    @api.multi
    def _case_candidates(self):
        """Who the automatic assignment chooses from, in a stable order: the officers,
        without the supervisors and the head of the unit unless they take cases."""
        self.ensure_one()
        supervisor = self.env.ref("gov_crm.group_gov_supervisor")
        department = self.sudo()  # as above: membership and groups
        takers = department.case_supervisor_taker_ids
        users = self._case_officers().sudo().filtered(
            lambda u: u in takers or (u != department.manager_id and supervisor not in u.groups_id))
        return self.env["res.users"].browse(users.ids)

    @api.multi
    def _case_is_supervisor(self, user):
        """Whether ``user`` supervises this department's cases: its head, or a member with
        supervisor rights (reassigns, closes, picks the officer of a transfer)."""
        self.ensure_one()
        if user._is_superuser():
            return True
        if not user.has_group("gov_crm.group_gov_supervisor"):
            return False
        department = self.sudo()  # as above: membership
        return department.manager_id == user or user in department.member_ids

    @api.multi
    def _case_pick_user(self):
        """The officer a new case of this department goes to, or an empty recordset."""
        self.ensure_one()
        if self.case_assignment == "manual":
            return self.env["res.users"]
        users = self._case_candidates()
        if not users:
            return self.env["res.users"]
        if self.case_assignment == "round_robin":
            later = users.filtered(lambda u: u.id > self.case_last_user_id.id)
            user = later[:1] or users[:1]
            # sudo: any officer opening a case moves the round-robin pointer of the department
            self.sudo().case_last_user_id = user
            return user
        # balanced: one grouped count of the open cases of the candidates
        # sudo: the counts of colleagues' cases are needed, not their content
        counts = self.env["citizen.case"].sudo()._gov_count_by(
            "user_id", users.ids, [("department_id", "=", self.id), ("stage_state", "in", list(OPEN_STATES))])
        return min(users, key=lambda u: (counts.get(u.id, 0), u.id))
