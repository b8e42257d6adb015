"""Journeys of the applicant with a portal login: what they are asked, what they submit online,
how they rate the service.

5. The officer asks the applicant; the notice, the status page and the portal show the
   question; the applicant answers on the portal with a file; the officer finds the answer
   and works on; a second question is answered at the counter, recorded by the front desk.
10. A citizen submits a request on the portal with the documents uploaded and downloads
   the receipt; a staff (G2E) service is refused to them; another citizen reaches nothing.
13. The applicant rates through the single-use link of the resolution e-mail (a second use
   is refused); the front desk records a rating given in person on another case.
"""
import re

import lxml.html
import requests

from ..conftest import committed_env, wait_for_jobs
from .conftest import (ask, csrf, messages_of, pdf_text, queue, queued_mails, ref_id, resolve, status_page)

C02 = "one_stop_service.oss_service_c02"


def page_tree(response):
    assert response.status_code == 200, response.status_code
    return lxml.html.fromstring(response.text)


def texts(tree, xpath):
    return [" ".join(node.text_content().split()) for node in tree.xpath(xpath)]


def test_the_applicant_answers_the_officers_questions_on_the_portal_and_at_the_counter(journey):
    citizen = journey.portal_citizen("นางสาวตอบ คำถาม")
    desk, one = journey.as_("frontdesk"), journey.as_("officer1")
    request_id = journey.register(desk, C02, citizen)
    number = desk.read_one("oss.request", request_id, ["name"])["name"]
    [case] = queue(one, request_id)
    one.button("citizen.case", "action_take", [case["id"]])

    # officer1 needs the lease of the new house: he asks the applicant from the case
    question = "สำเนาสัญญาเช่าบ้านหลังใหม่ / A copy of the lease of the new house"
    ask(one, case["id"], question)
    [waiting] = queue(one, request_id)
    assert (waiting["stage_state"], waiting["applicant_question"]) == ("waiting", question)
    assert desk.read_one("oss.request", request_id, ["state"])["state"] == "waiting_applicant"
    # the applicant is told by e-mail, and the case says so
    mail = queued_mails(citizen["partner_id"])[-1]
    assert mail["subject"] == "ขอข้อมูลเพิ่มเติมจากท่าน: %s" % number and question in mail["body"]
    notes = [m["body"] for m in messages_of(one, "citizen.case", case["id"])]
    assert any(question in body and citizen["email"] in body for body in notes)

    # the status page: waiting for the applicant, with the question and nothing personal
    page = status_page(journey.base_url, number, citizen["national_id"][-4:])
    assert page.state_en == "Waiting for applicant" and page.questions == [question]
    assert citizen["name"] not in page.html and citizen["email"] not in page.html

    # the applicant logs in to the portal: the request waits for them, with the question
    portal = journey.as_(citizen["login"], citizen["password"])
    listing = page_tree(portal.get("/my/requests"))
    assert number in " ".join(texts(listing, "//table[@id='oss_portal_requests']//tr"))
    detail = portal.get("/my/requests/%d" % request_id)
    tree = page_tree(detail)
    assert texts(tree, "//*[@id='oss_portal_questions']//*[@class='oss_question_text']") == [question]
    question_id = int(tree.xpath("//input[@name='question_id']/@value")[0])
    answered = portal.post("/my/requests/%d/answer" % request_id, data={
        "csrf_token": csrf(detail.text), "question_id": str(question_id),
        "answer": "แนบสัญญาเช่าแล้วค่ะ"}, files={"file": ("lease.pdf", b"%PDF-1.4 lease of the new house")})
    tree = page_tree(answered)
    assert answered.url.endswith("/my/requests/%d?answered=1" % request_id)
    assert tree.xpath("//*[@id='oss_portal_answered']") and not tree.xpath("//*[@id='oss_portal_questions']")
    assert "แนบสัญญาเช่าแล้วค่ะ" in " ".join(texts(tree, "//*[@id='oss_portal_answers']"))

    # officer1 finds the answer in his inbox, with the file, and the case runs again
    [working] = queue(one, request_id)
    assert (working["stage_state"], working["applicant_question"]) == ("progress", False)
    inbox = one.search_read("mail.message", [("needaction", "=", True), ("model", "=", "citizen.case"),
                                             ("res_id", "=", case["id"])], ["body", "attachment_ids"])
    assert len(inbox) == 1 and "แนบสัญญาเช่าแล้วค่ะ" in inbox[0]["body"]
    [attachment] = one.read("ir.attachment", inbox[0]["attachment_ids"], ["datas_fname"])
    assert attachment["datas_fname"] == "lease.pdf"
    answer = one.read_one("oss.applicant.question", question_id, ["state", "answer_channel"])
    assert (answer["state"], answer["answer_channel"]) == ("answered", "portal")
    assert status_page(journey.base_url, number, citizen["phone"][-4:]).state_en == "In progress"

    # a second question; this time the applicant comes to the counter with the answer
    second = "หนังสือยินยอมจากเจ้าบ้าน / The house owner's consent"
    ask(one, case["id"], second)
    assert status_page(journey.base_url, number, citizen["phone"][-4:]).questions == [second]
    action = desk.button("oss.request", "action_open_answer_wizard", [request_id])
    dialog = desk.dialog(action, answer="เจ้าบ้านมาลงนามยินยอมที่จุดบริการแล้ว")
    assert dialog["question_text"] == second
    dialog.press("action_record")
    assert desk.read_one("oss.request", request_id, ["state"])["state"] == "in_progress"
    [working] = queue(one, request_id)
    assert working["stage_state"] == "progress"
    questions = desk.search_read("oss.applicant.question", [("request_id", "=", request_id)],
                                 ["question", "answer_channel", "answered_by_id"], order="id")
    assert [(q["answer_channel"], q["answered_by_id"][0]) for q in questions] == \
        [("portal", portal.uid), ("staff", desk.uid)]
    resolve(one, case["id"])
    wait_for_jobs()  # the notice of the end, after the officer's answer
    tree = page_tree(portal.get("/my/requests/%d" % request_id))
    assert len(texts(tree, "//*[@id='oss_portal_answers']//tr")) == 2
    # the notices the applicant received are on their page too: each question once, and the end
    notices = texts(tree, "//div[contains(@class, 'well')]")
    assert [sum(asked in notice for notice in notices) for asked in (question, second)] == [1, 1]
    assert sum("ของท่านดำเนินการแล้วเสร็จ" in notice for notice in notices) == 1


