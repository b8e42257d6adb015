"""POST requests.json: the checks of everything posted, then the request, its place and its photo."""
import base64
import re

from odoo import api, models

from .. import open311 as o3
from ..media import clean_photo
from ..open311 import Open311Error
from .oss_service import NATIONAL_ID_ATTRIBUTE

POST_FIELDS = {
    "api_key", "jurisdiction_id", "service_code", "lat", "long", "address_string", "address_id",
    "email", "device_id", "account_id", "first_name", "last_name", "phone", "description", "media_url",
}
ATTRIBUTE_RE = re.compile(r"^attribute\[([A-Za-z0-9_]{1,32})\]$")
PHONE_RE = re.compile(r"^\+?[0-9 \-]{9,19}$")


class OssRequest(models.Model):
    _inherit = "oss.request"

    @api.model
    def _open311_submit(self, client, data, media=None):
        """POST requests.json: check everything, then create and submit the request.

        ``media`` is the content of the uploaded photo, if any. An unknown service, or one not
        offered to the key's channel, is answered 404 as the spec says.
        """
        values = self._open311_clean(data)
        photo = clean_photo(media) if media is not None else None
        service = self.env["oss.service"]._open311_get(values["service_code"], channel=client.channel)
        client._open311_check_service(service)
        values = self._open311_locate(service, values)
        partner = self._open311_applicant(client, values)
        refusal = service._oss_refusal(partner, client.channel)
        if refusal:
            raise Open311Error(403, refusal)
        request = self.with_context(mail_notrack=True).create(
            self._open311_request_vals(client, service, partner, values))
        if photo:
            request._open311_attach_photo(*photo)
        request.action_submit()
        return [{"service_request_id": request.name, "service_notice": request._open311_notice(),
                 "account_id": None}]

    @api.model
    def _open311_locate(self, service, values):
        """The place of the request as the service wants it: required (one of lat and long,
        address_string or address_id), optional, or not used (then none is kept: a personal
        matter's place is not needed, PDPA s.22)."""
        if service.location_mode == "none":
            return dict(values, lat=None, long=None, address_string=None, address_id=None)
        located = values["lat"] is not None or values["address_string"] or values["address_id"]
        if service.location_mode == "required" and not located:
            raise Open311Error(400, "service_code %s needs the place: give lat and long, address_string "
                                    "or address_id." % service.code)
        return values

    def _open311_attach_photo(self, content, mimetype, extension):
        """Keep the photo as a document of the request (staff see it with its attachments)."""
        self.ensure_one()
        attachment = self.env["ir.attachment"].create({
            "name": "%s-photo.%s" % (self.name, extension), "datas_fname": "%s-photo.%s" % (self.name, extension),
            "datas": base64.b64encode(content), "mimetype": mimetype,
            "res_model": self._name, "res_id": self.id,
        })
        self.write({"open311_media_id": attachment.id})
        return attachment

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
            "phone": o3.clean_text(data, "phone", 20, pattern=PHONE_RE),
            "address_string": o3.clean_text(data, "address_string", 250),
            "media_url": o3.clean_text(data, "media_url", 1000, pattern=o3.URL_RE),
            "address_id": o3.clean_text(data, "address_id", 64, pattern=o3.TOKEN_RE),
            "lat": o3.clean_coordinate(data, "lat"),
            "long": o3.clean_coordinate(data, "long"),
        }
        for key in ("jurisdiction_id", "device_id", "account_id"):
            o3.clean_text(data, key, 64, pattern=o3.TOKEN_RE)
        if (values["lat"] is None) != (values["long"] is None):
            raise Open311Error(400, "lat and long must be given together.")
        if values["lat"] is not None:
            o3.check_in_thailand(values["lat"], values["long"])
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
            "open311_address_id": values["address_id"] or False,
            "open311_lat": values["lat"] or 0.0,
            "open311_long": values["long"] or 0.0,
            "open311_media_url": values["media_url"] or False,
            "received_by_id": self.env.ref("base.user_root").id,
        }
