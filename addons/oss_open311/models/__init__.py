from . import oss_api_client, oss_service, oss_request, oss_request_submit, res_partner
