"""A building permit paid by PromptPay, end to end, each step by its role over HTTP:

the front desk takes a B02 intake with the floor area and prints the acknowledgement with the
amount and the QR code; the applicant pays by scanning it, and the cashier imports the bank's
statement (twice: the second import adds nothing), which records the payment and issues the
official receipt; the front desk sees the request paid; the cashier closes the day, whose
totals equal its payments, and prints it in PDF and Excel; a closed day takes no payment.
"""
import base64
import random
import re

import pytest
from stdnum.th import pin

from odoo.addons.gov_crm.lib import promptpay as thai_qr
from odoo.addons.oss_payment.tests.common import pdf_qr_codes, pdf_text

from .conftest import committed_env

SUFFIX = "%06d" % random.randint(0, 999999)
AREA = 250.5  # square metres, at 0.50 baht: 125.25 baht


def random_pin():
    while True:
        number = "3" + "".join(random.choice("0123456789") for _ in range(11))
        for digit in "0123456789":
            if pin.is_valid(number + digit):
                return number + digit


@pytest.fixture(scope="module")
def journey(gov_server):
    """A cashier of their own (their day is closed by the journey) and an applicant."""
    data = {}
    with committed_env() as env:
        env.cr.execute("SELECT fiscal_year, last_number FROM oss_receipt_counter")
        data["counters"] = dict(env.cr.fetchall())
        cashier = env["res.users"].with_context(no_reset_password=True).create({
            "name": "แคชเชียร์ ทดสอบ %s" % SUFFIX, "login": "journey_cashier_%s" % SUFFIX,
            "password": "pw-journey-%s" % SUFFIX,
            "groups_id": [(6, 0, env.ref("oss_payment.group_oss_cashier").ids)]})
        applicant = env["res.partner"].create({
            "name": "นายผู้ขออนุญาต ก่อสร้าง %s" % SUFFIX, "gov_party_type": "citizen", "national_id": random_pin()})
        b02 = env.ref("one_stop_service.oss_service_b02")
        data.update(cashier=(cashier.login, "pw-journey-%s" % SUFFIX), cashier_id=cashier.id,
                    applicant=applicant.id, b02=b02.id, rate=env.ref("oss_payment.oss_service_b02_rate_1").id,
                    waits=b02.fee_waits_payment, b05=env.ref("one_stop_service.oss_service_b05").id,
                    requests=[])
    yield data
    with committed_env() as env:
        cr = env.cr
        ids = tuple(data["requests"]) or (0,)
        # payments and their receipts and bank lines point at each other: the links go first
        cr.execute("UPDATE oss_payment SET receipt_id = NULL, statement_line_id = NULL WHERE request_id IN %s",
                   (ids,))
        cr.execute("DELETE FROM oss_receipt WHERE request_id IN %s", (ids,))
        cr.execute("DELETE FROM oss_bank_statement_line WHERE statement_id IN "
                   "(SELECT id FROM oss_bank_statement WHERE user_id = %s)", (data["cashier_id"],))
        cr.execute("DELETE FROM oss_bank_statement WHERE user_id = %s", (data["cashier_id"],))
        cr.execute("DELETE FROM oss_payment WHERE request_id IN %s", (ids,))
        cr.execute("DELETE FROM ir_attachment WHERE res_model = 'oss.cashier.close' AND res_id IN "
                   "(SELECT id FROM oss_cashier_close WHERE cashier_id = %s)", (data["cashier_id"],))
        cr.execute("DELETE FROM oss_cashier_close WHERE cashier_id = %s", (data["cashier_id"],))
        for year, number in data["counters"].items():
            cr.execute("UPDATE oss_receipt_counter SET last_number = %s WHERE fiscal_year = %s", (number, year))
        cr.execute("DELETE FROM oss_receipt_counter WHERE NOT (fiscal_year = ANY(%s))",
                   (list(data["counters"]) or [0],))
        # the requests, the applicant and the cashier go with the module's own clean-up (conftest)


