{
    "name": "One-stop service: requests by LINE",
    "summary": "The agency's LINE Official Account: a signed webhook, a short conversation that takes a "
               "complaint with its text, photo and place into triage, status answers and status notices",
    "version": "11.0.1.0.0",
    "category": "Government",
    "license": "LGPL-3",
    "author": "Government Services back office",
    "depends": ["oss_channel_web"],
    "external_dependencies": {"python": ["linebot"]},
    # server-wide (odoo.conf server_wide_modules): see hooks.py
    "post_load": "post_load",
    "data": [
        "security/ir.model.access.csv",
        "data/oss_channel_line_data.xml",
        "data/oss_line_cron.xml",
        "views/res_config_settings_views.xml",
        "views/oss_line_push_views.xml",
        "views/oss_line_conversation_views.xml",
    ],
}
