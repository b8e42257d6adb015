{
    "name": "Staff account security",
    "summary": "Two-factor login required for personal-data roles, password policy, "
               "login throttling and an audit log of persons, consents, requests and cases",
    "version": "11.0.1.0.0",
    "category": "Government",
    "license": "LGPL-3",
    "author": "Government Services back office",
    "depends": [
        "gov_crm",
        "one_stop_service",
        "citizen_case",
        "auth_totp",
        "password_security",
        "auth_brute_force",
        "auditlog",
    ],
    "external_dependencies": {"python": ["pyotp"]},
    "data": [
        "security/gov_security_security.xml",
        "data/gov_security_data.xml",
        "data/auditlog_rule_data.xml",
        "views/res_groups_views.xml",
        "views/gov_security_templates.xml",
    ],
    "demo": ["demo/res_users_demo.xml"],
}
