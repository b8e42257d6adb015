from . import test_line_conversation
from . import test_line_notices
from . import test_line_outbox
