from . import oss_service
from . import oss_request
from . import oss_request_document
from . import oss_request_step
from . import oss_request_notice
from . import oss_track_attempt
from . import res_partner
from . import oss_thai_date
