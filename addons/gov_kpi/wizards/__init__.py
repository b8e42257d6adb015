from . import gov_kpi_xlsx_wizard
