from . import gov_consent
from . import gov_hearing
from . import gov_hearing_question
from . import gov_hearing_response
from . import gov_hearing_theme
from . import gov_hearing_follower
from . import gov_kpi_dashboard
