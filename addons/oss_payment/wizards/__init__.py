from . import oss_payment_wizard
from . import oss_fee_assess_wizard
from . import oss_bank_statement_import
from . import oss_payment_export
