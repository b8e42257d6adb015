from . import oss_request_ask_wizard
from . import oss_applicant_answer_wizard
from . import oss_opdc_report_wizard
from . import oss_settings
from . import oss_request_triage_wizard
