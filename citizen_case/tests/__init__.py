from . import test_case_sla
