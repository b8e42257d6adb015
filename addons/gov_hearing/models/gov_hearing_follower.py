"""People who follow a hearing: told through the channel they confirmed when its summary is
published, on the consent they gave (``gov.consent``, purpose hearing_news).

Only the system reads and writes these rows (the public route with sudo() after the code was
confirmed, the publishing action); the hearing shows how many follow it.
"""
import hashlib
import hmac
import logging
import re

from odoo import _, api, fields, models
from odoo.exceptions import UserError

_logger = logging.getLogger(__name__)
PURPOSE = "hearing_news"
TOKEN_RE = re.compile(r"^([0-9]{1,9})-([0-9a-f]{32})$")


class GovHearingFollower(models.Model):
    _name = "gov.hearing.follower"
    _description = "Person following a public hearing"
    _order = "id"

    hearing_id = fields.Many2one("gov.hearing", required=True, index=True, ondelete="cascade")
    partner_id = fields.Many2one("res.partner", required=True, index=True, ondelete="cascade")
    channel = fields.Selection([("email", "E-mail"), ("sms", "SMS")], required=True)
    target = fields.Char(required=True, help="The confirmed e-mail address or mobile number.")
    consent_id = fields.Many2one("gov.consent", ondelete="set null", index=True)
    lang = fields.Char(default="th_TH")
    date_notified = fields.Datetime(readonly=True)

    _sql_constraints = [
        ("target_uniq", "unique(hearing_id, channel, target)", "One follower per address and hearing."),
    ]

    @api.model
    def _gh_follow(self, hearing, channel, target, name, lang="th_TH"):
        """Record that the owner of ``target`` (confirmed by a code) follows ``hearing``, and their
        consent; returns the follower. Called as superuser by the public route."""
        if hearing.state == "published":
            raise UserError(_("The summary of this hearing is already published."))
        existing = self.search([("hearing_id", "=", hearing.id), ("channel", "=", channel),
                                ("target", "=", target)], limit=1)
        if existing:
            return existing
        partner = self._gh_partner(channel, target, name, lang)
        Consent = self.env["gov.consent"]
        consent = Consent.search([("partner_id", "=", partner.id), ("purpose", "=", PURPOSE),
                                  ("withdrawn_on", "=", False)], limit=1)
        if not consent:
            consent = Consent.create({
                "partner_id": partner.id, "purpose": PURPOSE, "lawful_basis": "consent", "channel": "web",
                "note": _("Given on the page of the hearing %(hearing)s, confirmed by a one-time code sent "
                          "to %(channel)s.") % {"hearing": hearing.name, "channel": channel}})
        return self.create({"hearing_id": hearing.id, "partner_id": partner.id, "channel": channel,
                            "target": target, "consent_id": consent.id, "lang": lang})

    @api.model
    def _gh_partner(self, channel, target, name, lang):
        """The person the confirmed address or number belongs to: one registered with exactly it,
        else a new citizen record holding only the name given and the address or number."""
        field = "email" if channel == "email" else "mobile"
        Partner = self.env["res.partner"].with_context(active_test=False)
        partner = Partner.search([(field, "=ilike", target), ("gov_anonymised", "=", False)], limit=1)
        if partner:
            return partner
        return Partner.create({"name": name or target, field: target, "gov_party_type": "citizen",
                               "lang": lang if lang in ("th_TH", "en_US") else "th_TH"})

    @api.multi
    def _gh_unfollow_token(self):
        """The signed token of this follower's unfollow link: its id and a keyed hash of what it follows."""
        self.ensure_one()
        # sudo: the database secret is the administrator's; it only keys the signature here
        secret = self.env["ir.config_parameter"].sudo().get_param("database.secret") or ""
        message = "gov_hearing.unfollow|%d|%d|%s|%s" % (self.id, self.hearing_id.id, self.channel, self.target)
        digest = hmac.new(secret.encode("utf-8"), message.encode("utf-8"), hashlib.sha256).hexdigest()
        return "%d-%s" % (self.id, digest[:32])

    @api.model
    def _gh_from_token(self, token):
        """The follower an unfollow token was made for, or an empty recordset (a token that is not
        one, signed for another, or whose following already ended)."""
        match = TOKEN_RE.match(token or "")
        follower = match and self.browse(int(match.group(1))).exists()
        if not follower or not hmac.compare_digest(follower._gh_unfollow_token(), token):
            return self.browse()
        return follower

    @api.multi
    def _gh_unfollow(self):
        """End the following and withdraw the person's consent to hearing news, as they asked by the
        link of a message: no hearing tells them anything more until they follow one again."""
        self.ensure_one()
        partner = self.partner_id
        consents = self.env["gov.consent"].search([("partner_id", "=", partner.id), ("purpose", "=", PURPOSE),
                                                   ("withdrawn_on", "=", False)])
        if consents:
            consents.action_withdraw()
            self.env["gov.privacy.log"]._log("consent_withdrawn", partner, purpose=PURPOSE,
                                             reason="unfollow link of a hearing message")
        # without the consent no following of the person may go on
        self.search([("partner_id", "=", partner.id)]).unlink()
        return True

    @api.multi
    def _gh_unfollow_link(self, base):
        self.ensure_one()
        return "%s/hearings/unfollow/%s?lang=%s" % (base, self._gh_unfollow_token(),
                                                    "en" if self.lang == "en_US" else "th")

    @api.multi
    def _gh_sms_text(self, link, unfollow):
        """The SMS telling the follower the summary is published, in the language of the context."""
        self.ensure_one()
        return _("The summary of the hearing %(hearing)s is published: %(link)s Stop following: %(unfollow)s") % {
            "hearing": self.hearing_id.name, "link": link, "unfollow": unfollow}

    @api.multi
    def _notify_published(self):
        """Tell each follower (with an active lawful basis) that the summary is published."""
        base = self.env["res.company"].gov_public_address()
        template = self.env.ref("gov_hearing.mail_template_hearing_published")
        for follower in self:
            allowed, _reason = follower.partner_id.gov_check_contact(PURPOSE)
            if not allowed:
                continue
            lang = "en" if follower.lang == "en_US" else "th"
            link = "%s/hearings/%d?lang=%s" % (base, follower.hearing_id.id, lang)
            unfollow = follower._gh_unfollow_link(base)
            if follower.channel == "email":
                template.with_context(hearing_link=link, unfollow_link=unfollow).send_mail(follower.id)
            else:
                text = follower.with_context(lang=follower.lang)._gh_sms_text(link, unfollow)
                try:
                    self.env["gov.sms.gateway"].send(follower.target, text)
                except UserError:
                    _logger.warning("hearing %s: SMS to a follower failed", follower.hearing_id.id)
                    continue
            follower.write({"date_notified": fields.Datetime.now()})
