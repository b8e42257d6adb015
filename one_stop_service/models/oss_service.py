from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.osv import expression

from odoo.addons.gov_crm.lib.language import name_for_reader

SERVICE_GROUPS = [
    ("G2C", "G2C Citizens"),
    ("G2B", "G2B Businesses"),
    ("G2G", "G2G Agencies"),
    ("G2E", "G2E Staff"),
]
# whether a request names a place: a report about a public place needs one, a personal matter
# has none (what is not needed is not kept)
LOCATION_MODES = [("required", "Required"), ("optional", "Optional"), ("none", "Not used")]
# who may apply: the party types of gov_crm (res.partner.gov_party_type) and their fields
APPLICANT_FIELDS = (("citizen", "allow_citizen"), ("business", "allow_business"),
                    ("agency", "allow_agency"), ("staff", "allow_staff"))
# who may apply, and through which channels, when a new service does not say
GROUP_DEFAULTS = {
    "G2C": (("citizen",), ("counter", "phone", "email", "portal", "api")),
    "G2B": (("business",), ("counter", "email", "portal")),
    "G2G": (("agency",), ("counter", "email", "agency")),
    "G2E": (("staff",), ("counter", "email")),
}
# the negative operators of name_search and the positive one each excludes
NEGATED_OPERATORS = {"!=": "=", "not ilike": "ilike", "not like": "like", "not in": "in"}


class OssService(models.Model):
    """A service of the catalogue, with its manual (s.7 Licensing Facilitation Act)."""

    _name = "oss.service"
    _description = "One-stop service"
    _order = "group, code"
    # rows each process keeps between calls (base_shared_rows): set up by managers, not by the daily work
    _gov_shared_rows = True

    code = fields.Char(required=True, index=True)
    name = fields.Char(string="Name (Thai)", required=True, index=True)
    name_en = fields.Char(string="Name (English)", index=True)
    group = fields.Selection(SERVICE_GROUPS, required=True, index=True, default="G2C")
    category = fields.Char(index=True)
    description = fields.Text(string="Criteria and description")
    legal_basis = fields.Text(string="Legal basis")
    legal_days = fields.Integer(
        string="Processing period (working days)", required=True, default=15,
        help="Period the law or the published manual allows, in working days of the agency calendar.")
    docs_days = fields.Integer(
        string="Days to bring missing documents (working days)", required=True, default=7,
        help="Working days of the agency calendar an applicant whose file is incomplete has to bring what "
             "is missing (s.8 Licensing Facilitation Act): the record of missing documents gives the date. "
             "Past it the request is treated as abandoned and closed. The counter may give another period, "
             "with a reason.")
    fee = fields.Float(string="Fee (THB)", digits=(16, 2))
    fee_note = fields.Char(string="Fee details")
    document_ids = fields.One2many("oss.service.document", "service_id", string="Required documents", copy=True)
    step_ids = fields.One2many("oss.service.step", "service_id", string="Routing steps", copy=True)
    published = fields.Boolean(default=True, index=True,
                               help="Offered through the self-service channels (portal, API) it lists.")
    allow_citizen = fields.Boolean(string="Citizens (G2C)", index=True)
    allow_business = fields.Boolean(string="Businesses (G2B)", index=True)
    allow_agency = fields.Boolean(string="Agencies (G2G)", index=True)
    allow_staff = fields.Boolean(string="Staff (G2E)", index=True)
    channel_ids = fields.Many2many(
        "oss.channel", "oss_service_channel_rel", "service_id", "channel_id", string="Channels",
        help="Ways in through which the service may be requested. The portal and the API offer "
             "and accept only the services open to them and to the applicant; the front desk can "
             "take any service and is shown who may apply.")
    public_report = fields.Boolean(
        string="Public report", index=True,
        help="A report about a public place (a broken street light, a damaged road): its requests are "
             "public by nature, and anyone may read their status with the tracking number alone, on the "
             "status page and through the Open311 API. Leave it unticked for every personal service: "
             "their status needs the last 4 digits of the applicant's ID or phone.")
    location_mode = fields.Selection(
        LOCATION_MODES, string="Location", required=True, default="optional", index=True,
        help="Whether a request of this service names a place (coordinates or an address): required for a "
             "report about a place (a broken street light), not used for a personal matter (a birth "
             "registration), whose place is neither asked nor kept. The Open311 API asks for it accordingly.")
    applicant_summary = fields.Char(compute="_compute_applicant_summary", string="Who may apply")
    active = fields.Boolean(default=True)
    request_count = fields.Integer(compute="_compute_request_count", string="Requests")

    _sql_constraints = [
        ("code_uniq", "unique(code)", "The service code must be unique."),
        ("legal_days_positive", "CHECK(legal_days >= 0)", "The processing period cannot be negative."),
        ("docs_days_positive", "CHECK(docs_days >= 1)",
         "The period to bring missing documents must be at least one working day."),
        ("fee_positive", "CHECK(fee >= 0)", "The fee cannot be negative."),
    ]

    @api.depends(*[name for _party, name in APPLICANT_FIELDS])
    def _compute_applicant_summary(self):
        for service in self:
            service.applicant_summary = ", ".join(
                service._fields[name].get_description(self.env)["string"]
                for party, name in APPLICANT_FIELDS if service[name])

    def _compute_request_count(self):
        counts = self.env["oss.request"]._gov_count_by("service_id", self.ids)
        for service in self:
            service.request_count = counts.get(service.id, 0)

    @api.model
    def create(self, vals):
        vals = dict(vals)
        if not vals.get("channel_ids") and not any(vals.get(name) for _party, name in APPLICANT_FIELDS):
            vals.update(self._oss_access_defaults(vals.get("group") or "G2C"))
        return super().create(vals)

    @api.multi
    def name_get(self):
        return [(service.id, "[%s] %s" % (service.code, service.name)) for service in self]

    @api.model
    def name_search(self, name="", args=None, operator="ilike", limit=100):
        """Find a service by its code or its Thai or English name.

        Odoo's domains call this with every operator a many2one accepts, e.g.
        ``('service_id', 'in', ['C01', 'G02'])`` passes the list: ``!=``, ``not ilike``,
        ``not like`` and ``not in`` find exactly the services their positive operator
        does not.
        """
        args = list(args or [])
        if not name:
            return self.search(args, limit=limit).name_get()
        positive = NEGATED_OPERATORS.get(operator, operator)
        domain = self._oss_name_domain(name, positive)
        if positive != operator:
            domain = [("id", "not in", self.search(domain).ids)]  # a catalogue: tens of rows
        return self.search(domain + args, limit=limit).name_get()

    @api.model
    def _oss_name_domain(self, name, operator):
        """The code starts with the text typed, or is it (any case), or a name matches."""
        if isinstance(name, str) and operator in ("ilike", "=ilike", "like", "=like"):
            code = ("code", "=ilike", name + "%")
        elif isinstance(name, str) and operator == "=":
            code = ("code", "=ilike", name)
        else:
            code = ("code", operator, name)
        return ["|", "|", code, ("name", operator, name), ("name_en", operator, name)]

    @api.multi
    def oss_reader_name(self):
        """The service's name in the reader's language (English when the reader does not read Thai)."""
        self.ensure_one()
        return name_for_reader(self.env.lang, self.name, self.name_en)

    @api.multi
    def action_view_requests(self):
        return self._gov_action_related("one_stop_service.oss_request_action", "service_id",
                                        {"default_service_id": self.id})

    @api.multi
    def action_print_manual(self):
        return self.env.ref("one_stop_service.oss_service_manual_report").report_action(self)

    # ------------------------------------------------------------ who may apply, through which channel
    @api.model
    def _oss_access_defaults(self, group):
        """Who may apply and the channels of a service of ``group`` whose catalogue entry does not say."""
        parties, channels = GROUP_DEFAULTS[group]
        values = {name: party in parties for party, name in APPLICANT_FIELDS}
        values["channel_ids"] = [(6, 0, self.env["oss.channel"].search([("code", "in", channels)]).ids)]
        return values

    @api.model
    def _oss_offered_domain(self, channel, party_types=None):
        """Published services open to ``channel`` (a code) and, if given, to one of ``party_types``."""
        domain = [("published", "=", True), ("channel_ids.code", "=", channel)]
        if party_types:
            domain += expression.OR([[(name, "=", True)] for party, name in APPLICANT_FIELDS
                                     if party in party_types] or [expression.FALSE_DOMAIN])
        return domain

    def _oss_refusal(self, partner, channel):
        """Why ``partner`` may not request this service through ``channel``, or None."""
        self.ensure_one()
        if not self.published or channel not in self.channel_ids.mapped("code"):
            channel_name = dict(self.env["oss.channel"]._oss_selection()).get(channel, channel)
            return _("The service %(service)s cannot be requested through %(channel)s.") % {
                "service": self.display_name, "channel": channel_name}
        if not partner._oss_party_types() & self._oss_applicant_types():
            return _("The service %(service)s is open to %(applicants)s only.") % {
                "service": self.display_name, "applicants": self.applicant_summary}
        return None

    def _oss_check_offered(self, partner, channel):
        refusal = self._oss_refusal(partner, channel)
        if refusal:
            raise UserError(refusal)

    def _oss_applicant_types(self):
        self.ensure_one()
        return {party for party, name in APPLICANT_FIELDS if self[name]}

    def _oss_step_sequences(self):
        """Distinct sequences of the routing, in order."""
        self.ensure_one()
        return sorted(set(self.step_ids.mapped("sequence")))


