"""Satisfaction: a single-use link in the resolution email, or a rating taken at the front desk.

The link carries ``secrets.token_urlsafe(32)``; only its SHA-256 is stored, so a database
reader cannot rate in the applicant's place. The hash is cleared by the first rating,
which makes the link single-use.
"""
import hashlib
import secrets

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError

RATINGS = [
    ("1", "1 - Very dissatisfied"),
    ("2", "2 - Dissatisfied"),
    ("3", "3 - Neutral"),
    ("4", "4 - Satisfied"),
    ("5", "5 - Very satisfied"),
]
TOKEN_MAX_LENGTH = 128


class CitizenCase(models.Model):
    _inherit = "citizen.case"
    # recorded through the emailed link or rating_record_desk, never by editing the case
    _protected_fields = ("rating", "rating_comment", "rating_date", "rating_channel", "rating_token_hash")

    rating = fields.Selection(RATINGS, string="Satisfaction", readonly=True, copy=False, index=True)
    rating_comment = fields.Text(string="Satisfaction comment", readonly=True, copy=False)
    rating_date = fields.Datetime(string="Rated on", readonly=True, copy=False)
    rating_channel = fields.Selection(
        [("link", "Email link"), ("desk", "Front desk")], string="Rated through",
        readonly=True, copy=False)
    rating_token_hash = fields.Char(readonly=True, copy=False, index=True, groups="base.group_system")

    @staticmethod
    def _rating_hash(token):
        return hashlib.sha256(token.encode("utf-8")).hexdigest()

    def _rating_new_token(self):
        """A fresh single-use token for this case; the previous one stops working."""
        self.ensure_one()
        token = secrets.token_urlsafe(32)
        # sudo: the hash field is hidden from every user group on purpose
        self.sudo().write({"rating_token_hash": self._rating_hash(token)})
        return token

    @api.model
    def _rating_find(self, token):
        """The case a rating link belongs to (sudo recordset), or an empty recordset."""
        if not token or len(token) > TOKEN_MAX_LENGTH:
            return self.browse()
        # sudo: the visitor has no access to cases; the unguessable token is the access check
        return self.sudo().search([("rating_token_hash", "=", self._rating_hash(token))], limit=1)

    @api.model
    def rating_submit_token(self, token, rating, comment=None):
        """Rate through the emailed link. Returns False for an unknown or already used token."""
        case = self._rating_find(token)
        if not case:
            return False
        case._rating_record(rating, comment, "link")
        return True

    @api.multi
    def rating_record_desk(self, rating, comment=None):
        """The front desk (or an officer) records the rating the applicant gives in person."""
        self.ensure_one()
        user = self.env.user
        if not (user.has_group("gov_crm.group_gov_front_desk") or user.has_group("gov_crm.group_gov_officer")):
            raise AccessError(_("Only staff can record a rating."))
        self.check_access_rights("read")
        self.check_access_rule("read")
        if self.stage_state not in ("resolved", "closed"):
            raise UserError(_("Case %(ref)s is not resolved yet.") % {"ref": self.name})
        # sudo: the front desk reads cases but does not write them; access was checked above
        self.sudo()._rating_record(rating, comment, "desk")
        return True

    def _rating_record(self, rating, comment, channel):
        rating = str(rating or "")
        if rating not in dict(RATINGS):
            raise UserError(_("The rating must be a number from 1 to 5."))
        self.write({
            "rating": rating, "rating_comment": (comment or "").strip() or False,
            "rating_date": fields.Datetime.now(), "rating_channel": channel,
            "rating_token_hash": False,
        })
        self.message_post(
            body=_("Satisfaction %(rating)s/5 recorded (%(channel)s).") % {
                "rating": rating, "channel": dict(self._fields["rating_channel"].selection)[channel]},
            subtype="mail.mt_note")

    def _send_resolution_email(self):
        """Tell the applicant the outcome; add the rating link when the survey is allowed (PDPA)."""
        self.ensure_one()
        partner = self.partner_id
        if not partner or not partner.email:
            return False
        allowed, reason = partner.gov_check_contact("service_notification")
        if not allowed:
            self.message_post(body=_("Resolution email not sent: %(reason)s") % {"reason": reason},
                              subtype="mail.mt_note")
            return False
        rating_url = False
        if partner.gov_check_contact("satisfaction_survey")[0]:
            base_url = self.env["res.company"].gov_public_address()
            rating_url = "%s/case/rate/%s" % (base_url, self._rating_new_token())
        self._queue_resolution_email(rating_url)
        self.message_post(body=_("Resolution email sent to %(email)s.") % {"email": partner.email},
                          subtype="mail.mt_note")
        return True

    def _queue_resolution_email(self, rating_url):
        """Queue the resolution e-mail as the system; only the applicant and the mail queue read it.

        The rating link is the applicant's credential: it is never in the chatter (the e-mail
        is attached to no document, or its message would show in the case's thread), and the
        e-mail and its message belong to the system, not to the officer who resolved the case
        (Odoo lets users read the e-mails they queue and the messages they wrote). The
        template is rendered as the officer, with what they may read.
        """
        template = self.env.ref("citizen_case.mail_template_case_resolved")
        values = template.with_context(rating_url=rating_url).generate_email(self.id)
        partner_ids = values.pop("partner_ids", [])
        for key in ("attachment_ids", "attachments"):
            values.pop(key, None)
        if not values.get("email_from"):
            values.pop("email_from", None)
        values.update(model=False, res_id=False, partner_ids=[(4, pid) for pid in partner_ids],
                      recipient_ids=[(4, pid) for pid in partner_ids],
                      author_id=self.env.ref("base.partner_root").id)
        # sudo: the e-mail is the system's (see above); the officer resolved the case just now
        return self.env["mail.mail"].sudo().create(values)
