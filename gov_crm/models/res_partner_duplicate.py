"""Likely duplicates shown before saving, and a small merge that moves every reference.

The merge wizard of Odoo 11 lives in the crm addon; this one is smaller and
generic in the same way: every column of the database with a foreign key to
res_partner, and every (model, res_id) reference of mail and attachments, is
moved to the survivor with parametrised SQL. Requests, cases and consents of
other modules follow without those modules doing anything.
"""
import psycopg2
from psycopg2 import sql

from odoo import _, api, fields, models
from odoo.exceptions import UserError

# fields copied onto the survivor when it has no value of its own
MERGE_FILL_FIELDS = (
    "national_id", "phone", "mobile", "email", "street", "street2", "zip", "city",
    "gov_province_id", "gov_district_id", "gov_subdistrict_id", "gov_birth_date",
    "gov_first_name", "gov_last_name", "gov_name_en", "gov_line_id", "title")
# tables referring to records as (model column, id column)
MODEL_REFERENCES = (
    ("mail_message", "model", "res_id"), ("mail_followers", "res_model", "res_id"),
    ("mail_activity", "res_model", "res_id"), ("ir_attachment", "res_model", "res_id"))


class ResPartner(models.Model):
    _inherit = "res.partner"

    gov_duplicate_ids = fields.Many2many(
        "res.partner", string="Possible duplicates", compute="_compute_gov_duplicate_ids",
        help="People with the same phone or a similar name, shown while registering someone without an ID.")

    @api.depends("name", "phone", "mobile", "national_id")
    def _compute_gov_duplicate_ids(self):
        # in an onchange the form's record is new; Odoo 11 keeps the saved one as _origin
        origin = getattr(self, "_origin", None)
        for partner in self:
            own_id = partner.id if isinstance(partner.id, int) else (origin.id if origin else 0)
            partner.gov_duplicate_ids = self.browse(partner._gov_find_duplicate_ids(own_id))

    def _gov_find_duplicate_ids(self, own_id, limit=5):
        """Ids of active registry records with the same phone or a similar name (pg_trgm)."""
        if self.national_id or self.is_company or not (self.name or self.phone or self.mobile):
            return []
        phones = [p for p in (self._gov_digits(self.phone), self._gov_digits(self.mobile)) if len(p) >= 6]
        self.env.cr.execute("""
            SELECT id FROM res_partner
             WHERE active AND gov_party_type IS NOT NULL AND id != %(id)s
               AND ((%(name)s != '' AND name %% %(name)s)
                    OR (cardinality(%(phones)s::varchar[]) > 0
                        AND gov_phone_digits LIKE ANY (%(patterns)s::varchar[])))
             ORDER BY similarity(name, %(name)s) DESC, id
             LIMIT %(limit)s""", {
            "id": own_id or 0,
            "name": self.name or "", "phones": phones,
            "patterns": ["%%%s%%" % p for p in phones], "limit": limit})
        return [row[0] for row in self.env.cr.fetchall()]

    @staticmethod
    def _gov_digits(value):
        return "".join(c for c in (value or "") if c.isdigit())

    # ------------------------------------------------------------ merge
    @api.multi
    def gov_merge_into(self, survivor):
        """Merge the partners of ``self`` into ``survivor``; they are deleted afterwards."""
        sources = self - survivor
        if not sources:
            return survivor
        survivor.check_access_rights("write")
        sources.check_access_rights("unlink")
        (survivor | sources).check_access_rule("write")
        sources.check_access_rule("unlink")
        ids = set(sources.mapped("national_id")) | {survivor.national_id}
        if len(ids - {False}) > 1:
            raise UserError(_(
                "These records hold different national IDs: they are different people "
                "and cannot be merged."))
        if sources.mapped("user_ids"):
            raise UserError(_("A person linked to a user account cannot be merged away."))
        fill = {}
        for name in MERGE_FILL_FIELDS:
            if not survivor[name]:
                value = next((s[name] for s in sources if s[name]), False)
                if value:
                    fill[name] = value.id if isinstance(value, models.BaseModel) else value
        names = ", ".join("%s (%s)" % (s.display_name, s.id) for s in sources)
        self._gov_move_references(sources.ids, survivor.id)
        if "national_id" in fill:
            sources.sudo().write({"national_id": False})
        self.env["gov.privacy.log"]._log("merge", survivor, reason="from %s" % ",".join(map(str, sources.ids)))
        # sudo: access was checked above; unlink of the merged-away records only
        sources.sudo().unlink()
        self.invalidate_cache()
        survivor.write(fill)
        survivor.sudo().message_post(
            body=_("Merged into this record: %(names)s") % {"names": names},
            subtype="mail.mt_note", author_id=self.env.user.partner_id.id)
        return survivor

    def _gov_move_references(self, source_ids, target_id):
        cr = self.env.cr
        cr.execute("""
            SELECT cl.relname, att.attname
              FROM pg_constraint con
              JOIN pg_class cl ON cl.oid = con.conrelid
              JOIN pg_attribute att ON att.attrelid = con.conrelid AND att.attnum = con.conkey[1]
             WHERE con.contype = 'f' AND con.confrelid = 'res_partner'::regclass
               AND array_length(con.conkey, 1) = 1""")
        for table, column in cr.fetchall():
            query = sql.SQL("UPDATE {t} SET {c} = %s WHERE {c} IN %s").format(
                t=sql.Identifier(table), c=sql.Identifier(column))
            try:
                with cr.savepoint():
                    cr.execute(query, (target_id, tuple(source_ids)))
            except psycopg2.IntegrityError:
                # the survivor already has this link (follower, many2many): drop the duplicate
                cr.execute(sql.SQL("DELETE FROM {t} WHERE {c} IN %s").format(
                    t=sql.Identifier(table), c=sql.Identifier(column)), (tuple(source_ids),))
        for table, model_col, id_col in MODEL_REFERENCES:
            query = sql.SQL("UPDATE {t} SET {i} = %s WHERE {m} = 'res.partner' AND {i} IN %s").format(
                t=sql.Identifier(table), i=sql.Identifier(id_col), m=sql.Identifier(model_col))
            try:
                with cr.savepoint():
                    cr.execute(query, (target_id, tuple(source_ids)))
            except psycopg2.IntegrityError:
                cr.execute(sql.SQL("DELETE FROM {t} WHERE {m} = 'res.partner' AND {i} IN %s").format(
                    t=sql.Identifier(table), i=sql.Identifier(id_col), m=sql.Identifier(model_col)),
                    (tuple(source_ids),))
