"""An official letter (หนังสือราชการ), incoming or outgoing, and its place in a register.

What the register records (number, date, the signed PDF, the verdict on its signature, the
exchange) moves only through the letter's actions (gov.protected.fields.mixin); what the
letter says is frozen once it leaves the draft. The actions are in the other files of the model.
"""
import uuid

from odoo import _, api, fields, models
from odoo.exceptions import AccessError

from odoo.addons.gov_crm.lib.be_date import format_be_date

from .gov_saraban_register import DIRECTIONS

STATES = [
    ("draft", "Draft"),
    ("to_sign", "Waiting for signature"),
    ("signed", "Signed"),
    ("sent", "Sent"),
    ("delivered", "Delivered"),
    ("registered", "Registered"),
    ("cancelled", "Cancelled"),
]
URGENCIES = [("normal", "Normal"), ("urgent", "Urgent (ด่วน)"), ("very_urgent", "Very urgent (ด่วนมาก)"),
             ("most_urgent", "Most urgent (ด่วนที่สุด)")]
SECRECIES = [("normal", "Not secret"), ("confidential", "Confidential (ลับ)"), ("secret", "Secret (ลับมาก)"),
             ("top_secret", "Top secret (ลับที่สุด)")]
URGENCY_TH = {"urgent": "ด่วน", "very_urgent": "ด่วนมาก", "most_urgent": "ด่วนที่สุด"}
SECRECY_TH = {"confidential": "ลับ", "secret": "ลับมาก", "top_secret": "ลับที่สุด"}
VERDICTS = [("valid", "Valid"), ("invalid", "Invalid: changed after signing"),
            ("unknown_signer", "Unknown signer"), ("expired", "Certificate expired"),
            ("revoked", "Certificate revoked"), ("unsigned", "Not signed")]
# what a letter says: readable by those the letter is for, frozen once it leaves the draft
CONTENT_FIELDS = ("subject", "addressee", "reference_text", "body", "enclosure_ids", "pdf_attachment_id")


