"""The records and users the access suite works on, committed for the test server.

Everything is made unique with a suffix and removed by ``destroy`` (audit-log rows and
login attempts of the suite's users included), so a run leaves nothing behind.
"""
import base64
import random
import uuid

import pyotp
from stdnum.th import pin

from ..conftest import committed_env, wait_for_jobs

PASSWORD = "Suite-pass-2026-%s"
ROLE_GROUPS = {
    "front_desk": ["gov_crm.group_gov_front_desk"],
    "officer_a": ["gov_crm.group_gov_officer"],
    "officer_b": ["gov_crm.group_gov_officer", "gov_hearing.group_gov_hearing_officer"],
    "supervisor": ["gov_crm.group_gov_supervisor"],
    "service_manager": ["gov_crm.group_gov_service_manager"],
    "privacy_officer": ["gov_crm.group_gov_privacy_officer"],
    "internal": ["base.group_user"],
    "portal": ["base.group_portal"],
    "clerk": ["gov_saraban.group_saraban_clerk"],
    "secret_keeper": ["gov_saraban.group_saraban_secret"],
    "signer": ["gov_saraban.group_saraban_signer"],
    "cashier": ["oss_payment.group_oss_cashier"],
}


def new_national_id():
    body = str(random.randint(1, 8)) + "".join(str(random.randint(0, 9)) for _ in range(11))
    return body + pin.calc_check_digit(body)


class World:
    """ids of the probe records (``world.ids["R_A"]``), logins and passwords of the roles."""

    def __init__(self):
        self.suffix = uuid.uuid4().hex[:6]
        self.ids = {}
        self.users = {}      # role -> (login, password)
        self.secrets = {}    # role -> TOTP key
        self.created = []    # (model, id) made by the suite's create checks
        self.national_ids = {}

    def login(self, role):
        return self.users[role]


