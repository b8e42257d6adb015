from . import gov_partner_merge
