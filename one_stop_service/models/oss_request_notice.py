"""Legal notices to the applicant: missing documents and abandonment (s.8), delay (s.10)."""
import contextlib
import threading

from odoo import _, api, fields, models

from odoo.addons.gov_crm.lib import legal_clock
from odoo.addons.gov_crm.tools.class_attributes import united
from odoo.addons.gov_crm.tools.xmlid import cached_ref

# the applicants' columns read for the channels of the notice being decided (_oss_notice_contact)
_contacts = threading.local()


@contextlib.contextmanager
def _one_contact_read():
    """Inside the block, ``_oss_notice_contact`` reads a request's applicant once."""
    previous = getattr(_contacts, "known", None)
    _contacts.known = {}
    try:
        yield
    finally:
        _contacts.known = previous


NOTICE_KINDS = [
    ("missing_documents", "Missing documents (s.8)"),
    ("delay", "Delay (s.10)"),
    ("abandoned", "Request abandoned (s.8)"),
]


class OssRequestNotice(models.Model):
    """One notice given to an applicant, kept as evidence that the law was followed."""

    _name = "oss.request.notice"
    _description = "Legal notice of a request"
    _inherit = ["gov.protected.fields.mixin"]
    _order = "date desc, id desc"
    # evidence that the law was followed: written by the system when it gives the notice
    _protected_fields = ("request_id", "kind", "date", "content", "sent", "not_sent_reason", "docs_deadline",
                         "copy_ids")

    request_id = fields.Many2one("oss.request", required=True, ondelete="cascade", index=True)
    kind = fields.Selection(NOTICE_KINDS, required=True, index=True)
    date = fields.Date(required=True, index=True)
    content = fields.Text(required=True, help="What the notice said (missing documents or the reason of the delay).")
    docs_deadline = fields.Date(string="Documents due by",
                                help="The date by which the missing documents must be brought (s.8).")
    sent = fields.Boolean(string="Given", help="The notice was given to its job, which sends it after the "
                                               "transaction (the chatter shows it once sent); False when the "
                                               "person may not be contacted: see the reason.")
    not_sent_reason = fields.Char(string="Why not sent")


