"""Transfers between departments, each kept as a line with its reason.

Deadline rule on transfer: the deadline and the at-risk instant are KEPT. The applicant's
clock started when the request reached the agency and does not restart because the work
moves to another desk; the receiving department inherits the remaining time. The case
goes back to "New" in the receiving department (unless it is waiting for the applicant),
gets an officer by that department's assignment mode (or the officer a supervisor of
either department picks), and can be escalated again to the receiving department's
supervisor.

The routing step of a request's case follows the case: its department becomes the
receiving one, whose officers then read the request and finish the step; the transfer
line keeps where the step was.
"""
from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError

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

    case_id = fields.Many2one("citizen.case", required=True, index=True, ondelete="cascade")
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

    case_name = fields.Char(related="case_id.name", readonly=True, string="Case reference")
    case_readable = fields.Boolean(compute="_compute_case_readable", string="Case visible to me")

    _sql_constraints = [
        ("departments_differ", "CHECK(from_department_id != to_department_id)",
         "A transfer must go to another department."),
        ("reason_not_blank", "CHECK(length(trim(reason)) > 0)", "A transfer needs a reason."),
    ]

    @api.multi
    def name_get(self):
        # sudo: the case's reference, which the line shows to the sending department even once
        # the case is out of its sight
        return [(transfer.id, transfer.sudo().case_id.name) for transfer in self]

    def _compute_case_readable(self):
        readable = self.env["citizen.case"].search([("id", "in", self.mapped("case_id").ids)])
        for transfer in self:
            transfer.case_readable = transfer.case_id in readable

    @api.multi
    def action_open_case(self):
        self.ensure_one()
        self.case_id.check_access_rule("read")
        return {
            "type": "ir.actions.act_window",
            "res_model": "citizen.case",
            "res_id": self.case_id.id,
            "view_mode": "form",
            "target": "main",
        }

    def _confirmation_action(self):
        """The page the sender lands on: the transfer, said plainly (the case may be out of sight)."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": _("Case transferred"),
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "views": [(self.env.ref("citizen_case.citizen_case_transfer_view_form_done").id, "form")],
            "target": "main",  # the case form in the breadcrumbs may no longer be readable
        }


class CitizenCase(models.Model):
    _inherit = "citizen.case"
    _protected_fields = ("transfer_ids", "transfer_count")
    # a new case was never transferred: the count is not computed at its creation (gov_crm)
    _gov_empty_on_create = ("transfer_count",)

    transfer_ids = fields.One2many("citizen.case.transfer", "case_id", string="Transfers", readonly=True)
    transfer_count = fields.Integer(compute="_compute_transfer_count", store=True, string="Transfers")

    @api.depends("transfer_ids")
    def _compute_transfer_count(self):
        # sudo: a count, readable even by an officer whose department handed the case on
        counts = self.env["citizen.case.transfer"].sudo()._gov_count_by("case_id", self.ids)
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
    def action_transfer(self, department, reason, user=None):
        """Move the case to ``department`` with a reason; see the module docstring for the deadline."""
        self._transfer(department, reason, user)
        return True

    @protected_action
    def _transfer(self, department, reason, user=None):
        """action_transfer (the wizard calls it too); returns the transfer line, which only this
        action writes."""
        self.ensure_one()
        if not isinstance(department, models.BaseModel):  # an id, from RPC or XML data
            department = self.env["gov.department"].browse(department)
        if user and not isinstance(user, models.BaseModel):
            user = self.env["res.users"].browse(user)
        reason = (reason or "").strip()
        if not reason:
            raise UserError(_("A transfer needs a reason."))
        if department == self.department_id:
            raise UserError(_("Case %(ref)s is already in %(dep)s.")
                            % {"ref": self.name, "dep": department.display_name})
        if self.stage_state not in OPEN_STATES:
            raise UserError(_("A resolved case cannot be transferred: reopen it first."))
        self.check_access_rights("write")
        self.check_access_rule("write")
        if user:
            self._check_transfer_officer(department, user)
        previous = self.department_id
        transfer = self.env["citizen.case.transfer"].create({
            "case_id": self.id, "from_department_id": previous.id, "to_department_id": department.id,
            "from_user_id": self.user_id.id, "reason": reason, "date": fields.Datetime.now(),
        })
        self.message_post(
            body=_("Transferred from %(from)s to %(to)s. Reason: %(reason)s") % {
                "from": previous.display_name, "to": department.display_name, "reason": reason},
            subtype="mail.mt_note")
        if self.step_id:
            # sudo: the routing step follows the case, so that the receiving department reads the
            # request and finishes the step; write access to the case was checked above, and the
            # transfer line keeps the department the step came from
            step = self.step_id.sudo()
            step.write({"department_id": department.id})
            step.request_id._oss_log(_("Step %(step)s transferred from %(from)s to %(to)s.") % {
                "step": step.name, "from": previous.name, "to": department.name})
        values = {"department_id": department.id, "escalated_state": False,
                  "user_id": (user or department._case_pick_user()).id or False}
        if self.stage_state == "progress":
            values["stage_id"] = self._stage("new").id
        # sudo: the sender may lose access once the case leaves their department; write access
        # to the case and the choice of the officer were checked above
        self.sudo().write(values)
        return transfer

    def _check_transfer_officer(self, department, user):
        """Only a supervisor of the sending or the receiving department picks who receives the
        case, among the receiving department's active officers."""
        me = self.env.user
        if not (self.department_id._case_is_supervisor(me) or department._case_is_supervisor(me)):
            raise AccessError(_(
                "Only a supervisor of %(from)s or %(to)s can choose who receives case %(ref)s: "
                "leave the officer empty and %(to)s assigns it.") % {
                    "from": self.department_id.display_name, "to": department.display_name, "ref": self.name})
        if user not in department._case_officers():
            raise UserError(_(
                "%(user)s is not an active officer of %(dep)s: a case of the department goes to one of its officers.")
                % {"user": user.sudo().name, "dep": department.display_name})
