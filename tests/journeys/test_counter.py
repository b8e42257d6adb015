"""Journeys at the counter: the front desk takes requests in, the applicant follows them.

1. A new person, registered in place from the ID typed at the counter, and the same person
   coming back and found by phone; the receipts the front desk prints.
2. An incomplete file: one s.8 notice listing every missing document, the status page says
   so, the clock starts when the documents are complete.
8. A request withdrawn at the applicant's wish: its open cases close, the status page says
   withdrawn.
"""
from ..conftest import committed_env
from .conftest import (format_pin, ids_of, intake, messages_of, new_mobile, new_pin, open_intake,
                       queued_mails, ref_id, refused, status_page, thai_date)

REQUEST_FIELDS = ["name", "state", "partner_id", "date_received", "date_complete", "expected_date",
                  "received_by_id", "channel", "missing_document_count", "notice_ids", "case_count"]


def test_a_new_person_registered_at_the_counter_comes_back_and_is_found_by_phone(journey):
    desk = journey.as_("frontdesk")
    with committed_env() as env:
        national_id, mobile = new_pin(env), new_mobile(env)
    name = "นางสาวมาใหม่ ลงทะเบียน%s" % journey.suffix
    email = "new_%s@example.co.th" % journey.suffix

    # the front desk types the ID the person shows, with dashes: not registered yet
    form = open_intake(desk)
    form.set(intake_id=format_pin(national_id))
    assert form["partner_id"] is False and not form["intake_error"]
    assert form["intake_found"] == ("เลขประจำตัวประชาชน %s: ยังไม่ได้ลงทะเบียน "
                                    "กรอกชื่อด้านล่างเพื่อลงทะเบียนบุคคลนี้" % format_pin(national_id))
    # the person is registered in place: nobody alike is registered already
    form.set(intake_name=name, intake_phone=mobile, intake_email=email)
    assert ids_of(form["intake_duplicate_ids"]) == []
    # a change of address: the four documents of the catalogue, all brought
    form.set(service_id=ref_id("one_stop_service.oss_service_c02"))
    assert len(form["document_ids"]) == 4
    form.tick_lines("document_ids", "received", {0, 1, 2, 3})
    request_id = form.save()
    action = desk.button("oss.request", "action_submit_and_print", [request_id])
    assert (action["type"], action["report_name"]) == ("ir.actions.report", "one_stop_service.oss_request_receipt")
    request = desk.read_one("oss.request", request_id, REQUEST_FIELDS)
    assert (request["state"], request["channel"], request["received_by_id"][0]) == ("in_progress", "counter", desk.uid)
    assert request["name"].startswith("OSS-25") and request["expected_date"]

    # the receipt the front desk prints: tracking number, B.E. dates of receipt and legal end
    receipt = desk.report_text(action["report_name"], request_id)
    assert request["name"] in receipt
    assert thai_date(request["date_received"]) in receipt
    assert thai_date(request["expected_date"]) in receipt
    assert name in receipt

    # registered once, with what the front desk typed
    person_id = request["partner_id"][0]
    person = desk.read_one("res.partner", person_id, ["name", "phone", "email", "gov_party_type", "lang"])
    assert (person["name"], person["phone"], person["email"], person["gov_party_type"], person["lang"]) == \
        (name, mobile, email, "citizen", "th_TH")
    with committed_env() as env:
        assert env["res.partner"].search([("national_id", "=", national_id)]).ids == [person_id]

    # the applicant is told: the "request received" e-mail waits in the mail queue, and the
    # request's chatter keeps it as a message to the person, after the note of the intake
    [mail] = queued_mails(person_id)
    assert mail["subject"] == "ได้รับคำขอแล้ว: %s" % request["name"]
    assert thai_date(request["expected_date"]) in mail["body"]
    messages = messages_of(desk, "oss.request", request_id)
    notices = [m for m in messages if m["message_type"] == "comment" and m["partner_ids"] == [person_id]]
    assert [m["subject"] for m in notices] == [mail["subject"]]
    # the note of the intake, in the front desk's language: received, and sent to the department
    [note] = [m["body"] for m in messages if m["message_type"] == "notification" and request["name"] in m["body"]]
    assert "รับคำขอ %s ทางช่องทาง" % request["name"] in note and "ไปยัง งานทะเบียนราษฎร" in note

    # the applicant checks the status page with the last 4 digits of the ID, or of the phone
    page = status_page(journey.base_url, request["name"], national_id[-4:])
    assert page.found and page.state_en == "In progress"
    assert thai_date(request["date_received"]) in page.rows["Received on"]
    assert thai_date(request["expected_date"]) in page.rows["Expected by"]
    assert name not in page.html and national_id not in page.html and mobile not in page.html
    assert status_page(journey.base_url, request["name"], mobile[-4:]).found
    wrong = status_page(journey.base_url, request["name"], "%04d" % ((int(national_id[-4:]) + 1) % 10000))
    assert wrong.not_found and not wrong.found

    # Civil Registration's officer finds the case in their queue
    officer = journey.as_("officer1")
    cases = officer.screen_records("citizen_case.citizen_case_action_my", ["request_id", "stage_state", "user_id"],
                                   [("request_id", "=", request_id)])
    assert [(c["stage_state"], c["user_id"][0]) for c in cases] == [("new", officer.uid)]

    # a week later the person comes back for an excavation permit (B06); the front desk types the phone
    form = open_intake(desk)
    form.set(intake_id="%s %s %s" % (mobile[:3], mobile[3:6], mobile[6:]))
    assert form["partner_id"] == person_id
    assert form["intake_found"] == "เบอร์โทรศัพท์มือถือ %s-%s-%s: พบ %s" % (mobile[:3], mobile[3:6], mobile[6:], name)
    form.set(service_id=ref_id("one_stop_service.oss_service_b06"))
    form.tick_lines("document_ids", "received", set(range(len(form["document_ids"]))))
    second_id = form.save()
    desk.button("oss.request", "action_submit", [second_id])
    second = desk.read_one("oss.request", second_id, REQUEST_FIELDS)
    assert (second["state"], second["partner_id"][0]) == ("in_progress", person_id)
    assert second["name"] in desk.report_text("one_stop_service.oss_request_receipt", second_id)
    # no second registration; the one search box finds both requests by the phone
    with committed_env() as env:
        assert env["res.partner"].search_count([("gov_phone_digits", "ilike", mobile)]) == 1
    found = desk.search_read("oss.request", [("lookup", "ilike", mobile)], ["name"])
    assert sorted(r["name"] for r in found) == sorted([request["name"], second["name"]])


