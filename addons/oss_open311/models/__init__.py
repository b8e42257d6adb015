from . import oss_api_client, oss_service, oss_request, res_partner
