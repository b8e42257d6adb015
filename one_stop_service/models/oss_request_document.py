from odoo import fields, models


class OssRequestDocument(models.Model):
    """A line of the documents checklist of a request: received or missing."""

    _name = "oss.request.document"
    _description = "Document of a request"
    _order = "request_id, id"

    request_id = fields.Many2one("oss.request", required=True, ondelete="cascade", index=True)
    service_document_id = fields.Many2one("oss.service.document", string="Required document",
                                          ondelete="set null", index=True)
    name = fields.Char(string="Document", required=True)
    mandatory = fields.Boolean(default=True)
    copies = fields.Integer(default=1)
    received = fields.Boolean(index=True)
    attachment_id = fields.Many2one("ir.attachment", string="File", ondelete="set null",
                                    help="Uploaded copy (portal or scanned at the counter).")
