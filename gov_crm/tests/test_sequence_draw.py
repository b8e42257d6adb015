"""The system's draws of a sequence in one statement (ir_sequence.py): the numbers Odoo's own path
would give, in its format, and Odoo's path where the draw is not the system's or not a plain one."""
import datetime
from unittest.mock import patch

import pytz

from odoo.addons.base.ir import ir_sequence as odoo_ir_sequence
from odoo.addons.base.ir.ir_sequence import IrSequence as OdooSequence
from odoo.exceptions import UserError
from odoo.tests.common import SavepointCase

from ..models import ir_sequence
from .common import new_user, sql_statements


class TestSequenceDraw(SavepointCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.clerk = new_user(cls.env, "seq_clerk", "gov_crm.group_gov_front_desk")
        # set up as an administrator would, in Settings > Technical > Sequences
        Sequence = cls.env["ir.sequence"]
        cls.by_year = Sequence.create({"name": "Permits", "prefix": "PMT/%(range_year)s/", "padding": 4,
                                       "use_date_range": True, "company_id": False})
        cls.env["ir.sequence.date_range"].create({"sequence_id": cls.by_year.id, "date_from": "2031-01-01",
                                                  "date_to": "2031-12-31"})
        cls.plain = Sequence.create({"name": "Letters", "padding": 5, "company_id": False})
        cls.no_gap = Sequence.create({"name": "Receipts", "implementation": "no_gap", "padding": 3,
                                      "company_id": False, "number_next": 41})

    def _statements(self, draw):
        before = self.env.cr.sql_log_count
        number = draw()
        return number, self.env.cr.sql_log_count - before

    def _odoo_draw(self, sequence):
        """The next number as Odoo 11's own method draws it."""
        return OdooSequence._next(sequence)

    def test_a_year_s_number_is_one_statement_and_the_next_of_odoo_s_own(self):
        system = self.by_year.sudo().with_context(ir_sequence_date="2031-03-04")
        number, statements = self._statements(system.next_by_id)
        self.assertRegex(number, r"^PMT/2031/\d{4}$")
        self.assertEqual(statements, 1)
        # PostgreSQL's sequences are not rolled back: the numbers run on from another test's
        drawn = int(number[-4:])
        self.assertEqual(self._odoo_draw(system), "PMT/2031/%04d" % (drawn + 1))
        self.assertEqual(system.next_by_id(), "PMT/2031/%04d" % (drawn + 2))

    def test_a_sequence_without_years_or_prefix_is_padded_as_odoo_pads_it(self):
        system = self.plain.sudo()
        number, statements = self._statements(system.next_by_id)
        self.assertRegex(number, r"^\d{5}$")
        self.assertEqual(statements, 1)
        self.assertEqual(self._odoo_draw(system), "%05d" % (int(number) + 1))

    def test_a_year_without_its_range_gets_one_from_odoo_and_then_draws_from_it(self):
        system = self.by_year.sudo().with_context(ir_sequence_date="2032-07-01")
        first = system.next_by_id()
        self.assertRegex(first, r"^PMT/2032/\d{4}$")
        created = self.by_year.date_range_ids.filtered(lambda r: r.date_from == "2032-01-01")
        self.assertEqual(created.date_to, "2032-12-31")
        self.assertEqual(self._statements(system.next_by_id), ("PMT/2032/%04d" % (int(first[-4:]) + 1), 1))

    def test_a_no_gap_sequence_is_counted_on_its_row_as_before(self):
        system = self.no_gap.sudo()
        self.assertEqual(system.next_by_id(), "041")
        self.assertEqual(system.next_by_id(), "042")
        self.assertEqual(self.no_gap.number_next, 43)

    def test_a_user_s_draw_goes_through_odoo_s_checks(self):
        clerk = self.by_year.sudo(self.clerk).with_context(ir_sequence_date="2031-05-06")
        with sql_statements(lambda text: True) as executed:
            number = clerk.next_by_id()
        self.assertRegex(number, r"^PMT/2031/\d{4}$")
        self.assertTrue(executed)
        self.assertNotIn(ir_sequence.DRAW.strip(), executed)
        system = self.by_year.sudo().with_context(ir_sequence_date="2031-05-06")
        self.assertEqual(system.next_by_id(), "PMT/2031/%04d" % (int(number[-4:]) + 1))

    def test_the_postgresql_sequence_is_named_as_odoo_names_it(self):
        for sequence_id in (7, 42, 999, 1234, 56789):
            self.env.cr.execute("SELECT " + ir_sequence._PADDED % {"id": "%(id)s"}, {"id": sequence_id})
            self.assertEqual(self.env.cr.fetchone()[0], "%03d" % sequence_id)

    def test_prefixes_and_suffixes_read_as_odoo_reads_them(self):
        """Every placeholder, of the date asked for, of the range's and of now, in the user's time zone
        or in UTC, and the same errors for a malformed or an unknown one."""
        every = "".join("%%(%s%s)s." % (kind, name) for kind in ("", "range_", "current_")
                        for name in sorted(ir_sequence.PLACEHOLDERS))
        Sequence = self.env["ir.sequence"]
        sequence = Sequence.create({"name": "Every placeholder", "prefix": every, "suffix": "/%(range_y)s",
                                    "company_id": False})

        class Now(datetime.datetime):  # the same moment for both
            @classmethod
            def now(cls, tz=None):
                return datetime.datetime(2026, 12, 5, 17, 59, 59, tzinfo=pytz.utc).astimezone(tz)
        with patch.object(ir_sequence, "datetime", Now), patch.object(odoo_ir_sequence, "datetime", Now):
            for context in ({}, {"tz": "Asia/Bangkok"}, {"ir_sequence_date": "2024-02-29"},
                            {"ir_sequence_date": "2024-02-29", "ir_sequence_date_range": "2023-10-01"}):
                ours = sequence.with_context(**context)._get_prefix_suffix()
                self.assertEqual(ours, OdooSequence._get_prefix_suffix(sequence.with_context(**context)), context)
            self.assertEqual(sequence.with_context(tz="Asia/Bangkok")._get_prefix_suffix()[0][-35:],
                             "06.340.12.00.59.12.59.0.48.26.2026.")  # 00:59:59 on Sunday 6 December in Bangkok
        # the date asked for: Thursday 29 February 2024, the 60th day, in week 9; its range's year 2023
        self.assertEqual(ours, ("29.060.12.00.00.02.00.4.09.24.2024." + ours[0][35:], "/23"))
        for prefix, error in (("%(year)d", TypeError), ("%(range_nope)s", KeyError), ("%(year)", ValueError)):
            wrong = Sequence.create({"name": "Wrong", "prefix": prefix, "company_id": False})
            for method in (wrong._get_prefix_suffix, lambda: OdooSequence._get_prefix_suffix(wrong)):
                with self.assertRaises(UserError if error is ValueError else error) as raised:
                    method()
                self.assertIn("range_nope" if error is KeyError else "", str(raised.exception))
