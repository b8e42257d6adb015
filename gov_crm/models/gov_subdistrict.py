"""Thai subdistricts and the loader of the whole country's areas.

The 8,441 areas are loaded from compact CSV files (data/geography/*.csv, made by
data/geography/convert_geothai.py) with COPY and one upsert per table, in well
under a second. XML data files would create an ir.model.data row per area and
take about a minute to install; the areas have no need of xmlids (they are
identified by their official DOPA code, which is unique and stable).
"""
import csv
import io

from odoo import api, fields, models
from odoo.modules.module import get_module_resource
from odoo.osv import expression

# (model table, CSV file, columns; parent: (column, parent table, CSV column))
GEOGRAPHY = [
    ("gov_province", "gov_province.csv", ("code", "name", "name_en"), None),
    ("gov_district", "gov_district.csv", ("code", "name", "name_en"),
     ("province_id", "gov_province", "province_code")),
    ("gov_subdistrict", "gov_subdistrict.csv", ("code", "name", "name_en", "postcodes"),
     ("district_id", "gov_district", "district_code")),
]


class GovSubdistrict(models.Model):
    """A Thai subdistrict (ตำบล / แขวง) with its postcodes. Loaded from data/geography."""

    _name = "gov.subdistrict"
    _description = "Subdistrict"
    _order = "name"

    code = fields.Char(required=True, index=True, readonly=True)
    name = fields.Char(string="Name (Thai)", required=True, index=True, readonly=True)
    name_en = fields.Char(string="Name (English)", index=True, readonly=True)
    postcodes = fields.Char(
        readonly=True, index=True,
        help="Postcodes of the subdistrict, separated by spaces (a few have several).")
    district_id = fields.Many2one(
        "gov.district", required=True, index=True, ondelete="restrict", readonly=True)
    province_id = fields.Many2one(
        "gov.province", string="Province", related="district_id.province_id", store=True, index=True,
        readonly=True)

    _sql_constraints = [("code_uniq", "unique(code)", "The subdistrict code must be unique.")]

    @api.model_cr
    def init(self):
        """Upsert every area from the CSV files on each install and update (idempotent)."""
        cr = self.env.cr
        for table, file_name, columns, parent in GEOGRAPHY:
            path = get_module_resource("gov_crm", "data", "geography", file_name)
            with open(path, encoding="utf-8") as handle:
                rows = list(csv.DictReader(handle))
            csv_columns = columns + ((parent[2],) if parent else ())
            buffer = io.StringIO()
            csv.writer(buffer, delimiter="\t", lineterminator="\n").writerows(
                [row[c] for c in csv_columns] for row in rows)
            buffer.seek(0)
            # identifiers below come from the GEOGRAPHY constant, never from input
            # pylint: disable-next=sql-injection  # column names from the GEOGRAPHY constant
            cr.execute("CREATE TEMP TABLE gov_geo_load (%s) ON COMMIT DROP"
                       % ", ".join("%s varchar" % c for c in csv_columns))
            cr.copy_from(buffer, "gov_geo_load", columns=csv_columns)
            target = list(columns) + ([parent[0]] if parent else [])
            select = ["l.%s" % c for c in columns] + (["p.id"] if parent else [])
            join = ("JOIN %s p ON p.code = l.%s" % (parent[1], parent[2])) if parent else ""
            updates = ", ".join("%s = EXCLUDED.%s" % (c, c) for c in target)
            # pylint: disable-next=sql-injection  # table and column names from the GEOGRAPHY constant
            cr.execute("""
                INSERT INTO {table} ({target}, create_uid, write_uid, create_date, write_date)
                SELECT {select}, 1, 1, now() at time zone 'UTC', now() at time zone 'UTC'
                  FROM gov_geo_load l {join}
                ON CONFLICT (code) DO UPDATE SET {updates}
                 WHERE ({target_cols}) IS DISTINCT FROM ({excluded})
            """.format(table=table, target=", ".join(target), select=", ".join(select), join=join,
                       updates=updates, target_cols=", ".join("%s.%s" % (table, c) for c in target),
                       excluded=", ".join("EXCLUDED.%s" % c for c in target)))
            cr.execute("DROP TABLE gov_geo_load")
        cr.execute("""UPDATE gov_subdistrict s SET province_id = d.province_id
                        FROM gov_district d
                       WHERE d.id = s.district_id AND s.province_id IS DISTINCT FROM d.province_id""")

    @api.multi
    def name_get(self):
        return [(sub.id, "%s, %s, %s %s" % (sub.name, sub.district_id.name, sub.province_id.name,
                                            sub.postcodes or "")) for sub in self]

    @api.model
    def name_search(self, name="", args=None, operator="ilike", limit=100):
        """Find a subdistrict by its Thai or English name or by postcode."""
        if name and operator == "ilike":
            args = expression.AND([args or [], ["|", "|", ("name", "ilike", name),
                                                ("name_en", "ilike", name), ("postcodes", "ilike", name)]])
            return self.search(args, limit=limit).name_get()
        return super().name_search(name, args=args, operator=operator, limit=limit)
