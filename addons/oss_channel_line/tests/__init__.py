from . import test_line_conversation
