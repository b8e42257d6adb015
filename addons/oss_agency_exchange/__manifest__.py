{
    "name": "Agency Exchange (G2G webhooks)",
    "summary": "Tell other agencies of every change of their requests through signed webhooks; "
               "take their requests through the Open311 API",
    "version": "11.0.1.1.0",
    "category": "Government",
    "license": "LGPL-3",
    "author": "Government Services back office",
    "depends": ["oss_open311", "base_setup"],
    "data": [
        "security/ir.model.access.csv",
        "data/ir_cron_data.xml",
        "views/oss_agency_event_views.xml",
        "views/res_partner_views.xml",
        "views/oss_request_views.xml",
        "views/res_config_settings_views.xml",
        "views/oss_agency_exchange_menus.xml",
    ],
}
