from . import citizen_case_transfer_wizard
from . import citizen_case_resolve_wizard
from . import citizen_case_rate_wizard
from . import citizen_case_ask_wizard
from . import oss_applicant_answer_wizard