def build():
    world = World()
    sfx = world.suffix
    with committed_env() as env:
        ref = env.ref
        Dept = env["gov.department"]
        dept_a = Dept.create({"name": "ฝ่ายทดสอบ A %s" % sfx, "code": "SA%s" % sfx})
        dept_b = Dept.create({"name": "ฝ่ายทดสอบ B %s" % sfx, "code": "SB%s" % sfx})
        world.ids.update(DEPT_A=dept_a.id, DEPT_B=dept_b.id)
        users = {}
        for role, groups in ROLE_GROUPS.items():
            login = "suite-%s-%s" % (role.replace("_", "-"), sfx)
            password = PASSWORD % sfx
            users[role] = env["res.users"].with_context(no_reset_password=True).create({
                "name": "Suite %s %s" % (role, sfx), "login": login, "password": password,
                "email": "%s@example.go.th" % login,
                "groups_id": [(6, 0, [ref(g).id for g in groups])]})
            world.users[role] = (login, password)
        for role in ("service_manager", "privacy_officer"):
            secret = pyotp.random_base32()
            auth = env["res.users.authenticator"].create({
                "name": "Suite app", "secret_key": secret, "user_id": users[role].id})
            users[role].write({"mfa_enabled": True})
            world.secrets[role] = secret
            world.ids["AUTH_MGR" if role == "service_manager" else "AUTH_PRIV"] = auth.id
        dept_a.write({"manager_id": users["supervisor"].id, "member_ids": [
            (4, users["officer_a"].id), (4, users["supervisor"].id)]})
        dept_b.write({"member_ids": [(4, users["officer_b"].id)]})
        # persons: P is the portal citizen, Q another citizen, G an agency with a webhook
        person_p = users["portal"].partner_id
        world.national_ids["P"] = new_national_id()
        person_p.write({"national_id": world.national_ids["P"], "gov_party_type": "citizen",
                        "phone": "081 555 %04d" % random.randint(0, 9999)})
        world.national_ids["Q"] = new_national_id()
        person_q = env["res.partner"].create({
            "name": "นางสาวทดสอบ คิว %s" % sfx, "national_id": world.national_ids["Q"],
            "gov_party_type": "citizen", "email": "q-%s@example.com" % sfx, "phone": "089 111 2233"})
        agency = env["res.partner"].create({"name": "หน่วยงานทดสอบ %s" % sfx, "gov_party_type": "agency",
                                            "is_company": True})
        agency.sudo().write({"gov_webhook_url": "https://agency.example.go.th/hook"})
        agency.action_gov_generate_webhook_secret()
        world.national_ids["U_B"] = new_national_id()
        users["officer_b"].partner_id.write({"national_id": world.national_ids["U_B"], "gov_party_type": "staff"})
        world.ids.update(P=person_p.id, Q=person_q.id, G=agency.id, U_B=users["officer_b"].id,
                         U_PORTAL=users["portal"].id)
        world.user_ids = {role: user.id for role, user in users.items()}
        # the catalogue: one service routed to each department
        services = {}
        for key, dept in (("A", dept_a), ("B", dept_b)):
            services[key] = env["oss.service"].create({
                "code": "S%s%s" % (key, sfx), "name": "บริการทดสอบ %s %s" % (key, sfx), "legal_days": 5,
                "document_ids": [(0, 0, {"name": "สำเนาบัตรประชาชน"})],
                "step_ids": [(0, 0, {"name": "พิจารณา", "department_id": dept.id, "sequence": 10, "days": 2})]})
        world.ids.update(SVC_A=services["A"].id, SVC_B=services["B"].id,
                         SDOC_A=services["A"].document_ids.id, SSTEP_A=services["A"].step_ids.id)
        # requests, routed into cases
        requests_ = {}
        for key, person, service in (("A", person_q, services["A"]), ("B", person_q, services["B"]),
                                     ("P", person_p, services["A"])):
            request = env["oss.request"].create({
                "partner_id": person.id, "service_id": service.id,
                "description": "รายละเอียดคำขอ %s %s" % (key, sfx)})
            request.action_receive_all_documents()
            request.action_submit()
            requests_[key] = request
            world.ids["R_" + key] = request.id
            world.ids["STEP_" + key] = request.step_ids.id
            world.ids["DOC_" + key] = request.document_ids[:1].id
            world.ids["C_" + key] = request.case_ids.id
        from odoo.addons.one_stop_service.models.oss_request_triage import IntakeMessage
        # R_T: Q's request by e-mail waiting in triage (the mail gateway's path), and the dialog the
        # front desk opened to confirm it, with the ID Q gave on the phone
        triage = env["oss.request"]._oss_intake_message(IntakeMessage(
            "email", "Q", person_q.email, None, "คำขอทางอีเมล %s" % sfx, "รายละเอียดคำขอทางอีเมล %s" % sfx, [],
            env["oss.service"], "th_TH"))
        world.ids["R_T"] = triage.id
        world.ids["TRIAGE_WIZ"] = env["oss.request.triage.wizard"].sudo(users["front_desk"]).create({
            "request_id": triage.id, "partner_id": person_q.id, "service_id": services["A"].id,
            "identifier": world.national_ids["Q"]}).id
        for key in ("A", "B"):
            world.ids["NOTICE_" + key] = env["oss.request.notice"].create({
                "request_id": requests_[key].id, "kind": "missing_documents", "date": "2026-11-01",
                "content": "เอกสารที่ขาด %s" % sfx}).id
            # the notice's copy to OPDC, as giving a delay notice records it
            world.ids["COPY_" + key] = env["oss.request.notice"].browse(
                world.ids["NOTICE_" + key])._oss_copy_to_opdc().id
        case_x = env["citizen.case"].create({
            "subject": "เรื่องร้องเรียนลับ %s" % sfx, "department_id": dept_a.id, "confidential": True,
            "partner_id": person_q.id, "description": "confidential %s" % sfx})
        world.ids["C_X"] = case_x.id
        case_b = env["citizen.case"].browse(world.ids["C_B"])
        world.ids["T_B"] = env["citizen.case.transfer"].create({
            "case_id": case_b.id, "from_department_id": dept_a.id, "to_department_id": dept_b.id,
            "reason": "ทดสอบการโอน %s" % sfx}).id
        consents = env["gov.consent"].search([("partner_id", "in", [person_q.id, person_p.id])])
        if not consents.filtered(lambda c: c.partner_id == person_q):
            consents |= env["gov.consent"].create({"partner_id": person_q.id, "purpose": "news"})
        world.ids["CONS_Q"] = consents.filtered(lambda c: c.partner_id == person_q)[:1].id
        world.ids["CONS_P"] = (consents.filtered(lambda c: c.partner_id == person_p)[:1].id
                               or env["gov.consent"].create({"partner_id": person_p.id, "purpose": "news"}).id)
        world.ids["LOG_Q"] = env["gov.privacy.log"]._log("access_export", person_q).id
        world.ids["RATE"] = env["gov.rate.limit"].create({
            "scope": "suite", "client_key": env["gov.rate.limit"].address_key("192.0.2.%d" % random.randint(1, 254)),
            "window_start": "2026-11-01 00:00:00", "hits": 1}).id
        world.ids["PROVINCE"] = env["gov.province"].search([], limit=1).id
        world.ids["DISTRICT"] = env["gov.district"].search([], limit=1).id
        world.ids["SUBDISTRICT"] = env["gov.subdistrict"].search([], limit=1).id
        world.ids["STAGE"] = ref("citizen_case.stage_new").id
        # Open311 client with a key, an outbox event for the agency
        client = env["oss.api.client"].create({"name": "Suite client %s" % sfx})
        client.action_generate_key()
        world.ids["API"] = client.id
        world.ids["EVT"] = env["oss.agency.event"].create({
            "agency_id": agency.id, "request_id": requests_["A"].id, "sequence": 999,
            "request_state": "submitted", "payload": "{}", "idempotency_key": "suite-%s" % sfx}).id
        # messages, followers, notification, tracking and queued mail
        world.ids["MSG_RA"] = requests_["A"].message_post(body="suite note A %s" % sfx, subtype="mail.mt_note").id
        world.ids["MSG_RB"] = requests_["B"].message_post(body="suite note B %s" % sfx, subtype="mail.mt_note").id
        world.ids["MSG_RP"] = requests_["P"].message_post(body="suite note P %s" % sfx, subtype="mail.mt_note").id
        world.ids["MSG_CA"] = env["citizen.case"].browse(world.ids["C_A"]).message_post(
            body="suite case note %s" % sfx, subtype="mail.mt_note").id
        requests_["A"].message_subscribe(partner_ids=[person_q.id])
        world.ids["FOL_RA"] = env["mail.followers"].search([
            ("res_model", "=", "oss.request"), ("res_id", "=", requests_["A"].id),
            ("partner_id", "=", person_q.id)]).id
        message = requests_["A"].message_post(body="suite notice to Q %s" % sfx, partner_ids=[person_q.id],
                                              subtype="mail.mt_comment", message_type="comment")
        world.ids["NOTIF_Q"] = env["mail.notification"].search([
            ("mail_message_id", "=", message.id), ("res_partner_id", "=", person_q.id)], limit=1).id
        tracking = env["mail.tracking.value"].search([
            ("mail_message_id.model", "=", "oss.request"), ("mail_message_id.res_id", "=", requests_["A"].id)],
            limit=1)
        world.ids["TV_RA"] = tracking.id
        case_a = env["citizen.case"].browse(world.ids["C_A"])
        case_a._rating_new_token()
        # an e-mail officer A queued themselves (Odoo's mass-mail composer queues as the user)
        world.ids["MAIL_OWN"] = env["mail.mail"].sudo(users["officer_a"]).create({
            "subject": "แจ้งผู้รับผิดชอบ %s" % sfx, "email_to": "colleague-%s@example.go.th" % sfx,
            "body_html": "<p>suite own mail %s</p>" % sfx}).id
        # an activity of the supervisor on case C_A (as an escalation leaves)
        world.ids["ACT_CA"] = env["mail.activity"].create({
            "res_model_id": env.ref("citizen_case.model_citizen_case").id, "res_id": case_a.id,
            "activity_type_id": env.ref("mail.mail_activity_data_todo").id, "user_id": users["supervisor"].id,
            "summary": "suite activity %s" % sfx}).id
        # questions to the applicant: asked by the cases of R_A, R_B, R_P and by the direct case C_X
        for key in ("A", "B", "P", "X"):
            case = env["citizen.case"].browse(world.ids["C_" + key])
            case.action_ask_applicant("สำเนาเอกสารเพิ่มเติม %s %s" % (key, sfx))
            world.ids["QUEST_" + key] = case.question_ids[:1].id
        # the catalogue's channels, an e-mail template, a composer of the administrator
        world.ids["CHANNEL"] = ref("one_stop_service.oss_channel_counter").id
        world.ids["TPL"] = ref("one_stop_service.mail_template_oss_submitted").id
        world.ids["COMPOSE"] = env["mail.compose.message"].create({
            "composition_mode": "comment", "model": "res.partner", "res_id": person_q.id,
            "body": "<p>suite composer %s</p>" % sfx}).id
        world.ids["MAIL_Q"] = env["mail.mail"].create({
            "subject": "ผลการดำเนินการ %s" % sfx, "email_to": person_q.email, "state": "exception",
            "body_html": "<p>เรียน %s ให้คะแนนที่ /case/rate/suite-token-%s</p>" % (person_q.name, sfx)}).id
        # attachments of product records, and a file on person Q's record
        for key, model, res_id in (("ATT_RA", "oss.request", requests_["A"].id),
                                   ("ATT_RB", "oss.request", requests_["B"].id),
                                   ("ATT_RP", "oss.request", requests_["P"].id),
                                   ("ATT_CA", "citizen.case", case_a.id),
                                   ("ATT_Q", "res.partner", person_q.id)):
            world.ids[key] = env["ir.attachment"].create({
                "name": "%s-%s.txt" % (key.lower(), sfx), "datas_fname": "%s-%s.txt" % (key.lower(), sfx),
                "res_model": model, "res_id": res_id,
                "datas": base64.b64encode(("%s %s" % (key, world.national_ids["Q"])).encode())}).id
        # KPI rows of the two departments
        env["gov.kpi.request.summary"].kpi_refresh()
        for key, model in (("KPI_REQ", "gov.kpi.request.report"), ("KPI_CASE", "gov.kpi.case.report"),
                           ("KPI_SUM", "gov.kpi.request.summary")):
            for dkey, dept in (("A", dept_a), ("B", dept_b)):
                world.ids["%s_%s" % (key, dkey)] = env[model].search([("department_id", "=", dept.id)], limit=1).id
        build_payments(env, world, users, person_q, person_p, dept_a)
        # the public catalogue's life event and open dataset, published figures of the two departments
        # (removed with the departments)
        world.ids["LIFE_EVENT"] = ref("gov_public.life_event_birth").id
        world.ids["DATASET"] = ref("gov_public.dataset_service_performance").id
        for dkey, dept in (("A", dept_a), ("B", dept_b)):
            world.ids["PUB_PERF_" + dkey] = env["gov.public.performance"].create({
                "scope": "department", "department_id": dept.id, "month": "2000-01", "received": 5}).id
            world.ids["PUB_BACKLOG_" + dkey] = env["gov.public.backlog"].create({
                "scope": "department", "department_id": dept.id, "open_count": 5, "age_0_3": 5}).id
        build_hearings(env, world, person_q, dept_a, dept_b)
        build_jobs(env, world)
        # audit log of R_A, a login attempt, officer B's password history
        log = env["auditlog.log"].search([("model_id.model", "=", "oss.request"),
                                          ("res_id", "=", requests_["A"].id)], limit=1)
        world.ids["AUDIT_RA"] = log.id
        world.ids["AUDIT_LINE_RA"] = log.line_ids[:1].id
        session = env["auditlog.http.session"].create({"name": "suite-%s" % sfx, "user_id": users["front_desk"].id})
        world.ids["AUDIT_SESSION"] = session.id
        world.ids["AUDIT_REQUEST"] = env["auditlog.http.request"].create({
            "name": "/web/dataset/call_kw/res.partner/write", "http_session_id": session.id,
            "user_id": users["front_desk"].id, "user_context": "{}"}).id
        world.ids["AUDIT_RULE"] = ref("gov_security.auditlog_rule_res_partner").id
        world.ids["ATTEMPT"] = env["res.authentication.attempt"].create({
            "login": "suite-%s" % sfx, "remote": "127.0.0.1", "result": "failed"}).id
        world.ids["PASS_B"] = env["res.users.pass.history"].create({
            "user_id": users["officer_b"].id,
            "password_crypt": env["res.users"]._crypt_context().encrypt("Old-passphrase-%s" % sfx)}).id
        _build_letters(env, world, users, dept_a, dept_b, agency)
    return world


