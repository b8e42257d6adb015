"""Values a role would send to create a record of a model, inside the role's own scope.

None means the model has no meaningful direct creation: only the access rights are checked.
"""
import uuid


def create_values(model, role, world):
    ids = world.ids
    tag = uuid.uuid4().hex[:6]
    own_dept = ids["DEPT_B"] if role == "officer_b" else ids["DEPT_A"]
    other_dept = ids["DEPT_A"] if role == "officer_b" else ids["DEPT_B"]
    own_case = ids["C_B"] if role == "officer_b" else ids["C_A"]
    own_hearing = ids["HEARING_B"] if role == "officer_b" else ids["HEARING_A"]
    values = {
        "res.partner": {"name": "Suite new person %s" % tag},
        "gov.department": {"name": "Suite unit %s" % tag, "code": "SU%s" % tag},
        "gov.consent": {"partner_id": ids["Q"], "purpose": "satisfaction_survey", "lawful_basis": "consent"},
        "gov.privacy.log": {"event": "full_read", "partner_id": ids["Q"]},
        "oss.service": {"code": "SN%s" % tag, "name": "Suite service %s" % tag, "legal_days": 3},
        "oss.service.document": {"service_id": ids["SVC_A"], "name": "Suite document %s" % tag},
        "oss.service.step": {"service_id": ids["SVC_A"], "name": "Suite step %s" % tag,
                             "department_id": ids["DEPT_A"], "sequence": 90},
        "oss.request": {"partner_id": ids["Q"], "service_id": ids["SVC_A"]},
        "oss.request.step": {"request_id": ids["R_A"], "sequence": 90, "name": "Suite step %s" % tag,
                             "department_id": ids["DEPT_A"]},
        # a line of the checklist is created only from a document the service requires
        "oss.request.document": {"request_id": ids["R_A"], "service_document_id": ids["SDOC_A"]},
        "oss.request.notice": {"request_id": ids["R_A"], "kind": "missing_documents", "date": "2026-11-02",
                               "content": "Suite notice %s" % tag},
        "gov.rate.limit": {"scope": "suite", "client_key": "suite-%s" % tag, "window_start": "2026-11-02 00:00:00"},
        "citizen.case": {"subject": "Suite case %s" % tag, "department_id": own_dept},
        "citizen.case.transfer": {"case_id": own_case, "from_department_id": own_dept,
                                  "to_department_id": other_dept, "reason": "Suite forged transfer %s" % tag},
        "oss.api.client": {"name": "Suite client %s" % tag},
        "oss.channel": {"code": "suite%s" % tag, "name": "Suite channel %s" % tag},
        "oss.life.event": {"code": "suite_%s" % tag, "name": "Suite life event %s" % tag},
        "oss.applicant.question": {"request_id": ids["R_A"], "partner_id": ids["Q"],
                                   "question": "Suite forged question %s" % tag},
        "mail.template": {"name": "Suite template %s" % tag, "body_html": "${object.sudo().national_id}"},
        "res.users": {"name": "Suite user %s" % tag, "login": "suite-new-%s" % tag},
        "mail.mail": {"subject": "Suite %s" % tag, "email_to": "suite@example.com", "body_html": "<p>x</p>"},
        "res.authentication.attempt": {"login": "suite-forged-%s" % tag, "remote": "127.0.0.9",
                                       "result": "successful"},
        "auditlog.log": {"name": "Suite forged %s" % tag},
        "gov.saraban.letter": {"direction": "outgoing", "subject": "Suite letter %s" % tag,
                               "department_id": own_dept},
        "gov.saraban.enclosure": {"letter_id": ids["L_B"] if role == "officer_b" else ids["L_A"],
                                  "name": "Suite enclosure %s" % tag},
        "oss.service.fee.rate": {"service_id": ids["SVC_F"], "name": "Suite rate %s" % tag, "unit": "m2",
                                 "price": 1},
        "oss.fee.exemption": {"name": "Suite exemption %s" % tag, "legal_basis": "Suite law %s" % tag},
        # money received without a receipt, or a bank line nobody's file holds: refused to everyone
        "oss.payment": {"request_id": ids["R_F"], "amount": 10, "method": "cash", "payer_name": "Suite %s" % tag,
                        "cashier_id": world.user_ids["cashier"], "close_id": ids["CLOSE"],
                        "date": "2026-11-02 03:00:00", "day": "2026-11-02"},
        "gov.hearing": {"name": "Suite hearing %s" % tag, "department_id": own_dept,
                        "date_open": "2026-11-02 00:00:00", "date_close": "2026-11-30 00:00:00"},
        # the hearings of the suite were answered: their questions and choices no longer change
        "gov.hearing.question": {"hearing_id": own_hearing, "name": "Suite question %s" % tag, "kind": "text"},
        "gov.hearing.option": {"question_id": ids["QUESTION_B"] if role == "officer_b" else ids["QUESTION_A"],
                               "name": "Suite choice %s" % tag},
        "gov.hearing.theme": {"hearing_id": own_hearing, "name": "Suite theme %s" % tag},
        "oss.bank.statement.line": {"statement_id": ids["STMT"], "paid_at": "2026-11-02 03:00:00", "amount": 10,
                                    "bank_ref": "SUITE-FORGED-%s" % tag, "payer": "Suite %s" % tag},
    }
    return values.get(model)
