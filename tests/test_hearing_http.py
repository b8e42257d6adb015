"""Public hearings from outside, against the test server: the list and a hearing's page in Thai
and English, a response confirmed by a code from the SMS stand-in, changed, a second one
refused; wrong codes, missing CSRF, the honeypot, the rate limit and hostile input refused with
nothing half-created; the counts equal to the raw answers; the published summary (a real PDF
with B.E. dates) and every public page free of personal data; following a hearing."""
import random
import re
import subprocess
import tempfile

import requests
from stdnum.th import pin

from .conftest import WHOLE_RUN_WINDOW, committed_env, reset_rate_limits, system_params
from .hearing_data import hearing_world, mail_server, mobile, sms_gateway

PHONE = mobile()
OTHER_PHONE = mobile()


def fold(text):
    """Thai text as pdftotext and the page can both be compared: without the marks above and
    below the letters (pdftotext gives some as private-use glyphs) and without spaces."""
    return re.sub(r"[\u0e31\u0e34-\u0e3a\u0e47-\u0e4e\uf700-\uf8ff\s]", "", text)


def csrf(html):
    return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)


def answers(world, choice=0, scale="4", text=""):
    (q1, _k1, options), (q2, _k2, _o2), (q3, _k3, _o3) = world["questions"]
    return {"q_%d" % q1: str(options[choice]), "q_%d" % q2: scale, "q_%d" % q3: text}


def counts(world):
    """The raw rows, counted here: responses, and answers per option and per scale value."""
    with committed_env() as env:
        cr = env.cr
        cr.execute("SELECT count(*) FROM gov_hearing_response WHERE hearing_id = %s", (world["id"],))
        responses = cr.fetchone()[0]
        cr.execute("""SELECT option_id, count(*) FROM gov_hearing_answer WHERE hearing_id = %s
                      AND option_id IS NOT NULL GROUP BY option_id""", (world["id"],))
        options = dict(cr.fetchall())
        cr.execute("SELECT count(*) FROM gov_hearing_answer WHERE hearing_id = %s", (world["id"],))
        return responses, options, cr.fetchone()[0]


def respond(base, session, world, gateway, phone, change=False, **kwargs):
    page = session.get("%s/hearings/%d?lang=en" % (base, world["id"]), timeout=60)
    sent = session.post("%s/hearings/%d/code?lang=en" % (base, world["id"]), data={
        "csrf_token": csrf(page.text), "channel": "sms", "contact": phone}, timeout=60)
    assert sent.status_code == 200, sent.text[-2000:]
    assert 'id="gh_answer_form"' in sent.text
    data = dict(answers(world, **kwargs), csrf_token=csrf(sent.text), channel="sms", contact=phone,
                code=gateway.last_code(phone))
    if change:
        data["change"] = "1"
    return session.post("%s/hearings/%d/respond?lang=en" % (base, world["id"]), data=data, timeout=60)


def test_list_and_page_in_both_languages(gov_server):
    with hearing_world() as world:
        with committed_env() as env:
            draft = env["gov.hearing"].create({
                "name": "ร่างลับ %s" % world["tag"], "department_id": world["dept"],
                "date_open": "2026-01-01 00:00:00", "date_close": "2026-01-02 00:00:00"})
            world["more"] = [draft.id]
        english = requests.get(gov_server + "/hearings?lang=en", timeout=60)
        assert english.status_code == 200
        assert "Parking bylaw draft %s" % world["tag"] in english.text
        assert "ร่างลับ" not in english.text
        thai = requests.get(gov_server + "/hearings?lang=th", timeout=60)
        assert "ร่างข้อบัญญัติลานจอดรถ %s" % world["tag"] in thai.text
        assert "การรับฟังความคิดเห็นสาธารณะ" in thai.text
        page = requests.get("%s/hearings/%d?lang=en" % (gov_server, world["id"]), timeout=60)
        assert page.status_code == 200
        assert "Lawful basis: public task" in page.text and 'id="gh_privacy"' in page.text
        assert "The agency collects your answers" in page.text
        assert re.search(r"\d+ \w+ 25\d\d B.E.", page.text), "the dates are shown B.E."
        thai_page = requests.get("%s/hearings/%d?lang=th" % (gov_server, world["id"]), timeout=60)
        assert "ฐานทางกฎหมาย" in thai_page.text
        for path in ("/hearings/%d" % draft.id, "/hearings/abc", "/hearings/99999999", "/hearings/1%00",
                     "/hearings/%d/documents/1" % world["id"], "/hearings/" + "9" * 300):
            assert requests.get(gov_server + path, timeout=60).status_code == 404, path


