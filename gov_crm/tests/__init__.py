from . import test_department
from . import test_resource_calendar
from . import test_consent
from . import test_identifier
from . import test_masking
