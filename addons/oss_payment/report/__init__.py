from . import oss_cashier_close_xlsx
