from . import test_case_sla
from . import test_case_transfer
from . import test_case_escalation
from . import test_case_access
from . import test_case_rating
from . import test_case_routing
from . import test_case_labels
