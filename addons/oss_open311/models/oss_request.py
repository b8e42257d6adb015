"""Requests as Open311 service requests: what passes the public gate, search and paging."""
import base64
import datetime
import re

from odoo import api, fields, models

from .. import open311 as o3
from ..media import EXTENSIONS
from ..open311 import Open311Error

CLOSED_STATES = ("done", "rejected", "withdrawn", "abandoned")
MEDIA_ROUTE = "/open311/v2/media/%s.%s"
STATUS_RE = re.compile(r"^(open|closed)$")


class OssRequest(models.Model):
    _inherit = "oss.request"
    # what the API client posted, and which client: written by the API's submission only
    _protected_fields = ("open311_client_id", "open311_address", "open311_address_id", "open311_lat",
                         "open311_long", "open311_media_url", "open311_media_id", "open311_public")

    open311_client_id = fields.Many2one(
        "oss.api.client", string="API client", ondelete="restrict", index=True, readonly=True, copy=False,
        groups="gov_crm.group_gov_service_manager")
    open311_address = fields.Char(string="Address (API)", readonly=True, copy=False)
    open311_address_id = fields.Char(
        string="Address ID (API)", readonly=True, copy=False,
        help="The identifier of the place in the posting application's address register.")
    open311_lat = fields.Float(string="Latitude", digits=(10, 7), readonly=True, copy=False)
    open311_long = fields.Float(string="Longitude", digits=(10, 7), readonly=True, copy=False)
    open311_map_url = fields.Char(string="Map", compute="_compute_open311_map_url")
    open311_media_url = fields.Char(string="Media URL", readonly=True, copy=False)
    open311_media_id = fields.Many2one(
        "ir.attachment", string="Photo (API)", ondelete="set null", readonly=True, copy=False, index=True,
        help="The photo posted with the request, re-encoded; kept with the request's documents.")
    open311_public = fields.Boolean(
        string="Posted through Open311", readonly=True, index=True, copy=False,
        help="Listed by GET requests.json, with its description: the client posted it to a public API.")

    @api.depends("open311_lat", "open311_long")
    def _compute_open311_map_url(self):
        for request in self:
            if request.open311_lat or request.open311_long:
                request.open311_map_url = "https://www.openstreetmap.org/?mlat=%.7f&mlon=%.7f#map=18/%.7f/%.7f" % (
                    request.open311_lat, request.open311_long, request.open311_lat, request.open311_long)
            else:
                request.open311_map_url = False

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
                  "date": (o3.to_w3c(self.expected_date, self.env["resource.calendar"].gov_office_tz()) or "")[:10]}
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

    def _open311_public_report(self):
        """A public report posted through this public API: its description, place and photo are
        public (its author knew the API is public); those of any other request never are."""
        self.ensure_one()
        return bool(self.open311_public and self.service_id.public_report and self.state != "draft")

    def _open311_updated(self):
        """When the request last changed for the public; a closed request's closing time; never
        before it was received."""
        closed = self.state in CLOSED_STATES and self.date_done
        moment = (self.date_done if closed else self.date_public_change) or self.date_received
        return max(moment, self.date_received)

    def _open311_media(self, base_url):
        """The URL of the request's photo (served by the public gate), or the URL its client gave."""
        photo = self.open311_media_id
        if photo and photo.mimetype in EXTENSIONS:
            return base_url.rstrip("/") + MEDIA_ROUTE % (self.name, EXTENSIONS[photo.mimetype])
        return self.open311_media_url or None

    def _open311_request(self, client=None, base_url=""):
        """One service request, with nothing that names or identifies a person.

        The description is given to the client that posted it, and to anyone for a public
        report posted through the API; the place and the photo only for such a public report.
        """
        self.ensure_one()
        own = bool(client) and self.open311_client_id == client
        public = self._open311_public_report()
        located = public and bool(self.open311_lat or self.open311_long)
        tz = self.env["resource.calendar"].gov_office_tz()
        return {
            "service_request_id": self.name,
            "status": self._open311_status(),
            "status_notes": self._open311_status_notes(),
            "service_name": self.service_id.name_en or self.service_id.name,
            "service_code": self.service_id.code,
            "description": (self.description or None) if (own or public) else None,
            "agency_responsible": self._open311_agency_responsible(),
            "service_notice": self._open311_notice(),
            "requested_datetime": o3.to_w3c(self.date_received, tz),
            "updated_datetime": o3.to_w3c(self._open311_updated(), tz),
            "expected_datetime": o3.to_w3c(self.expected_date, tz),
            "address": (self.open311_address or None) if public else None,
            "address_id": (self.open311_address_id or None) if public else None,
            "zipcode": None,
            "lat": self.open311_lat if located else None,
            "long": self.open311_long if located else None,
            "media_url": self._open311_media(base_url) if public else None,
        }

    @api.model
    def _open311_photo(self, tracking_number, extension):
        """(content, MIME type) of the photo of a public report, read through the gate as anyone
        reads it: a request that is not (or no longer) public has none (404)."""
        found = self._oss_public_find([tracking_number]) if isinstance(tracking_number, str) else self.browse()
        photo = found.open311_media_id if found and found._open311_public_report() else None
        if not photo or EXTENSIONS.get(photo.mimetype) != extension:
            raise Open311Error(404, "No such media.")
        return base64.b64decode(photo.datas), photo.mimetype

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
        """GET requests/<number>.json through the gate; unknown and unreadable answer alike (404).
        Parameters other than ``last4`` are ignored (extensions of other servers)."""
        params = params or {}
        if not isinstance(tracking_number, str) or not o3.TRACKING_RE.match(tracking_number):
            raise Open311Error(404, "service_request_id not found.")
        found = self._oss_public_find([tracking_number], params.get("last4"), client)
        if not found:
            raise Open311Error(404, "service_request_id %s not found." % tracking_number)
        return found

    @api.model
    def _open311_search(self, params, client=None):
        """GET requests.json through the gate: by tracking numbers, or the readable requests of
        a period (public reports, and the client's own scope), a page at a time.

        Without ``page`` or ``page_size`` the first 1000 are answered; with them, pages of
        ``page_size`` (at most 100, default 100). Unknown parameters are ignored.
        """
        if params.get("service_request_id") is not None:
            numbers = o3.split_list(params["service_request_id"], "service_request_id", o3.TRACKING_RE)
            return self._oss_public_find(numbers, params.get("last4"), client)
        domain = self._oss_public_domain(client)
        if params.get("service_code") is not None:
            domain = domain + [("service_id.code", "in",
                                o3.split_list(params["service_code"], "service_code", o3.CODE_RE))]
        if params.get("status") is not None:
            statuses = set(o3.split_list(params["status"], "status", STATUS_RE))
            if statuses == {"open"}:
                domain = domain + [("state", "not in", CLOSED_STATES)]
            elif statuses == {"closed"}:
                domain = domain + [("state", "in", CLOSED_STATES)]
        start, end = self._open311_period(params.get("start_date"), params.get("end_date"))
        domain = domain + [("date_received", ">=", fields.Datetime.to_string(start)),
                           ("date_received", "<=", fields.Datetime.to_string(end))]
        limit, offset = self._open311_page(params)
        return self.search(domain, limit=limit, offset=offset, order="date_received desc, id desc")

    @api.model
    def _open311_page(self, params):
        """(limit, offset) of the page asked for."""
        paged = params.get("page") is not None or params.get("page_size") is not None
        page = o3.clean_int(params, "page", 1, o3.MAX_PAGE, 1)
        size = o3.clean_int(params, "page_size", 1, o3.MAX_PAGE_SIZE, o3.MAX_PAGE_SIZE)
        if not paged:
            return o3.MAX_RESULTS, 0
        return size, (page - 1) * size

    @api.model
    def _open311_period(self, start_value, end_value):
        """The searched period: 90 days at most, the last 90 days by default."""
        span = datetime.timedelta(days=o3.DEFAULT_DAYS)
        tz = self.env["resource.calendar"].gov_office_tz()
        start = o3.parse_w3c(start_value, "start_date", tz) if start_value is not None else None
        end = o3.parse_w3c(end_value, "end_date", tz) if end_value is not None else None
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
