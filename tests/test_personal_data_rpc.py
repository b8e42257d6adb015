"""Personal data over JSON-RPC, as the attacks were made: a portal citizen, an officer and
the front desk read no queued e-mail, no rating link, no national ID they did not type,
and run no template code; the access export reaches the privacy officer only."""
import random
import re

import pytest
from stdnum.th import pin

from .conftest import committed_env

RATE = "/case/rate/"
SUFFIX = "%06d" % random.randint(0, 999999)
EN = {"lang": "en_US", "tz": "Asia/Bangkok"}


def random_pin(first):
    while True:
        number = first + "".join(random.choice("0123456789") for _ in range(11))
        for digit in "0123456789":
            if pin.is_valid(number + digit):
                return number + digit


def refused(call, *args):
    with pytest.raises(Exception) as error:
        call(*args)
    assert getattr(error.value, "name", None) == "odoo.exceptions.AccessError", error.value
    return error.value


@pytest.fixture(scope="module")
def people(gov_server):
    """A citizen with a portal login whose resolved case queued the rating e-mail, and a
    staff member with a national ID; removed at the end."""
    data = {"password": "pw-%s" % SUFFIX}
    with committed_env() as env:
        Users = env["res.users"].with_context(no_reset_password=True)
        citizen = Users.create({
            "name": "นางสาวข้อมูล ส่วนตัว %s" % SUFFIX, "login": "pd_citizen_%s" % SUFFIX,
            "password": data["password"], "email": "pd_%s@example.co.th" % SUFFIX,
            "groups_id": [(6, 0, [env.ref("base.group_portal").id])]})
        citizen.partner_id.write({"national_id": random_pin("3"), "gov_party_type": "citizen"})
        env["gov.consent"].create({"partner_id": citizen.partner_id.id, "purpose": "satisfaction_survey",
                                   "lawful_basis": "consent"})
        case = env["citizen.case"].create({
            "subject": "ขอสำเนาทะเบียนบ้าน %s" % SUFFIX, "partner_id": citizen.partner_id.id,
            "department_id": env.ref("gov_crm.department_civil_registration").id})
        case.action_resolve("done", "ออกสำเนาแล้ว")
        mail = env["mail.mail"].search([("recipient_ids", "in", citizen.partner_id.ids),
                                        ("body_html", "ilike", RATE)])
        assert len(mail) == 1
        staff = Users.create({"name": "เจ้าหน้าที่ มีเลข %s" % SUFFIX, "login": "pd_staff_%s" % SUFFIX,
                              "groups_id": [(6, 0, [env.ref("gov_crm.group_gov_officer").id])]})
        staff.partner_id.write({"national_id": random_pin("1"), "gov_party_type": "staff"})
        data.update(login=citizen.login, partner=citizen.partner_id.id, national_id=citizen.partner_id.national_id,
                    user=citizen.id, case=case.id, mail=mail.id, message=mail.mail_message_id.id,
                    staff=staff.id, staff_partner=staff.partner_id.id, staff_id=staff.partner_id.national_id)
    yield data
    with committed_env() as env:
        env["mail.mail"].browse(data["mail"]).exists().unlink()
        env["mail.message"].browse(data["message"]).exists().unlink()
        env["citizen.case"].browse(data["case"]).unlink()
        env["gov.privacy.log"].search([("partner_id", "in", [data["partner"], data["staff_partner"]])]).unlink()
        users = env["res.users"].browse([data["user"], data["staff"]])
        partners = users.mapped("partner_id")
        users.unlink()
        partners.unlink()


# ------------------------------------------------------------ queued mail and rating links
def test_portal_citizen_reads_no_queued_mail_nor_rating_link(gov_rpc, people):
    session = gov_rpc(people["login"], people["password"])
    refused(session.call_kw, "mail.mail", "search_read", [[], ["subject", "body_html"]])
    refused(session.call_kw, "mail.mail", "read", [[people["mail"]], ["body_html"]])
    assert session.call_kw("mail.message", "search_read", [[("body", "ilike", RATE)], ["body"]]) == []
    # notifications of others are not theirs to read
    rows = session.call_kw("mail.notification", "search_read", [[], ["res_partner_id"]])
    assert {row["res_partner_id"][0] for row in rows} <= {people["partner"]}


@pytest.mark.parametrize("login", ["officer1", "frontdesk", "supervisor", "manager", "privacy"])
def test_staff_read_no_rating_link(gov_rpc, people, login):
    session = gov_rpc(login, login)
    assert session.call_kw("mail.mail", "search_read", [[("body_html", "ilike", RATE)], ["body_html"]]) == []
    refused(session.call_kw, "mail.mail", "read", [[people["mail"]], ["body_html"]])
    assert session.call_kw("mail.message", "search_read", [[("body", "ilike", RATE)], ["body"]]) == []
    refused(session.call_kw, "mail.message", "read", [[people["message"]], ["body"]])


