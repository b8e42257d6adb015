"""gov_kpi's fixed dataset (departments A and B, November 2026), plus a fifth rating in A so
that its satisfaction is published (5 ratings) while B's single rating is withheld."""
from odoo.addons.gov_kpi.tests.common import KpiCase, utc


class PublicCase(KpiCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.c7 = cls.resolved(cls.dep_a, 7.0, 1.0, "5", "on_track")
        cls.env["gov.kpi.request.summary"].kpi_refresh()

    @classmethod
    def rows_by_key(cls, scope):
        key = "department_code" if scope == "department" else "service_code"
        return {(row[key], row["month"]): row
                for row in cls.env["gov.public.dataset"]._gp_performance_rows(scope)}


__all__ = ["PublicCase", "utc"]
