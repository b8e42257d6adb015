"""A public hearing committed for the test server, with the SMS stand-in configured, and what
removes everything it and its visitors made (responses, codes, followers, their persons and
consents, queued mail, the summary file)."""
import contextlib
import datetime
import random
import uuid

from odoo import fields

from odoo.addons.gov_otp.tests.mail_server import LoopbackMailServer
from odoo.addons.gov_otp.tests.sms_gateway import StandInGateway
from .conftest import committed_env, reset_rate_limits, system_params


def mobile():
    """A Thai mobile number nobody in the database has."""
    return "08%08d" % random.randint(0, 99999999)


def moment(days):
    return fields.Datetime.to_string(datetime.datetime.utcnow() + datetime.timedelta(days=days))


def create_hearing(env, tag, audience="confirmed", state="open"):
    # the demo supervisor manages the unit: they prepare and publish its hearings
    supervisor = env["res.users"].search([("login", "=", "supervisor")])
    dept = env["gov.department"].create({"name": "ฝ่ายรับฟัง %s" % tag, "name_en": "Hearing unit %s" % tag,
                                         "code": "GH%s" % tag, "manager_id": supervisor.id})
    hearing = env["gov.hearing"].create({
        "name": "Parking bylaw draft %s" % tag, "summary": "Parking bylaw %s" % tag, "department_id": dept.id,
        "date_open": moment(-1), "date_close": moment(7), "audience": audience,
        "question_ids": [
            (0, 0, {"name": "เห็นด้วยหรือไม่", "kind": "choice", "sequence": 1,
                    "option_ids": [(0, 0, {"name": "เห็นด้วย", "sequence": 1}),
                                   (0, 0, {"name": "ไม่เห็นด้วย", "sequence": 2})]}),
            (0, 0, {"name": "ความสำคัญ", "kind": "scale", "scale_max": 5, "sequence": 2}),
            (0, 0, {"name": "ข้อเสนอแนะ", "kind": "text", "required": False, "sequence": 3}),
        ]})
    hearing.with_context(lang="th_TH").write({"name": "ร่างข้อบัญญัติลานจอดรถ %s" % tag})
    if state != "draft":
        hearing.action_open()
    return hearing


def purge_hearings(env, hearing_ids, targets=(), partner_floor=None, departments=False):
    """Remove the hearings and what their visitors made; the persons registered by following
    (those created after ``partner_floor``) go too, and their departments when ``departments``."""
    hearings = env["gov.hearing"].browse(list(hearing_ids)).exists()
    followers = env["gov.hearing.follower"].search([("hearing_id", "in", hearings.ids)])
    # the persons registered by following, whether they still follow or stopped (their follower is gone)
    partners = (followers.mapped("partner_id") | env["res.partner"].with_context(active_test=False).search([
        "|", ("mobile", "in", list(targets)), ("email", "in", list(targets))])).filtered(
            lambda p: partner_floor is not None and p.id > partner_floor)
    consents = env["gov.consent"].search([("partner_id", "in", partners.ids), ("purpose", "=", "hearing_news")])
    units = hearings.mapped("department_id")
    env["ir.attachment"].search([("res_model", "=", "gov.hearing"), ("res_id", "in", hearings.ids)]).unlink()
    env["mail.message"].search([("model", "=", "gov.hearing"), ("res_id", "in", hearings.ids)]).unlink()
    env["mail.mail"].search([("email_to", "in", list(targets))]).unlink()
    env["gov.otp"].search([("target", "in", list(targets))]).unlink()
    followers.unlink()
    questions = hearings.mapped("question_ids")
    for model, ids in (("gov.hearing", hearings.ids), ("gov.hearing.question", questions.ids),
                       ("gov.hearing.option", questions.mapped("option_ids").ids)):
        env.cr.execute("DELETE FROM ir_translation WHERE name LIKE %s AND res_id = ANY(%s)", (model + ",%", ids))
    hearings.write({"state": "draft"})
    hearings.unlink()
    env["gov.privacy.log"].search([("partner_id", "in", partners.ids)]).unlink()
    env["mail.message"].search([("model", "=", "res.partner"), ("res_id", "in", partners.ids)]).unlink()
    consents.unlink()
    env.cr.execute("""DELETE FROM auditlog_log WHERE model_id IN (SELECT id FROM ir_model WHERE model IN
                      ('res.partner', 'gov.consent')) AND res_id = ANY(%s)""", (partners.ids + consents.ids,))
    partners.unlink()
    if departments:
        units.unlink()


@contextlib.contextmanager
def sms_gateway():
    """The stand-in SMS gateway, set as the server's gateway while the block runs."""
    token = uuid.uuid4().hex
    with StandInGateway(token=token) as gateway:
        with system_params(gov_otp__sms_gateway_url=gateway.url, gov_otp__sms_gateway_token=token):
            yield gateway


@contextlib.contextmanager
def mail_server():
    """A mail server on loopback, the server's outgoing mail server while the block runs."""
    with LoopbackMailServer() as server:
        with committed_env() as env:
            server_id = env["ir.mail_server"].create({
                "name": "Loopback %s" % uuid.uuid4().hex[:6], "smtp_host": server.host, "smtp_port": server.port,
                "smtp_encryption": "none", "sequence": 0}).id
        try:
            yield server
        finally:
            with committed_env() as env:
                env["ir.mail_server"].browse(server_id).unlink()


@contextlib.contextmanager
def hearing_world(audience="confirmed", targets=()):
    tag = uuid.uuid4().hex[:6].upper()
    with committed_env() as env:
        hearing = create_hearing(env, tag, audience)
        env.cr.execute("SELECT coalesce(max(id), 0) FROM res_partner")
        partner_floor = env.cr.fetchone()[0]
        world = {"tag": tag, "id": hearing.id, "dept": hearing.department_id.id,
                 "questions": [(q.id, q.kind, q.option_ids.ids) for q in hearing.question_ids.sorted("sequence")]}
    reset_rate_limits()
    try:
        yield world
    finally:
        reset_rate_limits()
        with committed_env() as env:
            purge_hearings(env, [world["id"]] + world.get("more", []), targets, partner_floor, departments=True)
