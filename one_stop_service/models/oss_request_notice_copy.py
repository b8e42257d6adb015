"""Copies of the delay notices to the Office of the Public Sector Development Commission.

Section 10 of the Licensing Facilitation Act: the notice telling an applicant why a late
request is not done is also sent to OPDC (ก.พ.ร.). The address is a setting
(``one_stop_service.opdc_email``, changed by service managers only, *Configuration >
Licensing Act settings*). Each delay notice is copied when it is given: an e-mail to that
address, queued with the others and kept in the request's chatter, and a copy line that
records what was sent, to whom and when (the agency's own record, listed by month and
service in Excel). With no address set nothing is sent: the copy line and a note on the
request say so.

A copy carries what OPDC monitors and no more: the agency, tracking number, service, the
dates of the request and the notice, and the reason of the delay; never the applicant's
name, identifier, phone, e-mail or address (PDPA s.22, data minimisation: OPDC asks the
agency for a file when it needs one). The reason is written by staff for the applicant,
so the request form says it is copied and must name nobody else.
"""
from odoo import _, api, fields, models

OPDC_EMAIL_PARAM = "one_stop_service.opdc_email"
COPY_STATES = [("queued", "Queued"), ("not_sent", "Not sent")]


class OssRequestNoticeCopy(models.Model):
    """One copy of a legal notice sent (or not) to OPDC: the agency's record of what was sent."""

    _name = "oss.request.notice.copy"
    _description = "Copy of a legal notice to OPDC"
    _inherit = ["gov.protected.fields.mixin"]
    _order = "notice_date desc, id desc"
    # the record of what the agency sent: written by the system when it copies a notice
    _protected_fields = ("notice_id", "request_id", "service_id", "notice_date", "date", "recipient",
                         "state", "note", "subject", "body", "mail_id")

    notice_id = fields.Many2one("oss.request.notice", required=True, ondelete="cascade", index=True,
                                readonly=True)
    request_id = fields.Many2one(related="notice_id.request_id", store=True, index=True, readonly=True,
                                 string="Request")
    service_id = fields.Many2one(related="notice_id.request_id.service_id", store=True, index=True,
                                 readonly=True, string="Service")
    notice_date = fields.Date(related="notice_id.date", store=True, index=True, readonly=True,
                              string="Notice date")
    date = fields.Datetime(string="Recorded on", required=True, readonly=True, default=fields.Datetime.now)
    recipient = fields.Char(string="Sent to", readonly=True)
    state = fields.Selection(COPY_STATES, string="Copy", required=True, readonly=True, index=True)
    note = fields.Char(readonly=True)
    subject = fields.Char(readonly=True)
    body = fields.Html(string="What was sent", readonly=True)
    mail_id = fields.Many2one("mail.mail", string="E-mail", ondelete="set null", readonly=True)


class OssRequestNotice(models.Model):
    _inherit = "oss.request.notice"

    copy_ids = fields.One2many("oss.request.notice.copy", "notice_id", string="Copies to OPDC", readonly=True,
                               groups="gov_crm.group_gov_service_manager")

    @api.model
    def _oss_opdc_address(self):
        # sudo: the system reads its own setting (only administrators may read parameters)
        return (self.env["ir.config_parameter"].sudo().get_param(OPDC_EMAIL_PARAM) or "").strip()

    @api.multi
    def _oss_copy_to_opdc(self):
        """Send a copy of each notice to OPDC and record it (s.10); returns the copy lines."""
        address = self._oss_opdc_address()
        template = self.env.ref("one_stop_service.mail_template_oss_delay_opdc")
        # sudo: the copies and their e-mails are the system's, whoever gives the notice
        Copy, Mail = self.env["oss.request.notice.copy"].sudo(), self.env["mail.mail"].sudo()
        copies = Copy.browse()
        for notice in self:
            request = notice.request_id
            values = template._gov_render_fields(notice.id, ["subject", "body_html", "email_from"])
            copy = {"notice_id": notice.id, "subject": values["subject"], "body": values["body_html"]}
            if address:
                # kept in the request's chatter (an e-mail, never shown on the portal) and
                # deleted with it; no partner: OPDC is an address, not a person in the registry
                mail = Mail.create({
                    "subject": values["subject"], "body_html": values["body_html"],
                    "email_from": values.get("email_from") or False, "email_to": address,
                    "model": request._name, "res_id": request.id, "auto_delete": False,
                })
                copy.update(state="queued", recipient=address, mail_id=mail.id)
            else:
                copy.update(state="not_sent", note=_("No OPDC address is set in the settings."))
                request._oss_log(_("No copy of the delay notice to OPDC: no address is set in the settings "
                                   "(Configuration > Licensing Act settings)."))
            copies |= Copy.create(copy)
        return copies

    @api.multi
    def oss_delay_number(self):
        """Template helper: the rank of this delay notice among those of its request (1 = first)."""
        self.ensure_one()
        return self.search_count([("request_id", "=", self.request_id.id), ("kind", "=", self.kind),
                                  "|", ("date", "<", self.date), "&", ("date", "=", self.date),
                                  ("id", "<=", self.id)])
