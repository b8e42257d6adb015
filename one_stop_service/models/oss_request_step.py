"""A step of the route of a request through the departments."""
from odoo import _, api, fields, models
from odoo.exceptions import UserError

from odoo.addons.gov_crm.models.gov_protected_fields_mixin import protected_action
from odoo.addons.gov_crm.tools.class_attributes import united

STEP_STATES = [
    ("pending", "Pending"),
    ("active", "Active"),
    ("done", "Done"),
    ("rejected", "Rejected"),
    ("cancelled", "Cancelled"),
]


class OssRequestStep(models.Model):
    _name = "oss.request.step"
    _description = "Routing step of a request"
    _inherit = ["gov.protected.fields.mixin"]
    _order = "request_id, sequence, id"
    # the route is the service's and moves only through the routing methods (which run as
    # superuser after their own checks): the officer writes the step's note, nothing else
    _protected_fields = ("request_id", "service_step_id", "sequence", "name", "department_id", "days",
                         "state", "date_start", "date_done")

    request_id = fields.Many2one("oss.request", required=True, ondelete="cascade", index=True)
    service_step_id = fields.Many2one("oss.service.step", string="Service step", ondelete="set null", index=True)
    sequence = fields.Integer(required=True, index=True)
    name = fields.Char(string="Step", required=True)
    department_id = fields.Many2one("gov.department", required=True, ondelete="restrict", index=True)
    days = fields.Integer(string="Step days")
    state = fields.Selection(STEP_STATES, required=True, default="pending", index=True)
    date_start = fields.Datetime(string="Started on", readonly=True)
    date_done = fields.Datetime(string="Finished on", readonly=True)
    note = fields.Text()

    # the modules whose extensions of the steps' create a route written in one INSERT takes into
    # account (``_oss_route_insertable``), each naming its own: here, the protected fields, which the
    # route, created as the superuser, may set
    _oss_route_create_known = ("gov_crm",)

    @api.model
    def _oss_route_insertable(self):
        """Whether the route's steps may be written with one INSERT (``_gov_insert_created``) rather
        than each through the ORM's create: only while every module that extends their create has said
        what it does for a route (``_oss_route_create_known``), and nothing replaced it."""
        (known,) = united(type(self), "_oss_route_create_known")
        return self._gov_create_extended_only_by(known)

    @api.multi
    def write(self, vals):
        result = super().write(vals)
        if "state" in vals:  # the steps done are public (status page, Open311)
            self.mapped("request_id")._oss_mark_public_change()
        return result

    @protected_action
    def _activate(self):
        """Start the steps (hook: citizen_case opens a department case per step)."""
        self.write({"state": "active", "date_start": fields.Datetime.now()})
        for step in self:
            step.request_id._oss_log(_("Step %(step)s sent to %(department)s.") % {
                "step": step.name, "department": step.department_id.name})
        return True

    def _check_active(self):
        for step in self:
            if step.state != "active":
                raise UserError(_("Step %(step)s of %(request)s is not active.")
                                % {"step": step.name, "request": step.request_id.name})

    @api.multi
    def action_done(self, note=None):
        """Finish the steps; the route moves on once every parallel step is done."""
        self.check_access_rights("write")
        self.check_access_rule("write")
        self._check_active()
        vals = {"state": "done", "date_done": fields.Datetime.now()}
        if note:
            vals["note"] = note
        # sudo: routing moves the request on, which the department officer may not edit
        steps = self.sudo()
        steps.write(vals)  # the steps' own fields: nothing of the requests' tracked fields
        for request in steps.mapped("request_id"):
            with request._oss_journal():
                request._oss_route_next()
        return True

    @api.multi
    def action_reject(self, reason):
        """Reject the request at this step: the other steps are cancelled."""
        if not reason:
            raise UserError(_("Give the reason for the rejection."))
        self.check_access_rights("write")
        self.check_access_rule("write")
        self._check_active()
        # sudo: as above, closing the request is the route's consequence of the decision
        steps = self.sudo()
        steps.write({"state": "rejected", "date_done": fields.Datetime.now(), "note": reason})
        for request in steps.mapped("request_id"):
            request._oss_reject(reason)
        return True
