"""Counter intake: find the person by ID or phone, or register them without leaving the screen.

The intake field takes a 13-digit national ID (a citizen), a 13-digit juristic ID (a
business: it starts with 0) or a Thai phone number, and says which it recognised. Anything
else is refused, in the form and when the request is saved (over RPC too): a mistyped ID
must not register a person with no ID and no phone.
"""
import collections
import re

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError

from odoo.addons.gov_crm.lib.thai_id import format_id

# Thai telephone numbers as dialled within Thailand (python-stdnum has no Thai phone module):
# a landline has 9 digits, 0 then the area code 2 (Bangkok) to 7 (the regions) and 7 digits;
# a mobile has 10 digits and starts with 06, 08 or 09. +66 replaces the leading 0 abroad.
THAI_LANDLINE_RE = re.compile(r"^0[2-7]\d{7}$")
THAI_MOBILE_RE = re.compile(r"^0[689]\d{8}$")
INTAKE_FIELDS = ("intake_id", "intake_name", "intake_phone", "intake_email", "intake_lang", "intake_found",
                 "intake_error", "intake_duplicate_ids", "intake_pick_id")
# kind of a valid intake value -> the registry field it is looked up by
ID_KINDS = ("national_id", "juristic_id")
PHONE_KINDS = ("landline", "mobile")

Intake = collections.namedtuple("Intake", "kind digits error")


def thai_phone_digits(value):
    """The digits of a phone number as dialled in Thailand (+66 8x... -> 08x...)."""
    digits = re.sub(r"[\s\-.()]", "", value or "")
    if digits.startswith("+66"):
        digits = "0" + digits[3:]
    elif digits.startswith("66") and len(digits) in (10, 11) and digits.isdigit():
        digits = "0" + digits[2:]
    return digits


def format_thai_phone(digits):
    """0812345678 -> 081-234-5678, 021234567 -> 02-123-4567, 053123456 -> 053-123-456."""
    if THAI_MOBILE_RE.match(digits):
        return "%s-%s-%s" % (digits[:3], digits[3:6], digits[6:])
    if digits.startswith("02"):
        return "%s-%s-%s" % (digits[:2], digits[2:5], digits[5:])
    return "%s-%s-%s" % (digits[:3], digits[3:6], digits[6:])


