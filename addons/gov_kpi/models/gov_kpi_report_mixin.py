"""What the two analysis views share: view creation and the percentiles pivot cannot compute."""
from odoo import _, api, models, tools
from odoo.exceptions import UserError


class GovKpiReportMixin(models.AbstractModel):
    _name = "gov.kpi.report.mixin"
    _description = "Service quality analysis view (shared behaviour)"

    # fields whose median and 90th percentile the reports need
    _kpi_percentile_fields = ()
    _kpi_percentile_groupbys = ("department_id", "service_id", "service_group", "channel",
                                "month", "month_done")

    def _select(self):
        raise NotImplementedError

    def _from(self):
        raise NotImplementedError

    def _where(self):
        return "TRUE"

    def _group_by(self):
        return ""

    @api.model_cr
    def init(self):
        if not self._table or self._name == "gov.kpi.report.mixin":
            return
        tools.drop_view_if_exists(self.env.cr, self._table)
        group_by = self._group_by()
        # pylint: disable-next=sql-injection  # the SQL of the report models' own methods, no input
        self.env.cr.execute("CREATE OR REPLACE VIEW %s AS (SELECT %s FROM %s WHERE %s %s)" % (
            self._table, self._select(), self._from(), self._where(),
            "GROUP BY %s" % group_by if group_by else ""))

    @api.model
    def kpi_percentiles(self, domain, field, groupby=None):
        """Median and 90th percentile of ``field`` over the rows of ``domain`` the user may read.

        Returns ``{group_key: (median, p90)}``; the key is the ``groupby`` value (the id for a
        many2one) or ``None`` without ``groupby``; with a list of group-by columns it is the
        tuple of their values. Rows where ``field`` is empty are ignored (PostgreSQL
        ``percentile_cont``, linear interpolation between the closest ranks).
        """
        if field not in self._kpi_percentile_fields:
            raise UserError(_("No percentile for the field %(field)s.")
                            % {"field": field})
        groupbys = [groupby] if isinstance(groupby, str) else list(groupby or [])
        for name in groupbys:
            if name not in self._kpi_percentile_groupbys:
                raise UserError(_("Percentiles cannot be grouped by %(field)s.")
                                % {"field": name})
        self.check_access_rights("read")
        query = self._where_calc(domain)
        self._apply_ir_rules(query, "read")
        from_clause, where_clause, params = query.get_sql()
        column = '"%s"."%s"' % (self._table, field)
        keys = ['"%s"."%s"' % (self._table, name) for name in groupbys] or ["NULL"]
        # identifiers come from the whitelists above; values are parameters
        self.env.cr.execute("""
            SELECT {keys}, percentile_cont(0.5) WITHIN GROUP (ORDER BY {col}),
                   percentile_cont(0.9) WITHIN GROUP (ORDER BY {col})
              FROM {from_clause}
             WHERE {col} IS NOT NULL {where}
          GROUP BY {positions}""".format(
            keys=", ".join(keys), col=column, from_clause=from_clause,
            positions=", ".join(str(i + 1) for i in range(len(keys))),
            where=("AND %s" % where_clause) if where_clause else ""), params)
        width = len(keys)
        if isinstance(groupby, (list, tuple)):
            return {tuple(row[:width]): (row[width], row[width + 1]) for row in self.env.cr.fetchall()}
        return {row[0]: (row[1], row[2]) for row in self.env.cr.fetchall()}
