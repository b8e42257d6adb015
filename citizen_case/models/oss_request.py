"""One department case per activated routing step; the case's outcome moves the route on."""
from odoo import _, api, fields, models

from .citizen_case_stage import OPEN_STATES


class OssRequestStep(models.Model):
    _inherit = "oss.request.step"
    _protected_fields = ("case_ids",)

    case_ids = fields.One2many("citizen.case", "step_id", string="Cases", readonly=True)

    def _activate(self):
        res = super(OssRequestStep, self)._activate()
        self._open_cases()
        return res

    def _open_cases(self):
        """One case per step, in the step's department."""
        # sudo: whoever moves the route (front desk at submission, an officer finishing the
        # previous step) opens the next department's case; they need not be able to create cases
        # the request's chatter already says "step sent to <department>": no creation log nor
        # tracking message of the initial values (the form shows them), and whoever moved the
        # route does not follow the department's case; the assigned officer still does
        Case = self.env["citizen.case"].sudo().with_context(
            mail_create_nolog=True, mail_create_nosubscribe=True, mail_notrack=True)
        for step in self:
            request = step.request_id
            Case.create({
                "subject": "%s: %s" % (request.service_id.name, step.name),
                "request_id": request.id,
                "step_id": step.id,
                "partner_id": request.partner_id.id,
                "department_id": step.department_id.id,
                "sla_days": step.days or request.service_id.legal_days,
                "description": request.description,
                "date_open": step.date_start or fields.Datetime.now(),
            })

    @api.model
    def _open_cases_for_active_steps(self):
        """Active steps that have no case yet (requests routed before this module was
        installed, demo requests included) get their case now."""
        steps = self.sudo().search([("state", "=", "active"), ("case_ids", "=", False)])
        steps._open_cases()
        return steps

    @api.multi
    def write(self, vals):
        res = super(OssRequestStep, self).write(vals)
        if vals.get("state") == "cancelled":
            self.mapped("case_ids")._cancel_with_route()
        return res


class OssRequest(models.Model):
    _inherit = "oss.request"
    _protected_fields = ("case_ids",)

    case_ids = fields.One2many("citizen.case", "request_id", string="Cases", readonly=True)
    case_count = fields.Integer(compute="_compute_case_count", string="Cases")

    @api.multi
    def _compute_case_count(self):
        # sudo: the number of cases, not their content (confidential ones included)
        counts = self.env["citizen.case"].sudo()._gov_count_by("request_id", self.ids)
        for request in self:
            request.case_count = counts.get(request.id, 0)

    @api.multi
    def action_view_cases(self):
        return self._gov_action_related("citizen_case.citizen_case_action", "request_id")


class CitizenCase(models.Model):
    _inherit = "citizen.case"
    # set by the route when it opens the case: a case bound to another step would move it
    _protected_fields = ("request_id", "step_id")

    request_id = fields.Many2one(
        "oss.request", index=True, ondelete="restrict", readonly=True)
    step_id = fields.Many2one(
        "oss.request.step", string="Routing step", index=True, ondelete="restrict", readonly=True)
    request_document_ids = fields.One2many(
        related="request_id.document_ids", readonly=True, string="Documents received")

    def _on_resolved(self):
        """Finish the routing step (or reject the request) before telling the applicant."""
        step = self.step_id
        if step and step.state == "active":
            if self.resolution_code == "rejected":
                step.action_reject(self.resolution_note)
            else:
                step.action_done(self.resolution_note)
        return super(CitizenCase, self)._on_resolved()

    def _cancel_with_route(self):
        """The request stopped (rejected at another step, withdrawn): close the open cases."""
        cases = self.filtered(lambda c: c.stage_state in OPEN_STATES)
        if not cases:
            return
        # sudo: closing is a supervisor's power, but here it is the route's consequence
        cases.sudo().write({
            "stage_id": self._stage("closed").id, "resolution_code": "cancelled",
            "resolution_note": _("The request was stopped: this step is no longer needed."),
        })
        cases.sudo().mapped("activity_ids").unlink()
