"""Anonymisation reaches everything that holds the person, and only what the KPIs need stays.

A citizen with a portal login makes a request (details naming them, a scanned ID card
with their ID and phone); the case is routed, noted (their e-mail), the applicant is
asked something and answers with a file, the case is transferred with a reason naming
them, resolved (the resolution e-mail with its rating link is queued) and rated at the
desk; a staff note on
someone else's record names them; the privacy officer downloads the access export.
The privacy officer then anonymises the person over JSON-RPC, and every text, varchar
and jsonb column of every table, and every file of the database's filestore, is
searched for the name, the ID (digits and formatted), the phone, the e-mail and the
answer (the audit log's tables included).
"""
import json
import os
import random

import odoo
import pytest
from stdnum.th import pin

from .conftest import _settings, committed_env

THAI = "กขคงจฉชซญดตถทธนบปผพฟมยรลวสหอฮ"


def random_pin():
    while True:
        number = "3" + "".join(random.choice("0123456789") for _ in range(11))
        for digit in "0123456789":
            if pin.is_valid(number + digit):
                return number + digit


def _like(needle):
    return "%" + needle.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def scan_database(env, needles):
    """['table.column: needle', ...] for every text, varchar and jsonb column holding a needle."""
    env.cr.execute("""
        SELECT c.table_name, c.column_name FROM information_schema.columns c
          JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
         WHERE c.table_schema = 'public' AND t.table_type = 'BASE TABLE'
           AND c.data_type IN ('text', 'character varying', 'character', 'jsonb', 'json')
         ORDER BY 1, 2""")
    hits = []
    patterns = [_like(n) for n in needles]
    for table, column in env.cr.fetchall():
        # names from the catalogue
        query = 'SELECT 1 FROM "%s" WHERE "%s"::text ILIKE ANY(%%s) LIMIT 1' % (table, column)
        env.cr.execute(query, (patterns,))
        if env.cr.fetchone():
            for needle in needles:
                env.cr.execute(query, ([_like(needle)],))
                if env.cr.fetchone():
                    hits.append("%s.%s: %s" % (table, column, needle))
    return hits


def scan_filestore(db, needles):
    """['<file>: needle', ...] for every file of the database's filestore holding a needle."""
    root = odoo.tools.config.filestore(db)
    encoded = [(n, n.lower().encode("utf-8")) for n in needles]
    hits = []
    for folder, _dirs, files in os.walk(root):
        for name in files:
            path = os.path.join(folder, name)
            with open(path, "rb") as handle:
                content = handle.read().lower()
            hits += ["%s: %s" % (os.path.relpath(path, root), n) for n, raw in encoded if raw in content]
    return hits


def kpi_facts(env, partner_id):
    requests = env["oss.request"].search([("partner_id", "=", partner_id)])
    cases = env["citizen.case"].search([("partner_id", "=", partner_id)])
    return {
        "requests": sorted((r.name, r.state, r.channel, r.service_id.id, r.date_received, r.date_complete,
                            r.expected_date, r.date_done, r.steps_total, r.steps_done) for r in requests),
        "cases": sorted((c.name, c.stage_state, c.department_id.id, c.date_open, c.date_resolved, c.deadline,
                         c.resolution_code, c.rating, c.rating_channel, c.transfer_count, c.reopen_count)
                        for c in cases),
        "consents": env["gov.consent"].search_count([("partner_id", "=", partner_id)]),
        "citizens": env["res.partner"].search_count([("gov_party_type", "=", "citizen")]),
    }


