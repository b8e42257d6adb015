{
    "name": "One-time codes",
    "summary": "Confirm an e-mail address or a Thai mobile number with a one-time code sent by e-mail "
               "or SMS: hashed, short-lived, attempts and rate limits counted",
    "version": "11.0.1.1.0",
    "category": "Government",
    "license": "LGPL-3",
    "author": "Government Services back office",
    "depends": ["gov_crm"],
    "external_dependencies": {"python": ["requests"]},
    "data": [
        "security/ir.model.access.csv",
        "data/gov_otp_mail_template.xml",
        "data/gov_otp_cron.xml",
        "views/gov_sms_views.xml",
    ],
}
