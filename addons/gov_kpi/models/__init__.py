from . import oss_request
from . import gov_kpi_report_mixin
from . import gov_kpi_request_dimensions
from . import citizen_case
from . import gov_kpi_request_report
from . import gov_kpi_case_report
from . import gov_kpi_dashboard
from . import gov_kpi_request_summary
