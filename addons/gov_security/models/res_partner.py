"""Anonymisation also reaches the audit log: what a person's record held is not kept there."""

from odoo import models


class ResPartner(models.Model):
    _inherit = "res.partner"

    def _gov_anonymise_logs(self, traces, documents):
        """The audit log keeps who changed what and when, not what the person's data was."""
        super(ResPartner, self)._gov_anonymise_logs(traces, documents)
        self.env["auditlog.rule"].sudo()._gov_forget_person(traces, documents)
        return True
