"""The official receipts and payment notices as PDF: through Odoo's report route and the portal's
own routes, a role gets the PDF of exactly the receipts and payment requests the policy lets it
read; an anonymous visitor gets none; nothing is stored for a download."""
import requests

from ..conftest import committed_env
from .policy import ROLES
from .test_access_matrix import scope_names

RECEIPTS = {"RCPT_F": "R_F", "RCPT_PF": "R_PF"}


def _is_pdf(response):
    return response.status_code == 200 and response.content[:5] == b"%PDF-"


def _stored_files():
    with committed_env() as env:
        return env["ir.attachment"].search_count([("res_model", "in", ("oss.receipt", "oss.payment.request"))])


def test_receipt_pdfs_follow_the_policy(gov_server, world, sessions):
    files, findings = _stored_files(), []
    for role in ROLES:
        session = sessions[role]
        allowed = scope_names("oss.receipt", "read", role)
        for receipt, request in sorted(RECEIPTS.items()):
            receipt_id, request_id = world.ids[receipt], world.ids[request]
            for path in ("/report/pdf/oss_payment.oss_receipt_document/%d" % receipt_id,
                         "/my/requests/%d/receipts/%d" % (request_id, receipt_id)):
                got = _is_pdf(session.http.get(gov_server + path, timeout=180, allow_redirects=False))
                if got and receipt not in allowed:
                    findings.append("LEAK     %-16s oss.receipt %s via %s" % (role, receipt, path))
                elif not got and receipt in allowed:
                    findings.append("BLOCKED  %-16s oss.receipt %s via %s" % (role, receipt, path))
            anonymous = requests.get(gov_server + "/my/requests/%d/receipts/%d" % (request_id, receipt_id),
                                     timeout=60, allow_redirects=False)
            if _is_pdf(anonymous):
                findings.append("LEAK     anonymous        oss.receipt %s" % receipt)
    assert not findings, "\n" + "\n".join(findings)
    assert _stored_files() == files


def test_payment_notice_pdf_only_for_the_applicant_and_the_request_s_readers(gov_server, world, sessions):
    """The portal's notice route: the applicant of R_PF and the staff who read the request (R_PF is P's
    request routed to department A, as R_P: the same roles read it)."""
    findings = []
    for role in ROLES:
        allowed = "R_P" in scope_names("oss.request", "read", role)
        answer = sessions[role].http.get(gov_server + "/my/requests/%d/payment" % world.ids["R_PF"], timeout=180,
                                         allow_redirects=False)
        if _is_pdf(answer) != allowed:
            findings.append("%s %-16s payment notice of R_PF" % (
                "LEAK    " if _is_pdf(answer) else "BLOCKED ", role))
    assert not findings, "\n" + "\n".join(findings)
