from . import oss_line_event
from . import oss_line_conversation
from . import oss_request
from . import oss_line_push
from . import res_config_settings
