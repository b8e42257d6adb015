"""The cost of one payment, in time and SQL queries, inside an ``odoo shell`` (nothing is kept).

    GOV_DB=govcrm_test scripts/gov.sh shell < bench/payment_cost.py

records a cash payment with its official receipt (``oss_payment``) 25 times as a cashier and
prints the median of the last 20 (the first 5 warm the caches up). In a database where Odoo's
invoicing is installed (``account_invoicing``, ``l10n_th``), it also validates and pays a
one-line customer invoice 25 times (``account.invoice`` and ``account.payment``). Everything is
rolled back at the end.
"""
# pylint: disable=undefined-variable
import statistics
import time

RUNS, WARM_UP = 25, 5


def measure(cr, action):
    """(milliseconds, SQL queries) of ``action()`` (Odoo 11 writes and recomputes in the call)."""
    queries, start = cr.sql_log_count, time.perf_counter()
    action()
    return (time.perf_counter() - start) * 1000.0, cr.sql_log_count - queries


def report(label, samples):
    kept = samples[WARM_UP:]
    print("%s: median %.0f ms, %d SQL queries (%d runs after %d for warming up)" % (
        label, statistics.median(ms for ms, _q in kept), statistics.median(q for _ms, q in kept),
        len(kept), WARM_UP))


def product_payment(env):
    company = env.user.company_id
    if not company.vat:
        company.vat = "0994000999003"
    cashier = env["res.users"].with_context(no_reset_password=True).create({
        "name": "Bench cashier", "login": "bench-cashier-payment-cost",
        "groups_id": [(6, 0, env.ref("oss_payment.group_oss_cashier").ids)]})
    department = env["gov.department"].create({"name": "Bench", "code": "BENCH-PAY"})
    service = env["oss.service"].create({
        "code": "BENCH-PAY", "name": "Bench fee", "legal_days": 5, "fee": 100,
        "step_ids": [(0, 0, {"name": "Check", "department_id": department.id, "sequence": 10, "days": 1})]})
    person = env["res.partner"].create({"name": "Bench payer", "gov_party_type": "citizen"})
    samples = []
    for _index in range(RUNS):
        request = env["oss.request"].create({"partner_id": person.id, "service_id": service.id})
        request.action_receive_all_documents()
        request.action_submit()
        Payment = env["oss.payment"].sudo(cashier)
        samples.append(measure(env.cr, lambda: Payment._oss_record(
            request.sudo(cashier), 100, "cash", amount_tendered=100)))
    report("oss_payment: a cash payment with its official receipt", samples)


def invoice_payment(env):
    partner = env["res.partner"].create({"name": "Bench customer", "customer": True})
    product = env["product.product"].create({"name": "Bench fee", "type": "service", "list_price": 100})
    journal = env["account.journal"].search([("type", "=", "cash")], limit=1)
    method = env.ref("account.account_payment_method_manual_in")
    samples = []
    for _index in range(RUNS):
        def pay():
            invoice = env["account.invoice"].create({
                "partner_id": partner.id, "type": "out_invoice",
                "invoice_line_ids": [(0, 0, {
                    "product_id": product.id, "name": "Bench fee", "quantity": 1, "price_unit": 100,
                    "account_id": product.categ_id.property_account_income_categ_id.id
                    or env["account.account"].search([("user_type_id.type", "=", "other")], limit=1).id})]})
            invoice.action_invoice_open()
            env["account.payment"].create({
                "payment_type": "inbound", "partner_type": "customer", "partner_id": partner.id,
                "amount": 100, "journal_id": journal.id, "payment_method_id": method.id,
                "invoice_ids": [(6, 0, invoice.ids)]}).post()
        samples.append(measure(env.cr, pay))
    report("Odoo's invoicing: a one-line invoice validated and paid", samples)


env.cr.execute("SELECT count(*) FROM ir_module_module WHERE state = 'installed'")  # noqa: F821
print("database %s: %d modules installed, %d models" % (
    env.cr.dbname, env.cr.fetchone()[0], len(env.registry.models)))  # noqa: F821
try:
    product_payment(env)  # noqa: F821 (the shell's environment)
    if "account.invoice" in env.registry:  # noqa: F821
        invoice_payment(env)  # noqa: F821
finally:
    env.cr.rollback()  # noqa: F821
