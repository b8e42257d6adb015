"""What identifies one person in free text, and how to take it out (for anonymisation)."""
import json
import re

from psycopg2 import sql

from ..lib.thai_id import compact_id

# one optional separator between the digits of an ID or a phone number, as people type them
SEP = "[ .-]?"


def _digits_pattern(digits):
    return "(?<![0-9])" + SEP.join(digits) + "(?![0-9])"


def _phone_pattern(digits):
    """0812345678 also as +66 81 234 5678 or 66812345678."""
    if digits.startswith("0") and len(digits) > 1:
        return "(?<![0-9])(?:0|\\+?66" + SEP + ")" + SEP.join(digits[1:]) + "(?![0-9])"
    return _digits_pattern(digits)


def _text_pattern(text):
    """A literal, letters case-insensitive (the flag is given by the caller), spaces flexible."""
    return "\\s+".join(re.escape(word) for word in text.split())


class PersonTraces:
    """The name, identifiers, phones, e-mail addresses and logins of one person as regular
    expressions that both Python and PostgreSQL understand.

    ``strong`` values identify the person wherever they appear (full name, ID, phone,
    e-mail): text anywhere in the database is scrubbed of them. ``weak`` values (the
    first or the last name alone, a one-word name, a LINE ID, a short number) would be
    found in texts about other people too: they are scrubbed only in the records about
    the person (their requests and cases).
    """

    def __init__(self, partner, users):
        self.replacement = "ANON-%d" % partner.id
        names = {partner.name, partner.display_name, partner.gov_name_en,
                 " ".join(filter(None, (partner.gov_first_name, partner.gov_last_name)))}
        names = {n.strip() for n in names if n and n.strip()}
        # a name of one short word would be found in other people's texts: only in the person's records
        strong = [_text_pattern(n) for n in names if len(n.split()) > 1 or len(n) >= 8]
        weak = [_text_pattern(n) for n in names if len(n) >= 2]
        weak += [_text_pattern(n.strip()) for n in (partner.gov_first_name, partner.gov_last_name, partner.gov_line_id)
                 if n and len(n.strip()) >= 2]
        for login in {partner.email} | set(users.mapped("login")) | set(users.mapped("email")):
            login = (login or "").strip()
            if "@" in login or len(login) >= 6:
                strong.append(_text_pattern(login))
            elif len(login) >= 2:
                weak.append(_text_pattern(login))
        digits = compact_id(partner.national_id or "")
        if len(digits) >= 10:
            strong.append(_digits_pattern(digits))
        for phone in (partner.phone, partner.mobile):
            phone_digits = re.sub(r"\D", "", phone or "")
            if len(phone_digits) >= 9:
                strong.append(_phone_pattern(phone_digits))
            elif len(phone_digits) >= 4:
                weak.append(_digits_pattern(phone_digits))
        # notifications on the bus are JSON, where Thai letters are written \uXXXX
        escaped = [re.escape(json.dumps(n)[1:-1]) for n in names if n and not n.isascii()]
        self.strong = "|".join(sorted(set(strong), key=len, reverse=True)) or None
        self.own = "|".join(sorted(set(strong + weak), key=len, reverse=True)) or None
        self.bus = "|".join(filter(None, [self.strong] + escaped)) or None

    def pattern(self, own=False):
        return self.own if own else self.strong

    def scrub_columns(self, cr, table, columns, ids=None, own=False):
        """Scrub the person from text columns of a table, of rows ``ids`` or of every row."""
        pattern = self.pattern(own)
        if not pattern or (ids is not None and not ids):
            return
        for column in columns:
            query = sql.SQL("UPDATE {t} SET {c} = regexp_replace({c}, %(p)s, %(r)s, 'gi') WHERE {c} ~* %(p)s").format(
                t=sql.Identifier(table), c=sql.Identifier(column))
            params = {"p": pattern, "r": self.replacement}
            if ids is not None:
                query = query + sql.SQL(" AND id IN %(ids)s")
                params["ids"] = tuple(ids)
            cr.execute(query, params)
