"""The workbook of the monthly list of delay notices copied to OPDC, written with xlsxwriter.

Pure Python: it receives plain rows from the wizard and the headers in the user's language.
"""
import xlsxwriter

# Excel number format of a date in the Thai Buddhist calendar (calendar type 07): 25/11/2569
BE_DATE_FORMAT = "[$-1070000]d/mm/yyyy"
CE_DATE_FORMAT = "yyyy-mm-dd"

# (key, Thai header, English header, format, width)
SUMMARY_COLUMNS = [
    ("code", "รหัสบริการ", "Service code", "text", 12),
    ("service", "บริการ", "Service", "text", 40),
    ("notices", "หนังสือแจ้งความล่าช้า", "Delay notices", "int", 14),
    ("queued", "ส่งสำเนา ก.พ.ร. แล้ว", "Copies sent to OPDC", "int", 14),
    ("not_sent", "ไม่ได้ส่งสำเนา", "Copies not sent", "int", 14),
]
LIST_COLUMNS = [
    ("date", "วันที่แจ้ง", "Notice date", "date", 12),
    ("number", "เลขติดตามคำขอ", "Tracking number", "text", 18),
    ("code", "รหัสบริการ", "Service code", "text", 12),
    ("service", "บริการ", "Service", "text", 36),
    ("received", "วันที่รับคำขอ", "Received on", "date", 12),
    ("expected", "กำหนดแล้วเสร็จ", "Legal due date", "date", 12),
    ("days_late", "เกินกำหนด (วัน)", "Days past due", "int", 10),
    ("rank", "แจ้งครั้งที่", "Notice no.", "int", 9),
    ("reason", "เหตุแห่งความล่าช้า", "Reason of the delay", "text", 50),
    ("applicant_told", "แจ้งผู้ยื่นคำขอแล้ว", "Applicant told", "text", 12),
    ("copy", "สำเนาถึง ก.พ.ร.", "Copy to OPDC", "text", 14),
    ("recipient", "ส่งถึง", "Sent to", "text", 28),
]
TITLES = {
    "th": ("หนังสือแจ้งเหตุแห่งความล่าช้าและสำเนาถึง ก.พ.ร. (มาตรา 10)", "สรุปตามบริการ", "รายการหนังสือแจ้ง", "รวม"),
    "en": ("Delay notices and their copies to OPDC (s.10)", "By service", "Notices", "Total"),
}


class OpdcNoticeWorkbook:
    """Write the monthly list to ``path``: ``save(summary_rows, list_rows)`` writes and closes it."""

    def __init__(self, path, lang, period_text):
        self.lang = "th" if lang == "th_TH" else "en"
        self.period_text = period_text
        self.book = xlsxwriter.Workbook(path, {"remove_timezone": True})
        add = self.book.add_format
        base = {"font_name": "Tahoma", "font_size": 10}
        self.fmt = {
            "title": add(dict(base, bold=True, font_size=14)),
            "subtitle": add(dict(base, italic=True)),
            "header": add(dict(base, bold=True, bg_color="#D9E1F2", border=1, text_wrap=True,
                               valign="vcenter", align="center")),
            "text": add(dict(base, text_wrap=True, valign="top")),
            "bold": add(dict(base, bold=True)),
            "int": add(dict(base, num_format="#,##0", valign="top")),
            "int_bold": add(dict(base, num_format="#,##0", bold=True)),
            "date": add(dict(base, valign="top",
                             num_format=BE_DATE_FORMAT if self.lang == "th" else CE_DATE_FORMAT)),
        }

    def _header(self, column):
        return column[1] if self.lang == "th" else column[2]

    def _cell(self, sheet, row, col, value, fmt_name):
        if value is None or value is False or value == "":
            sheet.write_blank(row, col, None, self.fmt[fmt_name])
        elif fmt_name == "date":
            sheet.write_datetime(row, col, value, self.fmt[fmt_name])
        elif fmt_name.startswith("int"):
            sheet.write_number(row, col, value, self.fmt[fmt_name])
        else:
            sheet.write_string(row, col, value, self.fmt[fmt_name])

    def _table(self, sheet, columns, rows, first_row):
        sheet.set_row(first_row, 30)
        for col, column in enumerate(columns):
            sheet.set_column(col, col, column[4])
            sheet.write(first_row, col, self._header(column), self.fmt["header"])
        row = first_row
        for values in rows:
            row += 1
            for col, column in enumerate(columns):
                self._cell(sheet, row, col, values.get(column[0]), column[3])
        sheet.freeze_panes(first_row + 1, 0)
        sheet.autofilter(first_row, 0, max(row, first_row + 1), len(columns) - 1)
        return row

    def save(self, summary_rows, list_rows):
        title, summary_name, list_name, total_label = TITLES[self.lang]
        try:
            sheet = self.book.add_worksheet(summary_name)
            sheet.write(0, 0, title, self.fmt["title"])
            sheet.write(1, 0, self.period_text, self.fmt["subtitle"])
            row = self._table(sheet, SUMMARY_COLUMNS, summary_rows, 3)
            sheet.write(row + 1, 1, total_label, self.fmt["bold"])
            for col, key in ((2, "notices"), (3, "queued"), (4, "not_sent")):
                sheet.write_number(row + 1, col, sum(values[key] for values in summary_rows), self.fmt["int_bold"])
            sheet = self.book.add_worksheet(list_name)
            self._table(sheet, LIST_COLUMNS, list_rows, 0)
        finally:
            self.book.close()
