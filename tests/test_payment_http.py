"""Fees over HTTP: 20 cashiers at once, the applicant's QR and receipts, the status page, RPC refusals.

Runs against the test server of the `gov_server` fixture with committed data, removed at the end
(requests, payments, receipts, the cashiers' days, users and persons, and the receipt counter set
back to where it was).
"""
import base64
import os
import random
import re
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests
from stdnum.th import pin

from odoo.addons.gov_crm.lib import promptpay as thai_qr
from odoo.addons.oss_payment.tests.common import pdf_qr_codes, pdf_text, zbar_decode

from odoo.addons.oss_payment.models.oss_request_public import PDF_SCOPE

from .conftest import WHOLE_RUN_WINDOW, committed_env, purge_requests, reset_rate_limits, system_params
from .leftovers import leftovers, snapshot

SUFFIX = "%06d" % random.randint(0, 999999)
CASHIERS = 20


def random_pin():
    while True:
        number = "3" + "".join(random.choice("0123456789") for _ in range(11))
        for digit in "0123456789":
            if pin.is_valid(number + digit):
                return number + digit


def purge_payments(env, request_ids):
    """Remove the payments, receipts and bank lines of requests (never deleted through the ORM)."""
    if not request_ids:
        return
    ids = tuple(request_ids)
    env.cr.execute("UPDATE oss_payment SET receipt_id = NULL, statement_line_id = NULL WHERE request_id IN %s",
                   (ids,))
    env.cr.execute("DELETE FROM oss_receipt WHERE request_id IN %s", (ids,))
    env.cr.execute("DELETE FROM oss_payment WHERE request_id IN %s AND reversal_of_id IS NOT NULL", (ids,))
    env.cr.execute("DELETE FROM oss_payment WHERE request_id IN %s", (ids,))
    env.cache.invalidate()


@pytest.fixture(scope="module")
def pay_data(gov_server):
    """20 cashiers with a request each, and a portal applicant with a building permit (B02) of 125.5 m²."""
    data = {"cashiers": [], "requests": [], "partners": [], "users": []}
    with committed_env() as env:
        env.cr.execute("SELECT fiscal_year, last_number FROM oss_receipt_counter")
        data["counters"] = dict(env.cr.fetchall())
        Users = env["res.users"].with_context(no_reset_password=True)
        cashier_group = env.ref("oss_payment.group_oss_cashier")
        service = env.ref("one_stop_service.oss_service_b05")  # a fixed fee of 300 baht
        applicant = env["res.partner"].create({"name": "ผู้ขอ ทดสอบพร้อมกัน %s" % SUFFIX, "gov_party_type": "citizen",
                                               "national_id": random_pin()})
        data["partners"].append(applicant.id)
        for index in range(CASHIERS):
            login = "pay_%s_%02d" % (SUFFIX, index)
            user = Users.create({"name": "Cashier %02d %s" % (index, SUFFIX), "login": login,
                                 "password": "pw-%s" % login, "groups_id": [(6, 0, cashier_group.ids)]})
            request = env["oss.request"].create({"partner_id": applicant.id, "service_id": service.id})
            request.action_receive_all_documents()
            request.action_submit()
            data["cashiers"].append((login, "pw-%s" % login, request.id))
            data["users"].append(user.id)
            data["requests"].append(request.id)
        portal = Users.create({"name": "ผู้ขออนุญาต %s" % SUFFIX, "login": "pay_portal_%s" % SUFFIX,
                               "password": "pw-portal-%s" % SUFFIX,
                               "groups_id": [(6, 0, env.ref("base.group_portal").ids)]})
        phone = "08%08d" % random.randint(0, 99999999)
        portal.partner_id.write({"gov_party_type": "business", "phone": phone, "lang": "th_TH"})
        b02 = env.ref("one_stop_service.oss_service_b02")
        permit = env["oss.request"].create({"partner_id": portal.partner_id.id, "service_id": b02.id,
                                            "fee_rate_id": b02.fee_rate_ids[0].id, "fee_quantity": 125.5})
        permit.action_receive_all_documents()
        permit.action_submit()
        data.update(portal=(portal.login, "pw-portal-%s" % SUFFIX), portal_uid=portal.id, permit=permit.id,
                    permit_name=permit.name,
                    phone=phone, payload=permit.payment_request_ids.qr_payload)
        data["users"].append(portal.id)
        data["partners"].append(portal.partner_id.id)
        data["requests"].append(permit.id)
    reset_rate_limits()
    yield data
    with committed_env() as env:
        purge_payments(env, data["requests"])
        env.cr.execute("DELETE FROM oss_cashier_close WHERE cashier_id IN %s", (tuple(data["users"]),))
        purge_requests(env, data["requests"])
        users = env["res.users"].browse(data["users"])
        partners = users.mapped("partner_id").ids + data["partners"]
        users.unlink()
        env["res.partner"].browse(partners).exists().unlink()
        # the counters set back in their own rows (new rows would be left behind)
        for year, number in data["counters"].items():
            env.cr.execute("UPDATE oss_receipt_counter SET last_number = %s WHERE fiscal_year = %s", (number, year))
        env.cr.execute("DELETE FROM oss_receipt_counter WHERE NOT (fiscal_year = ANY(%s))",
                       (list(data["counters"]) or [0],))
    reset_rate_limits()


