{
    "name": "One-stop service: requests by the public web form",
    "summary": "A public form without a login for the services open to it: confirmed by a one-time code, "
               "with a place and photos, waiting in triage; tracking number and QR code to the status page",
    "version": "11.0.1.0.0",
    "category": "Government",
    "license": "LGPL-3",
    "author": "Government Services back office",
    "depends": ["gov_public", "gov_otp", "oss_open311"],
    "external_dependencies": {"python": ["segno"]},
    "data": [
        "security/ir.model.access.csv",
        "data/oss_channel_web_data.xml",
        "data/oss_web_submission_cron.xml",
        "data/mail_template_data.xml",
        "views/oss_service_views.xml",
        "views/oss_request_views.xml",
        "views/oss_web_form_templates.xml",
    ],
    "demo": [
        "demo/oss_service_demo.xml",
    ],
}
