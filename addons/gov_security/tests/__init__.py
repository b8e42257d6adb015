from . import test_auditlog
from . import test_authenticator_codes
