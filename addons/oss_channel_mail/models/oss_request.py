"""Requests by e-mail: Odoo's mail gateway creates and updates requests through these methods.

``message_route`` (mail_thread.py) has already kept robots, loops and refused messages out;
what reaches ``message_new`` becomes a request in triage through the channel-neutral
``_oss_intake_message``, and its acknowledgement answers in the sender's thread. A reply
(``message_update``) is posted on the request and answers the open question to the applicant,
which resumes the clock. Every e-mail of a request by e-mail (acknowledgement and notices)
carries In-Reply-To and References of the sender's message and an Auto-Submitted header.
"""
import logging
import socket

from odoo import _, api, fields, models
from odoo.tools import email_split, email_split_and_format, html2plaintext, html_escape

from odoo.addons.gov_crm.lib import intake_message
from odoo.addons.gov_crm.models.gov_protected_fields_mixin import protected_gate
from odoo.addons.one_stop_service.models.oss_request_triage import IntakeMessage

_logger = logging.getLogger(__name__)
LOOP_HEADER = "X-Gov-Loop"


class OssRequest(models.Model):
    _inherit = "oss.request"
    _protected_fields = ("mail_message_ref",)

    mail_message_ref = fields.Char(
        string="E-mail thread", readonly=True, copy=False, index=True,
        help="Message-ID of the e-mail that made the request: its acknowledgement and notices reply to it.")

    # ------------------------------------------------------------ the mail gateway
    @api.model
    def message_new(self, msg_dict, custom_values=None):
        """A new e-mail to a request address: a request in triage, acknowledged in the same thread."""
        service = self.env["oss.service"].browse((custom_values or {}).get("service_id")).exists()
        message = self._oss_mail_intake_message(msg_dict, service)
        request = self._oss_intake_message(message)
        request._oss_write_system({"mail_message_ref": msg_dict.get("message_id") or False})
        # the files are the request's already: the gateway's post of the e-mail links them
        msg_dict["attachment_ids"] = self.env["ir.attachment"].search(
            [("res_model", "=", self._name), ("res_id", "=", request.id)]).ids
        msg_dict["attachments"] = []
        # the notice's job sends the e-mail as soon as it is queued (it does not wait for the queue)
        request._oss_notify("oss_channel_mail.mail_template_oss_mail_received", send_now=True)
        return request

    @api.multi
    def message_update(self, msg_dict, update_vals=None):
        """A reply of the applicant: posted by the gateway; it answers the open question, if any."""
        result = super().message_update(msg_dict, update_vals=update_vals)
        text = intake_message.first_reply_text(html2plaintext(msg_dict.get("body") or ""))
        for request in self:
            questions = request.oss_open_questions()
            if questions and (text or msg_dict.get("attachments")):
                # sudo: the answer is written by the system's path (as at the portal), whoever runs the
                # gateway; the message was screened and routed to this request's thread
                questions[0].sudo()._oss_answer(text or _("(files attached to the e-mail)"), "email",
                                                self.env.user)
        return result

    @api.model
    def _oss_mail_intake_message(self, msg_dict, service=None):
        """The ``IntakeMessage`` of an e-mail parsed by the gateway (``message_parse``)."""
        sender = (email_split_and_format(msg_dict.get("email_from") or msg_dict.get("from") or "") or [""])[0]
        address = (email_split(sender) or [""])[0]
        name = sender.split("<", 1)[0] if "<" in sender else ""
        subject = msg_dict.get("subject") or ""
        text = html2plaintext(msg_dict.get("body") or "").strip()
        attachments = []
        for attachment in msg_dict.get("attachments") or ():
            content = attachment[1]
            if isinstance(content, str):
                content = content.encode("utf-8")
            attachments.append(intake_message.Attachment(attachment[0] or _("attachment"), content or b""))
        partner = self.env["res.partner"].search([("email", "=ilike", address)], limit=1) if address else None
        lang = partner.lang if partner and partner.lang else intake_message.guess_lang(subject + " " + text)
        return IntakeMessage("email", name, address, None, subject, text, attachments,
                             service or self.env["oss.service"], lang)

    def _oss_write_system(self, values):
        with protected_gate():  # the thread of the request is the system's bookkeeping
            self.write(values)

    # ------------------------------------------------------------ replies in the sender's thread
    @api.model
    def _oss_mail_alias_address(self, alias=None):
        """``requests@domain`` (or ``alias``'s address); False without a catch-all domain."""
        # sudo: the system's own addresses, for any caller that answers by e-mail
        domain = self.env["ir.config_parameter"].sudo().get_param("mail.catchall.domain")
        alias = alias or self.env.ref("oss_channel_mail.mail_alias_requests", raise_if_not_found=False)
        if not (domain and alias and alias.alias_name):
            return False
        return "%s@%s" % (alias.alias_name, domain)

    def oss_mail_from(self):
        """The sender of the request's e-mails: the service's address, the general one, or the company's."""
        self.ensure_one()
        address = self._oss_mail_alias_address(self.service_id.sudo().mail_alias_id or None)
        company = self.env.user.company_id
        if address:
            return "%s <%s>" % (company.name, address)
        return company.email or self.env.user.email or ""

    @api.model
    def _oss_mail_headers(self, in_reply_to=None, kind="auto-replied"):
        """Headers of an e-mail the system sends in answer to one: threading and loop guards."""
        headers = {"Auto-Submitted": kind, LOOP_HEADER: self._oss_mail_loop_token()}
        if in_reply_to:
            headers["In-Reply-To"] = in_reply_to
        return headers

    @api.model
    def _oss_mail_loop_token(self):
        # sudo: the database's own identifier, read by the gateway's user
        return self.env["ir.config_parameter"].sudo().get_param("database.uuid") or socket.gethostname()

    def _oss_post_and_queue(self, template, channels):
        """Notices of a request by e-mail reply in the applicant's thread."""
        message = super()._oss_post_and_queue(template, channels)
        if self.mail_message_ref:
            # sudo: the queued e-mail is the system's; the caller was allowed to give the notice
            mails = self.env["mail.mail"].sudo().search([("mail_message_id", "=", message.id)])
            kind = "auto-replied" if template == self.env.ref(
                "oss_channel_mail.mail_template_oss_mail_received") else "auto-generated"
            mails.write({"references": self.mail_message_ref,
                         "headers": repr(self._oss_mail_headers(self.mail_message_ref, kind)),
                         "reply_to": self.oss_mail_from()})
        return message

    # ------------------------------------------------------------ refusals
    @api.model
    def _oss_mail_refuse(self, message, msg_dict, refusals, lang):
        """Tell the sender why their message was not registered: a reply in their thread, nothing kept."""
        body = self.with_context(lang=lang)._oss_mail_refusal_body(refusals)
        address = (email_split(msg_dict.get("email_from") or "") or [""])[0]
        if not address:
            return
        values = {
            "subject": "Re: %s" % (msg_dict.get("subject") or "").strip(),
            "body_html": body, "email_to": address, "auto_delete": True,
            "email_from": self._oss_mail_from_default(),
            "references": msg_dict.get("message_id") or False,
            "headers": repr(self._oss_mail_headers(msg_dict.get("message_id"))),
        }
        # sudo: a reply the system sends to someone who has no record here
        self.env["mail.mail"].sudo().create(values).send()
        _logger.info("E-mail from %s to a request address refused: %s", address, "; ".join(refusals))

    @api.model
    def _oss_mail_refusal_body(self, refusals):
        return "<p>%s</p><ul>%s</ul><p>%s</p>" % (
            html_escape(_("Your message was not registered as a request:")),
            "".join("<li>%s</li>" % html_escape(text) for text in refusals),
            html_escape(_("Send it again with these corrected, or come to the counter.")))

    @api.model
    def _oss_mail_from_default(self):
        address = self._oss_mail_alias_address()
        company = self.env.user.company_id
        return "%s <%s>" % (company.name, address) if address else (company.email or "")
