"""Reading a bank's bill-payment statement in CSV.

The columns, named on the first line (any order, case and spaces ignored; more columns are
ignored), follow a Thai bank's bill-payment statement::

    date,time,amount,ref1,ref2,payer,bank_ref
    25/11/2569,10:31:05,"1,250.00",OSS2569000123,PR2569000045,นายสมชาย ใจดี,KTB202611250001

* ``date``: DD/MM/YYYY, with a Buddhist-era year (2569) or a Common-era one (2026), or YYYY-MM-DD;
* ``time``: HH:MM or HH:MM:SS, Bangkok time;
* ``amount``: baht, with or without thousands separators;
* ``ref1``, ``ref2``: the references the payer's bank carried (reference 2 may be empty);
* ``payer``: the payer's name as the bank gives it;
* ``bank_ref``: the bank's unique reference of the transaction.

Files in UTF-8 (with or without a byte-order mark) or in Thai Windows encoding (cp874, which
banks' spreadsheet exports often use) are read.
"""
import csv
import datetime
import io
import re

from odoo.addons.gov_crm.lib.be_date import BE_OFFSET

COLUMNS = ("date", "time", "amount", "ref1", "ref2", "payer", "bank_ref")
MAX_LINES = 20000


class StatementError(ValueError):
    """A file that is not a statement in the expected form: ``kind`` says what is wrong (encoding,
    empty, columns, too_many, date, time, amount, cells, bank_ref), ``value`` the text at fault and
    ``line`` (1-based, the header being line 1) where. The import says it in the user's language."""

    def __init__(self, kind, value="", line=None):
        super().__init__("%s %r at line %s" % (kind, value, line))
        self.kind, self.value, self.line = kind, value, line


def decode(content):
    for encoding in ("utf-8-sig", "cp874"):
        try:
            return content.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise StatementError("encoding")


def parse_date(text):
    text = text.strip()
    match = re.match(r"^(\d{1,2})/(\d{1,2})/(\d{4})$", text)
    if match:
        day, month, year = (int(part) for part in match.groups())
    else:
        match = re.match(r"^(\d{4})-(\d{2})-(\d{2})$", text)
        if not match:
            raise StatementError("date", text)
        year, month, day = (int(part) for part in match.groups())
    if year > 2400:
        year -= BE_OFFSET
    try:
        return datetime.date(year, month, day)
    except ValueError:
        raise StatementError("date", text)


def parse_time(text):
    match = re.match(r"^(\d{1,2}):(\d{2})(?::(\d{2}))?$", text.strip())
    if not match:
        raise StatementError("time", text)
    hour, minute, second = (int(part or 0) for part in match.groups())
    try:
        return datetime.time(hour, minute, second)
    except ValueError:
        raise StatementError("time", text)


def parse_amount(text):
    value = text.strip().replace(",", "")
    if not re.match(r"^\d+(\.\d{1,2})?$", value) or float(value) <= 0:
        raise StatementError("amount", text)
    return float(value)


def parse(content, tz):
    """The lines of a statement (its dates and times in the office time zone ``tz``): dicts with
    paid_at (naive UTC datetime), amount, ref1, ref2, payer and bank_ref. Raises StatementError
    for anything malformed (nothing is half-read)."""
    reader = csv.reader(io.StringIO(decode(content)))
    header = next(reader, None)
    if not header:
        raise StatementError("empty")
    names = [re.sub(r"[\s_]", "", name).lower() for name in header]
    missing = [column for column in COLUMNS if column.replace("_", "") not in names]
    if missing:
        raise StatementError("columns", ", ".join(missing), 1)
    index = {column: names.index(column.replace("_", "")) for column in COLUMNS}
    lines = []
    for number, row in enumerate(reader, 2):
        if not any(cell.strip() for cell in row):
            continue
        if number > MAX_LINES:
            raise StatementError("too_many", str(MAX_LINES), number)
        if len(row) <= max(index.values()):
            raise StatementError("cells", ",".join(row), number)
        cells = {column: row[position].strip() for column, position in index.items()}
        try:
            moment = datetime.datetime.combine(parse_date(cells["date"]), parse_time(cells["time"]))
            amount = parse_amount(cells["amount"])
        except StatementError as error:
            error.line = number
            raise
        if not cells["bank_ref"]:
            raise StatementError("bank_ref", "", number)
        paid_at = tz.localize(moment).astimezone(datetime.timezone.utc).replace(tzinfo=None)
        lines.append({"paid_at": paid_at, "amount": amount, "ref1": cells["ref1"], "ref2": cells["ref2"],
                      "payer": cells["payer"], "bank_ref": cells["bank_ref"]})
    return lines
