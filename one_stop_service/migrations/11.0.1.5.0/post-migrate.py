"""The catalogue gives each service its period to bring missing documents (s.8).

The catalogue's data is loaded once (noupdate): services already in a database took the
default of 7 working days when the column was added; those the catalogue gives another
period get it, unless a service manager changed it since.
"""
CATALOGUE_DOCS_DAYS = {"B02": 15, "B04": 15, "B06": 15, "G04": 15}
DEFAULT_DOCS_DAYS = 7


def migrate(cr, version):
    if not version:
        return
    for code, days in sorted(CATALOGUE_DOCS_DAYS.items()):
        cr.execute("""
            UPDATE oss_service s SET docs_days = %s
              FROM ir_model_data d
             WHERE d.model = 'oss.service' AND d.res_id = s.id AND d.module = 'one_stop_service'
               AND d.name = %s AND s.docs_days = %s""", (days, "oss_service_%s" % code.lower(), DEFAULT_DOCS_DAYS))
