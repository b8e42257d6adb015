from . import test_api_client, test_media, test_open311_request
