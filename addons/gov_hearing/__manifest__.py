{
    "name": "Public hearings",
    "summary": "Ask the public before a law or a project: documents, questions, one response per "
               "confirmed person, live counts, themes with the agency's response, the published summary",
    "version": "11.0.1.0.0",
    "category": "Government",
    "license": "LGPL-3",
    "author": "Government Services back office",
    "depends": ["gov_crm", "gov_otp", "gov_public"],
    "data": [
        "security/gov_hearing_security.xml",
        "security/ir.model.access.csv",
        "data/gov_hearing_cron.xml",
        "data/gov_hearing_mail_template.xml",
        "report/gov_hearing_summary_report.xml",
        "views/gov_hearing_views.xml",
        "views/gov_hearing_response_views.xml",
        "views/gov_hearing_theme_views.xml",
        "views/gov_kpi_dashboard_views.xml",
        "views/gov_hearing_templates.xml",
        "views/gov_hearing_menus.xml",
    ],
}
