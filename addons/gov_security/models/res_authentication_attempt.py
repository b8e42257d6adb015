from odoo import _, api, models


class ResAuthenticationAttempt(models.Model):
    _inherit = "res.authentication.attempt"

    @api.multi
    def _compute_metadata(self):
        """auth_brute_force looks addresses up on a third-party web service: a visitor's address
        is personal data, and the server has no business calling out. Nothing is looked up."""
        for attempt in self:
            attempt.remote_metadata = _("Not looked up: addresses are not sent to third parties.")

    @api.model
    def _trusted(self, remote, login):
        # sudo: the check runs as the user logging in, who may not read the attempts
        # (only administrators do: security/gov_security_security.xml)
        return super(ResAuthenticationAttempt, self.sudo())._trusted(remote, login)

    @api.model
    def _gov_record(self, login, remote, result):
        """Record a second-factor attempt so that it counts like a password attempt."""
        # sudo: attempts are written by the login machinery, never by the person logging in
        return self.sudo().create({"login": login, "remote": remote, "result": result})
