from . import test_register, test_signing, test_access, test_exchange, test_search, test_timestamp
