from . import res_partner, oss_agency_event, oss_request
