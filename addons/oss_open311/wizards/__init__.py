from . import oss_api_client_key
