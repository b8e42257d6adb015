"""What the public status page and the portal may show about a request."""
import re

from odoo import api, models
from odoo.tools import consteq

TRACKING_RE = re.compile(r"^OSS-\d{4}-\d{6}$")


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

    @api.model
    def _oss_public_status(self, number, last4):
        """Public view of a request, or None when the number or the digits do not match.

        Unknown numbers and wrong digits both give None: the page answers them alike.
        Never returns a name, an identifier, an internal note or an officer.
        """
        number = (number or "").strip().upper()
        last4 = re.sub(r"\D", "", last4 or "")
        if not TRACKING_RE.match(number) or len(last4) != 4:
            return None
        found = self.search([("name", "=", number)], limit=1)
        if not found or not any(consteq(last4, c) for c in found._oss_last4_candidates()):
            return None
        return found._oss_public_values()

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
            "steps_done": self.steps_done, "steps_total": self.steps_total,
            "steps": [{
                "name": step.name, "department": step.department_id.name,
                "department_en": step.department_id.name_en or step.department_id.name,
                "state": step.state,
                "state_th": step._oss_step_label("th_TH"), "state_en": step._oss_step_label("en_US"),
            } for step in self.step_ids.filtered(lambda s: s.state != "cancelled")],
            "notes": self._oss_public_notes(),
            # what the agency waits for: the officer was told it is public (no personal data)
            "questions": self.oss_open_questions().mapped("question") if self.state == "waiting_applicant" else [],
        }


class OssRequestStep(models.Model):
    _inherit = "oss.request.step"

    def _oss_step_label(self, lang):
        field = self._fields["state"]
        return dict(field._description_selection(self.with_context(lang=lang).env))[self.state]
