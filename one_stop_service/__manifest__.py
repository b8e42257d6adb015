{
    "name": "One-Stop Service",
    "summary": "Service catalogue, front-desk intake, receipt, routing to departments, public status",
    "version": "11.0.1.0.0",
    "category": "Government",
    "license": "LGPL-3",
    "author": "Government Services back office",
    "depends": ["gov_crm", "portal"],
    "data": [
        "security/ir.model.access.csv",
        "views/one_stop_service_menus.xml",
    ],
    "demo": [],
    "installable": True,
}
