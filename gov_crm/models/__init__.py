from . import gov_department
from . import gov_consent
from . import gov_privacy_log
from . import resource_calendar
from . import res_partner
from . import res_partner_consent
