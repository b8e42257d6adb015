from . import test_routing
from . import test_legal_clock
from . import test_notices
from . import test_access
from . import test_tracking_number
from . import test_intake
from . import test_request_search
