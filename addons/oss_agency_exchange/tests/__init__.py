from . import test_outbox