class GovSarabanLetter(models.Model):
    _name = "gov.saraban.letter"
    _description = "Official letter"
    _inherit = ["gov.protected.fields.mixin", "mail.thread", "mail.activity.mixin"]
    _order = "date_registered desc, id desc"
    _protected_fields = (
        "name", "register_id", "number", "date_registered", "state", "pdf_attachment_id", "pdf_sha256",
        "certificate_id", "signed_date", "timestamp_date", "signer_name", "signer_position",
        "signature_verdict", "signature_signer", "signature_detail", "signature_checked_date",
        "exchange_uid", "case_id", "received_date", "event_ids", "secret_register",
    )
    _protected_frozen_fields = (
        "direction", "partner_id", "subject", "addressee", "reference", "reference_text", "reference_letter_id",
        "body", "closing", "letter_date", "urgency", "secrecy", "signer_id", "contact_text", "department_id",
        "company_id",
    )
    _protected_state_field = "state"
    _protected_editable_states = ("draft",)

    name = fields.Char(string="Number", required=True, readonly=True, copy=False, index=True, default="/")
    direction = fields.Selection(DIRECTIONS, required=True, default="outgoing", index=True,
                                 readonly=True, states={"draft": [("readonly", False)]})
    state = fields.Selection(STATES, required=True, default="draft", index=True, copy=False,
                             track_visibility="onchange", readonly=True)
    incoming_state = fields.Selection(related="state", readonly=True, string="State (incoming)")
    company_id = fields.Many2one("res.company", string="Agency", required=True, index=True, ondelete="restrict",
                                 default=lambda self: self.env.user.company_id)
    register_id = fields.Many2one("gov.saraban.register", index=True, ondelete="restrict",
                                  readonly=True, copy=False)
    secret_register = fields.Boolean(readonly=True, copy=False, help="Numbered in a register of secret letters.")
    number = fields.Integer(string="Register number", readonly=True, copy=False, index=True, group_operator=None)
    date_registered = fields.Datetime(string="Registered on", readonly=True, copy=False, index=True)
    date_registered_be = fields.Char(string="Registered on (B.E.)", compute="_compute_be_dates")
    letter_date = fields.Date(string="Letter date", index=True, copy=False,
                              help="The date on the letter (ลงวันที่); an outgoing letter is dated when it is signed.")
    letter_date_be = fields.Char(string="Letter date (B.E.)", compute="_compute_be_dates")
    reference = fields.Char(string="Letter number (ที่)", index=True, copy=False,
                            help="ที่ of the letter: the agency's prefix and its register number, e.g. นม 52001/123.")
    partner_id = fields.Many2one(
        "res.partner", string="Other agency", index=True, ondelete="restrict", track_visibility="onchange",
        domain=[("gov_party_type", "=", "agency")],
        help="Who the letter is from (incoming) or to (outgoing).")
    department_id = fields.Many2one(
        "gov.department", index=True, ondelete="restrict", track_visibility="onchange",
        help="The unit that owns the letter: the one that drafted an outgoing letter, or to which an incoming "
             "one is routed.")
    subject = fields.Char(string="Subject (เรื่อง)", required=True, track_visibility="onchange")
    addressee = fields.Char(string="To (เรียน)", help="The person the letter is addressed to, by position.")
    reference_text = fields.Text(string="Reference (อ้างถึง)")
    reference_letter_id = fields.Many2one("gov.saraban.letter", string="In reply to", index=True,
                                          ondelete="restrict", copy=False)
    reply_ids = fields.One2many("gov.saraban.letter", "reference_letter_id", string="Replies", readonly=True)
    body = fields.Text(string="Text")
    closing = fields.Char(default="ขอแสดงความนับถือ")
    enclosure_ids = fields.One2many("gov.saraban.enclosure", "letter_id", string="Enclosures (สิ่งที่ส่งมาด้วย)")
    urgency = fields.Selection(URGENCIES, required=True, default="normal", index=True)
    secrecy = fields.Selection(SECRECIES, required=True, default="normal", index=True,
                               help="A secret letter is numbered in the secret registers and read only by its "
                                    "named readers, its signer and the keeper of the secret registers; every "
                                    "opening is logged.")
    recipient_user_ids = fields.Many2many(
        "res.users", "gov_saraban_letter_recipient_rel", "letter_id", "user_id", string="Named readers",
        help="Who may read the letter besides its department (a secret letter: only them).")
    signer_id = fields.Many2one("res.users", index=True, ondelete="restrict",
                                domain=lambda self: [("groups_id", "in", self.env.ref(
                                    "gov_saraban.group_saraban_signer").id)])
    signer_name = fields.Char(readonly=True, copy=False)
    signer_position = fields.Char(readonly=True, copy=False)
    contact_text = fields.Text(string="Contact line",
                               help="The owning unit, its phone and e-mail, at the bottom of the letter.")
    certificate_id = fields.Many2one("gov.saraban.certificate", string="Signed with", readonly=True,
                                     ondelete="restrict", copy=False)
    signed_date = fields.Datetime(readonly=True, copy=False)
    timestamp_date = fields.Datetime(string="Timestamp", readonly=True, copy=False,
                                     help="The time certified by the timestamp server (PAdES B-T).")
    pdf_attachment_id = fields.Many2one("ir.attachment", string="Signed letter (PDF)", readonly=True,
                                        ondelete="restrict", copy=False)
    pdf_sha256 = fields.Char(string="SHA-256 of the PDF", readonly=True, copy=False)
    signature_verdict = fields.Selection(VERDICTS, readonly=True, copy=False, index=True,
                                         track_visibility="onchange")
    signature_signer = fields.Char(readonly=True, copy=False)
    signature_detail = fields.Char(readonly=True, copy=False)
    signature_checked_date = fields.Datetime(string="Checked on", readonly=True, copy=False)
    exchange_uid = fields.Char(string="Exchange identifier", readonly=True, copy=False, index=True,
                               default=lambda self: str(uuid.uuid4()))
    received_date = fields.Datetime(string="Received on", readonly=True, copy=False)
    event_ids = fields.One2many("oss.agency.event", "letter_id", string="Deliveries", readonly=True,
                                groups="gov_crm.group_gov_service_manager")
    case_id = fields.Many2one("citizen.case", index=True, ondelete="restrict", readonly=True,
                              copy=False)
    request_id = fields.Many2one("oss.request", index=True, ondelete="set null",
                                 help="The request this letter belongs to, e.g. an inter-agency data request.")
    can_sign = fields.Boolean(compute="_compute_can_sign")

    _sql_constraints = [
        ("exchange_uid_uniq", "unique(company_id, direction, exchange_uid)",
         "A letter of the exchange is registered once."),
        ("register_number_uniq", "unique(register_id, number)", "A register number is given once."),
    ]

    @api.depends("date_registered", "letter_date")
    def _compute_be_dates(self):
        lang = self.env.lang or "en_US"
        tz = self.env["resource.calendar"].gov_office_tz()
        for letter in self:
            letter.date_registered_be = format_be_date(letter.date_registered, tz, lang=lang, with_time=True)
            letter.letter_date_be = format_be_date(letter.letter_date, tz, lang=lang)

    @api.depends("state", "signer_id")
    def _compute_can_sign(self):
        for letter in self:
            letter.can_sign = letter.state == "to_sign" and letter.signer_id == self.env.user

    @api.onchange("partner_id")
    def _onchange_partner_id(self):
        if self.partner_id.gov_saraban_addressee and not self.addressee:
            self.addressee = self.partner_id.gov_saraban_addressee

    @api.onchange("department_id")
    def _onchange_department_id(self):
        if self.department_id and self.direction == "outgoing":
            self.contact_text = self.department_id._saraban_contact_text()

    # ------------------------------------------------------------ CRUD
    @api.model
    def create(self, vals):
        vals = dict(vals)
        if vals.get("department_id") and not vals.get("contact_text") and vals.get("direction", "outgoing") == \
                "outgoing":
            vals["contact_text"] = self.env["gov.department"].browse(vals["department_id"])._saraban_contact_text()
        letter = super(GovSarabanLetter, self.with_context(mail_create_nosubscribe=True)).create(vals)
        return letter

    @api.multi
    def write(self, vals):
        if "recipient_user_ids" in vals and not self._saraban_is_secret_keeper():
            for letter in self:
                if letter.state != "draft":
                    raise AccessError(_(
                        "Only the keeper of the secret registers names the readers of letter %(name)s once it "
                        "left the draft.") % {"name": letter.name})
        return super(GovSarabanLetter, self).write(vals)

    @api.multi
    def unlink(self):
        if any(letter.number or letter.state != "draft" for letter in self) and not self.env.user._is_superuser():
            raise AccessError(_(
                "A registered or signed letter is a record of the agency and cannot be deleted: cancel it, "
                "its number stays in the register."))
        return super(GovSarabanLetter, self).unlink()

    @api.multi
    def name_get(self):
        return [(letter.id, "%s %s" % (letter.name if letter.name != "/" else _("Draft"), letter.subject or ""))
                for letter in self]

    # ------------------------------------------------------------ helpers
    def _saraban_is_secret_keeper(self, user=None):
        return (user or self.env.user).has_group("gov_saraban.group_saraban_secret")

    def _saraban_be_date(self, value):
        """Template helper: a Buddhist-era date in Thai (letters are Thai documents)."""
        return format_be_date(value, self.env["resource.calendar"].gov_office_tz(), lang="th_TH")

    def _saraban_paragraphs(self):
        """Template helper: the text's paragraphs (a blank line separates them)."""
        text = (self.body or "").replace("\r\n", "\n")
        return [" ".join(line.strip() for line in block.split("\n")) for block in text.split("\n\n") if block.strip()]

    def _saraban_urgency_label(self):
        return URGENCY_TH.get(self.urgency, "")

    def _saraban_secrecy_label(self):
        return SECRECY_TH.get(self.secrecy, "")
