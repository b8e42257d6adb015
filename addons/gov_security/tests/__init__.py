from . import test_auditlog
