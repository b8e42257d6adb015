"""Audit log of who changed what on persons, consents, requests and cases.

The log must not become a copy of what it protects: national IDs are written masked
(the ID field, and any ID typed into a text), secrets (rating token hashes, webhook secrets, API key
hashes, password hashes) are never written, binary and chatter fields are left out, and anonymising a person blanks
what the log held of them.
"""
import collections
import threading

from odoo import SUPERUSER_ID, api, models

from odoo.addons.auditlog.models.rule import FIELDS_BLACKLIST
from odoo.addons.gov_crm.lib.thai_id import mask_id, mask_ids_in_text

MASKED_FIELDS = ("national_id",)
HIDDEN_FIELDS = ("rating_token_hash", "gov_webhook_secret", "gov_webhook_secret_previous", "key_hash", "password",
                 "password_crypt", "secret_key", "signup_token", "access_token")
HIDDEN = "(hidden)"
ANONYMISED = "(anonymised)"
LOG_VALUE_COLUMNS = ("old_value", "old_value_text", "new_value", "new_value_text")
LINE_COLUMNS = ("log_id", "field_id") + LOG_VALUE_COLUMNS
# the logs of changes (and their lines) that the create_logs call running in this thread has made so
# far, written together when it ends: one statement for the logs of a call and their lines, where
# each log and its lines took two (six in an intake at the counter)
_batch = threading.local()
# auditlog's methods whose lines are written by the product (those of reads are created by the ORM)
BATCHED_METHODS = ("create", "write")
# the ids taken at once from the logs' sequence, so that a log's id is known before it is written
RESERVED_IDS = 50
# what auditlog's preparation of a log's line reads of the log
LogRead = collections.namedtuple("LogRead", ("id", "res_id", "log_type"))