def test_a_citizen_submits_online_and_downloads_the_receipt(journey):
    citizen = journey.portal_citizen("นายยื่น ออนไลน์")
    portal = journey.as_(citizen["login"], citizen["password"])
    form = portal.get("/my/requests/new")
    tree = page_tree(form)
    offered = set(tree.xpath("//select[@id='service_id']/option/@value")) - {""}
    change_of_address, staff_advice = ref_id(C02), ref_id("one_stop_service.oss_service_e02")
    assert str(change_of_address) in offered
    assert str(staff_advice) not in offered  # a staff (G2E) service is not offered to a citizen

    # posting the staff service anyway is refused, and nothing is created
    refused_page = page_tree(portal.post("/my/requests/new", data={
        "csrf_token": csrf(form.text), "service_id": str(staff_advice), "description": "ขอคำปรึกษา"}))
    assert texts(refused_page, "//div[contains(@class, 'alert-danger')]") == [
        "กรุณาเลือกบริการที่เปิดให้ท่านยื่นทางออนไลน์"]  # the citizen reads Thai
    with committed_env() as env:
        assert env["oss.request"].search_count([("partner_id", "=", citizen["partner_id"])]) == 0

    # the change of address, with its four documents uploaded
    inputs = tree.xpath("//fieldset[@data-service='%d']//input[@type='file']/@name" % change_of_address)
    assert len(inputs) == 4
    files = {name: ("%s.pdf" % name, b"%PDF-1.4 scan " + name.encode()) for name in inputs}
    submitted = portal.post("/my/requests/new", data={
        "csrf_token": csrf(form.text), "service_id": str(change_of_address),
        "description": "ย้ายเข้าบ้านเลขที่ 99/1"}, files=files)
    request_id = int(re.search(r"/my/requests/(\d+)$", submitted.url).group(1))
    tree = page_tree(submitted)
    number = tree.xpath("//h3[@class='page-header']/text()")[0].strip()
    assert number.startswith("OSS-25")
    documents = texts(tree, "//table[@id='oss_portal_documents']//tr")
    assert len(documents) == 4 and all("ได้รับแล้ว" in row and "received" not in row for row in documents)

    # the receipt, downloaded from the portal
    receipt = portal.get("/my/requests/%d/receipt" % request_id)
    assert receipt.status_code == 200 and receipt.headers["Content-Type"] == "application/pdf"
    text = pdf_text(receipt.content)
    assert number in text and "submitted online" in text

    # the request went to Civil Registration with the files the citizen uploaded
    desk, one = journey.as_("frontdesk"), journey.as_("officer1")
    request = desk.read_one("oss.request", request_id, ["state", "channel", "received_by_id", "partner_id"])
    assert (request["state"], request["channel"], request["received_by_id"]) == ("in_progress", "portal", False)
    assert request["partner_id"][0] == citizen["partner_id"]
    [case] = queue(one, request_id)
    lines = one.search_read("oss.request.document", [("request_id", "=", request_id)], ["received", "attachment_id"])
    assert all(line["received"] and line["attachment_id"] for line in lines)
    assert case["stage_state"] == "new"
    assert status_page(journey.base_url, number, citizen["national_id"][-4:]).state_en == "In progress"

    # another citizen reaches neither the request nor its receipt
    other = journey.portal_citizen("นายคนอื่น ไม่เกี่ยว")
    stranger = journey.as_(other["login"], other["password"])
    assert stranger.get("/my/requests/%d" % request_id).status_code == 404
    assert stranger.get("/my/requests/%d/receipt" % request_id).status_code == 404