def test_an_incomplete_file_gets_one_notice_and_the_clock_starts_when_it_is_complete(journey):
    desk = journey.as_("frontdesk")
    with committed_env() as env:
        national_id, mobile = new_pin(env), new_mobile(env)
    name = "นายเอกสาร ไม่ครบ%s" % journey.suffix
    # a death registration: four mandatory documents, one brought
    form = intake(desk, "one_stop_service.oss_service_c03", key=national_id,
                  person={"name": name, "phone": mobile, "email": "docs_%s@example.co.th" % journey.suffix},
                  received=[0])
    request_id = form.record_id
    lines = desk.search_read("oss.request.document", [("request_id", "=", request_id)],
                             ["name", "mandatory", "received"], order="id")
    missing = [line["name"] for line in lines if not line["received"]]
    assert len(missing) == 3 and all(line["mandatory"] for line in lines)
    # the clerk cannot untick "mandatory": what the service requires is the catalogue's
    error = refused(desk.write, "oss.request.document", [lines[1]["id"]], {"mandatory": False})
    assert error.name == "odoo.exceptions.AccessError"
    action = desk.button("oss.request", "action_submit_and_print", [request_id])
    request = desk.read_one("oss.request", request_id, REQUEST_FIELDS)
    assert (request["state"], request["missing_document_count"]) == ("waiting_docs", 3)
    assert request["date_complete"] is False and request["expected_date"] is False
    assert request["case_count"] == 0  # nothing is routed before the file is complete

    # the receipt lists what is still to bring (s.8)
    receipt = desk.report_text(action["report_name"], request_id)
    assert request["name"] in receipt and "มาตรา 8" in receipt
    for document in missing:
        assert document in receipt

    # ONE notice listing every missing document: recorded, queued, and in the chatter
    [notice] = desk.read("oss.request.notice", request["notice_ids"], ["kind", "content", "sent", "date"])
    assert (notice["kind"], notice["sent"]) == ("missing_documents", True)
    assert notice["content"].split("\n") == missing
    person_id = request["partner_id"][0]
    [mail] = queued_mails(person_id)
    assert mail["subject"] == "เอกสารไม่ครบ: %s" % request["name"]
    for document in missing:
        assert document in mail["body"]

    # the status page says what is missing
    page = status_page(journey.base_url, request["name"], national_id[-4:])
    assert page.state_en == "Waiting for documents"
    assert page.rows["Expected by"].startswith("เมื่อได้รับเอกสารครบ")
    # one note lists every missing document (another gives the date to bring them by)
    assert len([note for note in page.notes if all(document in note for document in missing)]) == 1

    # Documents complete is refused while something is missing
    error = refused(desk.button, "oss.request", "action_documents_complete", [request_id])
    assert error.name == "odoo.exceptions.UserError" and missing[0] in error.message

    # days later the applicant brings the rest: the clerk ticks them on the request and
    # completes the file
    form = desk.form("oss.request", record_id=request_id)
    form.set(document_ids=[[1, line["id"], {"received": True}] if not line["received"] else [4, line["id"], False]
                           for line in lines])
    form.press("action_documents_complete")
    request = desk.read_one("oss.request", request_id, REQUEST_FIELDS)
    assert (request["state"], request["missing_document_count"]) == ("in_progress", 0)
    assert request["date_complete"] > request["date_received"]  # the clock starts now, not at receipt
    assert request["expected_date"] > request["date_complete"]
    assert request["case_count"] == 1
    assert len(request["notice_ids"]) == 1  # still the one s.8 notice
    subjects = [mail["subject"] for mail in queued_mails(person_id)]
    assert subjects == ["เอกสารไม่ครบ: %s" % request["name"], "ได้รับคำขอแล้ว: %s" % request["name"]]
    page = status_page(journey.base_url, request["name"], mobile[-4:])
    assert page.state_en == "In progress" and page.notes == []
    assert thai_date(request["expected_date"]) in page.rows["Expected by"]


