"""The workbook of the "Service quality report", written with xlsxwriter in constant-memory
mode: rows go to disk as they are written, so 100,000 case rows keep memory flat.

Pure Python: it receives plain data from the wizard and knows nothing of the ORM.
"""

import math
import re

import xlsxwriter
from xlsxwriter.utility import preserve_whitespace, xl_col_to_name
from xlsxwriter.worksheet import Worksheet, re_control_chars_1, re_control_chars_2

from odoo.addons.gov_crm.lib.be_date import short_be_date

# Excel number format of a date in the Thai Buddhist calendar (calendar type 07): 25/11/2569
BE_DATE_FORMAT = "[$-1070000]d/mm/yyyy"
BE_DATETIME_FORMAT = "[$-1070000]d/mm/yyyy hh:mm"

# (key, Thai header, format name, width)
SUMMARY_COLUMNS = [
    ("nbr", "คำขอ", "int", 9),
    ("finished_count", "เสร็จสิ้น", "int", 9),
    ("on_time_count", "เสร็จทันเวลา", "int", 11),
    ("on_time_rate", "อัตราทันเวลา", "pct", 11),
    ("late_count", "ล่าช้า", "int", 8),
    ("late_rate", "อัตราล่าช้า", "pct", 10),
    ("abandoned_count", "ละทิ้งคำขอ (ม.8)", "int", 10),
    ("handling_mean", "เวลาดำเนินการเฉลี่ย (วันทำการ)", "dec", 14),
    ("handling_median", "มัธยฐาน (วันทำการ)", "dec", 12),
    ("handling_p90", "เปอร์เซ็นไทล์ 90 (วันทำการ)", "dec", 12),
    ("band_0_3", "ค้าง 0-3 วัน", "int", 9),
    ("band_4_7", "ค้าง 4-7 วัน", "int", 9),
    ("band_8_15", "ค้าง 8-15 วัน", "int", 9),
    ("band_16_30", "ค้าง 16-30 วัน", "int", 9),
    ("band_31_plus", "ค้างเกิน 30 วัน", "int", 9),
    ("case_nbr", "เรื่อง", "int", 8),
    ("breached_count", "เกินกำหนด SLA", "int", 10),
    ("breach_rate", "อัตราเกินกำหนด SLA", "pct", 12),
    ("transfers_per_case", "การโอนต่อเรื่อง", "dec", 10),
    ("fcr_rate", "แก้ไขเสร็จในครั้งแรก", "pct", 12),
    ("reopen_rate", "อัตราเปิดเรื่องซ้ำ", "pct", 11),
    ("rating_mean", "ความพึงพอใจเฉลี่ย (1-5)", "dec", 12),
    ("satisfied_rate", "สัดส่วนพึงพอใจ 4-5", "pct", 12),
]
CASE_COLUMNS = [
    ("department", "หน่วยงาน", "text", 30),
    ("name", "เลขที่เรื่อง", "text", 18),
    ("request", "เลขที่คำขอ", "text", 18),
    ("service", "บริการ", "text", 30),
    ("user", "เจ้าหน้าที่", "text", 22),
    ("stage", "สถานะ", "text", 14),
    ("sla", "SLA", "text", 13),
    ("date_open", "วันที่เปิดเรื่อง", "datetime", 16),
    ("deadline", "กำหนดเสร็จ", "datetime", 16),
    ("date_resolved", "วันที่ยุติ", "datetime", 16),
    ("transfers", "โอน (ครั้ง)", "int", 9),
    ("reopens", "เปิดซ้ำ (ครั้ง)", "int", 9),
    ("first_response_hours", "ตอบครั้งแรก (ชม.ทำการ)", "dec", 12),
    ("handling_hours", "ดำเนินการ (ชม.ทำการ)", "dec", 12),
    ("rating", "ความพึงพอใจ", "int", 10),
]
SLA_BREACHED_LABEL = "เกินกำหนด"
# A rate or an average of nothing is no data, never 0: its cell says so ("—") and its comment why
NO_DATA = "—"
NO_DATA_LEGEND = ("— = ไม่มีข้อมูล (ไม่มีสิ่งที่จะวัดในช่วงเวลานี้ ไม่ใช่ศูนย์) · "
                  "— = no data (nothing to measure, not zero)")
