"""Requests that arrive as free text (e-mail now; a public form or a chat the same way) wait in triage.

A channel reads its message into an ``IntakeMessage`` and calls ``_oss_intake_message``: the
one place where a message becomes a request. The message is screened by the plain rules of
``gov_crm.lib.intake_message`` (nothing is created when they refuse it), the sender is found by
their address or registered with it, and the request waits in the *triage* state, on the
catalogue's service "to be classified" unless the channel named one, with its files attached.
It has a tracking number at once (the channel acknowledges with it), but no legal period:
a front-desk clerk confirms the person (their ID) and the service (``_oss_triage_confirm``),
the request becomes a draft as at the counter, and the clock starts when the file is complete.
"""
import base64
import collections

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from odoo.addons.gov_crm.lib import intake_message
from odoo.addons.gov_crm.models.gov_protected_fields_mixin import protected_gate
from odoo.addons.gov_crm.tools.selection import selection_label

from .oss_request import lifecycle
from .oss_request_intake import ID_KINDS

# what a channel hands over: the sender (name, e-mail, phone), the text, the files as
# (name, bytes) pairs, the service the channel names (or an empty recordset), and its language
IntakeMessage = collections.namedtuple(
    "IntakeMessage", "channel sender_name email phone subject text attachments service lang")
MAX_BYTES_PARAM = "one_stop_service.intake_max_attachment_bytes"


class IntakeRefused(UserError):
    """The message may not become a request: ``refusals`` says why, ``text`` in the sender's language."""

    def __init__(self, text, refusals):
        super().__init__(text)
        self.refusals = refusals


