"""Transfers between departments, each kept as a line with its reason.

Deadline rule on transfer: the deadline and the at-risk instant are KEPT. The applicant's
clock started when the request reached the agency and does not restart because the work
moves to another desk; the receiving department inherits the remaining time. The case
goes back to "New" in the receiving department (unless it is waiting for the applicant),
gets an officer by that department's assignment mode, and can be escalated again to the
receiving department's supervisor.
"""
from odoo import _, api, fields, models
from odoo.exceptions import UserError

from odoo.addons.gov_crm.models.gov_protected_fields_mixin import protected_action

from .citizen_case_stage import OPEN_STATES


class CitizenCaseTransfer(models.Model):
    _name = "citizen.case.transfer"
    _description = "Case transfer between departments"
    _inherit = ["gov.protected.fields.mixin"]
    _order = "date desc, id desc"
    # written by CitizenCase.action_transfer only: the transfers per case are a KPI
    _protected_fields = ("case_id", "from_department_id", "to_department_id", "from_user_id", "user_id",
                         "date", "reason")
    _rec_name = "case_id"

    case_id = fields.Many2one("citizen.case", string="Case", required=True, index=True, ondelete="cascade")
    from_department_id = fields.Many2one(
        "gov.department", string="From", required=True, index=True, ondelete="restrict")
    to_department_id = fields.Many2one(
        "gov.department", string="To", required=True, index=True, ondelete="restrict")
    from_user_id = fields.Many2one("res.users", string="Officer before", ondelete="restrict")
    user_id = fields.Many2one(
        "res.users", string="Transferred by", required=True, index=True, ondelete="restrict",
        default=lambda self: self.env.user)
    date = fields.Datetime(string="Transferred on", required=True, index=True, default=fields.Datetime.now)
    reason = fields.Text(required=True)

    _sql_constraints = [
        ("departments_differ", "CHECK(from_department_id != to_department_id)",
         "A transfer must go to another department."),
        ("reason_not_blank", "CHECK(length(trim(reason)) > 0)", "A transfer needs a reason."),
    ]


class CitizenCase(models.Model):
    _inherit = "citizen.case"
    _protected_fields = ("transfer_ids", "transfer_count")

    transfer_ids = fields.One2many("citizen.case.transfer", "case_id", string="Transfers", readonly=True)
    transfer_count = fields.Integer(compute="_compute_transfer_count", store=True, string="Transfers")

    @api.depends("transfer_ids")
    def _compute_transfer_count(self):
        # sudo: a count, readable even by an officer whose department handed the case on
        groups = self.env["citizen.case.transfer"].sudo().read_group(
            [("case_id", "in", self.ids)], ["case_id"], ["case_id"])
        counts = {g["case_id"][0]: g["case_id_count"] for g in groups}
        for case in self:
            case.transfer_count = counts.get(case.id, 0)

    @api.multi
    def action_open_transfer_wizard(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": _("Transfer case"),
            "res_model": "citizen.case.transfer.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_case_id": self.id},
        }

    @api.multi
    @protected_action
    def action_transfer(self, department, reason, user=None):
        """Move the case to ``department`` with a reason; see the module docstring for the deadline."""
        self.ensure_one()
        if not isinstance(department, models.BaseModel):  # an id, from RPC or XML data
            department = self.env["gov.department"].browse(department)
        if user and not isinstance(user, models.BaseModel):
            user = self.env["res.users"].browse(user)
        reason = (reason or "").strip()
        if not reason:
            raise UserError(_("A transfer needs a reason.\nการโอนเรื่องต้องระบุเหตุผล"))
        if department == self.department_id:
            raise UserError(_("Case %(ref)s is already in %(dep)s.\nเรื่อง %(ref)s อยู่ที่ %(dep)s แล้ว")
                            % {"ref": self.name, "dep": department.display_name})
        if self.stage_state not in OPEN_STATES:
            raise UserError(_("A resolved case cannot be transferred: reopen it first.\n"
                              "เรื่องที่ยุติแล้วโอนไม่ได้ ต้องเปิดเรื่องใหม่ก่อน"))
        self.check_access_rights("write")
        self.check_access_rule("write")
        previous = self.department_id
        self.env["citizen.case.transfer"].create({
            "case_id": self.id, "from_department_id": previous.id, "to_department_id": department.id,
            "from_user_id": self.user_id.id, "reason": reason, "date": fields.Datetime.now(),
        })
        self.message_post(
            body=_("Transferred from %(from)s to %(to)s. Reason: %(reason)s") % {
                "from": previous.display_name, "to": department.display_name, "reason": reason},
            subtype="mail.mt_note")
        values = {"department_id": department.id, "escalated_state": False,
                  "user_id": (user or department._case_pick_user()).id or False}
        if self.stage_state == "progress":
            values["stage_id"] = self._stage("new").id
        # sudo: the sender may lose access once the case leaves their department; write access
        # to the case was checked above, and the new officer is chosen by the receiving department
        self.sudo().write(values)
        return True
