"""Journey 10: an official letter from one agency to another, and a secret letter.

Agency A (the test database and server) and agency B (a database and server of its own, built
by `make test`) are connected for the letter exchange: A's service manager records B's letter
inbox and gives it a secret; B's administrator records A with that secret and trusts A's
certificate authority. A's registry clerk drafts a letter with an enclosure and submits it to
its signer, who approves and signs it (PAdES, checked by pdfsig and pyHanko's validator in
processes of their own); the clerk sends it; the outbox delivers it; B's registry clerk finds
it in B's incoming register with its number, the verdict on its signature and the case of the
department for incoming letters. A's keeper of the secret registers registers a secret letter
that nobody else reads. At each step the others are refused what is not theirs.
"""
import base64
import os

import pytest

from ..conftest import JsonRpcSession, committed_env
from ..test_saraban_exchange_http import _verifiers, agency_b, agency_b_env  # noqa: F401 (agency_b: a fixture)
from .conftest import WebClient, ref_id, refused
from .test_agency import allow_local_webhooks

B_CODE = "ขก 51998"
B_NAME = "องค์การบริหารส่วนจังหวัดปลายทาง"
ACCESS = "odoo.exceptions.AccessError"
LETTER_FIELDS = ["name", "reference", "state", "subject", "signature_verdict", "pdf_attachment_id",
                 "enclosure_ids", "exchange_uid", "case_id"]


def registers(env):
    env.cr.execute("SELECT id, last_number FROM gov_saraban_register")
    return dict(env.cr.fetchall())


def restore_registers(env, before):
    """Put the registers' counters back as they were and remove the registers the journey opened."""
    for register_id, last_number in before.items():
        env.cr.execute("UPDATE gov_saraban_register SET last_number = %s WHERE id = %s", (last_number, register_id))
    env.cr.execute("DELETE FROM gov_saraban_register WHERE NOT (id = ANY(%s))", (list(before) or [0],))


def remove_letters(env, domain):
    """The letters (with their outbox events, files, openings and cases), as only the system removes them."""
    from odoo.addons.gov_crm.tests.cleanup import purge
    letters = env["gov.saraban.letter"].search(domain)
    env["oss.agency.event"].search([("letter_id", "in", letters.ids)]).unlink()
    purge(env, letters)


@pytest.fixture
def agencies(journey, agency_b):  # noqa: F811 (the fixture imported above)
    """A and B connected for the letter exchange, as their service manager and administrators do it."""
    from odoo.addons.gov_crm.tests.cleanup import created_since, marks, purge
    allow_local_webhooks(journey)
    with committed_env() as env:
        registers_a = registers(env)
        prefix_a, name_a = env.ref("base.main_company").gov_saraban_prefix, env.ref("base.main_company").name
        roots_a = [(root.name, root.certificate_file) for root in env["gov.saraban.trusted.root"].search([])]
        letters_a = env["gov.saraban.letter"].search([], order="id desc", limit=1).id or 0
    with agency_b_env() as env:
        marked_b = marks(env)
        registers_b = registers(env)
        company = env.ref("base.main_company")
        company_b = {"name": company.name, "gov_saraban_prefix": company.gov_saraban_prefix}
        roots_b = env["gov.saraban.trusted.root"].search([]).ids

    def restore():
        with committed_env() as env:
            remove_letters(env, [("id", ">", letters_a)])
            restore_registers(env, registers_a)
        with agency_b_env() as env:
            remove_letters(env, [("id", ">", marked_b.get("gov.saraban.letter", 0))])
            env["gov.saraban.trusted.root"].with_context(active_test=False).search(
                [("id", "not in", roots_b)]).unlink()
            env["gov.saraban.trusted.root"].with_context(active_test=False).browse(roots_b).write({"active": True})
            sender = env["res.partner"].with_context(active_test=False).search([("gov_saraban_code", "=", prefix_a)])
            if sender.id in saved_sender:
                sender.write(saved_sender[sender.id])
            purge(env, *created_since(env, marked_b))
            restore_registers(env, registers_b)
            env.ref("base.main_company").write(company_b)
    saved_sender = {}
    journey.on_cleanup(restore)

    # A's service manager records B's letter inbox and gives it a new secret
    manager = journey.as_("manager")
    partner_b = manager.create("res.partner", {
        "name": "%s %s" % (B_NAME, journey.suffix), "is_company": True, "gov_party_type": "agency",
        "gov_saraban_code": B_CODE, "gov_saraban_addressee": "นายกองค์การบริหารส่วนจังหวัดปลายทาง"})
    manager.button("res.partner", "action_gov_generate_webhook_secret", [partner_b])
    manager.write("res.partner", [partner_b], {"gov_saraban_url": agency_b + "/gov/saraban/inbox"})
    secret = manager.read_one("res.partner", partner_b, ["gov_webhook_secret"])["gov_webhook_secret"]

    # B's administrator records A with the secret it was handed, and trusts only A's authority
    with agency_b_env() as env:
        env.ref("base.main_company").write({"name": B_NAME, "gov_saraban_prefix": B_CODE})
        env["gov.saraban.trusted.root"].search([]).write({"active": False})
        for name, certificate in roots_a:
            env["gov.saraban.trusted.root"].create({"name": "A: %s" % name, "certificate_file": certificate})
        sender = env["res.partner"].with_context(active_test=False).search([("gov_saraban_code", "=", prefix_a)])
        values = {"gov_webhook_secret": secret, "gov_webhook_signature": "v2", "active": True}
        if sender:
            saved_sender[sender.id] = {key: sender[key] for key in values}
            sender.write(values)
        else:
            env["res.partner"].create(dict(values, name=name_a, is_company=True, gov_party_type="agency",
                                           gov_saraban_code=prefix_a))
    return {"partner_b": partner_b, "prefix_a": prefix_a, "b": agency_b}