@pytest.fixture
def person(gov_server):
    suffix = "".join(random.choice(THAI) for _ in range(6))
    number = "%04d" % random.randint(0, 9999)
    national_id = random_pin()
    data = {
        "first": "พิมพ์ลดา" + suffix, "last": "ลบทิ้งได้" + suffix, "national_id": national_id,
        "formatted": "%s-%s-%s-%s-%s" % (national_id[0], national_id[1:5], national_id[5:10],
                                         national_id[10:12], national_id[12]),
        "phone": "08977" + number + "1", "email": "pimlada.%s@example.co.th" % number,
        "english": "Pimlada Lobthingdai %s" % number, "password": "pw-anon-%s" % number,
        "answer": "แนบสำเนาแล้ว รหัสประจำบ้าน %s" % suffix,
    }
    data["name"] = "%s %s" % (data["first"], data["last"])  # the name is composed from the parts
    data["phone_formatted"] = "%s-%s-%s" % (data["phone"][:3], data["phone"][3:6], data["phone"][6:])
    with committed_env() as env:
        desk = env.ref("gov_crm.user_frontdesk_demo")
        officer = env.ref("gov_crm.user_officer1_demo")
        user = env["res.users"].with_context(no_reset_password=True).create({
            "name": data["name"], "login": data["email"], "password": data["password"],
            "groups_id": [(6, 0, [env.ref("base.group_portal").id])]})
        partner = user.partner_id
        partner.write({"national_id": national_id, "gov_party_type": "citizen", "gov_first_name": data["first"],
                       "gov_last_name": data["last"], "gov_name_en": data["english"], "phone": data["phone"],
                       "email": data["email"], "lang": "th_TH", "street": "99/1 ซอย%s" % suffix})
        env["gov.consent"].sudo(desk).create({"partner_id": partner.id, "purpose": "satisfaction_survey",
                                              "lawful_basis": "consent", "channel": "counter",
                                              "note": "ยินยอมที่เคาน์เตอร์ %s" % data["name"]})
        service = env.ref("one_stop_service.oss_service_c01")
        request = env["oss.request"].sudo(desk).create({
            "partner_id": partner.id, "service_id": service.id,
            "description": "%s ขอหนังสือรับรอง ติดต่อ %s" % (data["name"], data["phone_formatted"])})
        request.action_receive_all_documents()
        card = "บัตรประจำตัวประชาชน %s\nเลข %s\nโทร %s\n" % (data["name"], data["formatted"], data["phone"])
        request.sudo()._oss_attach_document(request.document_ids[0], "scanned-id-card.txt", card.encode("utf-8"))
        request.action_submit()
        case = request.sudo().case_ids
        assert len(case) == 1 and case.department_id == env.ref("gov_crm.department_civil_registration")
        assert case.description and data["name"] in case.description
        case.sudo(env.ref("gov_crm.user_supervisor_demo")).write({"user_id": officer.id})
        case.sudo(officer).action_take()
        case.sudo(officer).message_post(body="ส่งหนังสือทางอีเมล %s แล้ว" % data["email"], subtype="mail.mt_note")
        # the officer asks; the applicant answers on the portal with words and a file of their own
        case.sudo(officer).action_ask_applicant("สำเนาทะเบียนบ้านของ %s" % data["name"])
        question = case.question_ids
        house = "ทะเบียนบ้าน %s\nเลข %s\n" % (data["name"], data["formatted"])
        # sudo: as the portal's answer route does once it checked the request is the user's
        question.sudo()._oss_answer(data["answer"], "portal", user, "house-registration.txt", house.encode("utf-8"))
        assert question.state == "answered" and question.attachment_id
        # the case moves on with a reason naming the person, and the receiving officer resolves it
        officer2 = env.ref("gov_crm.user_officer2_demo")
        case.sudo(officer).action_transfer(env.ref("gov_crm.department_public_works"),
                                           "ตรวจบ้านของ %s" % data["name"])
        case.sudo(env.ref("gov_crm.user_supervisor_demo")).write({"user_id": officer2.id})
        case.sudo(officer2).action_resolve("done", "ออกหนังสือรับรองให้ %s" % data["first"])
        mails = env["mail.mail"].search([("recipient_ids", "in", partner.ids), ("body_html", "ilike", "/case/rate/")])
        assert len(mails) == 1 and data["name"] in mails.body_html
        case.sudo(desk).rating_record_desk("4", "บริการดี ขอบคุณ %s" % data["first"])
        other = env.ref("gov_crm.partner_citizen_02_demo")
        note = other.sudo(desk).message_post(body="ญาติของ %s มาสอบถามแทน" % data["name"], subtype="mail.mt_note")
        data.update(partner=partner.id, user=user.id, request=request.id, case=case.id, note=note.id,
                    question=question.id, kpi=kpi_facts(env, partner.id))
    yield data
    with committed_env() as env:
        env["mail.message"].browse(data["note"]).exists().unlink()
        env["citizen.case"].search([("partner_id", "=", data["partner"])]).unlink()
        requests = env["oss.request"].search([("partner_id", "=", data["partner"])])
        requests.write({"state": "draft"})  # as superuser: only drafts can be deleted
        requests.unlink()
        env["mail.message"].search(["|", ("author_id", "=", data["partner"]),
                                    ("partner_ids", "in", [data["partner"]])]).unlink()
        env["gov.privacy.log"].search([("partner_id", "=", data["partner"])]).unlink()
        user = env["res.users"].with_context(active_test=False).browse(data["user"])
        user.unlink()
        env["res.partner"].with_context(active_test=False).browse(data["partner"]).unlink()