def test_respond_change_and_second_response_refused(gov_server):
    with sms_gateway() as gateway, hearing_world(targets=(PHONE, OTHER_PHONE)) as world:
        session = requests.Session()
        first = respond(gov_server, session, world, gateway, PHONE, choice=0, scale="5", text="ขอที่จอดรถเพิ่ม")
        assert first.status_code == 200 and 'data-outcome="created"' in first.text
        second = respond(gov_server, session, world, gateway, PHONE, choice=1)
        assert second.status_code == 409 and "already responded" in second.text
        changed = respond(gov_server, session, world, gateway, PHONE, change=True, choice=1, scale="2")
        assert changed.status_code == 200 and 'data-outcome="changed"' in changed.text
        other = respond(gov_server, requests.Session(), world, gateway, OTHER_PHONE, choice=1, scale="3")
        assert other.status_code == 200
        responses, options, _answers = counts(world)
        assert responses == 2
        (_q1, _k, option_ids) = world["questions"][0]
        assert options == {option_ids[1]: 2}
        page = requests.get("%s/hearings/%d?lang=en" % (gov_server, world["id"]), timeout=60).text
        assert re.search(r'id="gh_response_count">2<', page)
        # the bars show the counts of the raw rows
        bars = re.findall(r'<td class="gh-label">([^<]*)</td>.*?<td class="gh-count">(\d+)</td>', page, re.S)
        assert ("ไม่เห็นด้วย", "2") in bars and ("เห็นด้วย", "0") in bars
        for personal in (PHONE, OTHER_PHONE, "ขอที่จอดรถเพิ่ม"):
            assert personal not in page


def test_email_code_through_a_mail_server_on_loopback(gov_server):
    address = "gh-%s@example.com" % random.randint(0, 10 ** 9)
    with mail_server() as server, hearing_world(targets=(address,)) as world:
        session = requests.Session()
        base = "%s/hearings/%d" % (gov_server, world["id"])
        page = session.get(base + "?lang=en", timeout=60)
        sent = session.post(base + "/code?lang=en", data={
            "csrf_token": csrf(page.text), "channel": "email", "contact": address.upper()}, timeout=60)
        assert sent.status_code == 200 and 'id="gh_answer_form"' in sent.text, sent.text[-1500:]
        received = server.wait_for(address)
        assert len(received) == 1 and received[0]["to"] == [address]
        assert "Your confirmation code is" in server.text(received[0])
        code = server.last_code(address)
        with committed_env() as env:
            # sent at once: no mail holding the code is left in the queue
            assert env["mail.mail"].search_count([("email_to", "=", address)]) == 0
        data = dict(answers(world, choice=1, text="ส่งทางอีเมล"), csrf_token=csrf(sent.text), channel="email",
                    contact=address)
        wrong = session.post(base + "/respond?lang=en", data=dict(data, code="%06d" % ((int(code) + 1) % 1000000)),
                             timeout=60)
        assert wrong.status_code == 403 and "code is wrong" in wrong.text
        assert counts(world) == (0, {}, 0)
        done = session.post(base + "/respond?lang=en", data=dict(data, code=code), timeout=60)
        assert done.status_code == 200 and 'data-outcome="created"' in done.text
        (_q1, _k, option_ids) = world["questions"][0]
        assert counts(world) == (1, {option_ids[1]: 1}, 3)
        again = session.post(base + "/respond?lang=en", data=dict(data, code=code), timeout=60)
        assert again.status_code == 403 and counts(world)[0] == 1, "a code is used once"