def test_a_request_withdrawn_at_the_applicants_wish(journey):
    desk = journey.as_("frontdesk")
    with committed_env() as env:
        national_id = new_pin(env)
    form = intake(desk, "one_stop_service.oss_service_c02", key=national_id,
                  person={"name": "นายถอน คำขอ%s" % journey.suffix,
                          "email": "withdraw_%s@example.co.th" % journey.suffix})
    request_id = form.record_id
    desk.button("oss.request", "action_submit", [request_id])
    officer = journey.as_("officer1")
    [case] = officer.screen_records("citizen_case.citizen_case_action_my", ["stage_state"],
                                    [("request_id", "=", request_id)])
    officer.button("citizen.case", "action_take", [case["id"]])

    # the applicant phones: they moved abroad after all; the front desk withdraws the request
    desk.button("oss.request", "action_withdraw", [request_id])
    request = desk.read_one("oss.request", request_id, ["name", "state", "step_ids"])
    assert request["state"] == "withdrawn"
    steps = desk.read("oss.request.step", request["step_ids"], ["state"])
    assert [s["state"] for s in steps] == ["cancelled"]
    # the officer's case is closed with the request, and leaves the queue
    closed = officer.read_one("citizen.case", case["id"], ["stage_state", "resolution_code"])
    assert (closed["stage_state"], closed["resolution_code"]) == ("closed", "cancelled")
    assert officer.screen_records("citizen_case.citizen_case_action_my", ["id"],
                                  [("request_id", "=", request_id)]) == []
    # the status page says withdrawn; withdrawing twice is refused
    page = status_page(journey.base_url, request["name"], national_id[-4:])
    assert page.state_en == "Withdrawn"
    error = refused(desk.button, "oss.request", "action_withdraw", [request_id])
    assert error.name == "odoo.exceptions.UserError"