def test_anonymisation_leaves_nothing_of_the_person(gov_rpc, gov_server, person):
    _conf, db, _port = _settings()
    needles = [person[key] for key in ("name", "first", "last", "english", "national_id", "formatted",
                                       "phone", "phone_formatted", "email", "answer")]
    needles.append(json.dumps(person["name"])[1:-1])  # as JSON writes it (bus notifications)
    privacy = gov_rpc("privacy", "privacy")
    action = privacy.call_kw("res.partner", "action_gov_access_export", [[person["partner"]]])
    assert privacy.http.get(gov_server + action["url"], timeout=60).status_code == 200
    with committed_env() as env:
        before = scan_database(env, needles)
    assert "res_partner.name: %s" % person["name"] in before
    assert "oss_request.description: %s" % person["phone_formatted"] in before
    assert "mail_mail.body_html: %s" % person["name"] in before
    assert "ir_attachment.index_content: %s" % person["formatted"] in before
    assert "oss_applicant_question.answer: %s" % person["answer"] in before
    assert "oss_applicant_question.question: %s" % person["name"] in before
    assert "citizen_case_transfer.reason: %s" % person["name"] in before
    assert "mail_message.body: %s" % person["answer"] in before  # the answer is noted on the request and case
    assert "auditlog_log_line.new_value_text: %s" % person["phone_formatted"] in before  # the request's log
    assert [hit for hit in scan_filestore(db, needles) if hit.endswith(person["formatted"])]

    assert privacy.call_kw("res.partner", "gov_anonymise", [[person["partner"]]]) is True

    with committed_env() as env:
        assert scan_database(env, needles) == []
        assert kpi_facts(env, person["partner"]) == person["kpi"]
        partner = env["res.partner"].with_context(active_test=False).browse(person["partner"])
        assert (partner.name, partner.gov_anonymised, partner.gov_party_type) == (
            "ANON-%d" % partner.id, True, "citizen")
        user = env["res.users"].with_context(active_test=False).browse(person["user"])
        assert (user.active, user.login) == (False, "anonymised-%d-%d" % (partner.id, user.id))
        case = env["citizen.case"].browse(person["case"])
        assert (case.rating, case.rating_comment, case.description) == ("4", False, False)
        assert not env["mail.mail"].search([("recipient_ids", "in", [partner.id])])
        assert "ANON-%d" % partner.id in env["mail.message"].browse(person["note"]).body
        question = env["oss.applicant.question"].browse(person["question"])
        assert (question.state, question.answer, question.attachment_id.id, question.question) == (
            "answered", False, False, "สำเนาทะเบียนบ้านของ ANON-%d" % partner.id)
    assert scan_filestore(db, needles) == []
    # the portal login no longer works
    with pytest.raises(AssertionError):
        gov_rpc(person["email"], person["password"])
