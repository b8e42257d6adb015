from . import (
    res_company, res_partner, res_users, gov_department, res_config_settings,
    gov_saraban_register, gov_saraban_letter, gov_saraban_letter_content, gov_saraban_letter_search,
    gov_saraban_letter_workflow, gov_saraban_letter_signing, gov_saraban_letter_exchange,
    gov_saraban_enclosure, gov_saraban_certificate, gov_saraban_demo, gov_saraban_trusted_root,
    gov_saraban_access_log,
    oss_agency_event, citizen_case, oss_request, ir_attachment, ir_actions_report,
)
