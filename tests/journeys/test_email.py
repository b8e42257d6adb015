"""Journeys of a request by e-mail.

9. A person e-mails the agency's general address: the acknowledgement with the tracking number
   answers in their thread; the front desk finds the message in the triage queue with its age,
   confirms the person (the ID they gave) and the service, ticks the documents the e-mail brought
   and submits, as at the counter; the legal period starts then. The notices reply in the same
   thread, in the person's language. An officer of another department sees nothing of it.
"""
import base64
import threading

from ..conftest import committed_env, wait_for_jobs
from ..mail_loopback import REQUESTS, mail_loopback, new_message, text_of
from .conftest import new_pin, ref_id, refused

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\n%%EOF\n"


def test_a_request_by_email_is_triaged_by_the_front_desk_and_answered_in_its_thread(journey):
    sender = "somying_%s@example.org" % journey.suffix
    with mail_loopback(journey.base_url) as mail:
        first = new_message("สมหญิง ทดสอบ <%s>" % sender, "ขอแจ้งย้ายที่อยู่",
                            "ขอแจ้งย้ายที่อยู่เข้า แนบสำเนาบัตรประชาชนและทะเบียนบ้านมาด้วยค่ะ", to=REQUESTS,
                            attachments=[("บัตรประชาชน.pdf", PDF, "application/pdf"),
                                         ("ทะเบียนบ้าน.pdf", PDF, "application/pdf")])
        mail.send(first)
        ack = mail.outbox.wait_for(lambda m: sender in str(m["To"]))
        assert ack["In-Reply-To"] == first["Message-ID"]
        number = str(ack["Subject"]).split(": ")[-1]
        assert str(ack["Subject"]) == "ได้รับคำขอทางอีเมลแล้ว: %s" % number
        assert number in text_of(ack)

        # the front desk's triage queue: the message, its sender and how long it has waited
        desk = journey.as_("frontdesk")
        action = desk.menu_action("one_stop_service.oss_request_menu_triage")
        [item] = desk.screen_records(action, ["name", "triage_age", "channel", "partner_id", "triage_registered",
                                              "description"], [("name", "=", number)])
        assert (item["channel"], item["triage_registered"]) == ("email", True)
        assert item["triage_age"] == "0 ชม."
        assert "ขอแจ้งย้ายที่อยู่เข้า" in item["description"]
        request_id = item["id"]
        files = desk.search_read("ir.attachment", [("res_model", "=", "oss.request"), ("res_id", "=", request_id)],
                                 ["name", "datas"], order="id")
        assert [f["name"] for f in files] == ["บัตรประชาชน.pdf", "ทะเบียนบ้าน.pdf"]
        assert base64.b64decode(files[0]["datas"]) == PDF

        # an officer of another department sees nothing of it
        works = journey.as_("officer2")
        assert works.search_read("oss.request", [("id", "=", request_id)], ["name"]) == []
        assert "AccessError" in refused(works.button, "oss.request", "action_open_triage_wizard", [request_id]).name

        # the front desk called the person back: the ID they gave, and the service they ask for
        with committed_env() as env:
            national_id = new_pin(env)
        confirm = desk.button("oss.request", "action_open_triage_wizard", [request_id])
        dialog = desk.dialog(confirm, record=("oss.request", request_id), identifier=national_id,
                             service_id=ref_id("one_stop_service.oss_service_c02"))
        assert dialog["partner_id"] == item["partner_id"][0]
        dialog.press("action_confirm")
        request = desk.read_one("oss.request", request_id, ["state", "service_id", "date_complete", "triaged_by_id",
                                                            "document_ids", "partner_id"])
        assert (request["state"], request["triaged_by_id"][0], request["date_complete"]) == ("draft", desk.uid, False)
        assert len(request["document_ids"]) == 4
        # two of the four documents came with the e-mail: the file is incomplete (s.8 notice)
        lines = desk.read("oss.request.document", request["document_ids"], ["name"])
        desk.write("oss.request.document", [lines[0]["id"], lines[1]["id"]], {"received": True})
        desk.button("oss.request", "action_submit", [request_id])
        after = desk.read_one("oss.request", request_id, ["state", "date_complete", "notice_ids"])
        assert (after["state"], after["date_complete"]) == ("waiting_docs", False)
        [notice] = desk.read("oss.request.notice", after["notice_ids"], ["kind", "sent"])
        assert (notice["kind"], notice["sent"]) == ("missing_documents", True)

        # the notice is queued by its job (the mail queue is the system's): it replies in the
        # person's thread
        wait_for_jobs()
        with committed_env() as env:
            queued = env["mail.mail"].search([("model", "=", "oss.request"), ("res_id", "=", request_id),
                                              ("state", "=", "outgoing")])
            assert len(queued) == 1 and queued.references == first["Message-ID"]
            thread = threading.current_thread()
            testing, thread.testing = getattr(thread, "testing", False), False  # pytest-odoo's flag skips SMTP
            try:
                queued.send()
            finally:
                thread.testing = testing
        notice_mail = mail.outbox.wait_for(lambda m: sender in str(m["To"]) and m is not ack)
        assert notice_mail["In-Reply-To"] == first["Message-ID"]
        assert notice_mail["Auto-Submitted"] == "auto-generated"
        assert str(notice_mail["Subject"]).startswith("เอกสารไม่ครบ")