def test_twenty_cashiers_at_once_get_unique_gap_free_receipt_numbers(gov_rpc, pay_data):
    sessions = [(gov_rpc(login, password), request_id) for login, password, request_id in pay_data["cashiers"]]
    start = threading.Barrier(len(sessions))

    def pay(session_request):
        session, request_id = session_request
        wizard = session.call_kw("oss.payment.wizard", "create", [{"request_id": request_id, "amount": 300,
                                                                   "method": "cash", "amount_tendered": 500,
                                                                   "payer_name": "ผู้ชำระ"}])
        start.wait(timeout=60)
        # as the cashier does when told the server is busy (the year's counter taken by the others'
        # payments through every one of Odoo's tries: 503 with Retry-After): confirm again after it
        for _try in range(5):
            try:
                return session.call_kw("oss.payment.wizard", "action_confirm", [[wizard]])
            except requests.HTTPError as error:
                if error.response.status_code != 503:
                    raise
                time.sleep(int(error.response.headers["Retry-After"]))
        raise AssertionError("still busy after five confirmations")

    with ThreadPoolExecutor(max_workers=len(sessions)) as pool:
        actions = list(pool.map(pay, sessions))
    assert all(action["report_name"] == "oss_payment.oss_receipt_document" for action in actions)
    with committed_env() as env:
        receipts = env["oss.receipt"].search([("request_id", "in", [r for _l, _p, r in pay_data["cashiers"]])])
        numbers = sorted(receipts.mapped("number"))
        years = set(receipts.mapped("fiscal_year"))
        assert len(receipts) == CASHIERS
        assert len(years) == 1
        assert numbers == list(range(numbers[0], numbers[0] + CASHIERS))  # unique and without a gap
        assert numbers[0] == pay_data["counters"].get(years.pop(), 0) + 1
        assert set(receipts.mapped("amount_text")) == {"สามร้อยบาทถ้วน"}
        closes = env["oss.cashier.close"].search([("cashier_id.login", "like", "pay_%s_%%" % SUFFIX)])
        assert len(closes) == CASHIERS
        assert sum(closes.mapped("payment_count")) == CASHIERS


def page_qr_codes(html, block_id):
    """The QR codes an independent reader finds in the image inside the block ``block_id`` of a page."""
    uri = re.search(r'id="%s".*?src="data:image/png;base64,([^"]+)"' % block_id, html, re.S).group(1)
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "qr.png")
        with open(path, "wb") as handle:
            handle.write(base64.b64decode(uri))
        return zbar_decode([path])


