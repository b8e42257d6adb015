"""The one-stop request: intake, documents (s.8), legal clock and routing."""
import contextlib
import threading

import pytz

from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import html_escape

from odoo.addons.gov_crm.lib import legal_clock
from odoo.addons.gov_crm.lib.be_date import be_year
from odoo.addons.gov_crm.models.gov_protected_fields_mixin import protected_action, protected_gate
from odoo.addons.gov_crm.tools.xmlid import cached_ref

from .oss_channel import channel_selection

STATES = [
    ("triage", "Triage"),
    ("draft", "Draft"),
    ("submitted", "Submitted"),
    ("waiting_docs", "Waiting for documents"),
    ("in_progress", "In progress"),
    ("waiting_applicant", "Waiting for applicant"),
    ("done", "Done"),
    ("rejected", "Rejected"),
    ("withdrawn", "Withdrawn"),
    ("abandoned", "Abandoned (documents not brought)"),
]
OPEN_STATES = ("submitted", "in_progress", "waiting_applicant")
# no action moves a request out of these
CLOSED_STATES = ("done", "rejected", "withdrawn", "abandoned")
# what the public sees of a request (the status page, Open311, the agency's webhook): a write of
# one of these is a change for the public and moves date_public_change
PUBLIC_CHANGE_FIELDS = frozenset(("state", "public_note", "reject_reason", "expected_date"))

# The legal life cycle of a request moves only through the request's own methods: they
# are marked @lifecycle, the name of gov_crm's @protected_action for this model (kept for
# the modules that mark their own actions with it).
lifecycle = protected_action


# Chatter entries of the requests whose action is under way ({request id: [lines]}), see
# OssRequest._oss_journal. Thread-local, like the gate of protected fields, so that no RPC
# context can open or swallow a journal.
_journal = threading.local()


