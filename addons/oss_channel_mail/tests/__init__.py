from . import test_mail_intake