class OssRequest(models.Model):
    _inherit = "oss.request"

    intake_id = fields.Char(string="ID or phone", store=False,
                            help="Type or paste a 13-digit national or juristic ID, or a Thai phone number.")
    intake_name = fields.Char(string="New person's name", store=False)
    intake_phone = fields.Char(string="New person's phone", store=False)
    intake_email = fields.Char(string="New person's email", store=False)
    intake_lang = fields.Selection([("th_TH", "Thai"), ("en_US", "English")], string="Language",
                                   store=False, default="th_TH")
    intake_found = fields.Char(store=False, readonly=True, string="Lookup result")
    intake_error = fields.Char(store=False, readonly=True, string="Not an ID or a phone number")
    intake_duplicate_ids = fields.Many2many(
        "res.partner", string="Possible duplicates", compute="_compute_intake_duplicate_ids",
        help="Registered people with the same phone number or a similar name as the person being registered.")
    intake_pick_id = fields.Many2one("res.partner", string="Use this person", store=False,
                                     help="One of the possible duplicates: the request is for them.")

    service_applicants = fields.Char(related="service_id.applicant_summary", readonly=True,
                                     string="Who may apply")
    service_channel_ids = fields.Many2many(related="service_id.channel_ids", readonly=True,
                                           string="Channels of the service")
    service_warning = fields.Char(compute="_compute_service_warning", string="Applicant check")

    @api.depends("partner_id.gov_party_type", "partner_id.is_company", "service_id.allow_citizen",
                 "service_id.allow_business", "service_id.allow_agency", "service_id.allow_staff")
    def _compute_service_warning(self):
        for request in self:
            warning = False
            if request.partner_id and request.service_id and not (
                    request.partner_id._oss_party_types() & request.service_id._oss_applicant_types()):
                warning = _("This service is for %(applicants)s; the applicant is not one of them. "
                            "The counter can still take the request.") % {
                    "applicants": request.service_id.applicant_summary}
            request.service_warning = warning

    @api.depends("intake_id", "intake_name", "intake_phone", "partner_id")
    def _compute_intake_duplicate_ids(self):
        Partner = self.env["res.partner"]
        for request in self:
            ids = []
            if not request.partner_id and (request.intake_name or request.intake_phone):
                reading = self._oss_read_intake(request.intake_id)
                phones = [thai_phone_digits(request.intake_phone)]
                if reading.kind in PHONE_KINDS:
                    phones.append(reading.digits)
                phones = [phone for phone in phones if phone]
                candidate = Partner.new({
                    "name": (request.intake_name or "").strip(), "is_company": reading.kind == "juristic_id",
                    "phone": phones[0] if phones else False, "mobile": phones[-1] if phones else False})
                ids = candidate._gov_find_duplicate_ids(0)
            request.intake_duplicate_ids = Partner.browse(ids)

    # ------------------------------------------------------------ onchanges (prefill only)
    @api.onchange("intake_id")
    def _onchange_intake_id(self):
        self.intake_found = self.intake_error = False
        if not self.intake_id:
            return
        reading = self._oss_read_intake(self.intake_id)
        if reading.error:
            self.partner_id = False
            self.intake_error = reading.error
            return
        partner = self._oss_find_person(reading)
        values = {"kind": self._oss_intake_kind_label(reading.kind), "value": self._oss_intake_display(reading)}
        if partner:
            self.partner_id = partner
            self.intake_found = _("%(kind)s %(value)s: found %(name)s.") % dict(values, name=partner.display_name)
        else:
            self.partner_id = False
            self.intake_found = _("%(kind)s %(value)s: not registered yet. Enter the name below to "
                                  "register the person.") % values

    @api.onchange("intake_pick_id")
    def _onchange_intake_pick_id(self):
        if self.intake_pick_id:
            self.partner_id = self.intake_pick_id
            self.intake_found = _("Chosen among the possible duplicates: %(name)s.") % {
                "name": self.intake_pick_id.display_name}
            self.intake_pick_id = False

    # ------------------------------------------------------------ CRUD
    @api.model
    def create(self, vals):
        # what only the request's actions set is refused before anyone is looked up or registered
        self._protected_check_create(vals)
        vals = dict(vals)
        vals["partner_id"] = self._oss_intake_applicant(vals).id
        for key in INTAKE_FIELDS:
            vals.pop(key, None)
        return super().create(vals)

    # ------------------------------------------------------------ business methods
    @api.model
    def _oss_read_intake(self, value):
        """What was typed in the intake field: ``Intake(kind, digits, error)``.

        ``kind`` is national_id, juristic_id, landline or mobile, or None with the ``error``
        that says what is wrong (no value: all three empty).
        """
        text = (value or "").strip()
        if not text:
            return Intake(None, "", None)
        digits = thai_phone_digits(text)
        if not digits.isdigit():
            return Intake(None, digits, _(
                "%(value)s is neither an ID nor a phone number: type the 13 digits of a national or "
                "juristic ID, or a Thai phone number.") % {"value": text})
        if len(digits) == 13:
            kind = "juristic_id" if digits.startswith("0") else "national_id"
            error = self.env["res.partner"]._gov_id_error(
                digits, "business" if kind == "juristic_id" else "citizen")
            return Intake(None if error else kind, digits, error)
        if THAI_LANDLINE_RE.match(digits):
            return Intake("landline", digits, None)
        if THAI_MOBILE_RE.match(digits):
            return Intake("mobile", digits, None)
        if len(digits) > 10:  # an ID with a digit too few or too many
            return Intake(None, digits, self.env["res.partner"]._gov_id_error(digits, "citizen"))
        return Intake(None, digits, _(
            "%(value)s is not a Thai phone number: a landline has 9 digits starting with 02 to 07, "
            "a mobile 10 digits starting with 06, 08 or 09.") % {"value": text})

    @api.model
    def _oss_intake_kind_label(self, kind):
        return {"national_id": _("National ID"), "juristic_id": _("Juristic ID"),
                "landline": _("Landline number"), "mobile": _("Mobile number")}[kind]

    @api.model
    def _oss_intake_display(self, reading):
        return format_id(reading.digits) if reading.kind in ID_KINDS else format_thai_phone(reading.digits)

    @api.model
    def _oss_find_person(self, key):
        """The registered person whose ID or phone is ``key`` (a value typed at the counter or an
        ``Intake``); nobody for a value that is not a valid ID or Thai phone number."""
        reading = key if isinstance(key, Intake) else self._oss_read_intake(key)
        Partner = self.env["res.partner"]
        if reading.kind in ID_KINDS:
            return Partner.search([("national_id", "=", reading.digits)], limit=1)
        if reading.kind in PHONE_KINDS:
            # gov_phone_digits holds the digits of phone and mobile, space-separated
            return Partner.search(["|", "|", ("gov_phone_digits", "=", reading.digits),
                                   ("gov_phone_digits", "=like", reading.digits + " %"),
                                   ("gov_phone_digits", "=like", "% " + reading.digits)], limit=1)
        return Partner

    @api.model
    def _oss_intake_applicant(self, vals):
        """The applicant of a new request: ``partner_id``, the person the intake value finds, or
        the person registered from the intake fields.

        Registering the same new person from two counters (or two clicks) at once gives one
        person: ``_gov_serialise_registration`` makes the later transaction fail and run again,
        and its lookup then finds the person the first one registered.
        """
        reading = self._oss_read_intake(vals.get("intake_id"))
        if reading.error:
            raise ValidationError(reading.error)
        phone = thai_phone_digits(vals.get("intake_phone"))
        if phone and not (THAI_LANDLINE_RE.match(phone) or THAI_MOBILE_RE.match(phone)):
            raise ValidationError(self._oss_read_intake(phone).error or _(
                "%(value)s is not a Thai phone number.") % {"value": vals["intake_phone"]})
        Partner = self.env["res.partner"]
        if vals.get("partner_id"):
            return Partner.browse(vals["partner_id"])
        partner = self._oss_find_person(reading)
        if partner:
            return partner
        if not (vals.get("intake_name") or "").strip():
            raise UserError(_("Find the applicant by ID or phone, or enter the name of a new person."))
        if reading.kind:
            Partner._gov_serialise_registration("%s:%s" % (reading.kind, reading.digits))
        return Partner.create(self._oss_new_person_values(vals, reading, phone))

    @api.model
    def _oss_new_person_values(self, vals, reading, phone):
        values = {
            "name": vals["intake_name"].strip(),
            "gov_party_type": "business" if reading.kind == "juristic_id" else "citizen",
            "is_company": reading.kind == "juristic_id",
            "national_id": reading.digits if reading.kind in ID_KINDS else False,
            "phone": phone or (reading.digits if reading.kind in PHONE_KINDS else False),
            "email": vals.get("intake_email") or False,
            "lang": vals.get("intake_lang") or "th_TH",
        }
        if phone and reading.kind in PHONE_KINDS and reading.digits != phone:
            values["mobile"] = reading.digits
        return values
