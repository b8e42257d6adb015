from . import test_outbox, test_outbox_roles