def test_refusals_leave_nothing(gov_server):
    with sms_gateway() as gateway, hearing_world(targets=(PHONE,)) as world:
        session = requests.Session()
        base = "%s/hearings/%d" % (gov_server, world["id"])
        page = session.get(base + "?lang=en", timeout=60)
        token = csrf(page.text)
        sent = session.post(base + "/code?lang=en", data={"csrf_token": token, "channel": "sms", "contact": PHONE},
                            timeout=60)
        code = gateway.last_code(PHONE)
        good = dict(answers(world), csrf_token=csrf(sent.text), channel="sms", contact=PHONE)
        wrong = "%06d" % ((int(code) + 1) % 1000000)
        cases = [
            (dict(good, code=wrong), 403, "code is wrong"),
            (dict(good, code="12"), 403, "code is wrong"),
            (dict(good, code=code, channel="fax"), 400, "Choose e-mail or SMS"),
            (dict(good, code=code, contact="not-a-number"), 400, "Thai mobile number"),
            (dict(good, code=code, website="http://spam.example"), 400, "could not be accepted"),
            (dict(good, code=code, **{"q_%d" % world["questions"][0][0]: "-1 OR 1=1"}), 400, "Choose one of"),
            (dict(good, code=code, **{"q_%d" % world["questions"][1][0]: "99"}), 400, "number from 1 to 5"),
            (dict(good, code=code, **{"q_%d" % world["questions"][2][0]: "ก" * 5000}), 400, "At most 2000"),
            (dict(good, code=code, **{"q_%d" % world["questions"][0][0]: ""}), 400, "required question"),
        ]
        for data, status, message in cases:
            answer = session.post(base + "/respond?lang=en", data=data, timeout=60)
            assert (answer.status_code, message in answer.text) == (status, True), (data, answer.status_code)
        # without the CSRF token: refused by Odoo before the route
        answer = requests.post(base + "/respond", data=dict(good, code=code, csrf_token=""), timeout=60)
        assert answer.status_code == 400
        # the bad answers did not use up the code (nothing half-created): it still confirms
        assert counts(world) == (0, {}, 0)
        ok = session.post(base + "/respond?lang=en", data=dict(good, code=code), timeout=60)
        assert ok.status_code == 200, ok.text[-1500:]
        assert counts(world)[0] == 1


def test_rate_limit_and_code_limits(gov_server):
    with sms_gateway() as gateway, hearing_world(targets=(PHONE,)) as world, \
            system_params(gov_hearing__respond_rate_limit=3, gov_hearing__respond_rate_window=WHOLE_RUN_WINDOW):
        session = requests.Session()
        base = "%s/hearings/%d" % (gov_server, world["id"])
        token = csrf(session.get(base, timeout=60).text)
        statuses = [session.post(base + "/code", data={"csrf_token": token, "channel": "sms", "contact": PHONE},
                                 timeout=60).status_code for _n in range(4)]
        assert statuses == [200, 200, 200, 429]
        assert len(gateway.messages) == 3
        assert counts(world) == (0, {}, 0)


def test_published_summary_without_personal_data(gov_server, gov_rpc):
    with sms_gateway() as gateway, hearing_world(targets=(PHONE, OTHER_PHONE)) as world:
        answered = respond(gov_server, requests.Session(), world, gateway, PHONE, text="ต้องการลานจอดใกล้ตลาด")
        assert answered.status_code == 200
        # a person follows the hearing by SMS, with their consent
        session = requests.Session()
        base = "%s/hearings/%d" % (gov_server, world["id"])
        page_before = session.get(base + "?lang=en", timeout=60).text
        follow_by_sms(base, world, gateway, OTHER_PHONE)
        with committed_env() as env:
            follower = env["gov.hearing.follower"].search([("hearing_id", "=", world["id"])])
            assert follower.consent_id.purpose == "hearing_news" and follower.partner_id.mobile == OTHER_PHONE
        # the department's manager groups the written answer, closes and publishes
        manager = gov_rpc("supervisor", "supervisor")
        theme = manager.call_kw("gov.hearing.theme", "create", [{
            "hearing_id": world["id"], "name": "ที่จอดใกล้ตลาด", "agency_response": "จะเพิ่มลานจอดที่ตลาดเช้า"}])
        written = manager.call_kw("gov.hearing.answer", "search", [[("hearing_id", "=", world["id"]),
                                                                   ("value_text", "!=", False)]])
        assert len(written) == 1
        manager.call_kw("gov.hearing.answer", "write", [written, {"theme_id": theme}])
        manager.call_kw("gov.hearing", "action_close", [[world["id"]]])
        manager.call_kw("gov.hearing", "action_publish", [[world["id"]]])
        assert [m["to"] for m in gateway.messages].count(OTHER_PHONE) == 2  # the code, then the notice
        assert "/hearings/%d?lang=en" % world["id"] in gateway.messages[-1]["text"]
        page = requests.get(base + "?lang=en", timeout=60).text
        assert 'id="gh_summary_pdf"' in page and "จะเพิ่มลานจอดที่ตลาดเช้า" in page
        link = re.search(r'id="gh_summary_pdf" href="([^"]+)"', page).group(1)
        pdf = requests.get(gov_server + link, timeout=120)
        assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
        with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
            handle.write(pdf.content)
            handle.flush()
            text = subprocess.check_output(["pdftotext", "-layout", handle.name, "-"]).decode("utf-8")
        assert fold("จะเพิ่มลานจอดที่ตลาดเช้า") in fold(text) and "B.E." in text and re.search(r"25\d\d", text)
        for personal in (PHONE, OTHER_PHONE, "นางติดตาม", "ต้องการลานจอดใกล้ตลาด"):
            assert fold(personal) not in fold(text) and personal not in page
        listing = requests.get(gov_server + "/hearings?lang=en", timeout=60).text
        assert "Summary published" in listing
        # a published hearing takes no response and no follower
        assert 'id="gh_contact_form"' not in page and 'id="gh_follow_form"' not in page
        refused = session.post(base + "/code?lang=en", data={"csrf_token": csrf(page_before), "channel": "sms",
                                                             "contact": PHONE}, timeout=60)
        assert refused.status_code == 400 and "does not take responses" in refused.text


