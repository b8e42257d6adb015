"""The life of a letter: drafted, submitted to the signer, registered and sent (outgoing), or
registered on arrival and routed to a department (incoming); cancelled with its number kept."""
from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError

from odoo.addons.gov_crm.lib.be_date import be_year
from odoo.addons.gov_crm.models.gov_protected_fields_mixin import protected_action, protected_gate


class GovSarabanLetter(models.Model):
    _inherit = "gov.saraban.letter"

    # ------------------------------------------------------------ registration
    def _saraban_register(self, moment=None):
        """Give the letter the next number of its register (inside the caller's action)."""
        self.ensure_one()
        secret = self.secrecy != "normal"
        # sudo: the register's counter is the registration's, not a right of the user
        register, number = self.env["gov.saraban.register"].sudo()._take_number(
            self.company_id, self.direction, secret, moment)
        now = moment or fields.Datetime.now()
        values = {"register_id": register.id, "number": number, "date_registered": now,
                  "secret_register": secret}
        if self.direction == "outgoing":
            prefix = self.company_id.gov_saraban_prefix
            if not prefix:
                raise UserError(_("The agency has no letter number prefix (ที่): set it under Settings > "
                                  "Official correspondence."))
            values["reference"] = "%s/%s%d" % (prefix, "ลับ " if secret else "", number)
            values["name"] = values["reference"]
        else:
            values["name"] = "%s%d/%d" % ("รับ (ลับ) " if secret else "รับ ", number, be_year(register.year))
        with protected_gate():
            self.write(values)
        return number

    def _saraban_check_clerk(self):
        user = self.env.user
        if not user.has_group("gov_saraban.group_saraban_clerk"):
            raise AccessError(_("Only the registry clerk registers, routes and sends letters."))
        if any(letter.secrecy != "normal" for letter in self) and not self._saraban_is_secret_keeper():
            raise AccessError(_("Only the keeper of the secret registers registers a secret letter."))

    @api.multi
    @protected_action
    def action_register(self):
        """Register incoming letters (a paper letter typed in by the clerk) in the register of the year."""
        self._saraban_check_clerk()
        for letter in self:
            if letter.direction != "incoming" or letter.state != "draft":
                raise UserError(_("Only an incoming draft is registered this way; an outgoing letter is "
                                  "registered when it is signed."))
            letter._saraban_register()
            letter.write({"state": "registered", "received_date": letter.received_date or fields.Datetime.now()})
            letter._saraban_log(_("Registered as incoming letter %(name)s.") % {"name": letter.name})
        return True

    # ------------------------------------------------------------ outgoing
    @api.multi
    @protected_action
    def action_submit(self):
        """The drafter submits the letter to its signer."""
        self.check_access_rule("write")
        for letter in self:
            if letter.direction != "outgoing" or letter.state != "draft":
                raise UserError(_("Only an outgoing draft is submitted for signature."))
            missing = [label for name, label in (("partner_id", _("the other agency")),
                                                 ("signer_id", _("the signer")), ("body", _("the text")),
                                                 ("department_id", _("the department")))
                       if not letter[name]]
            if missing:
                raise UserError(_("Letter %(subject)s needs %(missing)s before it is submitted.")
                                % {"subject": letter.subject, "missing": ", ".join(missing)})
            letter.write({"state": "to_sign"})
            # sudo: the activity is the signer's, whom the drafter may not otherwise write to
            letter.sudo().activity_schedule_saraban(letter.signer_id)
        return True

    def activity_schedule_saraban(self, user):
        self.activity_ids.unlink()
        self.env["mail.activity"].create({
            "res_model_id": self.env["ir.model"]._get_id(self._name), "res_id": self.id,
            "activity_type_id": self.env.ref("mail.mail_activity_data_todo").id, "user_id": user.id,
            "summary": _("Approve and sign: %(subject)s") % {"subject": self.subject},
            "date_deadline": fields.Date.context_today(self)})

    @api.multi
    @protected_action
    def action_return_to_draft(self):
        """The signer (or the drafter) takes a letter waiting for signature back to the draft."""
        for letter in self:
            if letter.state != "to_sign":
                raise UserError(_("Only a letter waiting for signature goes back to the draft."))
            if self.env.user not in (letter.signer_id | letter.create_uid):
                letter.check_access_rule("write")
            letter.write({"state": "draft"})
            letter.sudo().activity_ids.unlink()
        return True

    @api.multi
    @protected_action
    def action_send(self):
        """The clerk sends signed letters to their agency through the signed exchange."""
        self._saraban_check_clerk()
        for letter in self:
            if letter.state != "signed":
                raise UserError(_("Only a signed letter is sent."))
            # sudo: the agency's exchange address is the service managers'; the outbox is the system's
            partner = letter.partner_id.sudo()
            if not partner.gov_saraban_url or not partner.gov_webhook_secret:
                raise UserError(_(
                    "%(agency)s is not connected to the letter exchange (no letter inbox URL or secret): a "
                    "service manager sets them on the agency's contact.") % {"agency": partner.name})
            self.env["oss.agency.event"].sudo()._enqueue_letter(letter)
            letter.write({"state": "sent"})
            letter._saraban_log(_("Sent to %(agency)s through the letter exchange.") % {"agency": partner.name})
        return True

    @api.multi
    @protected_action
    def action_cancel(self):
        """Cancel a letter; a registered one keeps its number in the register (marked cancelled)."""
        for letter in self:
            if letter.state in ("sent", "delivered", "cancelled"):
                raise UserError(_("A sent or cancelled letter cannot be cancelled."))
            if letter.number:
                letter._saraban_check_clerk()
            else:
                letter.check_access_rule("write")
            letter.write({"state": "cancelled"})
            letter.sudo().activity_ids.unlink()
        return True

    # ------------------------------------------------------------ incoming
    def _saraban_route(self, department):
        """Open a case for the letter in ``department`` (the department's officers work it)."""
        self.ensure_one()
        if self.case_id:
            raise UserError(_("Letter %(name)s already has case %(case)s: transfer the case to move it.")
                            % {"name": self.name, "case": self.case_id.name})
        # sudo: the registry clerk opens the department's case; they need not be able to create
        # cases (citizen.case is the departments'), and the case is the consequence of the routing
        case = self.env["citizen.case"].sudo().with_context(mail_create_nosubscribe=True).create({
            # a secret letter's subject stays in the letter: the case is read by the whole department
            "subject": _("Letter %(name)s: %(subject)s") % {"name": self.name, "subject": self.subject}
            if self.secrecy == "normal" else _("Secret letter %(name)s") % {"name": self.name},
            "department_id": department.id,
            "partner_id": self.partner_id.id,
            "priority": "2" if self.urgency in ("very_urgent", "most_urgent") else (
                "1" if self.urgency == "urgent" else "0"),
            "confidential": self.secrecy != "normal",
            "description": self.reference and _("From %(agency)s, letter %(ref)s") % {
                "agency": self.partner_id.name or "", "ref": self.reference} or False,
            "saraban_letter_id": self.id,
        })
        with protected_gate():
            self.write({"case_id": case.id, "department_id": department.id})
        self._saraban_log(_("Routed to %(department)s as case %(case)s.")
                          % {"department": department.display_name, "case": case.name})
        return case

    @api.multi
    @protected_action
    def action_route(self, department_id):
        self._saraban_check_clerk()
        department = self.env["gov.department"].browse(department_id).exists()
        if not department:
            raise UserError(_("Choose the department the letter goes to."))
        for letter in self:
            if letter.direction != "incoming" or letter.state != "registered":
                raise UserError(_("Only a registered incoming letter is routed to a department."))
            letter._saraban_route(department)
        return True

    @api.multi
    def action_open_route_wizard(self):
        self.ensure_one()
        return {"type": "ir.actions.act_window", "name": _("Route to a department"),
                "res_model": "gov.saraban.route.wizard", "view_mode": "form", "target": "new",
                "context": {"default_letter_id": self.id}}

    @api.multi
    def action_reply(self):
        """Draft the reply: to the sender, referring to the letter's number and date (อ้างถึง)."""
        self.ensure_one()
        if self.direction != "incoming" or not self.number:
            raise UserError(_("Only a registered incoming letter is answered."))
        department = self.case_id.sudo().department_id or self.department_id
        reply = self.env["gov.saraban.letter"].create({
            "direction": "outgoing",
            "partner_id": self.partner_id.id,
            "department_id": department.id,
            "subject": self.subject,
            "addressee": self.partner_id.gov_saraban_addressee or False,
            "reference_letter_id": self.id,
            "reference_text": self._saraban_reference_line(),
            "secrecy": self.secrecy,
            "recipient_user_ids": [(6, 0, self.recipient_user_ids.ids)],
            "request_id": self.request_id.id,
        })
        return {"type": "ir.actions.act_window", "res_model": self._name, "res_id": reply.id,
                "view_mode": "form", "target": "current"}

    def _saraban_reference_line(self):
        """อ้างถึง: หนังสือ<agency> ที่ <number> ลงวันที่ <date>."""
        parts = ["หนังสือ%s" % (self.partner_id.name or "")]
        if self.reference:
            parts.append("ที่ %s" % self.reference)
        if self.letter_date:
            parts.append("ลงวันที่ %s" % self._saraban_be_date(self.letter_date))
        return " ".join(parts)

    def _saraban_log(self, text):
        """A note in the letter's chatter, written as the system (the reader may not post)."""
        self.sudo().message_post(body=text, subtype="mail.mt_note", author_id=self.env.user.partner_id.id)
