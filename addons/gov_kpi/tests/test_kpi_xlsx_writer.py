"""The case sheet's row writer against xlsxwriter's own cell-by-cell writing."""
import decimal
import os
import shutil
import tempfile
import unittest
import zipfile

import openpyxl
import xlsxwriter

from odoo.addons.gov_kpi.wizards.gov_kpi_xlsx_writer import ValueRowsSheet

COLUMNS = [("name", True), ("count", False), ("note", True), ("moment", False)]
TEXTS = [
    "เรื่องร้องเรียน ถนนชำรุด", "a & b <c> \"d\"", " leading", "trailing ", "ends in a newline\n",
    "tab\tinside", "bell\x07and\x1fcontrol", "_x0041_ looks escaped", "non\uFFFEcharacter\uFFFF",
    "", "x" * 40000, "\x0bvertical tab first",
]
NUMBERS = [0, 5, -3, 1.5, 46001.4375, decimal.Decimal("2.25"), 1e20, 123456789012345678, 1 / 3]


def sample_rows():
    rows = []
    for i in range(60):
        row = {"name": TEXTS[i % len(TEXTS)], "count": NUMBERS[i % len(NUMBERS)],
               "note": TEXTS[(i * 7) % len(TEXTS)], "moment": NUMBERS[(i * 5) % len(NUMBERS)]}
        if i % 4 == 1:
            row["note"] = None
        if i % 6 == 2:
            row["count"] = False
        if i % 9 == 3:
            row = {"name": None, "count": None}  # a row with nothing to write
        if i % 11 == 5:
            del row["moment"]
        rows.append(row)
    return rows


class TestValueRows(unittest.TestCase):

    def setUp(self):
        super().setUp()
        self.dir = tempfile.mkdtemp()
        self.addCleanup(shutil.rmtree, self.dir)

    def _book(self, name, fill, header=True):
        path = os.path.join(self.dir, name)
        book = xlsxwriter.Workbook(path, {"constant_memory": True, "remove_timezone": True})
        fmt = {True: book.add_format({"font_name": "Tahoma"}), False: book.add_format({"num_format": "#,##0.00"})}
        bold = book.add_format({"bold": True})
        sheet = book.add_worksheet("rows", worksheet_class=ValueRowsSheet)
        for col, (key, is_text) in enumerate(COLUMNS):
            if header:  # the columns dressed and named (each widens the used range to its column)
                sheet.set_column(col, col, 12, fmt[is_text])
                sheet.write(0, col, key, bold)
        fill(sheet, [(col, key, is_text, fmt[is_text]) for col, (key, is_text) in enumerate(COLUMNS)])
        sheet.freeze_panes(1, 0)
        book.close()
        return path

    def test_same_file_as_cell_by_cell(self):
        self._same_file(sample_rows(), header=True)

    def test_same_file_without_a_header(self):
        # the used range comes from the value rows alone: their first and last columns written
        self._same_file([{"count": 1}, {"count": 2, "moment": 3.5}, {"note": "alone"}], header=False)

    def _same_file(self, rows, header):
        def cell_by_cell(sheet, columns):
            for row, values in enumerate(rows, 1):
                for col, key, is_text, fmt in columns:
                    value = values.get(key)
                    if value is not None and value is not False:
                        (sheet.write_string if is_text else sheet.write_number)(row, col, value, fmt)

        def at_once(sheet, columns):
            self.assertEqual(sheet.write_value_rows(1, columns, rows), len(rows))

        expected = self._book("expected.xlsx", cell_by_cell, header)
        written = self._book("written.xlsx", at_once, header)
        with zipfile.ZipFile(expected) as one, zipfile.ZipFile(written) as other:
            names = one.namelist()
            self.assertEqual(names, other.namelist())
            self.assertIn("xl/worksheets/sheet1.xml", names)
            for name in names:
                if name != "docProps/core.xml":  # the creation time
                    self.assertEqual(one.read(name), other.read(name), name)
        return written

    def test_values_read_back(self):
        written = self._same_file(sample_rows(), header=True)
        sheet = openpyxl.load_workbook(written)["rows"]
        self.assertEqual(sheet.cell(row=2, column=1).value, TEXTS[0])
        self.assertEqual(sheet.cell(row=3, column=1).value, TEXTS[1])
        self.assertEqual(sheet.cell(row=12, column=1).value, "x" * 32767)  # Excel's longest text

    def test_text_shaped_like_xml_stays_text(self):
        def fill(sheet, columns):
            sheet.write_value_rows(1, columns, [{"name": "<r><t>x</t></r>", "note": "</t></is></c>"}])
        sheet = openpyxl.load_workbook(self._book("shaped.xlsx", fill))["rows"]
        self.assertEqual(sheet.cell(row=2, column=1).value, "<r><t>x</t></r>")
        self.assertEqual(sheet.cell(row=2, column=3).value, "</t></is></c>")

    def test_no_rows(self):
        def fill(sheet, columns):
            self.assertEqual(sheet.write_value_rows(1, columns, iter(())), 0)
        sheet = openpyxl.load_workbook(self._book("empty.xlsx", fill))["rows"]
        self.assertEqual([c.value for c in sheet[1]], [key for key, _t in COLUMNS])
        self.assertEqual(sheet.max_row, 1)

    def test_refuses_what_a_cell_cannot_hold(self):
        for bad in (float("nan"), float("inf"), decimal.Decimal("-Infinity")):
            def fill(sheet, columns, bad=bad):
                with self.assertRaisesRegex(ValueError, "count: a cell holds no NaN or infinity"):
                    sheet.write_value_rows(1, columns, [{"count": bad}])
            self._book("bad.xlsx", fill)

    def test_rows_only_below_what_is_written(self):
        def fill(sheet, columns):
            with self.assertRaisesRegex(ValueError, "after the rows above them"):
                sheet.write_value_rows(0, columns, [{"name": "over the header"}])
            self.assertEqual(sheet.write_value_rows(1, columns, [{"name": "one"}, {"name": "two"}]), 2)
            with self.assertRaisesRegex(ValueError, "after the rows above them"):
                sheet.write_value_rows(2, columns, [{"name": "again"}])
            self.assertEqual(sheet.write_string(2, 1, "over two"), -1)  # xlsxwriter refuses a row written
            self.assertEqual(sheet.write_value_rows(3, columns, [{"name": "three"}]), 3)
        sheet = openpyxl.load_workbook(self._book("order.xlsx", fill))["rows"]
        self.assertEqual([sheet.cell(row=row, column=1).value for row in (1, 2, 3, 4)], ["name", "one", "two", "three"])
        self.assertIsNone(sheet.cell(row=3, column=2).value)