def test_registered_person_confirms_by_national_id(gov_server):
    body = str(random.randint(1, 8)) + "".join(str(random.randint(0, 9)) for _ in range(11))
    national_id = body + pin.calc_check_digit(body)
    unknown_body = str(random.randint(1, 8)) + "".join(str(random.randint(0, 9)) for _ in range(11))
    unknown = unknown_body + pin.calc_check_digit(unknown_body)
    phone = mobile()
    with sms_gateway() as gateway, hearing_world(audience="registered", targets=(phone,)) as world:
        with committed_env() as env:
            person_id = env["res.partner"].create({
                "name": "นายลงทะเบียน ทดสอบ %s" % world["tag"], "mobile": phone, "national_id": national_id,
                "gov_party_type": "citizen"}).id
        try:
            session = requests.Session()
            base = "%s/hearings/%d" % (gov_server, world["id"])
            token = csrf(session.get(base + "?lang=en", timeout=60).text)
            for bad, message in (("1234567890123", "not valid"), (unknown, "No registered person")):
                refused = session.post(base + "/code?lang=en", timeout=60, data={
                    "csrf_token": token, "channel": "sms", "national_id": bad})
                assert refused.status_code == 400 and message in refused.text, bad
            assert gateway.messages == []
            sent = session.post(base + "/code?lang=en", timeout=60, data={
                "csrf_token": token, "channel": "sms", "national_id": national_id})
            assert sent.status_code == 200 and [m["to"] for m in gateway.messages] == [phone]
            assert phone not in sent.text  # the number on file is not shown
            data = dict(answers(world), csrf_token=csrf(sent.text), channel="sms", national_id=national_id,
                        code=gateway.last_code(phone))
            assert session.post(base + "/respond?lang=en", data=data, timeout=60).status_code == 200
            with committed_env() as env:
                response = env["gov.hearing.response"].search([("hearing_id", "=", world["id"])])
                assert (response.channel, response.partner_id.id) == ("national_id", person_id)
            sent = session.post(base + "/code?lang=en", timeout=60, data={
                "csrf_token": token, "channel": "sms", "national_id": national_id})
            again = session.post(base + "/respond?lang=en", timeout=60, data=dict(
                data, csrf_token=csrf(sent.text), code=gateway.last_code(phone)))
            assert again.status_code == 409 and counts(world)[0] == 1
        finally:
            with committed_env() as env:
                env["gov.hearing.response"].search([("hearing_id", "=", world["id"])]).write({"partner_id": False})
                env["gov.privacy.log"].search([("partner_id", "=", person_id)]).unlink()
                env.cr.execute("""DELETE FROM auditlog_log WHERE res_id = %s AND model_id =
                                  (SELECT id FROM ir_model WHERE model = 'res.partner')""", (person_id,))
                env["res.partner"].browse(person_id).unlink()


def test_anyone_answers_without_a_code(gov_server):
    with hearing_world(audience="anyone") as world:
        base = "%s/hearings/%d" % (gov_server, world["id"])
        for _visitor in range(2):
            session = requests.Session()
            page = session.get(base + "?lang=en", timeout=60)
            assert 'id="gh_answer_form"' in page.text and 'id="gh_code"' not in page.text
            done = session.post(base + "/respond?lang=en", timeout=60,
                                data=dict(answers(world), csrf_token=csrf(page.text)))
            assert done.status_code == 200 and 'data-outcome="created"' in done.text
        assert counts(world)[0] == 2


def follow_by_sms(base, world, gateway, phone, name="นางติดตาม ข่าว"):
    session = requests.Session()
    page = session.get(base + "?lang=en", timeout=60)
    asked = session.post(base + "/follow/code?lang=en", data={
        "csrf_token": csrf(page.text), "name": name, "channel": "sms", "contact": phone}, timeout=60)
    assert 'id="gh_follow_code_form"' in asked.text
    followed = session.post(base + "/follow?lang=en", data={
        "csrf_token": csrf(asked.text), "name": name, "channel": "sms", "contact": phone,
        "code": gateway.last_code(phone)}, timeout=60)
    assert followed.status_code == 200 and 'id="gh_follow_done"' in followed.text