class OssRequest(models.Model):
    _inherit = "oss.request"

    @api.model
    def _oss_today(self):
        """Today in the timezone of the office calendar."""
        return self._oss_calendar()._gov_localize(fields.Datetime.from_string(self._oss_now())).date()

    def _oss_notify(self, template_xmlid, send_now=False):
        """Give a notice to the applicant when gov_crm finds a lawful basis; otherwise log why not.

        The decision (lawful basis, channels) is taken here, in the caller's transaction, and
        the notice's job is written with it: rendering, the chatter message and the queueing
        on each channel run after the commit, in a job of the notice channel
        (``_oss_notice_job``), retried, and listed under *Failed notices* when they finally
        fail. ``send_now``: the job sends the e-mail as soon as it is queued (an
        acknowledgement does not wait for the mail queue).

        Returns (sent, reason) of the last request: ``sent`` says that the notice was given
        to the job, not that it has reached the person yet.
        """
        template = cached_ref(self.env, template_xmlid)
        result = (False, "")
        for request in self:
            # decided once per notice, from one read of the person's contact columns, then passed along
            # to every channel's queueing
            with _one_contact_read():
                channels = request._oss_notice_channels()
            allowed, reason = request.partner_id.gov_check_contact("service_notification")
            if not allowed:
                channels = []
            elif not channels:
                allowed, reason = False, _("the person gave no e-mail address or other way to reach them")
            if allowed:
                request._oss_queue_notice(template_xmlid, template, channels, send_now)
            else:
                request._oss_log(_("Notice \"%(notice)s\" not sent: %(reason)s") % {
                    "notice": template.name, "reason": reason})
            result = (allowed, "" if allowed else reason)
        return result

    def _oss_notice_channels(self):
        """The channels a notice to the applicant goes through: e-mail when they have an address.

        Hook: the addons of other channels add theirs (an SMS to a mobile number, LINE), by
        what the person used and prefers (``_oss_notice_contact``); a notice with no channel is not
        sent, and says why. ``_oss_notify`` asks it once per notice and passes the answer to
        ``_oss_post_and_queue``.
        """
        self.ensure_one()
        return ["email"] if self._oss_notice_contact()["email"] else []

    # the applicant's columns the channels of a notice are chosen from; each channel's addon adds its own
    _oss_notice_contact_columns = ("email",)

    def _oss_notice_contact(self):
        """{column: value} of the applicant's columns the channels of a notice are chosen from
        (``_oss_notice_contact_columns`` of every module), read in one statement whoever asks: how a
        person is told is the system's decision about a person the caller may give the notice to. The
        applicant's record fetched their whole row under the caller's rules, for four columns, at each
        intake (a twentieth of the submission's Python function calls). Read once for all the
        channels of a notice while ``_oss_notify`` decides them."""
        self.ensure_one()
        known = getattr(_contacts, "known", None)
        if known is not None and self.id in known:
            return known[self.id]
        (columns,) = united(type(self), "_oss_notice_contact_columns")
        columns = sorted(columns)
        self.env.cr.execute("SELECT %s FROM res_partner WHERE id = %%s" % ", ".join(  # the person's columns
            '"%s"' % column for column in columns), (self.partner_id.id,))
        contact = dict(zip(columns, self.env.cr.fetchone() or (None,) * len(columns)))
        if known is not None:
            known[self.id] = contact
        return contact

    def _oss_post_and_queue(self, template, channels):
        """Keep the notice in the chatter and queue its e-mail to the applicant when ``channels``
        (the notice's, from ``_oss_notice_channels``) include e-mail.

        Rendered once, in the applicant's language. The message is written as the record of a
        notice the user gave (their partner its author), to the applicant as its recipient, and
        notifies nobody (``_oss_message``): it is not a discussion, and its e-mail goes out with
        the mail queue. (Posting it with the composer would make mail search the recipients among
        all partners, a scan of the whole registry.) The addons of other channels queue theirs
        from the message returned: its subject is the notice's, rendered here (see
        ``_oss_notice_short_text``).
        """
        self.ensure_one()
        values = template._gov_render_fields(self.id, ["subject", "body_html", "email_from"])
        message = self._oss_message(
            message_type="comment", subtype_id=cached_ref(self.env, "mail.mt_comment").id,
            email_from=values.get("email_from"), subject=values["subject"], body=values["body_html"],
            partner_ids=[(4, self.partner_id.id)])
        if "email" in channels:
            # sudo: the e-mail is queued by the system
            self.env["mail.mail"].sudo().create({
                "mail_message_id": message.id,
                "recipient_ids": [(4, self.partner_id.id)],
                "body_html": values["body_html"],
                "auto_delete": template.auto_delete,
            })
        return message

    def _oss_notice_short_text(self, subject):
        """The notice as a short message (an SMS, a LINE push) carries it: its ``subject``, as
        rendered for the message in the applicant's language, and the signed link of the status
        page; the words around them in the environment's language."""
        self.ensure_one()
        return _("%(subject)s. Status: %(url)s") % {"subject": subject, "url": self.oss_track_signed_url()}

    def _oss_send_missing_documents_notice(self):
        """ONE notice listing every missing document (s.8), recorded with the request."""
        self.ensure_one()
        if self.notice_ids.filtered(lambda n: n.kind == "missing_documents"):
            return
        sent, reason = self._oss_notify("one_stop_service.mail_template_oss_missing_documents")
        # sudo: notices are the system's evidence; nobody but a service manager writes them by hand
        self.env["oss.request.notice"].sudo().create({
            "request_id": self.id, "kind": "missing_documents", "date": fields.Date.to_string(self._oss_today()),
            "content": "\n".join(self._oss_missing_documents().mapped("name")),
            "docs_deadline": self.docs_deadline, "sent": sent, "not_sent_reason": reason or False,
        })

    def oss_delay_text(self):
        self.ensure_one()
        if self.delay_reason:
            return self.delay_reason
        departments = self.step_ids.filtered(lambda s: s.state == "active").mapped("department_id")
        return _("The request is still being processed by: %(departments)s") % {
            "departments": ", ".join(departments.mapped("name")) or self.service_id.name}

    @api.model
    def _cron_send_delay_notices(self, today=None):
        """Tell every applicant whose request is late why, every 7 days until it is done (s.10).

        Idempotent: a request noticed today (or in the last 6 days) is skipped.
        """
        today = fields.Date.from_string(today) if today else self._oss_today()
        calendar = self._oss_calendar()._gov_working_calendar()
        late_before = legal_clock.late_before(calendar, today)
        last_allowed = fields.Date.to_string(legal_clock.last_notice_allowed(today))
        requests = self.search([
            ("state", "in", ("submitted", "in_progress")),
            ("expected_date", "<", fields.Datetime.to_string(late_before)),
            "|", ("delay_notice_date", "=", False), ("delay_notice_date", "<=", last_allowed),
        ])
        requests = requests.filtered(lambda r: legal_clock.delay_notice_due(
            calendar, today, fields.Datetime.from_string(r.expected_date),
            fields.Date.from_string(r.delay_notice_date) if r.delay_notice_date else None))
        for request in requests:
            reason_text = request.oss_delay_text()
            sent, reason = request._oss_notify("one_stop_service.mail_template_oss_delay")
            notice = self.env["oss.request.notice"].create({
                "request_id": request.id, "kind": "delay", "date": fields.Date.to_string(today),
                "content": reason_text, "sent": sent, "not_sent_reason": reason or False,
            })
            request.delay_notice_date = fields.Date.to_string(today)
            notice._oss_copy_to_opdc()
        return requests