class AuditlogRule(models.Model):
    _inherit = "auditlog.rule"

    @api.model
    def get_auditlog_fields(self, model):
        # the snapshot of a create is read as the user who creates: fields restricted to other
        # groups (secrets, tokens) and relations to records the user may not read (a person's
        # requests, for an administrator who manages accounts only) are left out, or their mere
        # presence would refuse the create
        return [name for name in super(AuditlogRule, self).get_auditlog_fields(model)
                if model._fields[name].type != "binary"
                and not name.startswith(("message_", "activity_", "website_message"))
                and (not model._fields[name].groups or model.user_has_groups(model._fields[name].groups))
                and self._gov_may_read_comodel(model, model._fields[name])]

    @staticmethod
    def _gov_may_read_comodel(model, field):
        if field.type not in ("one2many", "many2many") or model.env.uid == SUPERUSER_ID:
            return True
        return model.env[field.comodel_name].check_access_rights("read", raise_exception=False)

    def _make_unlink(self):
        """auditlog reads the records it logs before deleting them, and fails on one already
        deleted (two users deleting the same record, a list that is out of date): Odoo ignores
        such records, so only the existing ones are logged and deleted."""
        logged = super(AuditlogRule, self)._make_unlink()

        @api.multi
        def unlink_existing(self, **kwargs):
            # _patch_method sets .origin on the method it installs: the logging one calls it
            logged.origin = unlink_existing.origin
            return logged(self.exists(), **kwargs)

        return unlink_existing

    @staticmethod
    def _gov_clean(field_name, value):
        if value in (None, False):
            return value
        if field_name in HIDDEN_FIELDS:
            return HIDDEN
        if field_name in MASKED_FIELDS and isinstance(value, str):
            return mask_id(value)
        # an ID typed into any text (a description, a note) is logged masked, as in the chatter
        text = value if isinstance(value, str) else str(value)
        masked = mask_ids_in_text(text)
        return value if masked == text else masked

    def _gov_clean_vals(self, field, vals):
        for key in ("old_value", "old_value_text", "new_value", "new_value_text"):
            vals[key] = self._gov_clean(field["name"], vals.get(key))
        return vals

    # auditlog creates a log's lines one by one, an INSERT per field (a dozen when a request is
    # created, in the clerk's transaction); they are written here in one INSERT per log, each value
    # converted as the ORM would store it. The lines are auditlog's plain records (no computed
    # stored field, no constraint, no chatter), created as the same (superuser) environment would.
    # auditlog's preparation of a line reads the log's id, record and type back for each line (a sixth of
    # the Python function calls of the lines of an intake): it is given them read once.
    def _create_log_line_on_create(self, log, fields_list, new_values):
        read = LogRead(log.id, log.res_id, log.log_type)
        self._gov_insert_lines([self._prepare_log_line_vals_on_create(read, field, new_values)
                                for field in self._gov_logged_fields(log, fields_list)])

    def _create_log_line_on_write(self, log, fields_list, old_values, new_values):
        read = LogRead(log.id, log.res_id, log.log_type)
        self._gov_insert_lines([self._prepare_log_line_vals_on_write(read, field, old_values, new_values)
                                for field in self._gov_logged_fields(log, fields_list)])

    def create_logs(self, uid, res_model, res_ids, method, old_values=None, new_values=None,
                    additional_log_values=None):
        # the logged model, so that the lines' fields are looked up without reading back each new
        # log and its ir.model (two queries per log)
        previous = getattr(_batch, "rows", None)
        batch = _batch.rows = {"logs": [], "ids": set(), "lines": []}
        try:
            result = super(AuditlogRule, self.with_context(gov_auditlog_model=res_model)).create_logs(
                uid, res_model, res_ids, method, old_values=old_values, new_values=new_values,
                additional_log_values=additional_log_values)
            self.env["auditlog.log"]._gov_insert_batch(batch)
        finally:
            _batch.rows = previous
        return result

    def _gov_logged_fields(self, log, fields_list):
        """The fields auditlog logs among ``fields_list`` (its ir.model.fields values)."""
        # auditlog's own cache of the fields of each model, keyed on the model's name
        known = getattr(self.pool, "_auditlog_field_cache", {}).get(self.env.context.get("gov_auditlog_model"), {})
        for name in fields_list:
            if name in FIELDS_BLACKLIST:
                continue
            field = known[name] if name in known else self._get_field(log.model_id, name)
            if field:  # not every field has an ir.model.fields row (related fields)
                yield field

    def _gov_insert_lines(self, lines):
        if not lines:
            return
        rows = [{column: vals.get(column) for column in LINE_COLUMNS} for vals in lines]
        batch = getattr(_batch, "rows", None)
        if batch is not None and {row["log_id"] for row in rows} <= batch["ids"]:
            batch["lines"] += rows  # written with their logs
            return
        self.env["auditlog.log.line"]._gov_insert_rows(rows)
        self.env["auditlog.log"].invalidate_cache(["line_ids"], list({row["log_id"] for row in rows}))

    def _prepare_log_line_vals_on_write(self, log, field, old_values, new_values):
        vals = super(AuditlogRule, self)._prepare_log_line_vals_on_write(log, field, old_values, new_values)
        return self._gov_clean_vals(field, vals)

    def _prepare_log_line_vals_on_create(self, log, field, new_values):
        vals = super(AuditlogRule, self)._prepare_log_line_vals_on_create(log, field, new_values)
        return self._gov_clean_vals(field, vals)

    @api.model
    def _gov_forget_person(self, traces, documents):
        """Blank and scrub what the log holds of an anonymised person (``traces``: their
        PersonTraces; ``documents``: {model: records about them}, the person included).

        The log keeps that a change was made, to which field, by whom and when (the audit
        trail), not what the person's data was: every value logged on the person's own
        record is blanked; on the records about them, free text and what anonymisation
        emptied are blanked and the rest is scrubbed of the person; any other line naming
        them is scrubbed, as the chatter is.
        """
        cr = self.env.cr
        person = documents["res.partner"]
        self._gov_blank_lines("res.partner", person.ids)
        cr.execute("""
            UPDATE auditlog_log SET name = %(anon)s
             WHERE res_id IN %(ids)s AND model_id = (SELECT id FROM ir_model WHERE model = 'res.partner')""",
                   {"anon": ANONYMISED, "ids": tuple(person.ids)})
        for model, records in documents.items():
            if model == "res.partner" or not records:
                continue
            fields_ids = self._gov_emptied_fields(model, records)
            self._gov_blank_lines(model, records.ids, fields_ids)
            cr.execute("""
                SELECT l.id FROM auditlog_log_line l JOIN auditlog_log g ON g.id = l.log_id
                 WHERE g.res_id IN %s AND g.model_id = (SELECT id FROM ir_model WHERE model = %s)""",
                       (tuple(records.ids), model))
            traces.scrub_columns(cr, "auditlog_log_line", LOG_VALUE_COLUMNS, ids=[r[0] for r in cr.fetchall()],
                                 own=True)
            cr.execute("""
                SELECT id FROM auditlog_log
                 WHERE res_id IN %s AND model_id = (SELECT id FROM ir_model WHERE model = %s)""",
                       (tuple(records.ids), model))
            traces.scrub_columns(cr, "auditlog_log", ("name",), ids=[r[0] for r in cr.fetchall()], own=True)
        traces.scrub_columns(cr, "auditlog_log_line", LOG_VALUE_COLUMNS)
        traces.scrub_columns(cr, "auditlog_log", ("name",))

    def _gov_emptied_fields(self, model, records):
        """ids of the fields of ``model`` whose logged values are blanked for ``records``: free
        text (descriptions, notes, comments), and the texts and numbers anonymisation emptied
        on one of them (an Open311 address and its coordinates)."""
        cr = self.env.cr
        cr.execute("""
            SELECT DISTINCT f.id, f.name, f.ttype FROM auditlog_log_line l
              JOIN auditlog_log g ON g.id = l.log_id JOIN ir_model_fields f ON f.id = l.field_id
             WHERE g.res_id IN %s AND g.model_id = (SELECT id FROM ir_model WHERE model = %s)
               AND f.ttype IN ('char', 'text', 'html', 'float')""", (tuple(records.ids), model))
        Model = records.with_context(active_test=False, prefetch_fields=False)
        blanked = []
        for field_id, name, ttype in cr.fetchall():
            field = Model._fields.get(name)
            if ttype in ("text", "html") or (field is not None and field.store
                                             and any(not record[name] for record in Model)):
                blanked.append(field_id)
        return blanked

    def _gov_blank_lines(self, model, res_ids, field_ids=None):
        """Blank the logged values of ``res_ids`` of ``model`` (of ``field_ids`` only, if given)."""
        if not res_ids or field_ids == []:
            return
        query = """
            UPDATE auditlog_log_line l SET old_value = %(anon)s, old_value_text = %(anon)s,
                   new_value = %(anon)s, new_value_text = %(anon)s
              FROM auditlog_log g
             WHERE l.log_id = g.id AND g.res_id IN %(ids)s
               AND g.model_id = (SELECT id FROM ir_model WHERE model = %(model)s)"""
        params = {"anon": ANONYMISED, "ids": tuple(res_ids), "model": model}
        if field_ids:
            query += " AND l.field_id IN %(fields)s"
            params["fields"] = tuple(field_ids)
        self.env.cr.execute(query, params)


