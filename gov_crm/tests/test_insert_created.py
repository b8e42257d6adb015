"""Rows the system writes many of, inserted with one statement as the ORM's create writes them."""
from unittest.mock import patch

from odoo.tests.common import TransactionCase

from .common import audited_create, sql_statements


class TestInsertCreated(TransactionCase):

    def test_the_modules_that_extend_a_create(self):
        """A model's create is extended by the modules whose classes define it, the ORM's own left
        out; a create replaced while the server runs (an audit rule) is extended by something else."""
        Message, Province = self.env["mail.message"], self.env["gov.province"]
        self.assertLessEqual({"mail", "gov_crm"}, Message._gov_create_modules())
        self.assertEqual(Province._gov_create_modules(), frozenset())
        self.assertTrue(Province._gov_create_extended_only_by(()))
        self.assertTrue(Message._gov_create_extended_only_by(Message._gov_create_modules()))
        self.assertFalse(Message._gov_create_extended_only_by(Message._gov_create_modules() - {"gov_crm"}))
        with audited_create(Message):
            self.assertFalse(Message._gov_create_extended_only_by(Message._gov_create_modules()))

    def test_rows_are_those_of_the_orms_create(self):
        """One INSERT; the rows and what the new records hold are those the ORM's create gives, their
        constraints checked; the records come back in the order of the rows, with no line yet."""
        Province = self.env["gov.province"]
        rows = [{"code": "T%d" % index, "name": "Province %d" % index, "name_en": "P%d" % index}
                for index in range(3)]
        Model = type(Province)
        with patch.object(Model, "_validate_fields", autospec=True, side_effect=Model._validate_fields) as checked, \
                sql_statements(lambda text: "gov_province" in text or "gov_district" in text) as sent:
            inserted = Province._gov_insert_created([dict(row) for row in rows])
            self.assertEqual([(p.code, p.name, p.name_en, p.district_ids.ids) for p in inserted],
                             [(row["code"], row["name"], row["name_en"], []) for row in rows])
        self.assertEqual([text.split()[0] for text in sent], ["INSERT"])  # nothing read back
        self.assertEqual(set(checked.call_args[0][1]), {"code", "name", "name_en"})
        created = Province.browse([Province.create(dict(row, code=row["code"] + "B")).id for row in rows])
        columns = [name for name, field in Province._fields.items()
                   if field.store and field.column_type and name not in ("id", "code", "create_date", "write_date")]
        inserted.invalidate_cache()
        for first, second in zip(inserted, created):
            self.assertEqual({name: first[name] for name in columns}, {name: second[name] for name in columns})

    def test_rows_the_orm_must_write(self):
        """Rows with a translated column, of a model with a stored related field or of a tree, are
        refused: the ORM's create writes the translation, the related value and the tree's bounds."""
        for model, row in (("res.partner.title", {"name": "Khun"}), ("gov.subdistrict", {"code": "X"}),
                           ("gov.department", {"code": "X"})):
            with self.subTest(model), self.assertRaisesRegex(ValueError, "by the ORM"):
                self.env[model]._gov_insert_created([row])
