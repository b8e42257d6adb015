"""The service catalogue as Open311 services and service definitions."""
from odoo import api, models

from ..open311 import CODE_RE, Open311Error

NATIONAL_ID_ATTRIBUTE = "national_id"
LOCATION_ATTRIBUTE = "location"
# what a client is told of the place of a request, by the service's location mode
LOCATION_TEXTS = {
    "required": "Location: required. Give lat and long (WGS84 decimal degrees, within Thailand), "
                "address_string or address_id.",
    "optional": "Location: optional. You may give lat and long (WGS84 decimal degrees, within Thailand), "
                "address_string or address_id.",
    "none": "Location: not used. A place given with a request of this service is not kept.",
}
# who can apply through each API channel: a person named by their national ID and, with the
# key of an agency, the agency itself
CHANNEL_PARTY_TYPES = {"api": ("citizen",), "agency": ("citizen", "agency")}


class OssService(models.Model):
    _inherit = "oss.service"

    @api.model
    def _open311_published(self, channel="api"):
        """The services offered through ``channel`` (api, or agency for an agency's key)."""
        return self.search(self._oss_offered_domain(channel, CHANNEL_PARTY_TYPES[channel]))

    @api.model
    def _open311_get(self, code, status=404, channel="api"):
        """The service with this code offered through ``channel``, or an Open311 error."""
        if not isinstance(code, str) or not code:
            raise Open311Error(400, "service_code is required.")
        if not CODE_RE.match(code):  # nothing a code cannot hold (a NUL, markup) reaches the database
            raise Open311Error(status, "service_code %s not found." % code[:32])
        service = self.search([("code", "=", code)] + self._oss_offered_domain(
            channel, CHANNEL_PARTY_TYPES[channel]), limit=1)
        if not service:
            raise Open311Error(status, "service_code %s not found." % code[:32])
        return service

    def _open311_service(self):
        """One entry of services.json."""
        self.ensure_one()
        return {
            "service_code": self.code,
            "service_name": self.name_en or self.name,
            "description": self.description or "",
            "metadata": True,
            "type": "realtime",
            "keywords": ", ".join(filter(None, [self.category, self.name, self.name_en])),
            "group": self.group,
        }

    def _open311_definition(self):
        """services/<code>.json: the applicant's national ID, where the place is asked (informational,
        the core fields lat, long, address_string, address_id carry it), then the documents to bring."""
        self.ensure_one()
        attributes = [{
            "variable": True,
            "code": NATIONAL_ID_ATTRIBUTE,
            "datatype": "string",
            "required": True,
            "datatype_description": "13 digits of the Thai national ID, with or without dashes",
            "order": 1,
            "description": "National ID of the applicant (เลขประจำตัวประชาชนของผู้ยื่นคำขอ). "
                           "Optional for an agency posting on its own behalf.",
            "values": [],
        }]
        attributes.append({
            "variable": False,
            "code": LOCATION_ATTRIBUTE,
            "datatype": "text",
            "required": self.location_mode == "required",
            "datatype_description": None,
            "order": 2,
            "description": LOCATION_TEXTS[self.location_mode],
            "values": [],
        })
        for order, document in enumerate(self.document_ids, start=3):
            attributes.append({
                "variable": False,
                "code": "document_%d" % (order - 2),
                "datatype": "text",
                "required": False,
                "datatype_description": None,
                "order": order,
                "description": "%s document: %s (%d %s)" % (
                    "Required" if document.mandatory else "Optional", document.name,
                    document.copies, "copy" if document.copies == 1 else "copies"),
                "values": [],
            })
        return {"service_code": self.code, "location": self.location_mode, "attributes": attributes}

    @api.model
    def _open311_changeset(self):
        """The last change of the published catalogue (discovery's changeset), as Odoo stores it."""
        latest = self.with_context(active_test=False).search([], order="write_date desc", limit=1)
        return latest.write_date