def following(world, phone):
    """(followers of the number, its person's active hearing-news consents, their withdrawals logged)."""
    with committed_env() as env:
        partner = env["res.partner"].search([("mobile", "=", phone)])
        followers = env["gov.hearing.follower"].search_count([("target", "=", phone)])
        active = env["gov.consent"].search_count([("partner_id", "in", partner.ids), ("purpose", "=", "hearing_news"),
                                                  ("withdrawn_on", "=", False)])
        logged = env["gov.privacy.log"].search_count([("partner_id", "in", partner.ids),
                                                      ("event", "=", "consent_withdrawn")])
        return followers, active, logged


def test_unfollow_link_of_the_news_ends_following_and_consent(gov_server, gov_rpc):
    with sms_gateway() as gateway, hearing_world(targets=(PHONE,)) as world:
        base = "%s/hearings/%d" % (gov_server, world["id"])
        follow_by_sms(base, world, gateway, PHONE)
        manager = gov_rpc("supervisor", "supervisor")
        manager.call_kw("gov.hearing", "action_close", [[world["id"]]])
        manager.call_kw("gov.hearing", "action_publish", [[world["id"]]])
        news = gateway.messages[-1]["text"]
        found = re.search(r"http\S+(/hearings/unfollow/(\S+)\?lang=en)", news)
        assert found, news
        link = {1: gov_server + found.group(1), 2: found.group(2)}
        assert following(world, PHONE) == (1, 1, 0)
        # refused: a token that is not one, signed for another follower, or changed; nothing changes
        follower_id, signature = link[2].split("-")
        tampered = "%s-%s" % (follower_id, ("0" if signature[0] != "0" else "1") + signature[1:])
        other = "%d-%s" % (int(follower_id) + 1, signature)
        session = requests.Session()
        for bad in (tampered, other, "abc", follower_id, "1' OR '1'='1", "9" * 200):
            page = session.get(gov_server + "/hearings/unfollow/%s?lang=en" % bad, timeout=60)
            assert page.status_code == 404 and 'id="gh_unfollow_invalid"' in page.text, bad
            assert "nothing was changed" in page.text
        token = csrf(session.get(link[1], timeout=60).text)
        refused = session.post(gov_server + "/hearings/unfollow/%s?lang=en" % tampered, data={"csrf_token": token},
                               timeout=60)
        assert refused.status_code == 404 and 'id="gh_unfollow_invalid"' in refused.text
        # opening the link (as a mail scanner would) only asks to confirm
        asked = session.get(link[1], timeout=60)
        assert asked.status_code == 200 and 'id="gh_unfollow_form"' in asked.text
        assert "Parking bylaw draft %s" % world["tag"] in asked.text and PHONE not in asked.text
        # without the CSRF token: refused by Odoo before the route
        assert requests.post(link[1], data={}, timeout=60).status_code == 400
        assert following(world, PHONE) == (1, 1, 0)
        thai = session.get(link[1].replace("lang=en", "lang=th"), timeout=60)
        assert "เลิกติดตาม" in thai.text
        done = session.post(link[1], data={"csrf_token": csrf(asked.text)}, timeout=60)
        assert done.status_code == 200 and 'id="gh_unfollow_done"' in done.text
        assert following(world, PHONE) == (0, 0, 1)
        with committed_env() as env:
            partner = env["res.partner"].search([("mobile", "=", PHONE)])
            allowed, _reason = partner.gov_check_contact("hearing_news")
            assert not allowed
        # the link is used: a clear page, nothing more changes
        again = session.post(link[1], data={"csrf_token": csrf(asked.text)}, timeout=60)
        assert again.status_code == 404 and 'id="gh_unfollow_invalid"' in again.text
        assert following(world, PHONE) == (0, 0, 1)


def test_unfollow_is_rate_limited(gov_server):
    reset_rate_limits()
    try:
        with system_params(gov_hearing__respond_rate_limit=3,
                           gov_hearing__respond_rate_window=WHOLE_RUN_WINDOW):
            statuses = [requests.get("%s/hearings/unfollow/1-%s" % (gov_server, "0" * 32), timeout=60).status_code
                        for _n in range(4)]
        assert statuses == [404, 404, 404, 429]
    finally:
        reset_rate_limits()