def _pdf(session, url, report, record_id):
    answer = session.http.get(url + "/report/pdf/%s/%d" % (report, record_id), timeout=180)
    assert answer.status_code == 200
    assert answer.headers["Content-Type"] == "application/pdf"
    return answer.content


def _refused(refusal, name="odoo.exceptions.AccessError"):
    return type(refusal.value).__name__ == "RpcError" and refusal.value.name == name


def test_building_permit_paid_by_promptpay_from_intake_to_the_daily_close(gov_server, gov_rpc, journey):
    front_desk = gov_rpc("frontdesk", "frontdesk")
    cashier = gov_rpc(*journey["cashier"])

    # the front desk: the intake asks the floor area, the receipt shows the amount and the QR code
    request_id = front_desk.call_kw("oss.request", "create", [{
        "partner_id": journey["applicant"], "service_id": journey["b02"], "fee_rate_id": journey["rate"],
        "fee_quantity": AREA}])
    journey["requests"].append(request_id)
    front_desk.call_kw("oss.request", "action_receive_all_documents", [[request_id]])
    front_desk.call_kw("oss.request", "action_submit", [[request_id]])
    request = front_desk.call_kw("oss.request", "read", [[request_id], [
        "name", "state", "amount_due", "payment_state", "payment_request_ids"]])[0]
    assert (request["amount_due"], request["payment_state"]) == (125.25, "unpaid")
    assert (request["state"] == "waiting_payment") == bool(journey["waits"])
    payment_request = front_desk.call_kw("oss.payment.request", "read", [request["payment_request_ids"], [
        "ref1", "ref2", "amount", "qr_payload", "state"]])
    assert len(payment_request) == 1
    payment_request = payment_request[0]
    assert (payment_request["amount"], payment_request["state"]) == (125.25, "open")
    acknowledgement = _pdf(front_desk, gov_server, "one_stop_service.oss_request_receipt", request_id)
    assert "125.25" in pdf_text(acknowledgement)
    assert pdf_qr_codes(acknowledgement) == [payment_request["qr_payload"]]
    scanned = thai_qr.parse_payload(payment_request["qr_payload"])
    assert scanned["crc_ok"] and str(scanned["amount"]) == "125.25"
    assert scanned["account"]["02"] == payment_request["ref1"] == request["name"].replace("-", "")
    assert scanned["account"]["03"] == payment_request["ref2"]

    # the front desk takes no money, not even through a bank statement
    bank_ref = "JRN%s" % SUFFIX
    statement = ("date,time,amount,ref1,ref2,payer,bank_ref\n"
                 "30/11/2026,09:41,125.25,%s,%s,นายผู้ขออนุญาต ก่อสร้าง,%s\n" % (
                     payment_request["ref1"], payment_request["ref2"], bank_ref)).encode("utf-8")
    upload = {"data_file": base64.b64encode(statement).decode(), "filename": "bill-payment-%s.csv" % SUFFIX}
    wizard = front_desk.call_kw("oss.bank.statement.import", "create", [upload])
    with pytest.raises(Exception) as refusal:
        front_desk.call_kw("oss.bank.statement.import", "action_import", [[wizard]])
    assert _refused(refusal)

    # the applicant paid by the QR code: the cashier imports the bank's statement
    imported = []
    for _attempt in range(2):
        wizard = cashier.call_kw("oss.bank.statement.import", "create", [upload])
        imported.append(cashier.call_kw("oss.bank.statement.import", "action_import", [[wizard]])["res_id"])
    first, second = cashier.call_kw("oss.bank.statement", "read", [imported, [
        "line_count", "unmatched_count", "skipped_count", "total"]])
    assert (first["line_count"], first["unmatched_count"], first["total"]) == (1, 0, 125.25)
    assert (second["line_count"], second["skipped_count"]) == (0, 1)  # the same file again adds nothing
    line = cashier.call_kw("oss.bank.statement.line", "search_read", [[("bank_ref", "=", bank_ref)], [
        "state", "request_id", "payment_id"]])
    assert [(row["state"], row["request_id"][0]) for row in line] == [("matched", request_id)]
    payment = cashier.call_kw("oss.payment", "read", [[line[0]["payment_id"][0]], [
        "amount", "method", "receipt_id", "close_id", "cashier_id"]])[0]
    assert (payment["amount"], payment["method"], payment["cashier_id"][0]) == (125.25, "qr", journey["cashier_id"])

    # the request is paid, as the front desk sees it; its processing runs
    request = front_desk.call_kw("oss.request", "read", [[request_id], ["state", "payment_state", "amount_residual"]])
    assert (request[0]["payment_state"], request[0]["amount_residual"]) == ("paid", 0.0)
    assert request[0]["state"] == "in_progress"

    # the official receipt: number, Buddhist-era date and the amount in Thai words
    receipt = cashier.call_kw("oss.receipt", "read", [[payment["receipt_id"][0]], [
        "number_label", "amount", "amount_text", "tracking_number", "state"]])[0]
    assert (receipt["amount"], receipt["amount_text"], receipt["state"]) == (
        125.25, "หนึ่งร้อยยี่สิบห้าบาทยี่สิบห้าสตางค์", "valid")
    text = pdf_text(_pdf(cashier, gov_server, "oss_payment.oss_receipt_document", payment["receipt_id"][0]))
    assert "เลขที่%s" % receipt["number_label"] in text
    assert "หนึ่งร้อยยี่สิบห้าบาทยี่สิบห้าสตางค์" in text
    assert receipt["tracking_number"] in text
    assert re.search(r"วันที่\d{1,2}\D+25\d\d", text)  # a Buddhist-era date

    # the daily close: only its own cashier closes it, and its totals are its payments
    close_id = payment["close_id"][0]
    with pytest.raises(Exception) as refusal:
        front_desk.call_kw("oss.cashier.close", "action_close", [[close_id]])
    assert _refused(refusal)
    cashier.call_kw("oss.cashier.close", "action_close", [[close_id]])
    close = cashier.call_kw("oss.cashier.close", "read", [[close_id], [
        "state", "payment_count", "receipt_count", "total_qr", "total_cash", "total"]])[0]
    assert (close["state"], close["payment_count"], close["receipt_count"]) == ("closed", 1, 1)
    assert (close["total_qr"], close["total_cash"], close["total"]) == (125.25, 0.0, 125.25)
    close_text = pdf_text(_pdf(cashier, gov_server, "oss_payment.oss_cashier_close_document", close_id))
    assert "125.25" in close_text
    download = cashier.call_kw("oss.cashier.close", "action_export_xlsx", [[close_id]])
    sheet = cashier.http.get(gov_server + download["url"], timeout=60)
    assert sheet.status_code == 200 and sheet.content[:2] == b"PK"  # an Office Open XML (zip) file

    # a closed day takes no new payment from that cashier, for any request
    other_id = front_desk.call_kw("oss.request", "create", [{
        "partner_id": journey["applicant"], "service_id": journey["b05"]}])
    journey["requests"].append(other_id)
    front_desk.call_kw("oss.request", "action_receive_all_documents", [[other_id]])
    front_desk.call_kw("oss.request", "action_submit", [[other_id]])
    wizard = cashier.call_kw("oss.payment.wizard", "create", [{
        "request_id": other_id, "amount": 300, "method": "cash", "amount_tendered": 500, "payer_name": "x"}])
    with pytest.raises(Exception) as refusal:
        cashier.call_kw("oss.payment.wizard", "action_confirm", [[wizard]])
    assert _refused(refusal, "odoo.exceptions.UserError")
    assert "is closed: it takes no new payment" in refusal.value.message
    assert cashier.call_kw("oss.payment", "search_count", [[("request_id", "=", other_id)]]) == 0
