from . import test_otp