def _build_letters(env, world, users, dept_a, dept_b, agency):
    """Letters of departments A and B, a secret one, their files, registers, a certificate."""
    from odoo.addons.gov_saraban.lib import pki
    sfx = world.suffix
    Letter = env["gov.saraban.letter"]
    common = {"direction": "outgoing", "partner_id": agency.id, "body": "suite letter text %s" % sfx}
    letters = {
        "L_A": Letter.create(dict(common, subject="suite letter A %s" % sfx, department_id=dept_a.id,
                                  signer_id=users["signer"].id)),
        "L_B": Letter.create(dict(common, subject="suite letter B %s" % sfx, department_id=dept_b.id)),
        "L_S": Letter.create(dict(common, subject="suite secret %s" % sfx, department_id=dept_a.id,
                                  secrecy="secret", signer_id=users["signer"].id,
                                  body="suite secret text of the letter %s" % sfx,
                                  recipient_user_ids=[(6, 0, [users["officer_b"].id])])),
    }
    world.ids.update({key: letter.id for key, letter in letters.items()})
    for key, letter_key in (("A", "L_A"), ("S", "L_S")):
        enclosure = env["gov.saraban.enclosure"].create({
            "letter_id": letters[letter_key].id, "name": "suite enclosure %s %s" % (key, sfx),
            "datas_fname": "enclosure-%s.txt" % sfx, "datas": base64.b64encode(b"enclosure " + key.encode())})
        world.ids["E_" + key] = enclosure.id
        world.ids["ATT_L" + key] = enclosure.attachment_id.id
    Register = env["gov.saraban.register"]
    company = env.ref("base.main_company")
    # years no letter is ever registered in: the suite's registers stand beside the real ones
    for key, secret in (("REG", False), ("REG_S", True)):
        world.ids[key] = Register.create({"company_id": company.id, "direction": "incoming", "secret": secret,
                                          "year": 1900 + random.randint(1, 50) * 2 + int(secret)}).id
    ca_key, ca = pki.make_ca("SUITE CA %s" % sfx, "SUITE")
    key, certificate = pki.make_certificate(ca_key, ca, "SUITE signer %s" % sfx, "SUITE")
    passphrase = "suite-%s" % sfx
    world.ids["CERT"] = env["gov.saraban.certificate"]._saraban_create_from_pkcs12(
        users["signer"], pki.to_pkcs12(key, certificate, [ca], passphrase), passphrase).id
    world.ids["TR"] = env["gov.saraban.trusted.root"].create({
        "name": "SUITE CA %s" % sfx, "company_id": company.id,
        "certificate_file": base64.b64encode(pki.pem(ca))}).id
    world.ids["LOG_S"] = env["gov.saraban.access.log"].create({
        "letter_id": letters["L_S"].id, "user_id": users["secret_keeper"].id, "what": "letter"}).id