_NO_FINISHED = "ไม่มีข้อมูล: ไม่มีคำขอที่เสร็จสิ้น (คำขอที่รับในช่วงเวลานี้)"
_NO_CASES = "ไม่มีข้อมูล: ไม่มีเรื่องที่เปิดในช่วงเวลานี้"
_NO_RESOLVED = "ไม่มีข้อมูล: ไม่มีเรื่องที่ยุติ (เรื่องที่เปิดในช่วงเวลานี้)"
_NO_RATINGS = "ไม่มีข้อมูล: ไม่มีการประเมินความพึงพอใจ (เรื่องที่เปิดในช่วงเวลานี้)"
NO_DATA_REASONS = {
    "on_time_rate": _NO_FINISHED, "late_rate": _NO_FINISHED, "handling_mean": _NO_FINISHED,
    "handling_median": _NO_FINISHED, "handling_p90": _NO_FINISHED,
    "breach_rate": _NO_CASES, "transfers_per_case": _NO_CASES,
    "fcr_rate": _NO_RESOLVED, "reopen_rate": _NO_RESOLVED,
    "rating_mean": _NO_RATINGS, "satisfied_rate": _NO_RATINGS,
}


# a text needing more than to be written as it is: a control character, a character XML escapes, a
# non-character, what looks like Excel's own escape (_xHHHH_), whitespace at either end
_TEXT_NEEDS_CARE = re.compile(r"[\x00-\x08\x0b-\x1f&<>\uFFFE\uFFFF]|_x[0-9a-fA-F]{4}_|^\s|\s$")
_TEXT_MAX = 32767  # Excel's longest cell text


def _inline_text(value):
    """(text as XML, whether its whitespace must be preserved), escaped as xlsxwriter escapes the
    in-line strings of constant-memory mode, except that a text shaped like a rich string
    ("<r>...</r>") is escaped too where xlsxwriter would write it into the sheet as XML."""
    if not _TEXT_NEEDS_CARE.search(value):
        return value, False
    value = re_control_chars_1.sub(r"_x005F\1", value)
    value = re_control_chars_2.sub(lambda match: "_x%04X_" % ord(match.group(1)), value)
    value = value.replace("\uFFFE", "_xFFFE_").replace("\uFFFF", "_xFFFF_")
    preserve = bool(preserve_whitespace(value))
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;"), preserve


class ValueRowsSheet(Worksheet):
    """A worksheet that also writes many rows of plain values at once.

    xlsxwriter's ``write_string``/``write_number`` go through argument checks, a cell tuple and a
    generic cell writer for every cell: about 8 us a cell, most of a 100,000-case report (1.4 million
    cells). ``write_value_rows`` writes the same XML as those calls in constant-memory mode (the
    test compares the two files), with each column's reference and style worked out once, and keeps
    xlsxwriter's own bookkeeping (the row element, the used range, the row written last).
    """

    def write_value_rows(self, first_row, columns, rows):
        """Write ``rows`` (dicts) from ``first_row`` on; ``columns``: [(col, key, is_text,
        cell_format)]. An absent, None or False value leaves its cell unwritten. Returns the last
        row written (``first_row - 1`` without rows)."""
        # xlsxwriter's previous_row is the row whose cells are still in its table, unwritten
        if (not self.constant_memory or first_row < self.previous_row
                or (first_row == self.previous_row and self.table.get(first_row))):
            raise ValueError("value rows are written in constant-memory mode, after the rows above them")
        self._write_single_row(first_row)  # the row written cell by cell above, as xlsxwriter would
        columns = sorted(columns, key=lambda column: column[0])
        refs = [xl_col_to_name(col) for col, _key, _is_text, _fmt in columns]
        # a format's style number is given at its first use in the workbook, as xlsxwriter gives it
        starts = [None] * len(columns)
        fh, row = self.fh, first_row - 1
        for row, values in enumerate(rows, first_row):
            if row >= self.xls_rowmax:
                raise ValueError("more rows than a worksheet holds (%d)" % self.xls_rowmax)
            number, parts, used = row + 1, [], []
            for index, (col, key, is_text, cell_format) in enumerate(columns):
                value = values.get(key)
                if value is None or value is False:
                    continue
                start = starts[index]
                if start is None:
                    start = starts[index] = '<c r="%s%%d" s="%d"' % (refs[index], cell_format._get_xf_index())
                if is_text:
                    text, preserve = _inline_text(str(value)[:_TEXT_MAX])
                    parts.append('%s t="inlineStr"><is><t%s>%s</t></is></c>' % (
                        start % number, ' xml:space="preserve"' if preserve else "", text))
                else:
                    if not math.isfinite(value):
                        raise ValueError("%s: a cell holds no NaN or infinity (row %d)" % (key, number))
                    parts.append("%s><v>%.16G</v></c>" % (start % number, value))
                used.append(col)
            if parts:
                self._check_dimensions(row, used[0])
                self._check_dimensions(row, used[-1])
                self._write_row(row, None)
                parts.append("</row>")
                fh.write("".join(parts))
        # the rows are written: the next row is the first that may still take cells
        self.previous_row = row + 1
        return row


