from . import gov_department
from . import res_partner
