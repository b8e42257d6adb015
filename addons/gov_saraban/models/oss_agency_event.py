"""Letters in the agency outbox: the event carries the signed letter and its enclosures to the
agency's letter inbox, signed with the agency's secret, retried and idempotent like every event."""
import json
import uuid
from urllib.parse import quote

from odoo import _, api, fields, models

from odoo.addons.gov_crm.models.gov_protected_fields_mixin import protected_gate

from .gov_saraban_letter_exchange import EVENT_LETTER


class OssAgencyEvent(models.Model):
    _inherit = "oss.agency.event"
    _protected_fields = ("letter_id",)

    letter_id = fields.Many2one("gov.saraban.letter", ondelete="restrict", index=True,
                                readonly=True)

    @api.model
    def _enqueue_letter(self, letter):
        """The event that sends ``letter`` (written in the clerk's transaction, sent by the outbox)."""
        key = str(uuid.uuid4())
        # the outbox keeps which letter it sends, never what it says (service managers read the
        # outbox, not secret letters): the text and the files are added when it is posted
        payload = {"event": EVENT_LETTER, "idempotency_key": key,
                   "letter": {"uid": letter.exchange_uid, "reference": letter.reference}}
        return self.create({
            "agency_id": letter.partner_id.id, "letter_id": letter.id, "event_type": EVENT_LETTER,
            "sequence": 1, "idempotency_key": key,
            "payload": json.dumps(payload, ensure_ascii=False, sort_keys=True),
        })

    def _stream_key(self):
        if self.letter_id:
            return ("gov.saraban.letter", self.letter_id.id)
        return super(OssAgencyEvent, self)._stream_key()

    def _delivery(self):
        """Letters go to the agency's letter inbox, with what they say and their files added when
        they are posted (both stay with the letter)."""
        if not self.letter_id:
            return super(OssAgencyEvent, self)._delivery()
        payload = json.loads(self.payload)
        payload["letter"] = self.letter_id._saraban_exchange_metadata()
        payload["documents"] = self.letter_id._saraban_exchange_documents()
        body = json.dumps(payload, ensure_ascii=False, sort_keys=True).encode("utf-8")
        agency = self.agency_id
        return agency.gov_saraban_url, agency.gov_webhook_secret, body

    def _extra_headers(self):
        headers = super(OssAgencyEvent, self)._extra_headers()
        if self.letter_id:
            # the receiver finds the sender's secret by the sender's prefix (Thai: percent-encoded)
            headers["X-Gov-Sender"] = quote(self.letter_id.company_id.gov_saraban_prefix or "", safe="")
            # not application/json, which an Odoo receiver would take for a JSON-RPC call
            headers["Content-Type"] = "application/vnd.gov.letter+json; charset=utf-8"
        return headers

    def _delivered(self):
        result = super(OssAgencyEvent, self)._delivered()
        if self.letter_id and self.letter_id.state == "sent":
            with protected_gate():
                self.letter_id.write({"state": "delivered"})
            self.letter_id._saraban_log(_("The receiving agency accepted the letter."))
        return result
