"""Letters between agencies: what the outbox sends, and how a letter that arrives is taken in:
registered, its signature verified, routed to a department."""
import base64
import datetime
import hashlib
import logging

from odoo import _, api, fields, models

from odoo.addons.gov_crm.models.gov_protected_fields_mixin import protected_gate

from ..lib import pades

_logger = logging.getLogger(__name__)
EVENT_LETTER = "letter.sent"
MAX_DOCUMENTS = 20


class ExchangeRefused(Exception):
    """The letter cannot be taken in; ``str()`` says why, for the sending agency."""


class GovSarabanLetter(models.Model):
    _inherit = "gov.saraban.letter"

    # ------------------------------------------------------------ sending side
    def _saraban_exchange_metadata(self):
        """What the receiving agency registers, besides the documents (see docs/API.md)."""
        self.ensure_one()
        reference = self.reference_letter_id
        return {
            "uid": self.exchange_uid,
            "reference": self.reference,
            "date": self.letter_date,
            "subject": self.subject,
            "addressee": self.addressee or "",
            "reference_text": self.reference_text or "",
            "body": self.body or "",
            "urgency": self.urgency,
            "secrecy": self.secrecy,
            "sender": {"name": self.company_id.name, "code": self.company_id.gov_saraban_prefix},
            "in_reply_to": reference.exchange_uid if reference and reference.direction == "incoming" else None,
            "in_reply_to_reference": reference.reference if reference else None,
        }

    def _saraban_exchange_documents(self):
        """The signed letter and its enclosures, as the payload carries them."""
        self.ensure_one()
        documents = []
        # sudo: the outbox sends what the clerk sent; the files are the letter's
        letter = self.sudo()
        attachments = [("letter", letter.pdf_attachment_id.name, letter.pdf_attachment_id)]
        attachments += [("enclosure", enclosure.name, enclosure.attachment_id)
                        for enclosure in letter.enclosure_ids if enclosure.attachment_id]
        for role, name, attachment in attachments:
            data = base64.b64decode(attachment.datas)
            documents.append({"role": role, "name": name, "filename": attachment.datas_fname or attachment.name,
                              "mimetype": attachment.mimetype or "application/octet-stream",
                              "sha256": hashlib.sha256(data).hexdigest(),
                              "data": base64.b64encode(data).decode("ascii")})
        return documents

    # ------------------------------------------------------------ receiving side
    @api.model
    def _saraban_receive(self, sender, payload):
        """Take in a letter posted by ``sender`` (an agency, already authenticated): the incoming
        letter, registered, verified and routed; the same letter posted again is found, not
        registered twice. Runs as superuser (the exchange is the system's, see the controller)."""
        letter_values = payload.get("letter") or {}
        key = str(letter_values.get("uid") or "").strip()
        if not key or len(key) > 64:
            raise ExchangeRefused("letter.uid is missing")
        company = self.env.user.company_id
        existing = self.with_context(active_test=False).search(
            [("company_id", "=", company.id), ("direction", "=", "incoming"), ("exchange_uid", "=", key)])
        if existing:
            return existing, False
        documents = self._saraban_check_documents(payload.get("documents"))
        letter = self._saraban_create_incoming(company, sender, letter_values, key)
        for document in documents[1:]:
            letter._saraban_attach_enclosure(document)
        letter._saraban_store_pdf(documents[0]["bytes"], name=documents[0]["filename"])
        letter._saraban_register()
        with protected_gate():
            letter.write({"state": "registered", "received_date": fields.Datetime.now()})
        letter._saraban_verify()
        letter._saraban_log(_("Received from %(agency)s through the letter exchange and registered as %(name)s.")
                            % {"agency": sender.name, "name": letter.name})
        department = company.gov_saraban_intake_department_id
        if department and letter.secrecy == "normal":
            letter._saraban_route(department)
        return letter, True

    @api.model
    def _saraban_check_documents(self, documents):
        if not isinstance(documents, list) or not documents or len(documents) > MAX_DOCUMENTS:
            raise ExchangeRefused("documents must list the letter and its enclosures")
        checked = []
        for index, document in enumerate(documents):
            if not isinstance(document, dict):
                raise ExchangeRefused("documents[%d] is not an object" % index)
            try:
                data = base64.b64decode(document.get("data") or "", validate=True)
            except (ValueError, TypeError):
                raise ExchangeRefused("documents[%d].data is not base64" % index)
            if hashlib.sha256(data).hexdigest() != document.get("sha256"):
                raise ExchangeRefused("documents[%d] does not match its sha256" % index)
            role = "letter" if index == 0 else "enclosure"
            if document.get("role") != role:
                raise ExchangeRefused("the letter comes first, then its enclosures")
            filename = str(document.get("filename") or document.get("name") or "document")[:200]
            checked.append({"bytes": data, "filename": filename.replace("/", "_"),
                            "name": str(document.get("name") or filename)[:200],
                            "mimetype": str(document.get("mimetype") or "application/octet-stream")[:100]})
        return checked

    @api.model
    def _saraban_create_incoming(self, company, sender, values, exchange_key):
        def text(key, size=None):
            value = values.get(key)
            value = value if isinstance(value, str) else ""
            return value[:size] if size else value

        urgency = text("urgency") if text("urgency") in dict(self._fields["urgency"].selection) else "normal"
        secrecy = text("secrecy") if text("secrecy") in dict(self._fields["secrecy"].selection) else "normal"
        letter_date = text("date", 10)
        try:
            datetime.datetime.strptime(letter_date, "%Y-%m-%d")
        except ValueError:
            letter_date = False
        reply_to = self.browse()
        if values.get("in_reply_to"):
            reply_to = self.search([("company_id", "=", company.id), ("direction", "=", "outgoing"),
                                    ("exchange_uid", "=", str(values["in_reply_to"]))], limit=1)
        with protected_gate():
            return self.with_context(mail_create_nolog=True).create({
                "direction": "incoming", "company_id": company.id, "partner_id": sender.id,
                "exchange_uid": exchange_key, "reference": text("reference", 100), "letter_date": letter_date,
                "subject": text("subject", 500) or _("(no subject)"), "addressee": text("addressee", 500),
                "reference_text": text("reference_text"), "body": text("body"),
                "urgency": urgency, "secrecy": secrecy, "reference_letter_id": reply_to.id,
                "request_id": reply_to.request_id.id,
            })

    def _saraban_attach_enclosure(self, document):
        attachment = self.env["ir.attachment"].create({
            "name": document["filename"], "datas_fname": document["filename"],
            "datas": base64.b64encode(document["bytes"]), "mimetype": document["mimetype"],
            "res_model": self._name, "res_id": self.id})
        self.env["gov.saraban.enclosure"].create({"letter_id": self.id, "name": document["name"],
                                                  "attachment_id": attachment.id})

    def _saraban_verify(self):
        """Check the signature of the letter's PDF against the agency's trusted roots and CRLs."""
        self.ensure_one()
        roots, crls = self.env["gov.saraban.trusted.root"]._saraban_material(self.company_id)
        result = pades.verify(self._saraban_pdf_bytes(), roots, crls)
        with protected_gate():
            self.sudo().write({
                "signature_verdict": result["verdict"], "signature_signer": result.get("signer") or False,
                "signature_detail": result.get("detail"), "signature_checked_date": fields.Datetime.now()})
        return result

    @api.multi
    def action_verify(self):
        """Check the signature again (after the trusted roots or CRLs changed)."""
        self.check_access_rule("read")
        for letter in self:
            if not letter.pdf_attachment_id:
                continue
            result = letter._saraban_verify()
            letter._saraban_log(_("Signature checked: %(verdict)s (%(detail)s).") % {
                "verdict": dict(self._fields["signature_verdict"]._description_selection(self.env))[
                    result["verdict"]], "detail": result.get("detail")})
        return True