class OssServiceDocument(models.Model):
    _name = "oss.service.document"
    _description = "Document required by a service"
    _order = "service_id, sequence, id"
    # rows each process keeps between calls (base_shared_rows): set up by managers, not by the daily work
    _gov_shared_rows = True

    service_id = fields.Many2one("oss.service", required=True, ondelete="cascade", index=True)
    sequence = fields.Integer(default=10)
    name = fields.Char(string="Document", required=True)
    mandatory = fields.Boolean(default=True)
    copies = fields.Integer(default=1)
    note = fields.Char()

    _sql_constraints = [
        ("copies_positive", "CHECK(copies >= 1)", "A document needs at least one copy."),
    ]


class OssServiceStep(models.Model):
    """A routing step: steps that share a sequence run in parallel."""

    _name = "oss.service.step"
    _description = "Routing step of a service"
    _order = "service_id, sequence, id"
    # rows each process keeps between calls (base_shared_rows): set up by managers, not by the daily work
    _gov_shared_rows = True

    service_id = fields.Many2one("oss.service", required=True, ondelete="cascade", index=True)
    sequence = fields.Integer(required=True, default=10, help="Steps with the same sequence run in parallel.")
    name = fields.Char(string="Step", required=True)
    department_id = fields.Many2one("gov.department", required=True, ondelete="restrict", index=True)
    days = fields.Integer(string="Step days", default=1, help="Working days the department has for this step.")

    @api.constrains("days")
    def _check_days(self):
        for step in self:
            if step.days < 0:
                raise ValidationError(_(
                    "Step %(name)s: the number of days cannot be negative.") % {"name": step.name})
