"""Journeys of a request by LINE.

15. A person tells the agency's LINE Official Account about a broken street light: the text, a
    photo, the place; the chat answers with the tracking number. The front desk finds it in the
    triage queue, confirms the person (the ID they gave when called back) and the service, and
    submits; Public Works' officer takes the case and resolves it. The notices of receipt and of
    completion reach the person's LINE chat (pushed by the outbox's job after each step), and they
    ask its status there.
"""
import io

from PIL import Image

from ..conftest import committed_env, wait_for_jobs
from ..line_loopback import LineChat, line_channel
from .conftest import cases_of, new_pin, ref_id, ref_ids, resolve


def photo():
    buffer = io.BytesIO()
    Image.new("RGB", (80, 60), (30, 30, 30)).save(buffer, "JPEG")
    return buffer.getvalue()


def street_light_service(journey):
    """The service manager publishes a one-step Public Works service open to LINE."""
    manager = journey.as_("manager")
    [works] = ref_ids("gov_crm.department_public_works")
    channels = manager.search_read("oss.channel", [("code", "in", ["counter", "line"])], ["id"])
    return manager.create("oss.service", {
        "code": "L%s" % journey.suffix.upper(), "name": "แจ้งซ่อมไฟถนน %s" % journey.suffix,
        "name_en": "Street light repair %s" % journey.suffix, "group": "G2C", "legal_days": 5,
        "allow_citizen": True, "channel_ids": [(6, 0, [c["id"] for c in channels])],
        "step_ids": [(0, 0, {"sequence": 10, "name": "ซ่อมไฟถนน", "department_id": works, "days": 3})]})


def test_a_complaint_by_line_is_triaged_resolved_and_followed_in_the_chat(journey):
    service_id = street_light_service(journey)
    with line_channel() as line:
        chat = LineChat(journey.base_url, line, name="สมศรี ไลน์ %s" % journey.suffix)
        journey.on_cleanup(lambda: _forget_conversation(chat.user_id))
        chat.say("แจ้งเรื่อง")
        chat.say("ไฟถนนหน้าปากซอย 7 ดับมาหนึ่งสัปดาห์ มืดมากตอนกลางคืน")
        chat.photo(photo())
        [done] = chat.place("ปากซอย 7 ถนนเทศบาล 2", 13.7301, 100.5213)
        number = done.split("เลขคำขอของท่านคือ ")[1].split(" ")[0]

        # the front desk's triage queue: the chat's request, waiting, with its photo
        desk = journey.as_("frontdesk")
        action = desk.menu_action("one_stop_service.oss_request_menu_triage")
        [item] = desk.screen_records(action, ["name", "channel", "partner_id", "triage_registered", "description"],
                                     [("name", "=", number)])
        assert (item["channel"], item["triage_registered"]) == ("line", True)
        assert "ไฟถนนหน้าปากซอย 7" in item["description"] and "ปากซอย 7 ถนนเทศบาล 2" in item["description"]
        request_id = item["id"]
        files = desk.search_read("ir.attachment", [("res_model", "=", "oss.request"), ("res_id", "=", request_id)],
                                 ["mimetype"])
        assert [f["mimetype"] for f in files] == ["image/jpeg"]

        # called back, the person gives their ID; the front desk confirms it and the service, and submits
        with committed_env() as env:
            national_id = new_pin(env)
        confirm = desk.button("oss.request", "action_open_triage_wizard", [request_id])
        dialog = desk.dialog(confirm, record=("oss.request", request_id), identifier=national_id,
                             service_id=service_id)
        assert dialog["partner_id"] == item["partner_id"][0]
        dialog.press("action_confirm")
        desk.button("oss.request", "action_submit", [request_id])
        request = desk.read_one("oss.request", request_id, ["state", "triaged_by_id", "expected_date"])
        assert (request["state"], request["triaged_by_id"][0]) == ("in_progress", desk.uid)
        assert request["expected_date"]
        # the notice of receipt waits in the outbox until its job runs: then it reaches the chat
        assert chat.pushed() == []
        push_line_notices()
        [received] = chat.pushed()
        assert received.startswith("ได้รับคำขอแล้ว: %s ตรวจสอบสถานะ: " % number), received

        # Public Works' officer takes the case and resolves it
        works = journey.as_("officer2")
        [case] = cases_of(works, request_id)
        assert case["department_id"][0] == ref_id("gov_crm.department_public_works")
        works.button("citizen.case", "action_take", [case["id"]])
        resolve(works, case["id"], note="เปลี่ยนหลอดไฟแล้ว")
        assert desk.read_one("oss.request", request_id, ["state"])["state"] == "done"

        # the notice of completion too; each was given (none "not sent"), in Thai, with no name or ID
        push_line_notices()
        notices = chat.pushed()
        assert len(notices) == 2 and notices[1].startswith("ดำเนินการแล้วเสร็จ: %s " % number), notices
        assert all("key=" in text for text in notices)
        assert not any(national_id in text or "สมศรี" in text for text in notices)
        # the chatter of the request keeps them, and no notice says it was not sent
        bodies = [m["body"] for m in desk.search_read("mail.message", [("model", "=", "oss.request"),
                                                                       ("res_id", "=", request_id)], ["body"])]
        kept = [body for body in bodies if "ส่งทาง LINE แล้ว" in body or "Sent by LINE" in body]
        assert len(kept) == 2, bodies
        assert not any("not sent" in body or "ไม่ได้ส่ง" in body for body in bodies), bodies

        # the person asks the status in the chat
        [status] = chat.say("สถานะ %s" % number)
        assert status.startswith("คำขอ %s: " % number) and "สมศรี" not in status


def push_line_notices():
    """The LINE outbox's job (a cron of the server, every 2 minutes), run now, once the server's job
    runner has queued the notices."""
    wait_for_jobs()
    with committed_env() as env:
        env["oss.line.push"]._cron_send()


def _forget_conversation(user_id):
    """A conversation the chat left unfinished (the journey removes the rest of what it made)."""
    with committed_env() as env:
        env["oss.line.conversation"].search([("line_user_id", "=", user_id)]).unlink()
