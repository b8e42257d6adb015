"""Approve and sign: the signer's action registers the letter, renders it as a PDF in the
official layout and signs it as PAdES with the signer's own certificate, in one transaction (a
failure leaves no number taken and nothing signed)."""
import base64
import hashlib

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError

from odoo.addons.gov_crm.models.gov_protected_fields_mixin import protected_action, protected_gate

REPORT = "gov_saraban.gov_saraban_letter_report"


class GovSarabanLetter(models.Model):
    _inherit = "gov.saraban.letter"

    @api.multi
    @protected_action
    def action_sign(self):
        """The signer approves the letter: numbered, dated, rendered, signed."""
        user = self.env.user
        for letter in self:
            if letter.state != "to_sign":
                raise UserError(_("Letter %(subject)s is not waiting for a signature.") % {"subject": letter.subject})
            if letter.signer_id != user or not user.has_group("gov_saraban.group_saraban_signer"):
                raise AccessError(_("Only %(signer)s, the signer chosen for this letter, signs it.")
                                  % {"signer": letter.signer_id.name})
            certificate = self.env["gov.saraban.certificate"]._saraban_usable(user)
            now = fields.Datetime.now()
            letter._saraban_register(now)
            letter_date = self.env["gov.saraban.register"]._saraban_office_moment(now).date().isoformat()
            with protected_gate():
                letter.write({"letter_date": letter_date, "signer_name": user.name,
                              "signer_position": user.gov_saraban_position or "", "certificate_id": certificate.id})
            pdf = letter._saraban_render_pdf()
            signed, timestamp = certificate._saraban_sign(pdf, letter)
            letter._saraban_store_pdf(signed)
            with protected_gate():
                letter.write({"state": "signed", "signed_date": now, "timestamp_date": timestamp})
            letter.sudo().activity_ids.unlink()
            letter._saraban_log(_("Approved and signed by %(signer)s with certificate %(certificate)s.")
                                % {"signer": user.name, "certificate": certificate.display_name})
        return True

    def _saraban_render_pdf(self):
        """The letter in the official layout, as PDF bytes (QWeb and wkhtmltopdf)."""
        # sudo: the report reads the agency's emblem and the department; the signer may read the letter
        pdf, _format = self.env.ref(REPORT).sudo().render_qweb_pdf(self.ids)
        return pdf

    def _saraban_store_pdf(self, pdf, name=None):
        """Keep the signed PDF as an attachment of the letter (readable by whoever reads the letter)."""
        self.ensure_one()
        filename = name or "%s.pdf" % (self.name or "letter").replace("/", "-").replace(" ", "_")
        # sudo: the attachment is the letter's; its readers are the letter's (ir.attachment checks res_id)
        attachment = self.env["ir.attachment"].sudo().create({
            "name": filename, "datas_fname": filename, "datas": base64.b64encode(pdf),
            "mimetype": "application/pdf", "res_model": self._name, "res_id": self.id})
        with protected_gate():
            self.write({"pdf_attachment_id": attachment.id, "pdf_sha256": hashlib.sha256(pdf).hexdigest()})
        return attachment

    def _saraban_pdf_bytes(self):
        self.ensure_one()
        # sudo: the caller was allowed the letter; its file is read for it
        attachment = self.sudo().pdf_attachment_id
        return base64.b64decode(attachment.datas) if attachment else b""

    @api.multi
    def action_download_pdf(self):
        self.ensure_one()
        if not self.pdf_attachment_id:
            raise UserError(_("The letter has no signed PDF yet."))
        return {"type": "ir.actions.act_url", "target": "self",
                "url": "/web/content/%d?download=true" % self.pdf_attachment_id.id}