def _destroy_letters(env, ids):
    letter_ids = [ids[key] for key in ("L_A", "L_B", "L_S") if ids.get(key)]
    letters = env["gov.saraban.letter"].browse(letter_ids).exists()
    # the files of the letters, and of letters the create checks made and deleted
    env["ir.attachment"].search([("res_model", "=", "gov.saraban.letter"), ("res_id", "in", letter_ids)]).unlink()
    env["mail.message"].search([("model", "=", "gov.saraban.letter"), ("res_id", "in", letter_ids)]).unlink()
    letters.unlink()  # enclosures and openings go with them
    env["gov.saraban.register"].browse([ids.get("REG"), ids.get("REG_S")]).exists().unlink()
    env["gov.saraban.certificate"].with_context(active_test=False).browse(ids.get("CERT")).exists().unlink()
    env["gov.saraban.trusted.root"].with_context(active_test=False).browse(ids.get("TR")).exists().unlink()


def build_hearings(env, world, person_q, dept_a, dept_b):
    """An open hearing of each department, answered once, with a theme; Q follows A's; a code."""
    Response = env["gov.hearing.response"]
    for key, dept in (("A", dept_a), ("B", dept_b)):
        hearing = env["gov.hearing"].create({
            "name": "การรับฟังทดสอบ %s %s" % (key, world.suffix), "department_id": dept.id,
            "date_open": "2026-01-01 00:00:00", "date_close": "2099-01-01 00:00:00",
            "question_ids": [(0, 0, {"name": "เห็นด้วยหรือไม่", "kind": "choice", "sequence": 1,
                                     "option_ids": [(0, 0, {"name": "เห็นด้วย"})]}),
                             (0, 0, {"name": "ข้อเสนอแนะ", "kind": "text", "sequence": 2})]})
        hearing.action_open()
        choice, text = hearing.question_ids.sorted("sequence")
        response, _outcome = Response._gh_submit(hearing, "email", Response._gh_key(
            "email", "suite-%s-%s@example.com" % (key.lower(), world.suffix)), {
                choice.id: str(choice.option_ids.id), text.id: "ความเห็นทดสอบ %s" % key})
        world.ids.update({"HEARING_" + key: hearing.id, "QUESTION_" + key: choice.id,
                          "OPTION_" + key: choice.option_ids.id, "RESP_" + key: response.id,
                          "ANSWER_" + key: response.answer_ids.filtered("value_text").id,
                          "THEME_" + key: env["gov.hearing.theme"].create({
                              "hearing_id": hearing.id, "name": "ประเด็นทดสอบ %s" % key}).id})
    world.ids["FOLLOWER_A"] = env["gov.hearing.follower"]._gh_follow(
        env["gov.hearing"].browse(world.ids["HEARING_A"]), "email", person_q.email, person_q.name).id
    world.ids["OTP"] = env["gov.otp"].create({
        "purpose": "suite.%s" % world.suffix, "channel": "email", "target": "suite-%s@example.com" % world.suffix,
        "salt": "suite", "code_hash": "0" * 64, "expires_at": "2099-01-01 00:00:00"}).id
    # an SMS waiting in the outbox (gov_otp)
    world.ids["SMS"] = env["gov.sms"].queue("0810000000", "suite %s" % world.suffix).id
    # a public web form awaiting its code (oss_channel_web)
    world.ids["WEB_FORM"] = env["oss.web.submission"]._ow_keep(
        env.ref("one_stop_service.oss_service_c04"), {
            "sender_name": person_q.name, "channel": "email", "target": "suite-%s@example.com" % world.suffix,
            "description": "suite", "address": "suite", "lang": "th_TH"}, [("photo-1.png", b"\x89PNG suite")]).id
    # a LINE conversation under way and a webhook delivery taken (oss_channel_line)
    world.ids["LINE_CONV"] = env["oss.line.conversation"].create({
        "line_user_id": "U" + uuid.uuid4().hex, "sender_name": person_q.name, "step": "photo",
        "description": "suite %s" % world.suffix}).id
    world.ids["LINE_EVENT"] = env["oss.line.event"].create({"event_id": "suite-%s" % uuid.uuid4().hex}).id
    # a LINE notice waiting in the outbox (oss_channel_line)
    world.ids["LINE_PUSH"] = env["oss.line.push"].create({
        "request_id": world.ids["R_A"], "line_user_id": "U" + uuid.uuid4().hex, "text": "suite %s" % world.suffix}).id


