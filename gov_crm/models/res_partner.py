"""Party type, Thai identifiers and person details of res.partner."""
import re

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError
from odoo.osv.expression import FALSE_LEAF

from ..lib import thai_id
from ..lib.thai_id import compact_id, format_id, mask_id

JURISTIC_TYPES = ("business", "agency")
# the negative operators of name_search and the positive one each excludes
NEGATED_OPERATORS = {"!=": "=", "not ilike": "ilike", "not in": "in"}
CHANNELS = [("phone", "Phone"), ("email", "Email"), ("sms", "SMS"), ("line", "LINE")]


# the registry's own persons: they start in the agency's language unless one is chosen
GOV_REGISTRY_TYPES = ("citizen", "business")
GOV_DEFAULT_LANG = "th_TH"


class ResPartner(models.Model):
    _inherit = "res.partner"

    gov_party_type = fields.Selection(
        [("citizen", "G2C Citizen"), ("business", "G2B Business"),
         ("agency", "G2G Agency"), ("staff", "G2E Staff")],
        string="Party type", index=True)
    national_id = fields.Char(
        string="National / juristic ID", index=True, copy=False,
        help="13-digit national ID of a citizen or staff member, juristic ID of a business. "
             "Type it with or without dashes; it is stored as digits.")
    national_id_display = fields.Char(
        string="ID", compute="_compute_national_id_display",
        help="The identifier formatted, or masked for users outside the Personal data group.")
    gov_first_name = fields.Char(string="First name (Thai)")
    gov_last_name = fields.Char(string="Last name (Thai)")
    gov_name_en = fields.Char(string="Name (English)")
    gov_birth_date = fields.Date(string="Birth date")
    gov_preferred_channel = fields.Selection(CHANNELS, string="Preferred channel")
    gov_line_id = fields.Char(string="LINE ID")
    gov_phone_digits = fields.Char(
        string="Phone digits", compute="_compute_gov_phone_digits", store=True, index=True,
        help="Digits of phone and mobile, for search and duplicate detection.")

    _sql_constraints = [
        ("national_id_uniq", "unique(national_id)",
         "This identifier is already registered."),
    ]

    @api.model_cr
    def init(self):
        # trigram indexes serve ILIKE '%...%' on IDs and phones and similarity() on names,
        # which the front desk uses on millions of rows
        self.env.cr.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        for column in ("national_id", "gov_phone_digits", "name"):
            self.env.cr.execute(  # pylint: disable=sql-injection  # fixed column names, no input
                "CREATE INDEX IF NOT EXISTS res_partner_%s_trgm_idx ON res_partner "
                "USING gin (%s gin_trgm_ops)" % (column, column))

    @api.depends("national_id")
    def _compute_national_id_display(self):
        full = self.env.uid == 1 or self.env.user.has_group("gov_crm.group_gov_personal_data")
        for partner in self:
            partner.national_id_display = (
                format_id(partner.national_id) if full else mask_id(partner.national_id))

    @api.depends("phone", "mobile")
    def _compute_gov_phone_digits(self):
        for partner in self:
            numbers = [re.sub(r"\D", "", n) for n in (partner.phone, partner.mobile) if n]
            partner.gov_phone_digits = " ".join(sorted(set(n for n in numbers if n))) or False

    # ------------------------------------------------------------ identifiers
    @api.model
    def _gov_id_error(self, value, party_type):
        """The reason why ``value`` is not a valid identifier, in the user's language, or None."""
        juristic = party_type in JURISTIC_TYPES
        values = {"label": _("juristic ID") if juristic else _("national ID"), "value": value, "count": len(value)}
        problem = thai_id.id_problem(value, thai_id.JURISTIC if juristic else thai_id.NATIONAL)
        if problem == thai_id.NOT_DIGITS:
            return _("The %(label)s %(value)s may contain only digits, spaces and dashes.") % values
        if problem == thai_id.BAD_LENGTH:
            return _("The %(label)s must have 13 digits; %(value)s has %(count)s.") % values
        if problem == thai_id.BAD_CHECK_DIGIT:
            return _("The check digit (the last digit) of the %(label)s %(value)s is wrong: "
                     "a digit was probably mistyped.") % values
        if problem == thai_id.BAD_FIRST_DIGIT:
            if juristic:
                return _("A juristic ID starts with 0; %(value)s does not.") % values
            return _("A national ID cannot start with 0 or 9; %(value)s does.") % values
        return None

    @api.constrains("national_id", "gov_party_type")
    def _check_national_id(self):
        for partner in self.filtered("national_id"):
            error = self._gov_id_error(partner.national_id, partner.gov_party_type)
            if error:
                raise ValidationError(error)
            partner._gov_check_unique(partner.national_id, partner.ids)

    @api.model
    def _gov_check_unique(self, digits, exclude_ids):
        """Refuse an identifier held by another record, naming that record (archived ones too)."""
        others = self.sudo().with_context(active_test=False).search(
            [("national_id", "=", digits), ("id", "not in", list(exclude_ids))], limit=1)
        if others:
            raise ValidationError(_(
                "The ID %(id)s is already registered to %(name)s (record %(rec)s).") % {
                    "id": format_id(digits), "name": others.display_name, "rec": others.id})

    def _gov_prepare_vals(self, vals):
        """Store identifiers as digits; check uniqueness before the SQL constraint fires."""
        if vals.get("national_id"):
            vals["national_id"] = compact_id(vals["national_id"])
            if len(self) > 1:
                raise ValidationError(_(
                    "One identifier cannot be written on several records."))
            self._gov_check_unique(vals["national_id"], self.ids)
        elif "national_id" in vals:
            vals["national_id"] = False
        return vals

    # ------------------------------------------------------------ names
    @api.onchange("title", "gov_first_name", "gov_last_name")
    def _onchange_gov_name_parts(self):
        name = self._gov_compose_name(self.title, self.gov_first_name, self.gov_last_name)
        if name:
            self.name = name

    @api.model
    def _gov_compose_name(self, title, first, last):
        """นาย + สมชาย + ใจดี -> "นายสมชาย ใจดี" (Thai writes the title joined to the first name)."""
        if not (first or last):
            return False
        prefix = (title.shortcut or title.name) if title else ""
        return ("%s%s %s" % (prefix, first or "", last or "")).strip()

    def _gov_sync_name(self, vals):
        """Keep ``name`` equal to title + first + last when the parts are written (imports, RPC)."""
        if not {"title", "gov_first_name", "gov_last_name"} & set(vals) or "name" in vals:
            return
        for partner in self:
            name = partner._gov_compose_name(partner.title, partner.gov_first_name, partner.gov_last_name)
            if name and name != partner.name:
                # past the other modules' write on purpose: this runs inside the partner's write, whose
                # wrappers (the audit log, for one) already record the new name; through them it would
                # be logged twice (gov_security's test_a_name_composed_from_its_parts_is_logged_once)
                super(ResPartner, partner).write({"name": name})  # pylint: disable=super-method-mismatch

    # ------------------------------------------------------------ language
    @api.model
    def _gov_default_lang(self):
        """The language of a person the agency registers when nobody chose one: Thai, when the
        database has it (a Thai agency's citizens and businesses read Thai first)."""
        lang = self.env["res.lang"].sudo()  # reading which languages are active, nothing personal
        return GOV_DEFAULT_LANG if lang._lang_get(GOV_DEFAULT_LANG) else False

    @api.model
    def default_get(self, fields_list):
        """A citizen or business created by staff (person form, quick create) starts in Thai,
        whatever the language of the staff member; other contacts keep Odoo's default."""
        result = super().default_get(fields_list)
        if ("lang" in fields_list and "default_lang" not in self._context
                and result.get("gov_party_type") in GOV_REGISTRY_TYPES):
            result["lang"] = self._gov_default_lang() or result.get("lang")
        return result

    # ------------------------------------------------------------ CRUD
    @api.model
    def create(self, vals):
        vals = self._gov_prepare_vals(dict(vals))
        party_type = vals.get("gov_party_type", self._context.get("default_gov_party_type"))
        if not vals.get("lang") and "default_lang" not in self._context and party_type in GOV_REGISTRY_TYPES:
            vals["lang"] = self._gov_default_lang() or vals.get("lang")
        if not vals.get("name") and (vals.get("gov_first_name") or vals.get("gov_last_name")):
            title = self.env["res.partner.title"].browse(vals.get("title"))
            vals["name"] = self._gov_compose_name(title, vals.get("gov_first_name"), vals.get("gov_last_name"))
        return super().create(vals)

    @api.multi
    def write(self, vals):
        vals = self._gov_prepare_vals(dict(vals))
        result = super().write(vals)
        self._gov_sync_name(vals)
        return result

    # ------------------------------------------------------------ search
    @api.model
    def _gov_normalise_domain(self, domain):
        """Let IDs and phones be searched as typed: '1-1017-00230-70-8', '081 234 5671'.

        Also turn ``(x2many, 'in', [])`` into a false leaf. Odoo 11 keeps it as a
        sub-select, and mail's notification of every message searches partners with
        ``id in recipients OR channel_ids in []``: PostgreSQL then scans the whole
        registry (about 0.8 s at 5 million persons) instead of reading the recipients.
        """
        result = []
        for leaf in domain or []:
            if isinstance(leaf, (list, tuple)) and len(leaf) == 3:
                field = self._fields.get(leaf[0])
                if (leaf[1] == "in" and not leaf[2] and isinstance(leaf[2], (list, tuple))
                        and field is not None and field.type in ("one2many", "many2many")):
                    leaf = FALSE_LEAF
                elif leaf[0] in ("national_id", "gov_phone_digits"):
                    leaf = (leaf[0], leaf[1], self._gov_compact_terms(leaf[2]))
            result.append(leaf)
        return result

    @api.model
    def _search(self, args, offset=0, limit=None, order=None, count=False, access_rights_uid=None):
        return super()._search(self._gov_normalise_domain(args), offset=offset, limit=limit,
                               order=order, count=count, access_rights_uid=access_rights_uid)

    @api.model
    def _gov_compact_terms(self, value):
        """A searched identifier, or each one of a list, as digits when it is made of digits."""
        if isinstance(value, (list, tuple)):
            return [self._gov_compact_terms(item) for item in value]
        digits = compact_id(value)
        return digits if isinstance(value, str) and digits.isdigit() else value

    @api.model
    def _gov_identifier_domain(self, name, operator):
        """Domain of the persons whose ID or phone is the term typed, or None when the term
        is not an identifier: a text of at least 4 digits (13 for an exact national ID),
        or, for ``in``, the complete national IDs among a list of names."""
        if isinstance(name, str) and operator in ("=", "ilike", "=ilike"):
            digits = compact_id(name)
            if not (digits.isdigit() and len(digits) >= 4):
                return None
            id_op = "=" if len(digits) == 13 else "ilike"
            return ["|", ("national_id", id_op, digits), ("gov_phone_digits", "ilike", digits)]
        if isinstance(name, (list, tuple)) and operator == "in":
            ids = [digits for digits in map(compact_id, name) if digits.isdigit() and len(digits) == 13]
            return [("national_id", "in", ids)] if ids else None
        return None

    @api.model
    def name_search(self, name, args=None, operator="ilike", limit=100):
        """Find a person by ID or phone (formatted or not) as well as by name.

        Odoo's domains call this with every operator a many2one accepts, e.g.
        ``('partner_id', 'in', ['Agrolait', '1-1017-00230-70-8'])`` passes the list.
        ``=``, ``ilike`` and ``=ilike`` with an identifier find the persons holding it
        (else the name search runs); ``in`` adds the holders of the complete national
        IDs listed to the persons named; ``!=``, ``not ilike`` and ``not in`` find
        exactly the persons their positive operator does not.
        """
        args = list(args or [])
        positive = NEGATED_OPERATORS.get(operator, operator)
        identifiers = self._gov_identifier_domain(name, positive)
        if identifiers is None:
            return super().name_search(name, args=args, operator=operator, limit=limit)
        if operator != positive:  # exactly the persons the positive operator does not find
            holders = self.search(identifiers)
            if holders and positive != "in":
                return self.search(args + [("id", "not in", holders.ids)], limit=limit).name_get()
            return super().name_search(name, args=args + [("id", "not in", holders.ids)],
                                       operator=operator, limit=limit)
        holders = self.search(identifiers + args, limit=limit)
        if positive != "in":
            if holders:
                return holders.name_get()
            return super().name_search(name, args=args, operator=operator, limit=limit)
        if limit and len(holders) >= limit:
            return holders.name_get()
        named = super().name_search(name, args=args + [("id", "not in", holders.ids)], operator=operator,
                                    limit=limit and limit - len(holders))
        return holders.name_get() + named
