from . import test_department