def build_jobs(env, world):
    """A failed notice job of R_A and a done job of R_A in another channel (the server's job
    runner leaves both alone)."""
    request = env["oss.request"].browse(world.ids["R_A"])
    for key, channel, state in (("JOB_NOTICE", "root.gov_notice", "failed"), ("JOB_OTHER", "root", "done")):
        # tracking_disable: as the product writes a notice's job (no follower, no creation message)
        job = request.with_context(tracking_disable=True).with_delay(
            channel=channel, description="suite %s %s" % (key, world.suffix))._oss_notice_job(
            "one_stop_service.mail_template_oss_submitted", ["email"])
        record = job.db_record()
        # set by SQL in the transaction that wrote them: the runner never sees them pending
        env.cr.execute("UPDATE queue_job SET state = %s, exc_info = %s WHERE id = %s",
                       (state, "Traceback (most recent call last): suite %s %s" % (key, world.suffix), record.id))
        world.ids[key] = record.id
    env["queue.job"].invalidate_cache()


def destroy_hearings(env, world):
    ids = world.ids
    hearings = env["gov.hearing"].search([("department_id", "in", [ids["DEPT_A"], ids["DEPT_B"]])])
    env["gov.otp"].browse(ids.get("OTP")).exists().unlink()
    env["gov.sms"].browse(ids.get("SMS")).exists().unlink()
    env["oss.web.submission"].browse(ids.get("WEB_FORM")).exists().unlink()
    env["oss.line.conversation"].browse(ids.get("LINE_CONV")).exists().unlink()
    env["oss.line.event"].browse(ids.get("LINE_EVENT")).exists().unlink()
    env["oss.line.push"].browse(ids.get("LINE_PUSH")).exists().unlink()
    env["gov.hearing.follower"].search([("hearing_id", "in", hearings.ids)]).unlink()
    env["mail.message"].search([("model", "=", "gov.hearing"), ("res_id", "in", hearings.ids)]).unlink()
    hearings.write({"state": "draft"})
    hearings.unlink()


