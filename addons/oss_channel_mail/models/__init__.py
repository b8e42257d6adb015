from . import mail_thread
from . import oss_request
from . import oss_service
