from . import test_otp
from . import test_sms_outbox