def build_payments(env, world, users, person_q, person_p, dept_a):
    """A service with a fee and its rate, a request of Q (F) and of P (PF) with their payment requests,
    a partial cash payment of each taken by the cashier with its official receipt and the cashier's day,
    and a bank statement with an unmatched line; the receipt counters are kept to be set back."""
    sfx = world.suffix
    env.cr.execute("SELECT fiscal_year, last_number FROM oss_receipt_counter")
    world.receipt_counters = dict(env.cr.fetchall())
    service = env["oss.service"].create({
        "code": "SF%s" % sfx, "name": "บริการมีค่าธรรมเนียม %s" % sfx, "legal_days": 5, "fee": 150,
        "fee_waits_payment": False,
        "step_ids": [(0, 0, {"name": "พิจารณา", "department_id": dept_a.id, "sequence": 10, "days": 2})]})
    world.ids["SVC_F"] = service.id
    world.ids["FEE_RATE"] = env["oss.service.fee.rate"].create({
        "service_id": service.id, "name": "ต่อฉบับ", "unit": "ฉบับ", "price": 10}).id
    world.ids["EXEMPT"] = env.ref("oss_payment.oss_fee_exemption_elderly").id
    cashier = users["cashier"]
    for key, person in (("F", person_q), ("PF", person_p)):
        request = env["oss.request"].create({"partner_id": person.id, "service_id": service.id})
        request.action_receive_all_documents()
        request.action_submit()
        world.ids["R_" + key] = request.id
        world.ids["PR_" + key] = request.payment_request_ids[:1].id
        payment = env["oss.payment"].sudo(cashier)._oss_record(request, 100, "cash", amount_tendered=100)
        world.ids["PAY_" + key] = payment.id
        world.ids["RCPT_" + key] = payment.receipt_id.id
        world.ids["CLOSE"] = payment.close_id.id
    env.cr.execute("SELECT id FROM oss_receipt_counter ORDER BY id DESC LIMIT 1")
    world.ids["COUNTER"] = env.cr.fetchone()[0]
    content = ("date,time,amount,ref1,ref2,payer,bank_ref\n"
               "01/11/2026,10:15,75.00,SUITE%s,,ผู้โอน ทดสอบ,SUITE-%s\n" % (sfx.upper(), sfx)).encode()
    statement = env["oss.bank.statement"].sudo(cashier)._oss_import("suite-%s.csv" % sfx, content)
    world.ids["STMT"] = statement.id
    world.ids["STMT_LINE"] = statement.line_ids[:1].id


