"""Audit log of who changed what on persons, consents, requests and cases.

The log must not become a copy of what it protects: national IDs are written masked,
secrets (rating token hashes, webhook secrets, API key hashes, password hashes) are
never written, binary and chatter fields are left out, and anonymising a person blanks
what the log held of them.
"""
from psycopg2 import sql

from odoo import api, models

from odoo.addons.gov_crm.models.res_partner import mask_id

MASKED_FIELDS = ("national_id",)
HIDDEN_FIELDS = ("rating_token_hash", "gov_webhook_secret", "key_hash", "password", "password_crypt",
                 "secret_key", "signup_token", "access_token")
HIDDEN = "(hidden)"
ANONYMISED = "(anonymised)"


class AuditlogRule(models.Model):
    _inherit = "auditlog.rule"

    @api.model
    def get_auditlog_fields(self, model):
        # the snapshot of a create is read as the user who creates: fields restricted to other
        # groups (secrets, tokens) are left out, or their mere presence would refuse the create
        return [name for name in super(AuditlogRule, self).get_auditlog_fields(model)
                if model._fields[name].type != "binary"
                and not name.startswith(("message_", "activity_", "website_message"))
                and (not model._fields[name].groups or model.user_has_groups(model._fields[name].groups))]

    @staticmethod
    def _gov_clean(field_name, value):
        if value in (None, False) or field_name not in MASKED_FIELDS + HIDDEN_FIELDS:
            return value
        if field_name in MASKED_FIELDS and isinstance(value, str):
            return mask_id(value)
        return HIDDEN

    def _gov_clean_vals(self, field, vals):
        for key in ("old_value", "old_value_text", "new_value", "new_value_text"):
            vals[key] = self._gov_clean(field["name"], vals.get(key))
        return vals

    def _prepare_log_line_vals_on_write(self, log, field, old_values, new_values):
        vals = super(AuditlogRule, self)._prepare_log_line_vals_on_write(log, field, old_values, new_values)
        return self._gov_clean_vals(field, vals)

    def _prepare_log_line_vals_on_create(self, log, field, new_values):
        vals = super(AuditlogRule, self)._prepare_log_line_vals_on_create(log, field, new_values)
        return self._gov_clean_vals(field, vals)

    @api.model
    def _gov_forget_partners(self, names):
        """Blank the logged values of anonymised persons and their names wherever logged.

        ``names`` maps a partner id to the names it had. The log keeps that a change was
        made, by whom and when (the audit trail), not what the person's data was.
        """
        if not names:
            return
        cr = self.env.cr
        cr.execute("""
            UPDATE auditlog_log_line l SET old_value = %(anon)s, old_value_text = %(anon)s,
                   new_value = %(anon)s, new_value_text = %(anon)s
              FROM auditlog_log g
             WHERE l.log_id = g.id AND g.res_id IN %(ids)s
               AND g.model_id = (SELECT id FROM ir_model WHERE model = 'res.partner')""",
                   {"anon": ANONYMISED, "ids": tuple(names)})
        cr.execute("""
            UPDATE auditlog_log SET name = %(anon)s
             WHERE res_id IN %(ids)s AND model_id = (SELECT id FROM ir_model WHERE model = 'res.partner')""",
                   {"anon": ANONYMISED, "ids": tuple(names)})
        for partner_id, partner_names in names.items():
            for name in partner_names:
                for column in ("old_value", "old_value_text", "new_value", "new_value_text"):
                    query = sql.SQL(
                        "UPDATE auditlog_log_line SET {c} = replace({c}, %s, %s) WHERE strpos({c}, %s) > 0"
                    ).format(c=sql.Identifier(column))
                    cr.execute(query, (name, "ANON-%s" % partner_id, name))
                cr.execute("UPDATE auditlog_log SET name = replace(name, %s, %s) WHERE strpos(name, %s) > 0",
                           (name, "ANON-%s" % partner_id, name))