def as_b(agencies, login):
    """A person of agency B, logged in to B's server."""
    return WebClient(JsonRpcSession(agencies["b"], os.environ["GOV_TEST_DB_B"], login, login), login)


def test_a_signed_letter_goes_to_the_other_agency_and_a_secret_letter_stays_with_its_keeper(
        journey, agencies, tmp_path):
    clerk, signer = journey.as_("clerk"), journey.as_("supervisor")
    desk, officer, keeper = journey.as_("frontdesk"), journey.as_("officer1"), journey.as_("registrar")
    registration, signer_id = ref_id("gov_crm.department_civil_registration"), ref_id("gov_crm.user_supervisor_demo")

    # A's registry clerk drafts the letter with an enclosure and submits it to the signer
    enclosure = "สำเนาทะเบียนบ้าน %s" % journey.suffix
    subject = "ส่งข้อมูลทะเบียนบ้านตามที่ขอ %s" % journey.suffix
    letter_id = clerk.create("gov.saraban.letter", {
        "direction": "outgoing", "partner_id": agencies["partner_b"], "department_id": registration,
        "signer_id": signer_id, "subject": subject, "addressee": "นายกองค์การบริหารส่วนจังหวัดปลายทาง",
        "body": "ตามที่ขอข้อมูลทะเบียนบ้าน เทศบาลขอส่งข้อมูลดังกล่าวมาพร้อมนี้\n\nจึงเรียนมาเพื่อโปรดทราบ",
        "enclosure_ids": [(0, 0, {"name": "สำเนาทะเบียนบ้าน จำนวน 1 ฉบับ", "datas_fname": "house.txt",
                                  "datas": base64.b64encode(enclosure.encode()).decode()})]})
    clerk.button("gov.saraban.letter", "action_submit", [letter_id])
    draft = clerk.read_one("gov.saraban.letter", letter_id, LETTER_FIELDS)
    assert (draft["state"], draft["name"], draft["pdf_attachment_id"]) == ("to_sign", "/", False)
    # the clerk does not sign; the front desk reads no letter; the officer of its department reads it
    assert refused(clerk.button, "gov.saraban.letter", "action_sign", [letter_id]).name == ACCESS
    assert refused(desk.read, "gov.saraban.letter", [letter_id], ["subject"]).name == ACCESS
    assert officer.read_one("gov.saraban.letter", letter_id, ["subject"])["subject"] == subject

    # the signer finds it among the letters to sign, approves and signs it
    to_sign = signer.screen_records("gov_saraban.gov_saraban_letter_action_to_sign", ["subject"])
    assert [row["id"] for row in to_sign if row["subject"] == subject] == [letter_id]
    signer.button("gov.saraban.letter", "action_sign", [letter_id])
    signed = clerk.read_one("gov.saraban.letter", letter_id, LETTER_FIELDS)
    assert signed["state"] == "signed" and signed["reference"].startswith(agencies["prefix_a"] + "/")
    assert signed["name"] == signed["reference"]
    # the clerk downloads the signed PDF: both verifiers judge its PAdES signature valid
    pdf_id = signed["pdf_attachment_id"][0]
    pdf = base64.b64decode(clerk.read_one("ir.attachment", pdf_id, ["datas"])["datas"])
    assert pdf.startswith(b"%PDF-")
    pdfsig, pyhanko = _verifiers(pdf, tmp_path, "signed.pdf")
    assert "Signature Validation: Signature is Valid." in pdfsig and "Total document signed" in pdfsig, pdfsig
    assert "The signature is judged VALID." in pyhanko, pyhanko
    # nobody changes what was signed, the signer and the clerk included
    for person in (clerk, signer):
        assert refused(person.write, "gov.saraban.letter", [letter_id], {"body": "แก้ไขหลังลงนาม"}).name == ACCESS
        assert refused(person.write, "ir.attachment", [pdf_id], {"datas": base64.b64encode(b"x").decode()}).name \
            == ACCESS

    # the officer does not send; the clerk sends it; the outbox delivers it (the system's job)
    assert refused(officer.button, "gov.saraban.letter", "action_send", [letter_id]).name == ACCESS
    clerk.button("gov.saraban.letter", "action_send", [letter_id])
    assert clerk.read_one("gov.saraban.letter", letter_id, ["state"])["state"] == "sent"
    with committed_env() as env:
        event_ids = env["gov.saraban.letter"].browse(letter_id).event_ids.ids
        delivered = env["oss.agency.event"]._deliver_due(request_ids=[], event_ids=event_ids)
    assert delivered == 1
    sent = clerk.read_one("gov.saraban.letter", letter_id, LETTER_FIELDS)
    assert sent["state"] == "delivered"

    # B's registry clerk finds it in B's incoming register: numbered, verified, routed
    clerk_b = as_b(agencies, "clerk")
    incoming = clerk_b.screen_records("gov_saraban.gov_saraban_letter_action_incoming", LETTER_FIELDS,
                                      [("exchange_uid", "=", sent["exchange_uid"])])
    assert len(incoming) == 1, incoming
    [received] = incoming
    assert (received["state"], received["reference"], received["subject"], received["signature_verdict"]) == \
        ("registered", signed["reference"], subject, "valid")
    assert received["name"].startswith("รับ ") and received["case_id"]
    files = clerk_b.read("gov.saraban.enclosure", received["enclosure_ids"], ["name", "attachment_id"])
    assert [f["name"] for f in files] == ["สำเนาทะเบียนบ้าน จำนวน 1 ฉบับ"]
    content = clerk_b.read_one("ir.attachment", files[0]["attachment_id"][0], ["datas"])["datas"]
    assert base64.b64decode(content) == enclosure.encode()
    received_pdf = base64.b64decode(clerk_b.read_one("ir.attachment", received["pdf_attachment_id"][0],
                                                     ["datas"])["datas"])
    assert received_pdf == pdf
    # B's front desk reads no letter
    desk_b = as_b(agencies, "frontdesk")
    assert refused(desk_b.read, "gov.saraban.letter", [received["id"]], ["subject"]).name == ACCESS

    # A's keeper of the secret registers registers a secret letter that arrived on paper
    secret_subject = "รายชื่อผู้ได้รับการคุ้มครองพยาน %s" % journey.suffix
    secret_id = keeper.create("gov.saraban.letter", {
        "direction": "incoming", "partner_id": agencies["partner_b"], "reference": "ขก 51998/ลับ 7",
        "subject": secret_subject, "body": "ข้อความลับ %s" % journey.suffix, "secrecy": "secret",
        "department_id": registration,
        "enclosure_ids": [(0, 0, {"name": "รายชื่อ", "datas_fname": "list.txt",
                                  "datas": base64.b64encode(b"secret list").decode()})]})
    # only the keeper registers a secret letter, in the secret register
    assert refused(clerk.button, "gov.saraban.letter", "action_register", [secret_id]).name == ACCESS
    keeper.button("gov.saraban.letter", "action_register", [secret_id])
    secret = keeper.read_one("gov.saraban.letter", secret_id, ["name", "state", "body", "enclosure_ids"])
    assert secret["state"] == "registered" and secret["name"].startswith("รับ (ลับ) ")
    assert secret["body"] == "ข้อความลับ %s" % journey.suffix
    [secret_file] = keeper.read("gov.saraban.enclosure", secret["enclosure_ids"], ["attachment_id"])
    secret_file_id = secret_file["attachment_id"][0]
    assert base64.b64decode(keeper.read_one("ir.attachment", secret_file_id, ["datas"])["datas"]) == b"secret list"
    # the clerk, the officer of its department, the signer and the front desk neither find nor read it
    for person in (clerk, officer, signer, desk):
        assert person.search_read("gov.saraban.letter", [("id", "=", secret_id)], ["name"]) == [], person
        assert refused(person.read, "gov.saraban.letter", [secret_id], ["body"]).name == ACCESS, person
        assert refused(person.read, "ir.attachment", [secret_file_id], ["datas"]).name == ACCESS, person
    assert clerk.search_read("gov.saraban.letter", [("subject", "ilike", secret_subject)], ["name"]) == []
    # every opening is logged: the keeper's reads of the letter and of its file, nobody else's
    openings = keeper.search_read("gov.saraban.access.log", [("letter_id", "=", secret_id)],
                                  ["user_id", "what"], order="id")
    assert [(row["user_id"][0], row["what"]) for row in openings] == [(keeper.uid, "letter"), (keeper.uid, "file")]
    assert refused(clerk.search_read, "gov.saraban.access.log", [], ["what"]).name == ACCESS
