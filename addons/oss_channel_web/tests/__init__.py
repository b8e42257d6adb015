from . import test_web_submission
