from . import gov_otp
from . import gov_sms_gateway
from . import gov_sms
