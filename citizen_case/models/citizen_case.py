from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from odoo.addons.gov_crm.lib.language import name_for_reader
from odoo.addons.gov_crm.models.gov_protected_fields_mixin import gate_open, protected_action, protected_gate
from odoo.addons.gov_crm.tools.xmlid import cached_ref

from .citizen_case_stage import CLOCK_STOPPED_STATES, OPEN_STATES

RESOLUTION_CODES = [
    ("done", "Completed / approved"),
    ("info", "Information given"),
    ("rejected", "Rejected"),
    ("duplicate", "Duplicate"),
    ("withdrawn", "Withdrawn by the applicant"),
    ("cancelled", "Cancelled (the request stopped)"),
]


class CitizenCase(models.Model):
    """The work one department does for one request step or one direct contact."""

    _name = "citizen.case"
    _description = "Citizen case"
    _inherit = ["gov.protected.fields.mixin", "mail.thread", "mail.activity.mixin"]
    _order = "priority desc, deadline, id desc"
    # what the department is measured by moves only through the case's actions (see
    # gov.protected.fields.mixin); the other modules of the case add their own fields
    _protected_fields = (
        "name", "date_open", "date_first_response", "first_response_hours", "date_resolved",
        "handling_hours", "resolution_code", "resolution_note", "reopen_count", "stage_state",
    )
    # chosen when the case is opened; afterwards it moves only by a transfer (with its reason)
    _protected_frozen_fields = ("department_id",)

    def _default_stage_id(self):
        return cached_ref(self.env, "citizen_case.stage_new", raise_if_not_found=False)

    def init(self):
        # the officers' screens read the open cases of a department in list order: with
        # two million cases, reading the department's history and filtering took about
        # 1 s (list, kanban) where this partial index, of open cases only, takes 30-45 ms
        self.env.cr.execute("""
            CREATE INDEX IF NOT EXISTS citizen_case_open_department_idx
                ON citizen_case (department_id, priority DESC, deadline)
             WHERE stage_state IN ('new', 'progress', 'waiting')
        """)

    name = fields.Char(
        string="Reference", required=True, readonly=True, copy=False, index=True, default="/")
    subject = fields.Char(required=True, track_visibility="onchange")
    description = fields.Text(groups="gov_crm.group_gov_officer")
    partner_id = fields.Many2one(
        "res.partner", string="Applicant", index=True, ondelete="restrict",
        track_visibility="onchange")
    department_id = fields.Many2one(
        "gov.department", required=True, index=True,
        ondelete="restrict", track_visibility="onchange")
    user_id = fields.Many2one(
        "res.users", string="Officer", index=True, ondelete="restrict",
        track_visibility="onchange")
    stage_id = fields.Many2one(
        "citizen.case.stage", required=True, index=True, ondelete="restrict",
        default=lambda self: self._default_stage_id(), group_expand="_read_group_stage_ids",
        track_visibility="onchange", copy=False)
    stage_state = fields.Selection(
        related="stage_id.state", store=True, index=True, readonly=True, string="Stage meaning")
    priority = fields.Selection(
        [("0", "Normal"), ("1", "Urgent"), ("2", "Very urgent")], default="0", index=True)
    confidential = fields.Boolean(
        index=True, track_visibility="onchange",
        help="Only the department's officers and the service managers see a confidential case.")
    date_open = fields.Datetime(
        string="Opened on", required=True, readonly=True, index=True, copy=False,
        default=fields.Datetime.now)
    date_first_response = fields.Datetime(string="First response on", readonly=True, copy=False)
    first_response_hours = fields.Float(
        string="First response (working hours)", readonly=True, copy=False, group_operator="avg")
    date_resolved = fields.Datetime(string="Resolved on", readonly=True, index=True, copy=False)
    handling_hours = fields.Float(
        string="Handling time (working hours)", readonly=True, copy=False, group_operator="avg",
        help="Office hours from opening to resolution, without the time waiting for the applicant.")
    resolution_code = fields.Selection(
        RESOLUTION_CODES, readonly=True, copy=False, index=True, track_visibility="onchange")
    resolution_note = fields.Text(readonly=True, copy=False)
    reopen_count = fields.Integer(readonly=True, copy=False)
    # what the current user may do with the case, for the buttons of the form
    can_work = fields.Boolean(
        compute="_compute_user_rights", help="The current user works in the case's department.")
    can_take = fields.Boolean(
        compute="_compute_user_rights", help="The current user may take the case for themselves.")
    can_reassign = fields.Boolean(
        compute="_compute_user_rights",
        help="The current user supervises the case's department: reassigns, closes, reopens closed cases.")

    department_officer_ids = fields.Many2many(
        "res.users", compute="_compute_department_officer_ids", string="Officers of the department",
        help="Who may hold the case: the active officers of its department.")

    @api.depends("department_id")
    def _compute_department_officer_ids(self):
        for case in self:
            case.department_officer_ids = case.department_id._case_officers() if case.department_id else False

    @api.depends("department_id", "user_id", "stage_state")
    def _compute_user_rights(self):
        user = self.env.user
        is_officer = user.has_group("gov_crm.group_gov_officer")
        for case in self:
            department = case.department_id
            if not department or not is_officer:
                case.can_work = case.can_take = case.can_reassign = False
                continue
            supervisor = department._case_is_supervisor(user)
            # sudo: the department's membership, as the officers' record rule reads it
            works = supervisor or user in department.sudo().member_ids or department.sudo().manager_id == user
            case.can_work = works
            case.can_reassign = supervisor
            case.can_take = works and case.stage_state in OPEN_STATES and (
                not case.user_id or (case.user_id == user and case.stage_state == "new")
                or (case.user_id != user and supervisor))

    @api.model
    def _read_group_stage_ids(self, stages, domain, order):
        """Show every stage as a kanban column, even the empty ones."""
        # pylint: disable-next=no-search-all  # every stage is a kanban column; a few rows
        return stages.search([], order=order)

    @api.constrains("stage_id", "resolution_code")
    def _check_resolution(self):
        for case in self:
            if case.stage_state in ("resolved", "closed") and not case.resolution_code:
                raise ValidationError(_(
                    "Case %(ref)s needs a resolution code: use the Resolve button.") % {"ref": case.name})

    @api.multi
    def case_department_name(self):
        """Template helper: the department's name in the applicant's language (English when the
        applicant does not read Thai and the department has an English name)."""
        self.ensure_one()
        return name_for_reader(self.partner_id.lang, self.department_id.name, self.department_id.name_en)

    # ------------------------------------------------------------ CRUD
    @api.model
    def create(self, vals):
        self._protected_check_create(vals)
        vals = dict(vals)
        if vals.get("name", "/") == "/":
            # sudo: numbering is not a permission of its own; whoever may create a case gets a number.
            # The module's sequence by its XML id (kept by each process), not searched for by its code
            # at each case; by the code when it was replaced
            sequence = cached_ref(self.env, "citizen_case.seq_citizen_case", raise_if_not_found=False)
            number = sequence.sudo().next_by_id() if sequence else \
                self.env["ir.sequence"].sudo().next_by_code("citizen.case")
            vals["name"] = number or "/"
        department = self.env["gov.department"].browse(vals.get("department_id"))
        if department and vals.get("user_id") and not self.env.user._is_superuser():
            self._check_assignee(department, self.env["res.users"].browse(vals["user_id"]), None)
        if department and not vals.get("user_id"):
            vals["user_id"] = department._case_pick_user().id or False
        if department and not vals.get("sla_days"):
            vals["sla_days"] = department.case_default_days
        if department and not vals.get("deadline"):
            vals.update(self._sla_start_values(
                department.resource_calendar_id,
                vals.get("date_open") or fields.Datetime.now(), vals["sla_days"]))
        with protected_gate():  # the number, the officer and the SLA clock are the case's own
            return super(CitizenCase, self).create(vals)

    @api.multi
    def write(self, vals):
        self._protected_check_write(vals)
        if not self.env.user._is_superuser():
            self._check_assignment_write(vals)
        if "stage_id" not in vals:
            return super(CitizenCase, self).write(vals)
        stage = self.env["citizen.case.stage"].browse(vals["stage_id"])
        # the clock, the first response and the reopening follow from the move
        with protected_gate():
            for case in self:
                case_vals = dict(vals)
                case_vals.update(case._stage_change_values(stage))
                super(CitizenCase, case).write(case_vals)
        return True

    @api.multi
    def unlink(self):
        if not self.env.user._is_superuser():
            raise AccessError(_(
                "Cases are records of the agency's work and cannot be deleted: close them instead."))
        return super(CitizenCase, self).unlink()

    def _check_assignment_write(self, vals):
        """Officers take unassigned cases of their department and let go of their own; a
        supervisor of the case's department reassigns and closes; a case waits for the
        applicant only when the applicant is asked something."""
        user = self.env.user
        if "user_id" in vals:
            new_user = self.env["res.users"].browse(vals["user_id"] or [])
            for case in self:
                # the department is frozen (a transfer moves it, as superuser): the case's own
                case._check_assignee(case.department_id, new_user, case.user_id)
        if vals.get("stage_id"):
            stage = self.env["citizen.case.stage"].browse(vals["stage_id"])
            # the waiting stage stops the clock: only the action that asks the applicant
            # (citizen_case_question, inside the gate of protected fields) moves a case there
            if stage.state == "waiting" and not gate_open() and any(
                    c.stage_state != "waiting" for c in self):
                raise UserError(_(
                    "A case waits for the applicant through \"Ask the applicant\", which says what is needed."))
            if stage.state == "closed" and any(
                    c.stage_state != "closed" and not c.department_id._case_is_supervisor(user) for c in self):
                raise AccessError(_(
                    "Only a supervisor can close a case."))

    @api.model
    def _check_assignee(self, department, new_user, old_user):
        """The current user may give a case of ``department`` held by ``old_user`` to ``new_user``."""
        user = self.env.user
        if new_user == old_user:
            return
        taking = new_user == user and not old_user
        letting_go = not new_user and old_user == user
        if not (taking or letting_go or department._case_is_supervisor(user)):
            raise AccessError(_(
                "Only a supervisor can assign case %(ref)s to someone else.") % {"ref": self.name or "/"})
        if new_user and new_user not in department._case_officers():
            raise UserError(_(
                "%(user)s is not an active officer of %(dep)s: a case of the department goes to one of its officers.")
                % {"user": new_user.sudo().name, "dep": department.sudo().display_name})

    def _stage_change_values(self, stage):
        """Values that follow a move of this case to ``stage``: clock, first response, reopen."""
        self.ensure_one()
        old, new = self.stage_state, stage.state
        if old == new:
            return {}
        now = fields.Datetime.now()
        values = {}
        if old == "new" and not self.date_first_response:
            values.update(self._first_response_values(now))
        stopped_before, stopped_after = old in CLOCK_STOPPED_STATES, new in CLOCK_STOPPED_STATES
        if not stopped_before and stopped_after:
            values.update(self._sla_stop_values(now))
        elif stopped_before and not stopped_after:
            values.update(self._sla_resume_values(now))
        if new == "resolved":
            values["date_resolved"] = now
            values["handling_hours"] = self._handling_hours(values.get("date_paused") or self.date_paused)
        if old in ("resolved", "closed") and new in OPEN_STATES:
            values.update(reopen_count=self.reopen_count + 1, date_resolved=False,
                          resolution_code=False, resolution_note=False)
        return values

    def _first_response_values(self, now):
        calendar = self.department_id.resource_calendar_id
        return {
            "date_first_response": now,
            "first_response_hours": calendar.gov_working_hours(
                fields.Datetime.from_string(self.date_open), fields.Datetime.from_string(now)),
        }

    def _stage(self, state):
        return self.env["citizen.case.stage"].search([("state", "=", state)], limit=1)

    # ------------------------------------------------------------ actions
    @api.multi
    def action_take(self):
        """The current officer takes the case and starts working on it."""
        for case in self:
            if case.stage_state not in OPEN_STATES:
                raise UserError(_("Case %(ref)s is already resolved.")
                                % {"ref": case.name})
            vals = {"user_id": self.env.uid}
            if case.stage_state == "new":
                vals["stage_id"] = self._stage("progress").id
            case.write(vals)
        return True

    @api.multi
    def action_start(self):
        return self.write({"stage_id": self._stage("progress").id})

    @api.multi
    def action_close(self):
        return self.write({"stage_id": self._stage("closed").id})

    @api.multi
    def action_reopen(self):
        return self.write({"stage_id": self._stage("progress").id})

    @api.multi
    def action_open_resolve_wizard(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": _("Resolve case"),
            "res_model": "citizen.case.resolve.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_case_id": self.id},
        }

    @api.multi
    @protected_action
    def action_resolve(self, code, note=False):
        """Resolve with an outcome; the routing step (if any) follows, the applicant is told."""
        if code == "rejected" and not (note or "").strip():
            raise UserError(_("A rejection needs a reason for the applicant."))
        for case in self:
            if case.stage_state not in OPEN_STATES:
                raise UserError(_("Case %(ref)s is already resolved.")
                                % {"ref": case.name})
            case.write({"stage_id": self._stage("resolved").id,
                        "resolution_code": code, "resolution_note": note})
            case._on_resolved()
        return True

    def _on_resolved(self):
        """Hook after a resolution (the request step, the applicant's email)."""
        self.ensure_one()
        self.activity_ids.unlink()
        self._send_resolution_email()

    # ------------------------------------------------------------ mail
    @api.multi
    def message_post(self, *args, **kwargs):
        """A reply to the applicant by an officer counts as the first response."""
        message = super(CitizenCase, self).message_post(*args, **kwargs)
        if (kwargs.get("message_type") == "comment" and message.subtype_id == self.env.ref("mail.mt_comment")
                and self.env.user.has_group("gov_crm.group_gov_officer")):
            for case in self.filtered(lambda c: not c.date_first_response):
                with protected_gate():  # the reply is the first response
                    case.write(case._first_response_values(fields.Datetime.now()))
        return message
