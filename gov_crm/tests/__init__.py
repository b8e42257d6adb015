from . import test_department
from . import test_resource_calendar
from . import test_consent
