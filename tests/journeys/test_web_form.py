"""Journeys of a request by the public web form.

10. A person with no account reports a nuisance with the public form, in Thai: an e-mail
    address, a place and a photo. The code that arrives in their mailbox confirms it; the page
    gives the tracking number and the QR code of a signed status link, the e-mail the same
    link. They gave no ID or phone, yet the link opens their request's status. The front desk
    finds the request in the triage queue, confirms the person (the ID they gave when called
    back) and the service, and submits; the legal period starts then. An officer of Public
    Health takes the case from the department's Unassigned queue and resolves the first step;
    the person's link shows the progress. An officer of another department sees nothing of it.
"""
import base64
import re
from html import unescape

import requests

from ..conftest import committed_env
from ..hearing_data import mail_server
from ..test_web_form_http import confirm, qr_codes, send_form
from .conftest import UNASSIGNED_MENU, StatusPage, new_pin, queue, ref_id, refused, resolve

HEALTH = "gov_crm.department_health"


def test_a_form_confirmed_by_its_code_is_triaged_and_followed_with_the_signed_link(journey):
    address = "webform_%s@example.org" % journey.suffix
    with mail_server() as mailbox:
        # the person fills in the form and confirms the code from their mailbox
        visitor = requests.Session()
        sent = send_form(journey.base_url, visitor, address, lang="th")
        assert sent.status_code == 200 and 'id="ow_code_form"' in sent.text
        done = confirm(journey.base_url, visitor, sent, mailbox.last_code(address), lang="th")
        assert done.status_code == 200 and "เลขติดตามคำขอ" in done.text
        number = re.search(r'id="ow_tracking_number" class="ow-number">([^<]+)<', done.text).group(1)
        link = unescape(re.search(r'id="ow_track_link" href="([^"]+)"', done.text).group(1))
        qr = re.search(r'<img id="ow_qr"[^>]* src="data:image/png;base64,([^"]+)"', done.text).group(1)
        assert qr_codes(base64.b64decode(qr)) == [link]
        # the acknowledgement, in Thai, carries the same link
        [_code, ack] = mailbox.wait_for(address, count=2)
        assert ack["message"]["Subject"] == "ได้รับคำขอทางแบบฟอร์มออนไลน์แล้ว: %s" % number
        html = ack["message"].get_body(preferencelist=("html",)).get_content()
        assert "หน่วยงานได้รับคำขอที่ท่านส่งทางแบบฟอร์มออนไลน์แล้ว" in html and link.replace("&", "&amp;") in html

    def follow():
        """The person opens the link of the e-mail (no digits to type)."""
        return StatusPage(requests.get(journey.base_url + link[link.index("/oss/track"):], timeout=30))

    status = follow()
    assert status.found and status.state_en == "Triage"
    assert not re.search(re.escape(address), status.html)

    # the front desk's triage queue: the form, with the place the person gave
    desk = journey.as_("frontdesk")
    action = desk.menu_action("one_stop_service.oss_request_menu_triage")
    [item] = desk.screen_records(action, ["channel", "partner_id", "triage_registered", "description", "web_address"],
                                 [("name", "=", number)])
    assert (item["channel"], item["triage_registered"], item["web_address"]) == ("web", True, "ซอยตลาดเช้า 3")
    request_id = item["id"]
    # an officer of another department sees nothing of it
    other = journey.as_("officer1")
    assert other.search_read("oss.request", [("id", "=", request_id)], ["name"]) == []
    assert "AccessError" in refused(other.button, "oss.request", "action_open_triage_wizard", [request_id]).name

    # called back, the person gives their ID; the clerk confirms them and the service, and submits
    with committed_env() as env:
        national_id = new_pin(env)
    wizard = desk.button("oss.request", "action_open_triage_wizard", [request_id])
    dialog = desk.dialog(wizard, record=("oss.request", request_id), identifier=national_id,
                         service_id=ref_id("one_stop_service.oss_service_c04"))
    assert dialog["partner_id"] == item["partner_id"][0]
    dialog.press("action_confirm")
    desk.button("oss.request", "action_receive_all_documents", [request_id])
    desk.button("oss.request", "action_submit", [request_id])
    request = desk.read_one("oss.request", request_id, ["state", "date_complete", "triaged_by_id"])
    assert request["state"] == "in_progress" and request["date_complete"]
    assert request["triaged_by_id"][0] == desk.uid

    # Public Health: its officers take their cases themselves; a new officer takes this one
    journey.as_("manager").write("gov.department", [ref_id(HEALTH)], {"case_assignment": "manual"})
    _nurse_id, login = journey.officer("พยาบาลสิ่งแวดล้อม", [HEALTH])
    nurse = journey.as_(login)
    [waiting] = nurse.screen_records(nurse.menu_action(UNASSIGNED_MENU), ["id", "user_id", "can_take"],
                                     [("request_id", "=", request_id)])
    assert waiting["user_id"] is False and waiting["can_take"] is True
    nurse.button("citizen.case", "action_take", [waiting["id"]])
    [case] = queue(nurse, request_id)
    resolve(nurse, case["id"], note="ตรวจวัดกลิ่นแล้ว เกินค่ามาตรฐาน")

    # the person's link shows the first step done, and still nothing personal
    status = follow()
    assert status.found and status.state_en == "In progress"
    assert status.steps[0][0] == "ตรวจสอบพื้นที่และวัดค่ามลพิษ" and status.steps[0][2].endswith("Done"), status.steps
    assert not status.steps[-1][2].endswith("Done")
    assert not re.search(re.escape(national_id), status.html)