def rating_link(partner_id, case_name):
    """The rating link of the resolution e-mail, as the mail queue would deliver it."""
    [mail] = [mail for mail in queued_mails(partner_id) if mail["subject"].startswith(case_name + ":")]
    assert (mail["model"], mail["res_id"]) == (False, 0)  # not in the case's chatter: the link is a credential
    return re.search(r'href="[^"]*(/case/rate/[A-Za-z0-9_\-]+)"', mail["body"]).group(1)


def test_the_applicant_rates_once_through_the_link_and_the_front_desk_records_a_rating(journey):
    citizen = journey.portal_citizen("นางประเมิน ความพึงพอใจ")
    desk, one = journey.as_("frontdesk"), journey.as_("officer1")
    # at the counter the applicant agrees to be asked about the service
    desk.create("gov.consent", {"partner_id": citizen["partner_id"], "purpose": "satisfaction_survey",
                                "lawful_basis": "consent", "channel": "counter"})
    first = journey.register(desk, C02, citizen)
    [case] = queue(one, first)
    one.button("citizen.case", "action_take", [case["id"]])
    resolve(one, case["id"], note="บันทึกการย้ายเข้าเรียบร้อย")

    # the resolution e-mail carries the link; the page shows the case reference only
    link = rating_link(citizen["partner_id"], case["name"])
    visitor = requests.Session()  # the e-mail's link opens without logging in
    form = visitor.get(journey.base_url + link, timeout=30)
    assert form.status_code == 200 and case["name"] in form.text and citizen["name"] not in form.text
    thanks = visitor.post(journey.base_url + link, timeout=30, data={
        "csrf_token": csrf(form.text), "rating": "5", "comment": "รวดเร็ว เจ้าหน้าที่สุภาพ"})
    # no login on this page: it speaks the applicant's language (Thai), never both
    assert thanks.status_code == 200 and "ขอบคุณ" in thanks.text and "Thank you" not in thanks.text
    rated = one.read_one("citizen.case", case["id"], ["rating", "rating_comment", "rating_channel"])
    assert (rated["rating"], rated["rating_comment"], rated["rating_channel"]) == (
        "5", "รวดเร็ว เจ้าหน้าที่สุภาพ", "link")
    # the link works once
    again = visitor.post(journey.base_url + link, timeout=30, data={"csrf_token": csrf(form.text), "rating": "1"})
    assert again.status_code == 404
    assert visitor.get(journey.base_url + link, timeout=30).status_code == 404
    assert one.read_one("citizen.case", case["id"], ["rating"])["rating"] == "5"

    # another request; the applicant tells the front desk in person how it went
    second = journey.register(desk, "one_stop_service.oss_service_c01", citizen)
    [other] = queue(one, second)
    one.button("citizen.case", "action_take", [other["id"]])
    resolve(one, other["id"])
    [seen] = desk.search_read("citizen.case", [("request_id", "=", second)], ["rating", "stage_state"])
    assert (seen["stage_state"], seen["rating"]) == ("resolved", False)
    action = desk.button_action("citizen_case.citizen_case_rate_wizard_action", "citizen.case", other["id"])
    dialog = desk.dialog(action, record=("citizen.case", other["id"]), rating="4", comment="รอนานเล็กน้อย")
    assert dialog["case_id"] == other["id"]
    dialog.press("action_record")
    rated = one.read_one("citizen.case", other["id"], ["rating", "rating_channel"])
    assert (rated["rating"], rated["rating_channel"]) == ("4", "desk")
    # the e-mailed link of that case no longer rates it
    link = rating_link(citizen["partner_id"], other["name"])
    assert visitor.get(journey.base_url + link, timeout=30).status_code == 404
