{
    "name": "Open311 GeoReport v2 API",
    "summary": "Publish the service catalogue and take requests through the Open311 GeoReport v2 API",
    "version": "11.0.1.0.0",
    "category": "Government",
    "license": "LGPL-3",
    "author": "Government Services back office",
    "depends": ["one_stop_service", "gov_http"],
    "data": [
        "security/ir.model.access.csv",
        "wizards/oss_api_client_key_views.xml",
        "views/oss_api_client_views.xml",
        "views/oss_request_views.xml",
        "views/oss_open311_menus.xml",
    ],
    # server-wide (odoo.conf server_wide_modules): see hooks.py
    "post_load": "post_load",
}