def test_status_page_shows_the_amount_and_qr_without_personal_data(gov_server, pay_data):
    # (before the portal test below pays the fee: an unpaid fee shows its QR code)
    reset_rate_limits()
    session = requests.Session()
    page = session.get(gov_server + "/oss/track", timeout=30)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
    answer = session.post(gov_server + "/oss/track", timeout=30, data={
        "csrf_token": token, "number": pay_data["permit_name"], "last4": pay_data["phone"][-4:]})
    assert answer.status_code == 200
    assert 'id="oss_track_payment"' in answer.text
    assert "62.75" in answer.text
    assert page_qr_codes(answer.text, "oss_track_payment") == [pay_data["payload"]]
    assert "ผู้ขออนุญาต" not in answer.text  # never the applicant's name


def test_portal_shows_the_fee_and_qr_and_serves_the_official_receipt(gov_server, gov_rpc, pay_data):
    portal = gov_rpc(*pay_data["portal"])
    page = portal.http.get(gov_server + "/my/requests/%d" % pay_data["permit"], timeout=60)
    assert page.status_code == 200
    assert "62.75" in page.text
    assert page_qr_codes(page.text, "oss_portal_qr") == [pay_data["payload"]]
    notice = portal.http.get(gov_server + "/my/requests/%d/payment" % pay_data["permit"], timeout=120)
    assert notice.headers["Content-Type"] == "application/pdf"
    codes = pdf_qr_codes(notice.content)
    assert codes == [pay_data["payload"]]
    parsed = thai_qr.parse_payload(codes[0])
    assert parsed["crc_ok"] and str(parsed["amount"]) == "62.75"
    assert parsed["account"]["02"] == pay_data["permit_name"].replace("-", "")

    cashier = gov_rpc(*pay_data["cashiers"][0][:2])
    wizard = cashier.call_kw("oss.payment.wizard", "create", [{
        "request_id": pay_data["permit"], "amount": 62.75, "method": "qr", "payer_name": "บริษัท ผู้ขออนุญาต จำกัด"}])
    cashier.call_kw("oss.payment.wizard", "action_confirm", [[wizard]])
    page = portal.http.get(gov_server + "/my/requests/%d" % pay_data["permit"], timeout=60)
    receipt_id = int(re.search(r"/my/requests/%d/receipts/(\d+)" % pay_data["permit"], page.text).group(1))
    assert 'id="oss_portal_qr"' not in page.text  # paid: nothing more to scan
    pdf = portal.http.get(gov_server + "/my/requests/%d/receipts/%d" % (pay_data["permit"], receipt_id), timeout=120)
    assert pdf.headers["Content-Type"] == "application/pdf"
    text = pdf_text(pdf.content)
    assert "หกสิบสองบาทเจ็ดสิบห้าสตางค์" in text
    assert "ใบเสร็จรับเงิน" in text and "62.75" in text
    assert re.search(r"วันที่\d{1,2}\D+25\d\d", text)  # a Buddhist-era date
    with committed_env() as env:
        receipt = env["oss.receipt"].browse(receipt_id)
        assert "เลขที่%s" % receipt.number_label in text
    other = requests.Session()
    assert other.get(gov_server + "/my/requests/%d/receipts/%d" % (pay_data["permit"], receipt_id),
                     timeout=60, allow_redirects=False).status_code in (302, 303)  # not logged in


def refused(refusal, name="odoo.exceptions.AccessError"):
    """The error the server answered (conftest's RpcError: .name, .message)."""
    assert type(refusal.value).__name__ == "RpcError", refusal.value
    return refusal.value.name == name


