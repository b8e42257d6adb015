"""The one gate for public request data: the status page, the portal's neighbours and the
Open311 API read requests through it, under the same rules.

Who reads what (docs/API.md, "Who may read a request"):

* a request of a service marked *public report* (a broken street light): anyone, with the
  tracking number alone;
* an API client: also the requests of its own scope (``_oss_public_client_domains``: the
  requests it posted, those forwarded to its agency, ...);
* any other request: only with its tracking number AND the last 4 digits of the
  applicant's ID, phone or mobile, one number at a time;
* or with its tracking number and the key of its signed status link
  (``oss_track_signed_url``), sent to the person who asked by e-mail, the web form or LINE:
  they may have given no ID or phone whose digits they could type.

What passes the gate is the public values only (``_oss_public_values``): service, state,
steps, dates, public notes and the open questions to the applicant, never their answers.

Drafts are never public. Unknown numbers, wrong digits and requests outside the caller's
scope are answered alike (absent), so the answer does not tell whether a number exists.
Anonymous reads are rate-limited per client address by ``gov.rate.limit``.
"""
import re

from werkzeug.urls import url_encode

from odoo import api, models
from odoo.osv import expression
from odoo.tools import consteq

TRACKING_RE = re.compile(r"^OSS-\d{4}-\d{6}$")
# scope of the status page's limit: every read that relies on the last 4 digits counts on it,
# from the page or from the API, so that two surfaces do not double the guesses allowed
TRACK_SCOPE = "oss.track"
# states in which the deadline of the missing documents is shown
DEADLINE_STATES = ("waiting_docs", "abandoned")


