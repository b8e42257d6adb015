"""A holder of an Open311 API key: a civic app, a partner system or another agency."""
import hashlib
import hmac
import re
import secrets

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from ..open311 import Open311Error

KEY_PREFIX = "o311"
KEY_RE = re.compile(r"^o311_[0-9a-f]{8}_[A-Za-z0-9_\-]{20,64}$")
RATE_SCOPE = "open311.key"


def hash_key(key):
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


class OssApiClient(models.Model):
    _name = "oss.api.client"
    _description = "Open311 API client"
    _inherit = ["gov.protected.fields.mixin"]
    _order = "name"
    # the key is issued by action_generate_key, the call counters by the API itself
    _protected_fields = ("key_prefix", "key_hash", "key_date", "last_call", "channel")

    name = fields.Char(required=True, index=True)
    partner_id = fields.Many2one(
        "res.partner", string="Organisation", ondelete="restrict", index=True,
        help="The business or agency that uses the key. Requests posted with the key of an "
             "agency come in through the channel Agency, with the agency as applicant.")
    channel = fields.Selection([("api", "API"), ("agency", "Agency")], compute="_compute_channel",
                               store=True, index=True)
    key_prefix = fields.Char(readonly=True, copy=False, index=True,
                             help="First characters of the key, to find it; the key itself is never stored.")
    key_hash = fields.Char(readonly=True, copy=False, groups="base.group_system")
    key_date = fields.Datetime(string="Key issued on", readonly=True, copy=False)
    has_key = fields.Boolean(compute="_compute_has_key")
    active = fields.Boolean(default=True, help="Archive the client to revoke its key at once.")
    service_ids = fields.Many2many(
        "oss.service", string="Allowed services",
        help="Services the client may post requests for; empty means every published service.")
    read_service_requests = fields.Boolean(
        string="Follows every request of its services",
        help="The client reads the status of every request of its allowed services, whoever "
             "posted them and through whatever channel (a system that co-handles these services). "
             "Without it, a key reads the requests it posted and the public reports; any other "
             "request needs its tracking number and the last 4 digits of the applicant's ID or phone.")
    rate_limit = fields.Integer(string="Calls per minute", required=True, default=60)
    last_call = fields.Datetime(string="Last call", readonly=True, copy=False)
    request_ids = fields.One2many("oss.request", "open311_client_id", string="Requests")
    request_count = fields.Integer(compute="_compute_request_count", string="Requests posted")

    _sql_constraints = [
        ("key_prefix_uniq", "unique(key_prefix)", "Key prefixes must be unique."),
        ("rate_limit_positive", "CHECK(rate_limit > 0)",
         "The rate limit must be at least one call per minute."),
    ]

    @api.constrains("read_service_requests", "service_ids")
    def _check_read_service_requests(self):
        for client in self:
            if client.read_service_requests and not client.service_ids:
                raise ValidationError(_(
                    "%(name)s follows every request of its services: list those services.") % {"name": client.name})

    @api.depends("partner_id.gov_party_type")
    def _compute_channel(self):
        for client in self:
            client.channel = "agency" if client.partner_id.gov_party_type == "agency" else "api"

    @api.depends("key_prefix")
    def _compute_has_key(self):
        for client in self:
            client.has_key = bool(client.key_prefix)

    def _compute_request_count(self):
        counts = self.env["oss.request"]._gov_count_by("open311_client_id", self.ids)
        for client in self:
            client.request_count = counts.get(client.id, 0)

    @api.multi
    def action_generate_key(self):
        """Issue a new key (the old one stops working) and show it once."""
        self.ensure_one()
        self.check_access_rights("write")
        self.check_access_rule("write")
        prefix = secrets.token_hex(4)
        key = "%s_%s_%s" % (KEY_PREFIX, prefix, secrets.token_urlsafe(32))
        # sudo: the hash field is readable by administrators only, managers may still set it
        self.sudo().write({"key_prefix": prefix, "key_hash": hash_key(key),
                           "key_date": fields.Datetime.now()})
        return {
            "type": "ir.actions.act_window",
            "name": _("API key of %(name)s") % {"name": self.name},
            "res_model": "oss.api.client.key",
            "view_mode": "form",
            "target": "new",
            # the key lives only in this answer: the wizard is never saved
            "context": {"default_client_id": self.id, "default_key": key},
        }

    @api.model
    def _open311_authenticate(self, key):
        """The active client whose key is ``key``; 403 otherwise."""
        if not key:
            raise Open311Error(403, "An api_key is required.")
        if not isinstance(key, str) or not KEY_RE.match(key):
            raise Open311Error(403, "Invalid api_key.")
        parts = key.split("_", 2)
        client = self.sudo().search([("key_prefix", "=", parts[1])], limit=1)
        if not client or not hmac.compare_digest(client.key_hash or "", hash_key(key)):
            raise Open311Error(403, "Invalid api_key.")
        return client

    def _open311_count_call(self):
        """Count one call in the current minute and refuse it over the limit (429).

        The count (gov.rate.limit, one atomic statement) and the time of the call are
        committed at once, outside the request's transaction: a refused or failing call
        still counts, and the request's own transaction never holds the counter.
        """
        self.ensure_one()
        with self.pool.cursor() as cr:
            cr.autocommit(True)  # each statement its own transaction (see gov.rate.limit.hit)
            allowed, seconds = self.env["gov.rate.limit"]._hit_cr(cr, RATE_SCOPE, str(self.id), self.rate_limit, 60)
            cr.execute("UPDATE oss_api_client SET last_call = now() AT TIME ZONE 'UTC' WHERE id = %s", (self.id,))
        if not allowed:
            raise Open311Error(429, "Rate limit of %d calls per minute exceeded; try again in %d seconds."
                               % (self.rate_limit, seconds), retry_after=seconds)
        return True

    def _open311_check_service(self, service):
        if self.service_ids and service not in self.service_ids:
            raise Open311Error(403, "This api_key may not post requests for service_code %s." % service.code)