def be_date_text(day):
    """date -> '25 พ.ย. 2569'."""
    return short_be_date(day)


class ServiceQualityWorkbook:
    """Write the report to ``path``; call the ``write_*`` methods in order, then ``close``."""

    def __init__(self, path, title, period_text):
        self.book = xlsxwriter.Workbook(path, {"constant_memory": True, "remove_timezone": True})
        self.title, self.period_text = title, period_text
        add = self.book.add_format
        base = {"font_name": "Tahoma", "font_size": 10}
        self.fmt = {
            "title": add(dict(base, bold=True, font_size=14)),
            "subtitle": add(dict(base, italic=True)),
            "header": add(dict(base, bold=True, bg_color="#D9E1F2", border=1, text_wrap=True,
                               valign="vcenter", align="center")),
            "text": add(base), "bold": add(dict(base, bold=True)),
            "int": add(dict(base, num_format="#,##0")),
            "dec": add(dict(base, num_format="#,##0.00")),
            "pct": add(dict(base, num_format="0.0%")),
            "date": add(dict(base, num_format=BE_DATE_FORMAT)),
            "datetime": add(dict(base, num_format=BE_DATETIME_FORMAT)),
            "nodata": add(dict(base, font_color="#777777", align="center")),
            "bad": add({"bg_color": "#F8CBAD", "font_color": "#9C0006"}),
            "warn": add({"bg_color": "#FFEB9C", "font_color": "#9C5700"}),
        }

    def _cell(self, sheet, row, col, value, fmt_name):
        if value is None or value is False:
            sheet.write_blank(row, col, None, self.fmt[fmt_name])
        else:
            sheet.write(row, col, value, self.fmt[fmt_name])

    def _summary_cell(self, sheet, row, col, key, value, fmt_name):
        """A count is a count (0 when nothing was counted); a rate or an average of nothing is
        no data: "—" with the reason in the cell's comment."""
        if (value is None or value is False) and key in NO_DATA_REASONS:
            sheet.write_string(row, col, NO_DATA, self.fmt["nodata"])
            sheet.write_comment(row, col, NO_DATA_REASONS[key])
        elif (value is None or value is False) and fmt_name == "int":
            sheet.write_number(row, col, 0, self.fmt[fmt_name])
        else:
            self._cell(sheet, row, col, value, fmt_name)

    def write_summary(self, sheet_name, first_header, rows, total):
        """rows: [(label, {key: value})] sorted; total: {key: value} (the last row)."""
        sheet = self.book.add_worksheet(sheet_name)
        sheet.write(0, 0, self.title, self.fmt["title"])
        sheet.write(1, 0, self.period_text, self.fmt["subtitle"])
        sheet.write(2, 0, NO_DATA_LEGEND, self.fmt["subtitle"])
        sheet.set_row(3, 45)
        sheet.set_column(0, 0, 38)
        sheet.write(3, 0, first_header, self.fmt["header"])
        for col, (_key, header, _fmt, width) in enumerate(SUMMARY_COLUMNS, start=1):
            sheet.set_column(col, col, width)
            sheet.write(3, col, header, self.fmt["header"])
        row = 4
        for label, values in rows + [("รวม", total)]:
            sheet.write(row, 0, label, self.fmt["bold" if values is total else "text"])
            for col, (key, _header, fmt_name, _width) in enumerate(SUMMARY_COLUMNS, start=1):
                self._summary_cell(sheet, row, col, key, values.get(key), fmt_name)
            row += 1
        last = row - 1
        sheet.freeze_panes(4, 1)
        sheet.autofilter(3, 0, last - 1 if rows else last, len(SUMMARY_COLUMNS))
        columns = [key for key, _h, _f, _w in SUMMARY_COLUMNS]
        for key in ("late_count", "breached_count"):
            col = columns.index(key) + 1
            sheet.conditional_format(4, col, last, col, {
                "type": "cell", "criteria": ">", "value": 0, "format": self.fmt["bad"]})
        col = columns.index("on_time_rate") + 1
        sheet.conditional_format(4, col, last, col, {
            "type": "cell", "criteria": "<", "value": 0.9, "format": self.fmt["warn"]})
        return sheet

    def write_cases(self, sheet_name, rows):
        """rows: an iterable of dicts keyed as CASE_COLUMNS; moments as Excel serial day
        numbers (days since 1899-12-30, the time as the fraction) of the office's local time,
        which the database computes faster than Python converts 300,000 datetimes."""
        sheet = self.book.add_worksheet(sheet_name, worksheet_class=ValueRowsSheet)
        for col, (_key, header, fmt_name, width) in enumerate(CASE_COLUMNS):
            # the column's format also dresses its empty cells, which are not written at all
            sheet.set_column(col, col, width, self.fmt[fmt_name])
            sheet.write(0, col, header, self.fmt["header"])
        columns = [(col, key, fmt_name == "text", self.fmt[fmt_name])
                   for col, (key, _header, fmt_name, _width) in enumerate(CASE_COLUMNS)]
        row = sheet.write_value_rows(1, columns, rows)
        sheet.freeze_panes(1, 0)
        sheet.autofilter(0, 0, max(row, 1), len(CASE_COLUMNS) - 1)
        sla_col = [key for key, _h, _f, _w in CASE_COLUMNS].index("sla")
        sheet.conditional_format(1, sla_col, max(row, 1), sla_col, {
            "type": "cell", "criteria": "==", "value": '"%s"' % SLA_BREACHED_LABEL, "format": self.fmt["bad"]})
        return row

    def write_monthly_chart(self, sheet_name, months):
        """months: [(month_be, month_ce, finished, on_time, rate)] in time order."""
        sheet = self.book.add_worksheet(sheet_name)
        headers = ["เดือน (พ.ศ.)", "เดือน (ค.ศ.)", "เสร็จสิ้น", "เสร็จทันเวลา", "อัตราทันเวลา"]
        formats = ["text", "text", "int", "int", "pct"]
        for col, header in enumerate(headers):
            sheet.set_column(col, col, 14)
            sheet.write(0, col, header, self.fmt["header"])
        for row, values in enumerate(months, start=1):
            for col, value in enumerate(values):
                self._cell(sheet, row, col, value, formats[col])
        sheet.freeze_panes(1, 0)
        sheet.autofilter(0, 0, max(len(months), 1), len(headers) - 1)
        if months:
            chart = self.book.add_chart({"type": "column"})
            chart.add_series({
                "name": "อัตราทันเวลา",
                "categories": [sheet_name, 1, 0, len(months), 0],
                "values": [sheet_name, 1, 4, len(months), 4],
                "data_labels": {"value": True, "num_format": "0%"},
            })
            chart.set_title({"name": "อัตราการดำเนินการทันเวลารายเดือน"})
            chart.set_y_axis({"num_format": "0%", "min": 0, "max": 1})
            chart.set_legend({"none": True})
            sheet.insert_chart(1, 6, chart, {"x_scale": 1.5, "y_scale": 1.3})
        return sheet

    def close(self):
        self.book.close()