class OssRequest(models.Model):
    _inherit = "oss.request"
    _protected_fields = ("triaged_by_id", "date_triaged", "triage_registered")

    triaged_by_id = fields.Many2one("res.users", string="Triaged by", ondelete="restrict", readonly=True,
                                    copy=False)
    date_triaged = fields.Datetime(string="Triaged on", readonly=True, copy=False)
    triage_registered = fields.Boolean(
        string="Person registered from the message", readonly=True, copy=False,
        help="Nobody was registered with the sender's address: a person was registered with it; "
             "their identity is confirmed in triage.")
    triage_age = fields.Char(string="Waiting for", compute="_compute_triage_age",
                             help="How long the request has been waiting in triage.")

    def _compute_triage_age(self):
        now = fields.Datetime.from_string(fields.Datetime.now())
        for request in self:
            if request.state != "triage":
                request.triage_age = False
                continue
            hours = int((now - fields.Datetime.from_string(request.date_received)).total_seconds() // 3600)
            if hours < 24:
                request.triage_age = _("%(hours)s h") % {"hours": max(hours, 0)}
            else:
                request.triage_age = _("%(days)s d %(hours)s h") % {"days": hours // 24, "hours": hours % 24}

    # ------------------------------------------------------------ intake of a message
    @api.model
    def _oss_triage_service(self):
        return self.env.ref("one_stop_service.oss_service_triage")

    @api.model
    def _oss_intake_max_bytes(self):
        # sudo: a system parameter every channel reads, whoever delivers the message
        value = self.env["ir.config_parameter"].sudo().get_param(MAX_BYTES_PARAM)
        try:
            return int(value) if value else intake_message.DEFAULT_MAX_BYTES
        except ValueError:
            return intake_message.DEFAULT_MAX_BYTES

    @api.model
    def _oss_intake_refusals(self, message):
        """What keeps ``message`` from becoming a request, as (code, sentence) pairs in the
        language of the sender (empty when it may)."""
        found = intake_message.refusals(message.subject, message.text, message.attachments,
                                        self._oss_intake_max_bytes())
        return [(refusal.code, self._oss_refusal_text(refusal)) for refusal in found]

    @api.model
    def _oss_refusal_text(self, refusal):
        texts = {
            "no_subject": _("The message has no subject: say in the subject what you ask for."),
            "empty_body": _("The message says nothing: write your request in the message."),
            "executable": _("The file %(name)s is a program or contains one; programs are not accepted. "
                            "Send documents as PDF or photos."),
            "too_large": _("The files total %(size_mb)s MB, more than the %(limit_mb)s MB accepted. "
                           "Send fewer or smaller files, or bring them to the counter."),
        }
        return texts[refusal.code] % refusal.values

    @api.model
    def _oss_intake_message(self, message):
        """The request in triage that ``message`` (an ``IntakeMessage``) becomes, or ``IntakeRefused``
        before anything is created."""
        refusals = self.with_context(lang=message.lang)._oss_intake_refusals(message)
        if refusals:
            raise IntakeRefused("\n".join(text for _code, text in refusals), [code for code, _text in refusals])
        partner, registered = self._oss_message_person(message)
        service = message.service or self._oss_triage_service()
        if service._name != "oss.service" or not service.active:
            raise ValidationError(_("The service of this address is no longer offered."))
        values = {
            "partner_id": partner.id, "service_id": service.id, "channel": message.channel,
            "description": "%s\n\n%s" % (message.subject.strip(), message.text.strip()),
            "state": "triage", "triage_registered": registered,
        }
        with protected_gate():  # a triage request is the system's record of the message, not a user's
            request = self.create(values)
        for name, content in message.attachments:
            self.env["ir.attachment"].create({
                "name": name, "datas_fname": name, "datas": base64.b64encode(content),
                "res_model": self._name, "res_id": request.id})
        partner.gov_ensure_public_task_basis(channel=request._oss_consent_channel())
        request._oss_log(_("Request %(name)s received through %(channel)s; waiting in triage for the front desk "
                           "to confirm the person and the service.") % {
            "name": request.name, "channel": request._oss_channel_label()})
        return request

    def _oss_channel_label(self):
        self.ensure_one()
        return selection_label(self, "channel", self.channel, self.channel)

    @api.model
    def _oss_message_person(self, message):
        """(person, registered): the one person registered with the sender's e-mail or phone, or a
        person registered now with them (several people with one address: a new one too, for the
        front desk to sort out in triage)."""
        Partner = self.env["res.partner"]
        email = (message.email or "").strip().lower()
        key, domain = None, None
        if email:
            key, domain = "email:%s" % email, [("email", "=ilike", email)]
        elif message.phone:
            key, domain = "mobile:%s" % message.phone, [("gov_phone_digits", "=", message.phone)]
        if not key:
            raise ValidationError(_("A message without the sender's address or phone cannot become a request."))
        found = Partner.search(domain + [("is_company", "=", False)], limit=2)
        if len(found) == 1:
            return found, False
        Partner._gov_serialise_registration(key)
        person = Partner.create({
            "name": intake_message.display_name(message.sender_name, email or message.phone),
            "gov_party_type": "citizen", "email": email or False, "mobile": message.phone or False,
            "lang": message.lang or "th_TH",
        })
        return person, True

    # ------------------------------------------------------------ triage by the front desk
    @api.multi
    def action_open_triage_wizard(self):
        self.ensure_one()
        self.check_access_rights("write")
        self.check_access_rule("write")
        return {
            "type": "ir.actions.act_window",
            "name": _("Confirm the person and the service"),
            "res_model": "oss.request.triage.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_request_id": self.id},
        }

    @lifecycle
    def _oss_triage_confirm(self, partner, service, identifier=None):
        """The front desk confirmed who asks (``partner``, or the person of ``identifier``, a national
        or juristic ID typed by the clerk) and for what: the request becomes a draft, as at the counter."""
        self.ensure_one()
        self.check_access_rights("write")
        self.check_access_rule("write")
        if not self.env.user.has_group("gov_crm.group_gov_front_desk"):
            raise AccessError(_("Only the front desk confirms the requests in triage."))
        if self.state != "triage":
            raise UserError(_("Request %(name)s is not in triage.") % {"name": self.name})
        if not service or service == self._oss_triage_service():
            raise UserError(_("Choose the service the person asks for."))
        partner = self._oss_triage_person(partner, identifier)
        self.write({"state": "draft", "partner_id": partner.id, "service_id": service.id,
                    "triaged_by_id": self.env.uid, "date_triaged": fields.Datetime.now()})
        self._oss_log(_("Triage: %(person)s confirmed by %(user)s for %(service)s.") % {
            "person": partner.display_name, "user": self.env.user.name, "service": service.display_name})
        return True

    def _oss_triage_person(self, partner, identifier):
        """The person whose identity the clerk confirmed: an ID typed now finds the registered person
        or is written on the person of the message (who had none)."""
        if identifier:
            reading = self._oss_read_intake(identifier)
            if reading.error or reading.kind not in ID_KINDS:
                raise ValidationError(reading.error or _("Type the 13 digits of the national or juristic ID."))
            found = self._oss_find_person(reading)
            if found:
                return found
            if partner.national_id:
                raise UserError(_("%(name)s has another ID; choose the person with this ID.")
                                % {"name": partner.display_name})
            partner.write({"national_id": reading.digits})
            return partner
        if not partner.national_id:
            raise UserError(_("Confirm the identity of %(name)s: type their national or juristic ID.")
                            % {"name": partner.display_name})
        return partner
