{
    "name": "Citizen Cases",
    "summary": "Department case work: queues, SLA clocks, transfers, escalation, satisfaction, KPIs",
    "version": "11.0.1.0.0",
    "category": "Government",
    "license": "LGPL-3",
    "author": "Government Services back office",
    "depends": ["one_stop_service"],
    "data": [
        "security/ir.model.access.csv",
        "views/citizen_case_menus.xml",
    ],
    "demo": [],
    "installable": True,
}
