"""The mail gateway's door to requests: robots, loops and refused messages never get in.

``message_route`` finds where an incoming e-mail goes (a reply to a request's thread, a request
address); for the routes to ``oss.request`` this screens the message first. An automatic reply,
a bounce, a mailing list or the agency's own mail coming back is dropped without an answer (a
robot answered answers back). A person's message that may not become a request (no subject, an
empty text, a program, files over the limit) gets a reply that says why, and nothing is created.
"""
import logging
import socket

from odoo import SUPERUSER_ID, api, models, tools

from odoo.addons.gov_crm.lib import intake_message

from .oss_request import LOOP_HEADER

_logger = logging.getLogger(__name__)
# what a reply to a request may not carry (it needs no subject nor text of its own)
REPLY_REFUSALS = ("executable", "too_large")


class MailThread(models.AbstractModel):
    _inherit = "mail.thread"

    @api.model
    def message_process(self, model, message, custom_values=None, save_original=False,
                        strip_attachments=False, thread_id=None):
        """The SMTP gateway's account hands messages over; the mail gateway routes them as the system
        (as Odoo's own mailgate script does with the administrator's account)."""
        if self.env.uid != SUPERUSER_ID and self.env.user.has_group("oss_channel_mail.group_mail_gateway"):
            self = self.sudo()  # pylint: disable=self-cls-assignment
        return super(MailThread, self).message_process(
            model, message, custom_values=custom_values, save_original=save_original,
            strip_attachments=strip_attachments, thread_id=thread_id)

    @api.model
    def message_route(self, message, message_dict, model=None, thread_id=None, custom_values=None):
        routes = super(MailThread, self).message_route(
            message, message_dict, model=model, thread_id=thread_id, custom_values=custom_values)
        if not any(route[0] == "oss.request" for route in routes):
            return routes
        others = [route for route in routes if route[0] != "oss.request"]
        reason = self._oss_mail_robot_reason(message)
        if reason:
            _logger.info("E-mail %s from %s to a request address ignored: %s", message_dict.get("message_id"),
                         message_dict.get("email_from"), reason)
            return others
        Request = self.env["oss.request"]
        kept = list(others)
        for route in routes:
            if route[0] != "oss.request":
                continue
            service = self.env["oss.service"].browse((route[2] or {}).get("service_id")).exists()
            intake = Request._oss_mail_intake_message(message_dict, service)
            refusals = Request.with_context(lang=intake.lang)._oss_intake_refusals(intake)
            if route[1]:  # a reply to a request: only its files are screened
                refusals = [(code, text) for code, text in refusals if code in REPLY_REFUSALS]
            if refusals:
                Request._oss_mail_refuse(intake, message_dict, [text for _code, text in refusals], intake.lang)
                return others  # one answer per message, whichever addresses it was sent to
            kept.append(route)
        return kept

    @api.model
    def _oss_mail_robot_reason(self, message):
        """Why ``message`` comes from a robot or from this system itself, or None."""
        headers = {key.lower(): tools.decode_message_header(message, key) for key in set(message.keys())}
        sender = tools.decode_message_header(message, "From")
        reason = intake_message.automatic_reason(headers, message.get_content_type(), sender)
        if reason:
            return reason
        token = self.env["oss.request"]._oss_mail_loop_token()
        if headers.get(LOOP_HEADER.lower(), "").strip() == token:
            return "loop"
        if intake_message.is_own_message_id(headers.get("message-id"), socket.gethostname()):
            return "loop"
        address = (tools.email_split(sender) or [""])[0].lower()
        domain = self.env["ir.config_parameter"].sudo().get_param("mail.catchall.domain")
        if domain and address.endswith("@" + domain.lower()):
            localpart = address.rsplit("@", 1)[0]
            # sudo: the system's own addresses, whoever delivers the message
            if self.env["mail.alias"].sudo().search_count([("alias_name", "=", localpart)]):
                return "loop"
        return None
