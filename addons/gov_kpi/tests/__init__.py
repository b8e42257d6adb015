from . import test_kpi_views
from . import test_kpi_xlsx
from . import test_kpi_dashboard
from . import test_kpi_bookkeeping
from . import test_kpi_summary
from . import test_kpi_zero_handling
from . import test_kpi_office_tz