# ------------------------------------------------------------ national IDs
def test_officer_learns_no_id_by_grouping_users_or_exports(gov_rpc, people):
    session = gov_rpc("officer1", "officer1")
    error = refused(session.call_kw, "res.partner", "read_group",
                    [[("id", "=", people["partner"])], ["national_id"], ["national_id"]])
    assert people["national_id"] not in str(error)
    masked = "x-xxxx-xxxxx-%s-%s" % (people["staff_id"][10:12], people["staff_id"][12])
    row = session.call_kw("res.users", "read", [[people["staff"]], ["national_id"]])[0]
    assert row["national_id"] == masked
    data = session.call_kw("res.users", "export_data", [[people["staff"]], ["national_id"]])["datas"]
    assert data == [[masked]]
    refused(session.call_kw, "res.users", "read_group",
            [[("id", "=", people["staff"])], ["national_id"], ["national_id"]])


def test_front_desk_cannot_rebuild_an_id_digit_by_digit(gov_rpc, people):
    session = gov_rpc("frontdesk", "frontdesk")
    national_id = people["national_id"]
    for known in (national_id[:1], national_id[:6], national_id[:12]):
        for leaf in (("national_id", "=like", known + "%"), ("national_id", "ilike", known[1:]),
                     ("user_ids.partner_id.national_id", "=like", known + "%"), ("national_id", ">=", known)):
            count = session.call_kw("res.partner", "search_count", [[leaf, ("id", "=", people["partner"])]])
            assert count == 0, leaf
        assert session.call_kw("res.users", "search", [[("national_id", "=like", known + "%")]]) == []
    # ordering by the ID tells nothing either: the default order is kept
    ids = [people["partner"], people["staff_partner"]]
    assert (session.call_kw("res.partner", "search", [[("id", "in", ids)]], {"order": "national_id desc"})
            == session.call_kw("res.partner", "search", [[("id", "in", ids)]]))


def test_front_desk_finds_a_person_by_the_full_id_and_it_is_logged(gov_rpc, people):
    session = gov_rpc("frontdesk", "frontdesk")
    formatted = "%s-%s-%s-%s-%s" % (people["national_id"][0], people["national_id"][1:5], people["national_id"][5:10],
                                    people["national_id"][10:12], people["national_id"][12])
    assert session.call_kw("res.partner", "search", [[("national_id", "=", formatted)]]) == [people["partner"]]
    found = session.call_kw("res.partner", "name_search", [people["national_id"]])
    assert [row[0] for row in found] == [people["partner"]]
    assert people["partner"] not in [row[0] for row in session.call_kw(
        "res.partner", "name_search", [people["national_id"][3:9]], {"limit": 1000})]
    with committed_env() as env:
        logs = env["gov.privacy.log"].search([("partner_id", "=", people["partner"]), ("event", "=", "lookup")])
        assert set(logs.mapped("user_id.login")) == {"frontdesk"} and len(logs) == 2


def test_no_template_code_for_users(gov_rpc, people):
    code = "${object.sudo().national_id}"
    for login, password in ((people["login"], people["password"]), ("frontdesk", "frontdesk")):
        session = gov_rpc(login, password)
        result = session.call_kw("mail.template", "render_template", [code, "res.partner", [people["partner"]]])
        assert result == {str(people["partner"]): code}
        assert people["national_id"] not in str(result)


# ------------------------------------------------------------ the access export
def _export_attachments():
    with committed_env() as env:
        return env["ir.attachment"].search_count([("name", "like", "access-export-")])


def test_access_export_downloaded_by_the_privacy_officer_only(gov_rpc, gov_server, people):
    before = _export_attachments()
    privacy = gov_rpc("privacy", "privacy")
    action = privacy.call_kw("res.partner", "action_gov_access_export", [[people["partner"]]], {"context": EN})
    assert re.match(r"^/gov_crm/access_export/%d\?expires=\d+&token=[0-9a-f]{64}$" % people["partner"], action["url"])
    response = privacy.http.get(gov_server + action["url"], timeout=60)
    assert response.status_code == 200
    assert response.content[:2] == b"PK"  # an XLSX file
    assert response.headers["Content-Disposition"].startswith("attachment;")
    assert response.headers["Cache-Control"] == "no-store"
    for login in ("frontdesk", "officer1", "manager"):
        other = gov_rpc(login, login)
        assert other.http.get(gov_server + action["url"], timeout=60).status_code == 403
        refused(other.call_kw, "res.partner", "action_gov_access_export", [[people["partner"]]])
    portal = gov_rpc(people["login"], people["password"])
    assert portal.http.get(gov_server + action["url"], timeout=60).status_code == 403
    # a link for another person, or tampered, does not work either
    tampered = action["url"].replace("token=", "token=0")[:-1]
    assert privacy.http.get(gov_server + tampered, timeout=60).status_code == 403
    assert _export_attachments() == before
    with committed_env() as env:
        logs = env["gov.privacy.log"].search([("partner_id", "=", people["partner"]), ("event", "=", "access_export")])
        assert logs.mapped("user_id.login") == ["privacy"]
