from odoo import SUPERUSER_ID, _, api, fields, models
from odoo.exceptions import AccessError

# what a line says the service requires comes from the catalogue (oss.service.document);
# the counter records only whether the document was received, and its file
CATALOGUE_FIELDS = ("name", "mandatory", "copies")
PROTECTED_FIELDS = set(CATALOGUE_FIELDS) | {"service_document_id", "request_id"}
# what the counter sends for a new line of a new request's checklist (_oss_insert_checklist)
INSERTED_FIELDS = set(CATALOGUE_FIELDS) | {"service_document_id", "received", "attachment_id"}


class OssRequestDocument(models.Model):
    """A line of the documents checklist of a request: received or missing.

    The lines are the service's required documents (s.7 and s.8 of the Licensing
    Facilitation Act): a line is created only from a document of the request's service,
    with the catalogue's name, mandatory flag and number of copies, and those never change
    on a request, whoever asks. Service managers change the catalogue instead.
    """

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

    @api.model
    def create(self, vals):
        if self.env.uid != SUPERUSER_ID:
            vals = self._oss_catalogue_values(vals)
        return super().create(vals)

    @api.multi
    def write(self, vals):
        if self.env.uid != SUPERUSER_ID:
            changed = [name for name in sorted(PROTECTED_FIELDS.intersection(vals))
                       if any(not line._oss_same(name, vals[name]) for line in self)]
            if changed:
                self._oss_refuse(changed)
        return super().write(vals)

    @api.multi
    def unlink(self):
        # a line leaves the checklist only when the draft request's service changed
        if self.env.uid != SUPERUSER_ID and any(
                line.request_id.state != "draft"
                or line.service_document_id.service_id == line.request_id.service_id for line in self):
            raise AccessError(_(
                "The documents a service requires come from the service catalogue: a line of a "
                "request's checklist cannot be removed. Record only whether each document was received."))
        return super().unlink()

    @api.model
    def _oss_catalogue_values(self, vals):
        """``vals`` completed from the catalogue; refused when they differ from it."""
        request = self.env["oss.request"].browse(vals.get("request_id"))
        document = self.env["oss.service.document"].browse(vals.get("service_document_id"))
        if not document or document.service_id != request.service_id:
            self._oss_refuse(["service_document_id"])
        vals = dict(vals)
        for name in CATALOGUE_FIELDS:
            if name in vals and self._fields[name].convert_to_cache(vals[name], self) != document[name]:
                self._oss_refuse([name])
            vals[name] = document[name]
        return vals

    @api.model
    def _oss_insertable(self, commands):
        """Whether the checklist ``commands`` of a request the user creates can be written by
        ``_oss_insert_checklist``: none, or only new lines (``(0, _, values)``) of the columns the
        counter sends, created by a user the catalogue binds (the superuser's lines go through the
        ORM), on a model whose create nothing else extends or audits."""
        if self.env.uid == SUPERUSER_ID or not self._gov_create_extended_only_by({"one_stop_service"}):
            return False
        return all(isinstance(command, (list, tuple)) and len(command) == 3 and command[0] == 0
                   and isinstance(command[2], dict) and self._oss_insertable_line(command[2])
                   for command in commands or ())

    @staticmethod
    def _oss_insertable_line(values):
        # the ids as the web client sends them; anything else is answered by the ORM's create
        return INSERTED_FIELDS.issuperset(values) and type(values.get("service_document_id")) is int \
            and type(values.get("attachment_id") or 0) is int

    @api.model
    def _oss_insert_checklist(self, request, lines):
        """The checklist of the new ``request``: the ``lines`` (values of new lines, as
        ``_oss_insertable`` takes them), then a line for each document of the service none of them
        names, in the catalogue's order; written with one INSERT, as the ORM's create of each line
        and ``oss.request._oss_complete_checklist`` would write them. Each line is checked against
        the catalogue as ``create`` checks it (``_oss_catalogue_values``).

        Every intake at the counter sends its whole checklist: the ORM's create of each line and the
        search for the documents left out were a fifteenth of the intake's Python function calls.
        Nothing is computed and stored from the lines, and no other module extends their create."""
        self.check_access_rights("create")
        # the service's documents, as the completion of the checklist reads them, whoever asks
        catalogue = request.service_id.sudo().document_ids
        by_id = {document.id: document for document in catalogue}
        rows = []
        for values in lines:
            document = by_id.get(values.get("service_document_id"))
            if document is None:
                self._oss_refuse(["service_document_id"])
            for name in CATALOGUE_FIELDS:
                if name in values and self._fields[name].convert_to_cache(values[name], self) != document[name]:
                    self._oss_refuse([name])
            rows.append(dict(self._oss_row(request, document), received=bool(values.get("received")),
                             attachment_id=values.get("attachment_id") or False))
        named = {row["service_document_id"] for row in rows}
        rows.extend(dict(self._oss_row(request, document), received=False, attachment_id=False)
                    for document in catalogue if document.id not in named)
        if not rows:
            return self
        inserted = self._gov_insert_rows(rows)
        inserted.check_access_rule("create")
        inserted.modified(self._fields)  # what is computed from the lines (the request's count of missing)
        return inserted

    @staticmethod
    def _oss_row(request, document):
        return {"request_id": request.id, "service_document_id": document.id, "name": document.name,
                "mandatory": document.mandatory, "copies": document.copies}

    def _oss_same(self, name, value):
        """Whether ``value`` (as written over RPC) is what the line holds already."""
        field = self._fields[name]
        if field.type == "many2one":
            return self[name].id == (value or False)
        return self[name] == field.convert_to_cache(value, self)

    def _oss_refuse(self, names):
        labels = ", ".join(self._fields[name].get_description(self.env)["string"] for name in names)
        raise AccessError(_(
            "The documents a service requires come from the service catalogue: %(fields)s of a "
            "request's checklist cannot be changed. Record only whether each document was received; "
            "service managers change what a service requires in the catalogue.") % {"fields": labels})