class AuditlogLog(models.Model):
    _inherit = "auditlog.log"

    # what auditlog reads back of a log it has just created, for each of its lines
    _GOV_READ_BACK = ("res_id", "log_type", "model_id")
    # the columns of the logs auditlog writes (create_logs)
    _GOV_INSERTED = ("name", "model_id", "res_id", "method", "user_id", "http_request_id", "http_session_id",
                     "log_type")

    @api.model
    def create(self, vals):
        if self.env.context.get("gov_auditlog_model") and self.env.uid == SUPERUSER_ID \
                and set(vals) <= set(self._GOV_INSERTED):
            log = self._gov_insert(vals)
        else:
            log = super(AuditlogLog, self).create(vals)
        # the values as given, in the cache: reading them back took a query per log (four in
        # each intake at the counter)
        log._cache.update(log._convert_to_cache(
            {name: vals[name] for name in self._GOV_READ_BACK if name in vals}, validate=False))
        return log

    def _gov_insert(self, vals):
        """A log of auditlog's (create_logs, as the superuser) in one INSERT, as its lines are: a log is
        a plain row (no computed or related column, no constraint, no chatter, nothing that depends on
        it); the ORM's create took some three hundred Python calls for each of the three logs of an
        intake at the counter. The log of a change made while create_logs runs is written when it ends,
        with its lines, under an id taken from the logs' sequence now."""
        row = {name: vals[name] for name in self._GOV_INSERTED if name in vals}
        batch = getattr(_batch, "rows", None)
        if batch is None or vals.get("method") not in BATCHED_METHODS \
                or (batch["logs"] and set(batch["logs"][0]) != set(row) | {"id"}):
            return self._gov_insert_rows([row])
        row["id"] = self._gov_reserved_id()
        batch["logs"].append(row)
        batch["ids"].add(row["id"])
        return self.browse(row["id"])

    def _gov_reserved_id(self):
        """An id of the logs' sequence that no log has: they are taken from it some at a time by each
        process (a sequence is never rolled back: an id taken is nobody else's)."""
        reserved = self.pool.__dict__.setdefault("_gov_auditlog_ids", [])
        while True:
            try:
                return reserved.pop()
            except IndexError:
                self.env.cr.execute("SELECT nextval(%s) FROM generate_series(1, %s)",
                                    ("%s_id_seq" % self._table, RESERVED_IDS))
                reserved.extend(sorted((row[0] for row in self.env.cr.fetchall()), reverse=True))

    @api.model
    def _gov_insert_batch(self, batch):
        """Write the logs and lines ``batch`` holds (``_gov_insert``) in one statement."""
        if not batch["logs"]:
            return
        query, params = self._gov_insert_statement(batch["logs"])
        if batch["lines"]:
            lines_query, lines_params = self.env["auditlog.log.line"]._gov_insert_statement(batch["lines"])
            query, params = "WITH logs AS (%s) %s" % (query, lines_query), params + lines_params
        self.env.cr.execute(query, params)
        self.invalidate_cache(["line_ids"], list(batch["ids"]))
