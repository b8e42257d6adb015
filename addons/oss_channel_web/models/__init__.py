from . import oss_service
from . import oss_request
from . import oss_web_submission
from . import oss_request_sms
