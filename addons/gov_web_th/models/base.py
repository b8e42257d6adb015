import babel.dates

from odoo import models

BE_OFFSET = 543


def is_buddhist_era(lang):
    """Thai users count years in the Buddhist era."""
    return bool(lang) and lang.startswith("th")


def be_pattern(pattern, value):
    """The babel pattern ``pattern`` with its year fields replaced by the Buddhist-era year of
    ``value`` as quoted text (``yyyy`` the calendar year, ``YYYY`` the ISO week-year)."""
    out, quoted, i = [], False, 0
    while i < len(pattern):
        char = pattern[i]
        if char == "'":
            quoted = not quoted
            out.append(char)
            i += 1
            continue
        if not quoted and char in "yY":
            j = i
            while j < len(pattern) and pattern[j] == char:
                j += 1
            year = value.year if char == "y" else value.isocalendar()[0]
            text = str(year + BE_OFFSET)
            out.append("'%s'" % (text[-2:] if j - i == 2 else text))
            i = j
            continue
        out.append(char)
        i += 1
    return "".join(out)


class Base(models.AbstractModel):
    _inherit = "base"

    def _read_group_format_result(self, data, annotated_groupbys, groupby, domain):
        """Label the date groups of a Thai user's list, kanban, pivot and graph views with the
        Buddhist-era year ("พฤศจิกายน 2569"); the range and the domain stay as stored (C.E.)."""
        lang = self._context.get("lang")
        values = {gb["groupby"]: data[gb["groupby"]] for gb in annotated_groupbys
                  if gb["type"] in ("date", "datetime") and data.get(gb["groupby"])}
        result = super()._read_group_format_result(data, annotated_groupbys, groupby, domain)
        if not is_buddhist_era(lang):
            return result
        for gb in annotated_groupbys:
            value = values.get(gb["groupby"])
            if value is None:
                continue
            pattern = be_pattern(gb["display_format"], value)
            if gb["type"] == "datetime":
                label = babel.dates.format_datetime(value, format=pattern, tzinfo=value.tzinfo, locale=lang)
            else:
                label = babel.dates.format_date(value, format=pattern, locale=lang)
            result[gb["groupby"]] = (result[gb["groupby"]][0], label)
        return result
