{
    "name": "One-stop service: requests by e-mail",
    "summary": "Requests by e-mail through Odoo's mail gateway: a general address and one per service, "
               "triage, acknowledgement and notices in the same thread, robots and dangerous files refused",
    "version": "11.0.1.0.0",
    "category": "Government",
    "license": "LGPL-3",
    "author": "Government Services back office",
    "depends": ["one_stop_service"],
    "external_dependencies": {"python": ["aiosmtpd"]},
    "data": [
        "security/oss_channel_mail_security.xml",
        "data/mail_alias_data.xml",
        "data/mail_template_data.xml",
        "views/oss_service_views.xml",
    ],
}