def destroy_payments(env, world):
    """Remove what build_payments made (payments and receipts are never deleted through the ORM)."""
    ids, cr = world.ids, env.cr
    request_ids = [ids[key] for key in ("R_F", "R_PF") if ids.get(key)]
    cashier_id = world.user_ids.get("cashier")
    if request_ids:
        cr.execute("UPDATE oss_payment SET receipt_id = NULL, statement_line_id = NULL WHERE request_id = ANY(%s)",
                   (request_ids,))
        cr.execute("DELETE FROM oss_receipt WHERE request_id = ANY(%s)", (request_ids,))
        cr.execute("DELETE FROM oss_bank_statement_line WHERE request_id = ANY(%s)", (request_ids,))
        cr.execute("DELETE FROM oss_payment WHERE request_id = ANY(%s) AND reversal_of_id IS NOT NULL",
                   (request_ids,))
        cr.execute("DELETE FROM oss_payment WHERE request_id = ANY(%s)", (request_ids,))
    if cashier_id:
        cr.execute("DELETE FROM oss_bank_statement_line WHERE statement_id IN "
                   "(SELECT id FROM oss_bank_statement WHERE user_id = %s)", (cashier_id,))
        cr.execute("DELETE FROM oss_bank_statement WHERE user_id = %s", (cashier_id,))
        cr.execute("DELETE FROM oss_cashier_close WHERE cashier_id = %s", (cashier_id,))
    restore_receipt_counters(cr, getattr(world, "receipt_counters", None))
    env.cache.invalidate()


def restore_receipt_counters(cr, saved):
    """Set the receipt counters back to ``saved`` ({fiscal year: last number}), in their rows."""
    if saved is None:
        return
    for year, number in saved.items():
        cr.execute("UPDATE oss_receipt_counter SET last_number = %s WHERE fiscal_year = %s", (number, year))
    cr.execute("DELETE FROM oss_receipt_counter WHERE NOT (fiscal_year = ANY(%s))", (list(saved) or [0],))


def probe_ids(world, names):
    return [world.ids[name] for name in names if world.ids.get(name)]


