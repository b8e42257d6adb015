"""The record of missing documents and its deadline (s.8 Licensing Facilitation Act).

When the file of a request is incomplete, the official and the applicant record what is
missing and the date by which it must be brought, and both sign the record: the receipt
printed at submission carries it, with a place for both signatures. The period is the
service's ``docs_days``, in working days of the agency calendar counted like the legal
period from the local day of receipt (the Act leaves the unit to the record; working days
end the period on a day the counter is open, as the catalogue's processing periods do).
The counter may give another period, with a reason, while the request is a draft.

Documents brought by the deadline complete the file, and the legal clock starts on the day
they are complete (``action_documents_complete``). A file still incomplete the day after
the deadline is treated as abandoned: a daily job closes the request, tells the applicant
why (the documents received are returned) and records the notice; the counter records
when the documents were handed back.
"""
from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError

from odoo.addons.gov_crm.lib import legal_clock

from .oss_request import lifecycle


class OssRequest(models.Model):
    _inherit = "oss.request"

    docs_days = fields.Integer(
        string="Days to bring missing documents", track_visibility="onchange", copy=False,
        readonly=True, states={"draft": [("readonly", False)]},
        help="Working days the applicant has to bring what is missing from an incomplete file, from the "
             "day of receipt: the service's period, unless the counter gives another one with a reason.")
    docs_days_reason = fields.Char(
        string="Reason for another period", track_visibility="onchange", copy=False,
        readonly=True, states={"draft": [("readonly", False)]},
        help="Why this applicant has another period than the service's to bring the missing documents.")
    service_docs_days = fields.Integer(related="service_id.docs_days", readonly=True,
                                       string="Service's period for missing documents")
    docs_deadline = fields.Date(
        string="Documents due by", readonly=True, copy=False, index=True, track_visibility="onchange",
        help="Last day to bring the missing documents (record of missing documents, s.8); the day after, "
             "the request is treated as abandoned and closed.")
    docs_returned_date = fields.Datetime(
        string="Documents returned on", readonly=True, copy=False,
        help="When the documents of an abandoned request were handed back to the applicant.")

    # ------------------------------------------------------------ constraints and onchanges
    @api.constrains("docs_days", "docs_days_reason", "service_id")
    def _check_docs_days(self):
        for request in self:
            if request.docs_days < 1:
                raise ValidationError(_(
                    "Request %(name)s: the applicant needs at least one working day to bring the missing "
                    "documents.")
                    % {"name": request.name})
            if request.docs_days != request.service_id.docs_days and not (request.docs_days_reason or "").strip():
                raise ValidationError(_(
                    "Request %(name)s: give the reason for %(days)s working days to bring the missing "
                    "documents instead of the service's %(default)s.")
                    % {"name": request.name, "days": request.docs_days, "default": request.service_id.docs_days})

    @api.onchange("service_id")
    def _onchange_service_docs_days(self):
        if self.service_id and not self.docs_days_reason:
            self.docs_days = self.service_id.docs_days

    # ------------------------------------------------------------ CRUD
    @api.model
    def create(self, vals):
        if not vals.get("docs_days") and vals.get("service_id"):
            vals = dict(vals, docs_days=self.env["oss.service"].browse(vals["service_id"]).docs_days)
        return super(OssRequest, self).create(vals)

    @api.multi
    def write(self, vals):
        if vals.get("service_id") and "docs_days" not in vals:
            # a draft whose service changes takes the new service's period, unless the counter gave its own
            own = self.filtered("docs_days_reason")
            period = self.env["oss.service"].browse(vals["service_id"]).docs_days
            if own:
                super(OssRequest, own).write(vals)
            if self - own:
                super(OssRequest, self - own).write(dict(vals, docs_days=period))
            return True
        return super(OssRequest, self).write(vals)

    # ------------------------------------------------------------ actions
    @api.multi
    @lifecycle
    def action_documents_returned(self):
        """The counter handed the documents of an abandoned request back to the applicant."""
        for request in self:
            if request.state != "abandoned":
                raise UserError(_("Request %(name)s was not abandoned: its documents stay with the file.")
                                % {"name": request.name})
            if request.docs_returned_date:
                raise UserError(_("The documents of request %(name)s were already returned.") % {"name": request.name})
            with request._oss_journal():
                request.write({"docs_returned_date": request._oss_now()})
                request._oss_log(_("Documents returned to the applicant by %(user)s.") % {
                    "user": self.env.user.name})
        return True

    # ------------------------------------------------------------ business methods
    def _oss_docs_period(self):
        self.ensure_one()
        return self.docs_days or self.service_id.docs_days

    def _oss_lang(self):
        return "th_TH" if self.env.lang == "th_TH" else "en_US"

    @lifecycle
    def _oss_record_docs_deadline(self):
        """Record the date by which the missing documents must be brought (the file is incomplete)."""
        self.ensure_one()
        days = self._oss_docs_period()
        deadline = fields.Date.to_string(self._oss_calendar()._gov_compute_with(
            legal_clock.docs_deadline, fields.Datetime.from_string(self.date_received), days))
        # a draft from before the period was on the request takes the service's: the record prints it
        self.write({"docs_deadline": deadline, "docs_days": days})
        values = {"date": self.oss_be_date(deadline, self._oss_lang()), "days": days,
                  "default": self.service_id.docs_days, "reason": self.docs_days_reason}
        if days != self.service_id.docs_days:
            self._oss_log(_("Missing documents to be brought by %(date)s: %(days)s working days instead of the "
                            "service's %(default)s, because: %(reason)s") % values)
        else:
            self._oss_log(_("Missing documents to be brought by %(date)s (%(days)s working days).") % values)

    @api.model
    def _cron_close_abandoned(self, today=None):
        """Close as abandoned the requests whose missing documents were not brought by their
        deadline (s.8): the day after it, in the office calendar's timezone.

        Idempotent: a closed request is no longer waiting for documents. A file whose
        checklist is complete is left to the counter to confirm (it was brought, on a day
        the system does not know), never abandoned.
        """
        today = fields.Date.from_string(today) if today else self._oss_today()
        requests = self.search([("state", "=", "waiting_docs"),
                                ("docs_deadline", "<", fields.Date.to_string(today))], order="docs_deadline, id")
        closed = self.browse()
        for request in requests:
            deadline = fields.Date.from_string(request.docs_deadline)
            if legal_clock.is_abandoned(today, deadline) and request._oss_missing_documents():
                request._oss_abandon(today)
                closed |= request
        return closed

    @lifecycle
    def _oss_abandon(self, today):
        """Close the request as abandoned, tell the applicant why and record the notice."""
        self.ensure_one()
        with self._oss_journal():
            reason = self.with_context(lang=self.partner_id.lang or "th_TH")._oss_abandon_reason()
            self.write({"state": "abandoned", "date_done": self._oss_now()})
            self._oss_log(_("Closed as abandoned: the missing documents were not brought by %(date)s "
                            "(s.8). Return the documents received to the applicant.") % {
                "date": self.oss_be_date(self.docs_deadline, self._oss_lang())})
            sent, not_sent = self._oss_notify("one_stop_service.mail_template_oss_abandoned")
            # sudo: notices are the system's evidence; nobody writes them by hand
            self.env["oss.request.notice"].sudo().create({
                "request_id": self.id, "kind": "abandoned", "date": fields.Date.to_string(today),
                "content": reason, "docs_deadline": self.docs_deadline,
                "sent": sent, "not_sent_reason": not_sent or False,
            })

    def _oss_abandon_reason(self):
        """Why the request was closed, in the language of the environment."""
        self.ensure_one()
        lang = self._oss_lang()
        return _("The missing documents were not brought by %(date)s: %(docs)s. The request is treated as "
                 "abandoned (Licensing Facilitation Act s.8).") % {
            "date": self.oss_be_date(self.docs_deadline, lang),
            "docs": ", ".join(self._oss_missing_documents().mapped("name"))}

    def _oss_docs_deadline_notes(self):
        """Public notes of the deadline of the missing documents (status page, portal, API)."""
        self.ensure_one()
        date = self.oss_be_date(self.docs_deadline, self._oss_lang())
        if self.state == "waiting_docs" and self.docs_deadline:
            return [_("Bring them by %(date)s; after that day the request is treated as abandoned "
                      "(Licensing Facilitation Act s.8).") % {"date": date}]
        if self.state == "abandoned":
            return [_("Closed as abandoned: the missing documents were not brought by %(date)s "
                      "(Licensing Facilitation Act s.8). The documents received are returned to the applicant.")
                    % {"date": date}]
        return []

    @api.multi
    def oss_docs_deadline_text(self, lang="th_TH"):
        """Template helper: the deadline of the missing documents in the Buddhist era."""
        self.ensure_one()
        return self.oss_be_date(self.docs_deadline, lang)
