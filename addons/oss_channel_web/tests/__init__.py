from . import test_web_submission
from . import test_notices_by_sms
