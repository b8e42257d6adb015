import babel.dates

from odoo import models

from odoo.addons.gov_crm.lib.be_date import be_pattern, is_buddhist_era


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
