"""Requests made and completed through the portal."""
import base64

from odoo import _, api, models
from odoo.exceptions import UserError

MAX_UPLOAD_BYTES = 10 * 1024 * 1024


def store_upload(record, filename, content):
    """An uploaded file (portal, scanned at the counter) kept as an attachment of ``record``."""
    record.ensure_one()
    if not content:
        raise UserError(_("The file is empty."))
    if len(content) > MAX_UPLOAD_BYTES:
        raise UserError(_("The file is larger than 10 MB."))
    return record.env["ir.attachment"].create({
        "name": filename, "datas_fname": filename,
        "datas": base64.b64encode(content), "res_model": record._name, "res_id": record.id,
    })


class OssRequest(models.Model):
    _inherit = "oss.request"

    def _oss_attach_document(self, line, filename, content):
        """Store an uploaded file on a checklist line; complete the file when nothing is missing."""
        self.ensure_one()
        attachment = store_upload(self, filename or line.name, content)
        line.write({"attachment_id": attachment.id, "received": True})
        self.message_post(body=_("Document uploaded on the portal: %(doc)s") % {"doc": line.name},
                          subtype="mail.mt_note")
        if self.state == "waiting_docs" and not self._oss_missing_documents():
            self.action_documents_complete()
        return attachment

    @api.model
    def _oss_create_from_portal(self, partner, service, description, files):
        """Create and submit a request of ``partner``; ``files`` maps 'doc_<service document id>' to uploads."""
        service._oss_check_offered(partner, "portal")
        record = self.create({
            "partner_id": partner.id, "service_id": service.id, "channel": "portal",
            "description": description or False, "received_by_id": False,
        })
        for line in record.document_ids:
            upload = files.get("doc_%d" % line.service_document_id.id)
            if upload and upload.filename:
                content = upload.read()
                if content:
                    record._oss_attach_document(line, upload.filename, content)
        record.action_submit()
        return record