def destroy(world):
    """Remove what build() and the create checks made."""
    ids = world.ids
    wait_for_jobs()  # the server's runner is done with the notices of the suite's requests
    with committed_env() as env:
        cr = env.cr
        for model, record_id in reversed(world.created):
            env[model].browse(record_id).exists().unlink()
        _destroy_letters(env, ids)
        user_ids = list(world.user_ids.values())
        partner_ids = [ids["P"], ids["Q"], ids["G"]]
        request_ids = [ids[key] for key in ("R_A", "R_B", "R_P", "R_T", "R_F", "R_PF") if ids.get(key)]
        destroy_payments(env, world)
        destroy_hearings(env, world)
        service_ids = [ids[key] for key in ("SVC_A", "SVC_B", "SVC_F") if ids.get(key)]
        case_ids = env["citizen.case"].search([("department_id", "in", [ids["DEPT_A"], ids["DEPT_B"]])]).ids
        consent_ids = env["gov.consent"].with_context(active_test=False).search([("partner_id", "in", partner_ids + [
            user.partner_id.id for user in env["res.users"].browse(user_ids).exists()])]).ids
        env["ir.attachment"].search([("id", "in", [ids[k] for k in ids if k.startswith("ATT_")])]).unlink()
        env["mail.mail"].browse([ids["MAIL_Q"], ids["MAIL_OWN"]]).exists().unlink()
        env["mail.activity"].browse(ids["ACT_CA"]).exists().unlink()
        env["auditlog.http.request"].browse(ids["AUDIT_REQUEST"]).exists().unlink()
        env["auditlog.http.session"].browse(ids["AUDIT_SESSION"]).exists().unlink()
        env["oss.agency.event"].search([("agency_id", "=", ids["G"])]).unlink()
        env["oss.api.client"].browse(ids["API"]).exists().unlink()
        env["gov.rate.limit"].browse(ids["RATE"]).exists().unlink()
        env["citizen.case"].browse(case_ids).unlink()
        # their jobs (the notices the server's runner ran, the probes) first: the requests go by SQL
        cr.execute("DELETE FROM queue_job WHERE model_name = 'oss.request' AND record_ids = ANY(%s)",
                   (["[%d]" % request_id for request_id in request_ids],))
        # submitted requests cannot be deleted through the ORM (they are withdrawn): the suite's go by SQL
        cr.execute("DELETE FROM oss_request WHERE id = ANY(%s) OR service_id = ANY(%s)",
                   (request_ids, service_ids))
        env["oss.service"].browse(service_ids).exists().unlink()
        env["gov.privacy.log"].search(["|", ("partner_id", "in", partner_ids), ("user_id", "in", user_ids)]).unlink()
        env["gov.consent"].search(["|", ("partner_id", "in", partner_ids), ("recorded_by_id", "in", user_ids)]).unlink()
        env["mail.message"].search(["|", "&", ("model", "=", "oss.request"), ("res_id", "in", request_ids),
                                    "&", ("model", "=", "citizen.case"), ("res_id", "in", case_ids)]).unlink()
        # the requests went by SQL: their followers (no foreign key) are removed likewise
        cr.execute("""DELETE FROM mail_followers WHERE (res_model = 'oss.request' AND res_id = ANY(%s))
                      OR (res_model = 'citizen.case' AND res_id = ANY(%s))""", (request_ids, case_ids))
        users = env["res.users"].browse(user_ids).exists()
        user_partners = users.mapped("partner_id")
        logins = users.mapped("login")
        cr.execute("DELETE FROM res_authentication_attempt WHERE login = ANY(%s) OR login LIKE %s",
                   (logins, "suite-%%-%s" % world.suffix))
        cr.execute("DELETE FROM res_authentication_attempt WHERE id = %s", (ids["ATTEMPT"],))
        cr.execute("DELETE FROM res_users_log WHERE create_uid = ANY(%s)", (user_ids,))
        env["gov.department"].browse([ids["DEPT_A"], ids["DEPT_B"]]).write({"member_ids": [(5,)], "manager_id": False})
        users.unlink()
        (user_partners | env["res.partner"].browse(partner_ids)).exists().unlink()
        env["gov.department"].browse([ids["DEPT_A"], ids["DEPT_B"]]).exists().unlink()
        # the KPI summary is a materialized view: it forgets the suite's departments when refreshed
        env["gov.kpi.request.summary"].kpi_refresh()
        # the audit log of the suite's records and users goes with them
        for model, res_ids in (("res.partner", partner_ids + user_partners.ids), ("gov.consent", consent_ids),
                               ("oss.request", request_ids), ("citizen.case", case_ids)):
            cr.execute("""DELETE FROM auditlog_log WHERE res_id = ANY(%s)
                          AND model_id = (SELECT id FROM ir_model WHERE model = %s)""", (res_ids, model))
        cr.execute("DELETE FROM auditlog_log WHERE user_id = ANY(%s)", (user_ids,))
