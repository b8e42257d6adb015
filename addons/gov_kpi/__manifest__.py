{
    "name": "Service quality KPIs",
    "summary": "On-time rate, backlog and aging, handling time, transfers, satisfaction: "
               "analysis views, manager dashboard and the monthly Excel report",
    "version": "11.0.1.0.0",
    "category": "Government",
    "license": "LGPL-3",
    "author": "Government Services back office",
    "depends": ["citizen_case"],
    "external_dependencies": {"python": ["xlsxwriter"]},
    "data": [
        "security/ir.model.access.csv",
        "security/gov_kpi_security.xml",
        "data/gov_kpi_cron.xml",
        "views/gov_kpi_request_report_views.xml",
        "views/gov_kpi_request_summary_views.xml",
        "views/gov_kpi_case_report_views.xml",
        "views/gov_kpi_dashboard_views.xml",
        "views/gov_kpi_xlsx_wizard_views.xml",
        "views/gov_kpi_menus.xml",
    ],
    "post_init_hook": "post_init_hook",
    "demo": ["demo/res_users_demo.xml"],
}
