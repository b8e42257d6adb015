from . import test_api_client, test_open311_request
