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

    @api.multi
    def _case_candidates(self):
        """Members who can work cases, in a stable order."""
        self.ensure_one()
        officer = self.env.ref("gov_crm.group_gov_officer")
        return self.member_ids.filtered(
            lambda u: u.active and officer in u.groups_id).sorted("id")

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
        groups = self.env["citizen.case"].sudo().read_group(
            [("department_id", "=", self.id), ("user_id", "in", users.ids),
             ("stage_state", "in", list(OPEN_STATES))],
            ["user_id"], ["user_id"])
        counts = {g["user_id"][0]: g["user_id_count"] for g in groups}
        return min(users, key=lambda u: (counts.get(u.id, 0), u.id))
