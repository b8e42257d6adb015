"""Field xmlids that are the same in every database.

Odoo 11 names a field's xmlid ``field_<table>_<field>``. Two fields can get the same name:
``citizen.case``'s ``stage_state`` and ``citizen.case.stage``'s ``state`` are both
``field_citizen_case_stage_state``. Odoo then appends the new field's database id, which
differs from one database to the next, so a translation catalogue exported from one database
names a field that another database does not have, and the field keeps its English label there.
The second field of such a pair is named ``field_<table>__<field>`` instead (two underscores
cannot come from a table and a field name), the same in every database.
"""
import re

from odoo import models


def stable_field_xmlid(name, field_name, field_id):
    """The stable name of a field xmlid that Odoo suffixed with the field's id, else None."""
    match = re.match(r"^field_(.+)_%s_%d$" % (re.escape(field_name), field_id), name)
    return match and "field_%s__%s" % (match.group(1), field_name)


# gov_crm and the modules that depend on it, directly or not
PRODUCT_MODULES = """
    WITH RECURSIVE product(name) AS (
        SELECT 'gov_crm'::varchar
         UNION SELECT m.name FROM ir_module_module m
                 JOIN ir_module_module_dependency dep ON dep.module_id = m.id
                 JOIN product ON product.name = dep.name)
    SELECT name FROM product"""


SUFFIXED_FIELD_XMLIDS = """
    SELECT d.id, d.module, d.name, f.name, f.id FROM ir_model_data d
      JOIN ir_model_fields f ON f.id = d.res_id
     WHERE d.model = 'ir.model.fields' AND d.name LIKE '%%\\_' || f.id
       AND d.module IN (""" + PRODUCT_MODULES + """)
     ORDER BY d.module, d.name"""


def suffixed_field_xmlids(cr):
    """(ir.model.data id, module, name, field name, field id) of the product's field xmlids
    that Odoo suffixed with the field's id."""
    cr.execute(SUFFIXED_FIELD_XMLIDS, ())
    return [row for row in cr.fetchall() if stable_field_xmlid(row[2], row[3], row[4])]


def rename_suffixed_field_xmlids(cr):
    """Give the product's field xmlids suffixed with their field's id the stable name; the number renamed."""
    rows = suffixed_field_xmlids(cr)
    for data_id, _module, name, field_name, field_id in rows:
        cr.execute("UPDATE ir_model_data SET name = %s WHERE id = %s",
                   (stable_field_xmlid(name, field_name, field_id), data_id))
    return len(rows)


class IrModelFields(models.Model):
    _inherit = "ir.model.fields"

    def _reflect_field(self, field):
        created = field.name not in self._existing_field_data(field.model_name)
        record = super()._reflect_field(field)
        if created:
            suffixed = "field_%s_%s_%d" % (self.env[field.model_name]._table, field.name, record.id)
            self.env.cr.execute(
                "UPDATE ir_model_data SET name = %s WHERE model = 'ir.model.fields' AND res_id = %s AND name = %s",
                (stable_field_xmlid(suffixed, field.name, record.id), record.id, suffixed))
        return record
