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


class TestTrackedChanges(TransactionCase):

    def lines(self, message):
        return [
            {"field": "expected_date", "field_desc": "Due", "field_type": "datetime",
             "old_value_datetime": False, "new_value_datetime": "2026-12-10 03:00:00", "mail_message_id": message.id},
            {"field": "state", "field_desc": "Status", "field_type": "selection",
             "old_value_char": "Draft", "new_value_char": "In progress", "mail_message_id": message.id},
            {"field": "note", "field_desc": "Note", "field_type": "selection",
             "old_value_char": "", "new_value_char": "ID 1101700203450", "mail_message_id": message.id},
        ]

    def rows(self, message):
        self.env.cr.execute("""
            SELECT field, field_desc, field_type, old_value_integer, new_value_integer, old_value_float,
                   new_value_float, old_value_char, new_value_char, old_value_text, new_value_text,
                   old_value_datetime, new_value_datetime, create_uid
              FROM mail_tracking_value WHERE mail_message_id = %s ORDER BY id""", (message.id,))
        return self.env.cr.fetchall()

    def test_one_insert_per_kind_of_change_as_create_writes_them(self):
        """The changes of one message are written with one INSERT for each set of columns, with the rows
        (an ID masked) the ORM's create of each writes; the message holds them."""
        partner = self.env["res.partner"].create({"name": "Tracked"})
        Message, Tracking = self.env["mail.message"], self.env["mail.tracking.value"]
        inserted, created = (Message.create({"body": "x", "model": "res.partner", "res_id": partner.id})
                             for _index in range(2))
        with sql_statements(lambda text: text.startswith("INSERT INTO mail_tracking_value")) as sent:
            lines = Tracking._gov_create_lines(self.lines(inserted))
        self.assertEqual(len(sent), 2)
        for vals in self.lines(created):
            Tracking.create(vals)
        self.assertEqual(sorted(self.rows(inserted)), sorted(self.rows(created)))
        self.assertNotIn("1101700203450", str(self.rows(inserted)))
        self.assertEqual(inserted.tracking_value_ids, lines)

    def test_a_create_extended_elsewhere_writes_each_change(self):
        """An audit rule on the changes replaces their create: each change is written by it, masked."""
        partner = self.env["res.partner"].create({"name": "Tracked"})
        message = self.env["mail.message"].create({"body": "x", "model": "res.partner", "res_id": partner.id})
        with audited_create(self.env["mail.tracking.value"]) as logged:
            self.env["mail.tracking.value"]._gov_create_lines(self.lines(message))
        self.assertEqual([vals["field"] for vals in logged], ["expected_date", "state", "note"])
        self.assertNotIn("1101700203450", str(self.rows(message)))
