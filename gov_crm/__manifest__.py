{
    "name": "Government CRM",
    "summary": "Registry of citizens, businesses, agencies and staff; departments; PDPA consents",
    "version": "11.0.1.0.0",
    "category": "Government",
    "license": "LGPL-3",
    "author": "Government Services back office",
    "depends": ["base", "mail", "resource"],
    "data": [
        "security/gov_crm_security.xml",
        "security/ir.model.access.csv",
        "data/resource_calendar_data.xml",
        "data/gov_department_data.xml",
        "views/gov_crm_menus.xml",
        "views/gov_department_views.xml",
        "views/res_partner_views.xml",
    ],
    "demo": [
        "demo/res_users_demo.xml",
        "demo/res_partner_demo.xml",
    ],
    "installable": True,
    "application": True,
}
