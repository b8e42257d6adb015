from . import test_hearing_access
from . import test_hearing_responses
from . import test_hearing_dashboard