class OssRequest(models.Model):
    _inherit = "oss.request"

    def _oss_last4_candidates(self):
        """Last 4 digits of the applicant's ID, phone and mobile."""
        self.ensure_one()
        candidates = []
        for value in (self.partner_id.national_id, self.partner_id.phone, self.partner_id.mobile):
            digits = re.sub(r"\D", "", value or "")
            if len(digits) >= 4:
                candidates.append(digits[-4:])
        return candidates

    def _oss_labels(self, field_name, value):
        """(Thai, English) labels of a selection value."""
        field = self._fields[field_name]
        return tuple(dict(field._description_selection(self.with_context(lang=lang).env))[value]
                     for lang in ("th_TH", "en_US"))

    # ------------------------------------------------------------ the gate
    @api.model
    def _oss_public_client_domains(self, client):
        """Domains of the requests an API client reads without the digits (hook: oss_open311
        adds the requests it posted, oss_agency_exchange those of its agency)."""
        return []

    @api.model
    def _oss_public_domain(self, client=None):
        """The requests readable without the last 4 digits, by anyone or by ``client``."""
        scopes = [[("service_id.public_report", "=", True)]]
        if client:
            scopes += self._oss_public_client_domains(client)
        return expression.AND([[("state", "!=", "draft")], expression.OR(scopes)])

    # ------------------------------------------------------------ the signed status link
    @api.model
    def _oss_track_key(self, number):
        """The key of the signed status link of ``number``: Odoo's own notification token
        (an HMAC of the database secret), so it needs no stored field and cannot be forged."""
        # sudo: the HMAC reads the database secret, a system parameter
        return self.env["mail.thread"].sudo()._generate_notification_token("/oss/track", {"number": number})

    @api.multi
    def oss_track_signed_url(self):
        """Template helper: the status page of this request, opened without the last 4 digits."""
        self.ensure_one()
        query = url_encode({"number": self.name, "key": self._oss_track_key(self.name)})
        return "%s?%s" % (self.oss_track_url(), query)

    @api.model
    def _oss_public_find(self, numbers, last4=None, client=None, key=None):
        """The requests among the tracking ``numbers`` that the caller may read.

        Call it on a sudo environment: this method IS the access check, and the caller
        must show only the public values of what it returns.
        """
        numbers = [n.strip().upper() for n in numbers if isinstance(n, str)]
        numbers = [n for n in numbers if TRACKING_RE.match(n)]
        if not numbers:
            return self.browse()
        found = self.search(expression.AND([[("name", "in", numbers)], self._oss_public_domain(client)]))
        digits = re.sub(r"\D", "", last4 or "") if isinstance(last4, str) else ""
        signed = isinstance(key, str) and len(numbers) == 1 and consteq(key, self._oss_track_key(numbers[0]))
        if len(numbers) == 1 and (len(digits) == 4 or signed) and not found:
            candidate = self.search([("name", "=", numbers[0]), ("state", "!=", "draft")], limit=1)
            if candidate and (signed or any(consteq(digits, c) for c in candidate._oss_last4_candidates())):
                found = candidate
        return found

    @api.model
    def _oss_public_rate_limits(self, scope):
        """(calls, seconds) allowed per client address for an anonymous surface (hook)."""
        if scope == TRACK_SCOPE:
            return self.env["gov.rate.limit"]._limits_param(
                "one_stop_service.track_rate_limit", "one_stop_service.track_rate_window", 10, 600)
        raise ValueError("unknown rate-limit scope %s" % scope)

    @api.model
    def _oss_public_rate(self, scope, address):
        """Count one anonymous read of ``address``; (allowed, seconds to wait when refused)."""
        limit, window = self._oss_public_rate_limits(scope)
        RateLimit = self.env["gov.rate.limit"]
        return RateLimit.hit(scope, RateLimit.address_key(address), limit, window)

    # ------------------------------------------------------------ the status page
    @api.model
    def _oss_public_status(self, number, last4, key=None):
        """Public view of a request, or None when the number or the digits (or key) do not match.

        Unknown numbers and wrong digits both give None: the page answers them alike.
        Never returns a name, an identifier, an internal note or an officer.
        """
        found = self._oss_public_find([number or ""], last4, key=key)
        return found._oss_public_values() if found else None

    def _oss_public_values(self):
        self.ensure_one()
        service = self.service_id
        return {
            "number": self.name,
            "service_th": service.name, "service_en": service.name_en or service.name,
            "state": self.state,
            "state_th": self._oss_labels("state", self.state)[0],
            "state_en": self._oss_labels("state", self.state)[1],
            "received_th": self.oss_be_date(self.date_received),
            "received_en": self.oss_be_date(self.date_received, "en_US"),
            "expected_th": self.oss_be_date(self.expected_date),
            "expected_en": self.oss_be_date(self.expected_date, "en_US"),
            # the date of the record of missing documents (s.8), while they are awaited or once missed
            "docs_deadline_th": self.oss_be_date(self.docs_deadline) if self.state in DEADLINE_STATES else "",
            "docs_deadline_en": (self.oss_be_date(self.docs_deadline, "en_US")
                                 if self.state in DEADLINE_STATES else ""),
            "steps_done": self.steps_done, "steps_total": self.steps_total,
            "steps": [{
                "name": step.name, "department": step.department_id.name,
                "department_en": step.department_id.name_en or step.department_id.name,
                "state": step.state,
                "state_th": step._oss_step_label("th_TH"), "state_en": step._oss_step_label("en_US"),
            } for step in self.step_ids.filtered(lambda s: s.state != "cancelled")],
            "notes": self._oss_public_notes(),
            "questions": self._oss_public_questions(),
        }

    def _oss_public_questions(self):
        """What the agency waits for from the applicant, for whoever passes the gate (the status
        page, the Open311 API, the agency's webhook): the open questions only, never an answer
        or who asked. The officer was told the question is public (no personal data)."""
        self.ensure_one()
        if self.state != "waiting_applicant":
            return []
        return self.oss_open_questions().mapped("question")


class OssRequestStep(models.Model):
    _inherit = "oss.request.step"

    def _oss_step_label(self, lang):
        field = self._fields["state"]
        return dict(field._description_selection(self.with_context(lang=lang).env))[self.state]
