from . import res_partner, oss_agency_event, oss_request, res_config_settings
