"""Requests as Open311 service requests: public view, search and submission."""
import datetime
import re

from odoo import api, fields, models

from .. import open311 as o3
from ..open311 import Open311Error
from .oss_service import NATIONAL_ID_ATTRIBUTE

CLOSED_STATES = ("done", "rejected", "withdrawn", "abandoned")
POST_FIELDS = {
    "api_key", "jurisdiction_id", "service_code", "lat", "long", "address_string", "address_id",
    "email", "device_id", "account_id", "first_name", "last_name", "phone", "description", "media_url",
}
ATTRIBUTE_RE = re.compile(r"^attribute\[([A-Za-z0-9_]{1,32})\]$")


class OssRequest(models.Model):
    _inherit = "oss.request"
    # what the API client posted, and which client: written by the API's submission only
    _protected_fields = ("open311_client_id", "open311_address", "open311_lat", "open311_long",
                         "open311_media_url", "open311_public")

    open311_client_id = fields.Many2one(
        "oss.api.client", string="API client", ondelete="restrict", index=True, readonly=True, copy=False,
        groups="gov_crm.group_gov_service_manager")
    open311_address = fields.Char(string="Address (API)", readonly=True, copy=False)
    open311_lat = fields.Float(string="Latitude", digits=(10, 7), readonly=True, copy=False)
    open311_long = fields.Float(string="Longitude", digits=(10, 7), readonly=True, copy=False)
    open311_media_url = fields.Char(string="Media URL", readonly=True, copy=False)
    open311_public = fields.Boolean(
        string="Posted through Open311", readonly=True, index=True, copy=False,
        help="Listed by GET requests.json, with its description: the client posted it to a public API.")

    # ------------------------------------------------------------ reading
    def _open311_status(self):
        return "closed" if self.state in CLOSED_STATES else "open"

    def _open311_agency_responsible(self):
        steps = self.step_ids.filtered(lambda s: s.state == "active") or self.step_ids[-1:]
        names = steps.mapped("department_id.name")
        return ", ".join(names) if names else self.env.user.company_id.name

    def _open311_notice(self):
        self.ensure_one()
        values = {"name": self.name, "days": self.service_id.legal_days,
                  "date": (o3.to_w3c(self.expected_date) or "")[:10]}
        if self.state == "waiting_docs":
            notice = ("Received as %(name)s. The processing period of %(days)s working days starts "
                      "when every required document is received." % values)
            if self.docs_deadline:
                notice += " Missing documents are due by %s; after that day the request is treated as " \
                          "abandoned." % self.docs_deadline
            return notice
        if self.expected_date:
            return "Received as %(name)s. Expected by %(date)s (%(days)s working days)." % values
        return "Received as %(name)s." % values

    def _open311_status_notes(self):
        """The state, the public notes and what the applicant is asked (the open questions of
        the public gate, never an answer)."""
        label = dict(self._fields["state"]._description_selection(self.env))[self.state]
        notes = self._oss_public_notes()
        questions = self._oss_public_questions()
        if questions:
            notes.append("The applicant is asked: %s." % " / ".join(questions))
        return " ".join([label + "."] + notes)

    def _open311_request(self, client=None):
        """One service request, with nothing that names or identifies a person.

        The description is given to the client that posted it, and to anyone for a public
        report posted through the API (its poster knew the API is public); never otherwise.
        """
        self.ensure_one()
        own = bool(client) and self.open311_client_id == client
        public = self.open311_public and self.service_id.public_report
        return {
            "service_request_id": self.name,
            "status": self._open311_status(),
            "status_notes": self._open311_status_notes(),
            "service_name": self.service_id.name_en or self.service_id.name,
            "service_code": self.service_id.code,
            "description": self.description if (own or public) else None,
            "agency_responsible": self._open311_agency_responsible(),
            "service_notice": self._open311_notice(),
            "requested_datetime": o3.to_w3c(self.date_received),
            "updated_datetime": o3.to_w3c(self.write_date),
            "expected_datetime": o3.to_w3c(self.expected_date),
            "address": None,
            "address_id": None,
            "zipcode": None,
            "lat": None,
            "long": None,
            "media_url": None,
        }

    @api.model
    def _oss_public_client_domains(self, client):
        """An API client also reads the requests it posted and, when it follows its services,
        every request of those services."""
        domains = super(OssRequest, self)._oss_public_client_domains(client)
        domains.append([("open311_client_id", "=", client.id)])
        if client.read_service_requests and client.service_ids:
            domains.append([("service_id", "in", client.service_ids.ids)])
        return domains

    @api.model
    def _oss_public_rate_limits(self, scope):
        """Anonymous Open311 calls: 60 a minute per client address by default."""
        if scope == o3.ANONYMOUS_SCOPE:
            return self.env["gov.rate.limit"]._limits_param(
                "oss_open311.anonymous_rate_limit", "oss_open311.anonymous_rate_window", 60, 60)
        return super(OssRequest, self)._oss_public_rate_limits(scope)

    @api.model
    def _open311_find(self, tracking_number, params=None, client=None):
        """GET requests/<number>.json through the gate; unknown and unreadable answer alike (404)."""
        params = params or {}
        unknown = sorted(set(params) - {"api_key", "jurisdiction_id", "last4"})
        if unknown:
            raise Open311Error(400, "Unknown parameter %s." % unknown[0][:40])
        if not isinstance(tracking_number, str) or not o3.TRACKING_RE.match(tracking_number):
            raise Open311Error(404, "service_request_id not found.")
        found = self._oss_public_find([tracking_number], params.get("last4"), client)
        if not found:
            raise Open311Error(404, "service_request_id %s not found." % tracking_number)
        return found

    @api.model
    def _open311_search(self, params, client=None):
        """GET requests.json through the gate: by tracking numbers, or the readable requests of
        a period (public reports, and the client's own scope)."""
        known = {"api_key", "jurisdiction_id", "service_request_id", "service_code",
                 "start_date", "end_date", "status", "last4"}
        unknown = sorted(set(params) - known)
        if unknown:
            raise Open311Error(400, "Unknown parameter %s." % unknown[0][:40])
        if params.get("service_request_id") is not None:
            numbers = o3.split_list(params["service_request_id"], "service_request_id", o3.TRACKING_RE)
            return self._oss_public_find(numbers, params.get("last4"), client)
        domain = self._oss_public_domain(client)
        if params.get("service_code") is not None:
            domain = domain + [("service_id.code", "in",
                                o3.split_list(params["service_code"], "service_code", o3.CODE_RE))]
        if params.get("status") is not None:
            statuses = set(o3.split_list(params["status"], "status", re.compile(r"^(open|closed)$")))
            if statuses == {"open"}:
                domain = domain + [("state", "not in", CLOSED_STATES)]
            elif statuses == {"closed"}:
                domain = domain + [("state", "in", CLOSED_STATES)]
        start, end = self._open311_period(params.get("start_date"), params.get("end_date"))
        domain = domain + [("date_received", ">=", fields.Datetime.to_string(start)),
                           ("date_received", "<=", fields.Datetime.to_string(end))]
        return self.search(domain, limit=o3.MAX_RESULTS, order="date_received desc, id desc")

    @api.model
    def _open311_period(self, start_value, end_value):
        """The searched period: 90 days at most, the last 90 days by default."""
        span = datetime.timedelta(days=o3.DEFAULT_DAYS)
        start = o3.parse_w3c(start_value, "start_date") if start_value is not None else None
        end = o3.parse_w3c(end_value, "end_date") if end_value is not None else None
        if start and end:
            if start > end:
                raise Open311Error(400, "start_date must be before end_date.")
            if end - start > span:
                raise Open311Error(400, "start_date and end_date may not span more than 90 days.")
        elif start:
            end = start + span
        else:
            end = end or datetime.datetime.utcnow()
            start = end - span
        if start.year < o3.MIN_YEAR or end.year > o3.MAX_YEAR:
            raise Open311Error(400, "start_date and end_date must lie between %d and %d." % (o3.MIN_YEAR, o3.MAX_YEAR))
        return start, end

    # ------------------------------------------------------------ submission
    @api.model
    def _open311_submit(self, client, data):
        """POST requests.json: check everything, then create and submit the request."""
        values = self._open311_clean(data)
        service = self.env["oss.service"]._open311_get(values["service_code"], status=400, channel=client.channel)
        client._open311_check_service(service)
        partner = self._open311_applicant(client, values)
        refusal = service._oss_refusal(partner, client.channel)
        if refusal:
            raise Open311Error(403, refusal)
        request = self.with_context(mail_notrack=True).create(
            self._open311_request_vals(client, service, partner, values))
        request.action_submit()
        return [{"service_request_id": request.name, "service_notice": request._open311_notice(),
                 "account_id": None}]

    @api.model
    def _open311_clean(self, data):
        if not isinstance(data, dict):
            raise Open311Error(400, "The body must be a form or a JSON object.")
        attributes = {}
        for key in data:
            match = ATTRIBUTE_RE.match(key) if isinstance(key, str) else None
            if match:
                attributes[match.group(1)] = key
            elif key not in POST_FIELDS:
                raise Open311Error(400, "Unknown field %s." % str(key)[:40])
        unknown = sorted(set(attributes) - {NATIONAL_ID_ATTRIBUTE})
        if unknown:
            raise Open311Error(400, "Unknown attribute %s." % unknown[0])
        values = {
            "service_code": o3.clean_text(data, "service_code", 32, True, o3.CODE_RE),
            "description": o3.clean_text(data, "description", 4000),
            "first_name": o3.clean_text(data, "first_name", 100, pattern=o3.NAME_RE),
            "last_name": o3.clean_text(data, "last_name", 100, pattern=o3.NAME_RE),
            "email": o3.clean_text(data, "email", 254, pattern=o3.EMAIL_RE),
            "phone": o3.clean_text(data, "phone", 20, pattern=re.compile(r"^\+?[0-9 \-]{9,19}$")),
            "address_string": o3.clean_text(data, "address_string", 250),
            "media_url": o3.clean_text(data, "media_url", 1000, pattern=o3.URL_RE),
            "lat": o3.clean_coordinate(data, "lat", 90),
            "long": o3.clean_coordinate(data, "long", 180),
        }
        for key in ("jurisdiction_id", "address_id", "device_id", "account_id"):
            o3.clean_text(data, key, 64, pattern=o3.TOKEN_RE)
        if (values["lat"] is None) != (values["long"] is None):
            raise Open311Error(400, "lat and long must be given together.")
        if values["phone"]:
            digits = re.sub(r"\D", "", values["phone"])
            digits = "0" + digits[2:] if digits.startswith("66") else digits
            if not 9 <= len(digits) <= 10:
                raise Open311Error(400, "phone must have 9 or 10 digits.")
            values["phone"] = digits
        national_id = o3.clean_text(data, "attribute[%s]" % NATIONAL_ID_ATTRIBUTE, 20)
        if national_id:
            national_id = re.sub(r"[\s\-]", "", national_id)
            error = self.env["res.partner"]._gov_id_error(national_id, "citizen")
            if error:
                raise Open311Error(400, "attribute[national_id]: %s" % error.replace("\n", " / "))
        values["national_id"] = national_id
        return values

    @api.model
    def _open311_applicant(self, client, values):
        """The person the ID names, registered if new; an agency may post on its own behalf."""
        if not values["national_id"]:
            if client.channel == "agency" and client.partner_id:
                return client.partner_id
            raise Open311Error(400, "attribute[national_id] is required.")
        Partner = self.env["res.partner"].with_context(active_test=False)
        partner = Partner.search([("national_id", "=", values["national_id"])], limit=1)
        if partner:
            return partner
        if not values["first_name"] or not values["last_name"]:
            raise Open311Error(400, "first_name and last_name are required for a person not registered yet.")
        # parallel posts (and counters) registering one new ID give one person: the later
        # transaction fails with a serialisation error, Odoo runs the call again and its
        # look-up above then finds the person (gov_crm's res_partner_registration)
        Partner._gov_serialise_registration("national_id:%s" % values["national_id"])
        return self._open311_register(Partner, values)

    @api.model
    def _open311_register(self, Partner, values):
        return Partner.create({
            "name": "%s %s" % (values["first_name"], values["last_name"]),
            "gov_first_name": values["first_name"],
            "gov_last_name": values["last_name"],
            "gov_party_type": "citizen",
            "national_id": values["national_id"],
            "email": values["email"] or False,
            "phone": values["phone"] or False,
        })

    @api.model
    def _open311_request_vals(self, client, service, partner, values):
        """Values of the new request (hook: agency exchange adds the agency)."""
        return {
            "partner_id": partner.id,
            "service_id": service.id,
            "channel": client.channel,
            "description": values["description"] or False,
            "open311_client_id": client.id,
            "open311_public": True,
            "open311_address": values["address_string"] or False,
            "open311_lat": values["lat"] or 0.0,
            "open311_long": values["long"] or 0.0,
            "open311_media_url": values["media_url"] or False,
            "received_by_id": self.env.ref("base.user_root").id,
        }