def test_rpc_refusals(gov_rpc, pay_data):
    front_desk = gov_rpc("frontdesk", "frontdesk")
    with pytest.raises(Exception) as refusal:
        front_desk.call_kw("oss.payment", "create", [{"request_id": pay_data["permit"], "method": "cash",
                                                      "amount": 1, "payer_name": "x"}])
    assert refused(refusal)
    wizard = front_desk.call_kw("oss.payment.wizard", "create", [{
        "request_id": pay_data["cashiers"][1][2], "amount": 1, "method": "cash", "payer_name": "x"}])
    with pytest.raises(Exception) as refusal:
        front_desk.call_kw("oss.payment.wizard", "action_confirm", [[wizard]])
    assert refused(refusal)
    cashier = gov_rpc(*pay_data["cashiers"][1][:2])
    domain = [("request_id", "=", pay_data["cashiers"][1][2])]
    if not cashier.call_kw("oss.receipt", "search", [domain]):  # this test run alone
        wizard = cashier.call_kw("oss.payment.wizard", "create", [{
            "request_id": pay_data["cashiers"][1][2], "amount": 300, "method": "cash", "payer_name": "x"}])
        cashier.call_kw("oss.payment.wizard", "action_confirm", [[wizard]])
    receipts = cashier.call_kw("oss.receipt", "search", [domain])
    assert len(receipts) == 1
    with pytest.raises(Exception) as refusal:
        cashier.call_kw("oss.receipt", "write", [receipts, {"payer_name": "someone else"}])
    assert refused(refusal)
    with pytest.raises(Exception) as refusal:
        cashier.call_kw("oss.receipt", "unlink", [receipts])
    assert refused(refusal, "odoo.exceptions.UserError")  # never deleted, whoever asks
    with pytest.raises(Exception) as refusal:
        cashier.call_kw("oss.payment", "_oss_record", [pay_data["cashiers"][1][2], 1, "cash"])
    assert "Private methods" in refusal.value.message


def test_portal_pdfs_refuse_hostile_ids_and_are_rate_limited(gov_server, gov_rpc, pay_data):
    """Another applicant's request, a receipt of another request, ids out of range or not numbers:
    the same 404, nothing created; past the limit per user, 429 with Retry-After until the window ends."""
    portal = gov_rpc(*pay_data["portal"])
    other_request = pay_data["cashiers"][2][2]
    with committed_env() as env:
        other_receipt = env["oss.receipt"].search([("request_id", "in", [r for _l, _p, r in pay_data["cashiers"]])],
                                                  limit=1).id or 1
    reset_rate_limits()
    with committed_env() as env:
        before = snapshot(env.cr)
    base = gov_server + "/my/requests/"
    for path in ("%d/payment" % other_request, "%d/receipts/%d" % (pay_data["permit"], other_receipt),
                 "%d/receipts/%d" % (other_request, other_receipt), "%d/payment" % (2 ** 31),
                 "%d/receipts/%d" % (pay_data["permit"], 2 ** 63), "-1/payment", "x/payment",
                 "%d/receipts/1%%27%%20OR%%201=1" % pay_data["permit"]):
        answer = portal.http.get(base + path, timeout=60)  # (to the portal user's language first)
        assert answer.status_code == 404, path
        assert answer.headers["Content-Type"].startswith("text/html"), path
    with committed_env() as env:
        assert leftovers(env.cr, before) == []  # not a row (rate-limit counters: none for a refusal)
    with committed_env() as env:
        own_receipt = env["oss.receipt"].search([("request_id", "=", pay_data["permit"])], limit=1)
    # the notice while something is due, the receipt once paid (this test may run alone)
    pdf = "%d/receipts/%d" % (pay_data["permit"], own_receipt.id) if own_receipt else "%d/payment" % pay_data["permit"]
    try:
        with system_params(oss_payment__portal_pdf_rate_limit=2, oss_payment__portal_pdf_rate_window=WHOLE_RUN_WINDOW):
            codes = [portal.http.get(base + pdf, timeout=120).status_code for _index in range(3)]
        with committed_env() as env:
            env.cr.execute("SELECT hits FROM gov_rate_limit WHERE scope = %s AND client_key = %s",
                           (PDF_SCOPE, "user-%d" % pay_data["portal_uid"]))
            hits = [row[0] for row in env.cr.fetchall()]
    finally:
        reset_rate_limits()
    assert codes == [200, 200, 429]
    assert hits == [3]