class OssRequest(models.Model):
    _name = "oss.request"
    _description = "One-stop service request"
    _inherit = ["gov.protected.fields.mixin", "mail.thread", "mail.activity.mixin", "portal.mixin"]
    _order = "date_received desc, id desc"
    # the tracking number, the legal life cycle and what the route and the notices record
    # move only through the actions (see gov.protected.fields.mixin)
    _protected_fields = (
        "name", "state", "date_complete", "expected_date", "date_done", "reject_reason",
        "received_by_id", "delay_notice_date", "step_ids", "notice_ids",
        "steps_total", "steps_done", "progress", "service_group", "date_public_change",
        "docs_deadline", "docs_returned_date",
    )
    # what the request is, for whom and how it came in: fixed once it is submitted
    _protected_frozen_fields = ("partner_id", "service_id", "channel", "date_received", "docs_days",
                                "docs_days_reason")
    _protected_state_field = "state"
    _protected_editable_states = ("draft",)

    name = fields.Char(string="Tracking number", required=True, readonly=True, copy=False,
                       index=True, default="/")
    partner_id = fields.Many2one(
        "res.partner", string="Applicant", required=True, index=True, ondelete="restrict",
        track_visibility="onchange", readonly=True, states={"draft": [("readonly", False)]})
    contact_id = fields.Many2one(
        "res.partner", string="Contact person", ondelete="restrict", index=True,
        help="Who acts for the applicant when the applicant is a business or an agency.")
    applicant_is_person = fields.Boolean(compute="_compute_applicant_is_person", string="Applicant is a person")
    service_id = fields.Many2one(
        "oss.service", required=True, index=True, ondelete="restrict",
        track_visibility="onchange", readonly=True, states={"draft": [("readonly", False)]})
    service_group = fields.Selection(related="service_id.group", store=True, readonly=True, string="Group")
    channel = fields.Selection(channel_selection, required=True, default="counter", index=True,
                               help="How the request came in (the intake channels of the configuration).")
    date_received = fields.Datetime(string="Received on", required=True, default=fields.Datetime.now,
                                    index=True, readonly=True, states={"draft": [("readonly", False)]})
    received_by_id = fields.Many2one("res.users", string="Received by", ondelete="restrict", copy=False,
                                     default=lambda self: self.env.user, readonly=True)
    description = fields.Text(string="Details of the request")
    document_ids = fields.One2many("oss.request.document", "request_id", string="Documents")
    missing_document_count = fields.Integer(compute="_compute_missing_document_count", string="Missing documents")
    state = fields.Selection(STATES, required=True, default="draft", index=True, copy=False,
                             track_visibility="onchange")
    date_complete = fields.Datetime(string="File complete on", readonly=True, copy=False,
                                    help="The legal period runs from this moment (s.8).")
    expected_date = fields.Datetime(string="Expected by", readonly=True, copy=False, index=True,
                                    track_visibility="onchange")
    date_done = fields.Datetime(string="Finished on", readonly=True, copy=False, index=True)
    step_ids = fields.One2many("oss.request.step", "request_id", string="Routing", readonly=True)
    # a new request has no step yet: its progress is not computed at its creation (gov_crm)
    _gov_empty_on_create = ("steps_total", "steps_done", "progress")
    steps_total = fields.Integer(compute="_compute_progress", store=True, string="Steps")
    steps_done = fields.Integer(compute="_compute_progress", store=True, string="Steps done")
    progress = fields.Float(compute="_compute_progress", store=True, help="Steps done of total, in percent.")
    reject_reason = fields.Text(string="Reason for rejection", readonly=True, copy=False)
    public_note = fields.Text(string="Public note",
                              help="Shown on the public status page and the portal: never personal data.")
    delay_reason = fields.Text(string="Reason for delay",
                               help="Sent to the applicant with every delay notice (s.10), and copied to OPDC: "
                                    "name nobody.")
    notice_ids = fields.One2many("oss.request.notice", "request_id", string="Legal notices", readonly=True)
    delay_notice_date = fields.Date(string="Last delay notice", readonly=True, copy=False, index=True)
    date_public_change = fields.Datetime(
        string="Last change for the public", readonly=True, copy=False,
        help="When the request last changed in what the public sees of it: its state, its steps, its "
             "public note or the questions to the applicant; a closed request keeps its closing time. "
             "Written by the request's actions (the updated_datetime of the Open311 API).")
    _sql_constraints = [
        ("name_uniq", "unique(name)", "The tracking number must be unique."),
    ]

    # ------------------------------------------------------------ computes
    @api.depends("partner_id.is_company")
    def _compute_applicant_is_person(self):
        for request in self:
            request.applicant_is_person = not request.partner_id.is_company

    @api.depends("document_ids.received", "document_ids.mandatory")
    def _compute_missing_document_count(self):
        self.mapped("document_ids")  # the checklists of all at once, in the cache for each
        for request in self:
            request.missing_document_count = len(request._oss_missing_documents())

    @api.depends("step_ids.state")
    def _compute_progress(self):
        for request in self:
            steps = request.step_ids.filtered(lambda s: s.state != "cancelled")
            done = steps.filtered(lambda s: s.state == "done")
            request.steps_total = len(steps)
            request.steps_done = len(done)
            request.progress = 100.0 * len(done) / len(steps) if steps else 0.0

    def _compute_access_url(self):
        res = super()._compute_access_url()
        for request in self:
            request.access_url = "/my/requests/%d" % request.id
        return res

    # ------------------------------------------------------------ onchanges (prefill only)
    @api.onchange("service_id")
    def _onchange_service_id(self):
        self.document_ids = [(5, 0, 0)] + [(0, 0, vals) for vals in self._oss_document_lines(self.service_id)]

    # ------------------------------------------------------------ CRUD
    @api.model
    def create(self, vals):
        self._protected_check_create(vals)
        vals = dict(vals)
        date_received = fields.Datetime.from_string(vals.get("date_received") or fields.Datetime.now())
        vals["name"] = self._oss_next_tracking_number(date_received)
        vals["date_public_change"] = fields.Datetime.to_string(date_received)
        Document = self.env["oss.request.document"]
        # the checklist of the counter (new lines only) written after the request, in one statement
        lines = None
        if vals.get("service_id") and Document._oss_insertable(vals.get("document_ids")):
            lines = [command[2] for command in vals.pop("document_ids", None) or ()]
        elif not vals.get("document_ids") and vals.get("service_id"):
            service = self.env["oss.service"].browse(vals["service_id"])
            vals["document_ids"] = [(0, 0, line) for line in self._oss_document_lines(service)]
        # the request is received when it is submitted: that note tells it (action_submit)
        # and its initial values are on the form: no tracking message of them either
        with protected_gate():  # the tracking number is the request's own, the caller's values were checked
            request = super(OssRequest, self.with_context(
                mail_create_nolog=True, mail_create_nosubscribe=True, mail_notrack=True)).create(vals)
        request = request.with_env(self.env)  # later writes of the caller are tracked again
        if lines is not None:
            Document._oss_insert_checklist(request, lines)
        else:
            request._oss_complete_checklist()
        return request

    @api.multi
    def write(self, vals):
        if PUBLIC_CHANGE_FIELDS.intersection(vals) and "date_public_change" not in vals:
            # the caller's values first, then the time of the change they make, inside the gate;
            # a request closed by this write keeps its closing time
            self._protected_check_write(vals)
            vals = dict(vals, date_public_change=vals.get("date_done") or fields.Datetime.now())
            with protected_gate():
                result = super().write(vals)
        else:
            result = super().write(vals)  # gov.protected.fields.mixin refuses the protected fields
        if "service_id" in vals:
            self._oss_complete_checklist(drop_stale=True)
        return result

    # ------------------------------------------------------------ chatter
    @contextlib.contextmanager
    def _oss_journal(self):
        """Write what happens to this request during the block as ONE note.

        An action such as the submission moves the request through several states,
        sends steps to departments and gives notices; posting each of these (and a
        tracking message per write) made six messages per intake, most of its cost.
        Inside the block, ``_oss_log`` collects lines and the tracked fields are not
        tracked write by write; at the end one note carries the lines and the changes
        of the tracked fields from before the block to after it. Nothing is posted when
        the block fails (the transaction is rolled back anyway).
        """
        self.ensure_one()
        entries = getattr(_journal, "entries", None)
        if entries is None:
            entries = _journal.entries = {}
        if self.id in entries:  # an outer journal of the same request collects
            yield
            return
        tracked = self._get_tracked_fields([])
        initial = {name: self[name] for name in tracked}
        entries[self.id] = []
        try:
            yield
        finally:
            lines = entries.pop(self.id)
        _changes, tracking_values = self._message_track(tracked, initial)
        if lines or tracking_values:
            self._oss_post_note(lines, tracking_value_ids=tracking_values)

    @api.multi
    def _oss_log(self, text):
        """A note on each request: collected by an open journal, posted at once otherwise."""
        entries = getattr(_journal, "entries", None) or {}
        for request in self:
            if request.id in entries:
                entries[request.id].append(text)
            else:
                request._oss_post_note([text])

    def _oss_note(self):
        """The request as a note's author posts on it: the author does not become a follower
        (a counter takes in hundreds of requests a day; an officer moves many routes)."""
        return self.with_context(mail_create_nosubscribe=True)

    def _oss_post_note(self, lines, **kwargs):
        """One internal note of plain-text lines (escaped: they carry names of people and departments).

        The note is the request's own record of what the user just did, and that action checked
        the user's rights: it is written by the superuser, with the user as its author and
        sender. Posted as the user, mail checked again their right to post on the request and
        read the new message back under their access rules: a quarter of the note's queries in
        each intake at the counter.
        """
        Message = self.env["mail.message"]
        kwargs.setdefault("author_id", Message._get_default_author().id)
        kwargs.setdefault("email_from", Message._get_default_from())
        body = "".join("<p>%s</p>" % html_escape(line) for line in lines)
        # whether anyone follows the request, as the superuser would search for it (mail.followers has
        # no record rule): through the ORM, that search was a twentieth of the note's processor time
        self.env.cr.execute("SELECT 1 FROM mail_followers WHERE res_model = %s AND res_id = %s LIMIT 1",
                            (self._name, self.id))
        if self.env.cr.fetchone():
            # sudo: the note of an action the user was allowed to take (above)
            return self.sudo()._oss_note().message_post(body=body, subtype="mail.mt_note", **kwargs)
        # nobody follows the request (the usual case: notes do not subscribe their authors)
        return self._oss_message(body=body, message_type="notification",
                                 subtype_id=cached_ref(self.env, "mail.mt_note").id, **kwargs)

    def _oss_message(self, **values):
        """A message of the request (``values``: its fields) written by the system as the user's
        (their partner its author, their address its sender unless given) that notifies nobody.
        Posting it (mail's ``message_post``) would look for followers to notify and read the new
        message back as the user: a third of the statements of a note or a notice."""
        self.ensure_one()
        Message = self.env["mail.message"]
        values.setdefault("author_id", Message._get_default_author().id)
        values["email_from"] = values.get("email_from") or Message._get_default_from()
        # mail creates the tracked changes by writing them on the new message: an UPDATE of the
        # message (its write date, the same moment) through every write override. They are created
        # here with the message's id, as the superuser as mail does.
        tracking = values.get("tracking_value_ids") or []
        if all(command[0] == 0 for command in tracking):
            values.pop("tracking_value_ids", None)
        else:  # other commands than new lines: mail's way
            tracking = []
        # as the superuser: the record of what the user was allowed to do (_gov_insert_message: mail's
        # create of a message that notifies nobody, in one statement)
        message = Message._gov_insert_message(dict(values, model=self._name, res_id=self.id, record_name=self.name))
        if tracking:
            self.env["mail.tracking.value"].sudo()._gov_create_lines(
                [dict(line, mail_message_id=message.id) for _command, _id, line in tracking])
        return message

    @api.model
    def _get_tracked_fields(self, updated_fields):
        """No tracking write by write inside a journal: its note carries the changes."""
        entries = getattr(_journal, "entries", None)
        if entries and self.ids and all(request_id in entries for request_id in self.ids):
            return {}
        return super(OssRequest, self)._get_tracked_fields(updated_fields)

    @api.multi
    def unlink(self):
        if any(request.state != "draft" for request in self):
            raise UserError(_("Only draft requests can be deleted; withdraw the others."))
        return super().unlink()

    # ------------------------------------------------------------ actions
    @api.multi
    @lifecycle
    def action_submit(self):
        """Receive the request: one notice of every missing document, or start the clock."""
        for request in self:
            if request.state != "draft":
                raise UserError(_("Request %(name)s was already submitted.")
                                % {"name": request.name})
            with request._oss_journal():
                request._oss_log(_("Request %(name)s received through %(channel)s.") % {
                    "name": request.name,
                    "channel": request._oss_channel_label()})
                request.partner_id.gov_ensure_public_task_basis(channel=request._oss_consent_channel())
                if request._oss_has_missing_documents():
                    request.state = "waiting_docs"
                    request._oss_record_docs_deadline()
                    request._oss_send_missing_documents_notice()
                else:
                    request._oss_start_clock(request.date_received)
        return True

    @api.model
    @api.returns("self", lambda request: request.id)
    def create_and_submit(self, vals):
        """Create the request with ``vals`` and submit it, in one call and one transaction.

        What the counter's Submit buttons send for a request not saved yet (the request form's
        script): the web client would otherwise create it, read it back, call the button and read
        it again. The whole creation runs first, with what every module adds to it (the fee of the
        service, the agency's link), then the submission; a submission refused leaves no draft
        behind. Over JSON-RPC it answers the new request's id, as ``create`` does.
        """
        request = self.create(vals)
        request.action_submit()
        return request

    @api.multi
    def action_receive_all_documents(self):
        """Tick every document of the checklist (the applicant brought the complete file)."""
        self.mapped("document_ids").write({"received": True})
        return True

    @api.multi
    def action_submit_and_print(self):
        self.action_submit()
        return self.action_print_receipt()

    @api.multi
    @lifecycle
    def action_documents_complete(self):
        """The missing documents arrived: the legal period starts now."""
        for request in self:
            if request.state != "waiting_docs":
                raise UserError(_("Request %(name)s is not waiting for documents.") % {"name": request.name})
            missing = request._oss_missing_documents()
            if missing:
                raise UserError(_("Still missing: %(docs)s")
                                % {"docs": ", ".join(missing.mapped("name"))})
            with request._oss_journal():
                request._oss_start_clock(request._oss_now())
        return True

    @api.multi
    @lifecycle
    def action_withdraw(self):
        for request in self:
            if request.state in CLOSED_STATES:
                raise UserError(_("Request %(name)s is already closed.")
                                % {"name": request.name})
            # sudo: withdrawing stops the route, whose steps belong to the departments
            request.sudo().step_ids.filtered(lambda s: s.state in ("pending", "active")).write(
                {"state": "cancelled"})
            request.write({"state": "withdrawn", "date_done": fields.Datetime.now()})
            request._oss_close_questions(_("the request was withdrawn"))
        return True

    @api.multi
    @lifecycle
    def action_done(self):
        """Finish a request by hand (a service without routing steps)."""
        for request in self:
            if request.state not in OPEN_STATES:
                raise UserError(_("Request %(name)s is not open.")
                                % {"name": request.name})
            if request.step_ids.filtered(lambda s: s.state in ("pending", "active")):
                raise UserError(_("Request %(name)s still has open routing steps.") % {"name": request.name})
            request._oss_finish()
        return True

    @api.multi
    def action_print_receipt(self):
        return self.env.ref("one_stop_service.oss_request_receipt_report").report_action(self)

    # ------------------------------------------------------------ business methods
    @api.model
    def _oss_document_lines(self, service_or_documents):
        """Checklist lines (values) of a service's documents, or of some documents of the catalogue."""
        documents = service_or_documents
        if documents._name == "oss.service":
            documents = documents.document_ids
        return [{"service_document_id": doc.id, "name": doc.name, "mandatory": doc.mandatory,
                 "copies": doc.copies, "received": False} for doc in documents]

    @api.model
    def _oss_next_tracking_number(self, date_utc):
        """OSS-<Buddhist year of the local receipt date>-<6 digits>.

        One ``ir.sequence.date_range`` per calendar year (preloaded in data): each is a
        PostgreSQL sequence, so concurrent transactions never get the same number.
        """
        local = pytz.utc.localize(date_utc).astimezone(self.env["resource.calendar"].gov_office_tz())
        # sudo: numbering is not something the caller's rights should decide
        sequence = cached_ref(self.env, "one_stop_service.seq_oss_request").sudo()
        number = sequence.with_context(ir_sequence_date=local.strftime("%Y-%m-%d")).next_by_id()
        return "OSS-%d-%s" % (be_year(local.year), number)

    def _oss_complete_checklist(self, drop_stale=False):
        """Give each request a line for every document its service requires, whatever lines the
        caller sent; with ``drop_stale`` (the service of a draft changed), remove the lines of
        documents of another service."""
        Document = self.env["oss.request.document"]
        if drop_stale:
            for request in self.filtered(lambda r: r.state == "draft"):
                documents = request.service_id.document_ids
                request.document_ids.filtered(lambda d: d.service_document_id not in documents).unlink()
        if not self.ids:
            return
        # one query for all the requests rather than reading each one's service documents and lines
        # (six at each intake): a request from the counter comes with every line already
        self.env.cr.execute("""
            SELECT q.id, sd.id FROM oss_service_document sd JOIN oss_request q ON q.service_id = sd.service_id
             WHERE q.id IN %s AND NOT EXISTS (SELECT 1 FROM oss_request_document d
                                               WHERE d.request_id = q.id AND d.service_document_id = sd.id)
          ORDER BY q.id, sd.sequence, sd.id""", (tuple(self.ids),))
        missing = {}
        for request_id, document_id in self.env.cr.fetchall():
            missing.setdefault(request_id, []).append(document_id)
        for request_id, document_ids in missing.items():
            for line in self._oss_document_lines(self.env["oss.service.document"].browse(document_ids)):
                Document.create(dict(line, request_id=request_id))
        if missing:
            self.invalidate_cache(["document_ids"], list(missing))

    def _oss_consent_channel(self):
        """The channel the implied public-task basis of the request is recorded with (PDPA)."""
        self.ensure_one()
        return self.env["oss.channel"]._oss_consent_channel_of(self.channel)

    def _oss_missing_documents(self):
        self.ensure_one()
        if "document_ids" in self._cache:  # the checklist was read (a form, a count): no query
            return self.document_ids.filtered(lambda d: d.mandatory and not d.received)
        # one query where it was not (the submission at the counter) rather than reading it all
        return self.env["oss.request.document"].search([
            ("request_id", "=", self.id), ("mandatory", "=", True), ("received", "=", False)])

    def _oss_has_missing_documents(self):
        """Whether a mandatory document of the checklist was not received.

        The submission asks only this, of a checklist most often not read in the call (the counter
        creates and submits at once): one SELECT of one row, where the search of the lines through
        the ORM was a fiftieth of an intake's processor time. The lines are the request's whoever
        reads them, as the state they decide is the request's."""
        self.ensure_one()
        if "document_ids" in self._cache:
            return bool(self._oss_missing_documents())
        self.env.cr.execute("SELECT 1 FROM oss_request_document WHERE request_id = %s AND mandatory "
                            "AND received IS NOT TRUE LIMIT 1", (self.id,))
        return bool(self.env.cr.fetchone())

    def _oss_calendar(self):
        return cached_ref(self.env, "gov_crm.calendar_gov_office")

    def _oss_now(self):
        """Now, as a 'YYYY-MM-DD HH:MM:SS' UTC string (a seam for tests)."""
        return fields.Datetime.now()

    @lifecycle
    def _oss_start_clock(self, start):
        """The file is complete at ``start``: the legal period and the route start."""
        self.ensure_one()
        expected = self._oss_calendar()._gov_compute_with(
            legal_clock.expected_date, fields.Datetime.from_string(start), self.service_id.legal_days)
        # a service with a route is in progress at once; one without waits for someone to finish it
        self.write({"state": "in_progress" if self.service_id.step_ids else "submitted", "date_complete": start,
                    "expected_date": fields.Datetime.to_string(expected)})
        self._oss_notify("one_stop_service.mail_template_oss_submitted")
        self._oss_start_routing()

    @lifecycle
    def _oss_start_routing(self):
        self.ensure_one()
        # sudo: the route is the service's, not the caller's: the front desk may not create steps
        Step = self.env["oss.request.step"].sudo()
        request = self.sudo()  # as the route reads its steps (_oss_route_next)
        # a request known to have no steps has those created here: Odoo 11 forgets a record's lines
        # when a line is created, and searched them again
        had_none = "step_ids" in request._cache and not request._cache["step_ids"]
        created = Step.browse()
        # the request's progress once for the whole route and its first steps' activation
        with self.env.norecompute():
            rows = [{
                "request_id": self.id, "service_step_id": service_step.id,
                "sequence": service_step.sequence, "name": service_step.name,
                "department_id": service_step.department_id.id, "days": service_step.days,
            } for service_step in self.service_id.step_ids]
            if rows and Step._oss_route_insertable():
                # the route in one INSERT: its steps, each through the ORM's create, were a twelfth of
                # the submission's Python function calls (defaults, access, the INSERT built field by field)
                created = Step._gov_insert_created([dict(row, state="pending") for row in rows])
            else:
                for row in rows:
                    created |= Step.create(row)
            if had_none:  # in the steps' order (by sequence, then id)
                request._cache["step_ids"] = tuple(created.sorted(lambda step: (step.sequence, step.id)).ids)
            if request.step_ids:
                self._oss_route_next()
        self.recompute()

    @lifecycle
    def _oss_route_next(self):
        """Activate the next sequence when every step of the current one is done; finish after the last."""
        self.ensure_one()
        if self.state not in OPEN_STATES:
            return
        # sudo: the route is the system's (its steps are created and activated as the superuser): read
        # as the user, the steps just created were searched and fetched again under their rules, and
        # searched once more for the progress, computed as the superuser
        steps = self.sudo().step_ids
        if steps.filtered(lambda s: s.state == "active"):
            return
        pending = steps.filtered(lambda s: s.state == "pending")
        if not pending:
            self._oss_finish()
            return
        first = min(pending.mapped("sequence"))
        # activating (and, in citizen_case, opening department cases) follows from the route
        pending.filtered(lambda s: s.sequence == first)._activate()

    @lifecycle
    def _oss_finish(self):
        self.write({"state": "done", "date_done": fields.Datetime.now()})
        self._oss_close_questions(_("the request is done"))
        self._oss_notify("one_stop_service.mail_template_oss_done")

    @lifecycle
    def _oss_reject(self, reason):
        self.ensure_one()
        self.step_ids.filtered(lambda s: s.state in ("pending", "active")).write({"state": "cancelled"})
        self.write({"state": "rejected", "reject_reason": reason, "date_done": fields.Datetime.now()})
        self._oss_close_questions(_("the request was rejected"))
        self._oss_notify("one_stop_service.mail_template_oss_rejected")

    def _oss_mark_public_change(self):
        """Something the public sees of these requests changed (a step, a question)."""
        now = fields.Datetime.now()
        # sudo: the time of the change follows from an action the caller was allowed to do
        # (an officer finishing a step, an applicant answering): it is the request's bookkeeping.
        # A request whose time of change is already this second (the submission, which starts its
        # first steps) keeps it: the same value written again would be an UPDATE and an audit line.
        later = self.sudo().filtered(lambda request: request.date_public_change != now)
        if later:
            with protected_gate():
                later.write({"date_public_change": now})

    @api.multi
    def _oss_public_notes(self):
        """Texts the public status page and the portal may show (no personal data)."""
        self.ensure_one()
        notes = []
        if self.state == "waiting_docs":
            notes.append(_("Missing documents: %(docs)s") % {
                "docs": ", ".join(self._oss_missing_documents().mapped("name"))})
        notes += self._oss_docs_deadline_notes()
        if self.state == "rejected" and self.reject_reason:
            notes.append(_("Reason: %(reason)s") % {"reason": self.reject_reason})
        if self.public_note:
            notes.append(self.public_note)
        return notes
