"""How the public applies through each channel, shown on the service pages."""
import re

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError
from werkzeug.urls import url_quote

PUBLIC_KINDS = [
    ("counter", "At the counter (the agency's address and hours)"),
    ("phone", "By phone (the agency's phone)"),
    ("email", "By e-mail (the agency's e-mail)"),
    ("link", "Online (a link)"),
    ("info", "Information only"),
]
# a site-relative path or an http(s) address; {code} and {id} stand for the service
URL_RE = re.compile(r"^(/(?!/)|https?://)[^\s<>\"']*$")


class OssChannel(models.Model):
    _inherit = "oss.channel"

    public_kind = fields.Selection(
        PUBLIC_KINDS, string="On the public pages", default="info", required=True,
        help="What a service page shows for this channel.")
    public_url = fields.Char(
        string="Apply link", help="For an online channel: the address where the public applies; {code} is "
                                  "replaced by the service code and {id} by its id, e.g. "
                                  "/my/requests/new?service_id={id}.")
    public_note = fields.Text(string="How to apply", translate=True,
                              help="Shown to the public under the channel's name on the service pages.")

    @api.constrains("public_kind", "public_url")
    def _check_public_url(self):
        for channel in self:
            if channel.public_url and not URL_RE.match(channel.public_url):
                raise ValidationError(_(
                    "The apply link of %(channel)s must start with / or http(s):// and hold no spaces "
                    "or quotes.") % {"channel": channel.name})
            if channel.public_kind == "link" and not channel.public_url:
                raise ValidationError(_("The online channel %(channel)s needs an apply link.")
                                      % {"channel": channel.name})

    def _gp_apply(self, service, agency):
        """What the service page shows for this channel and ``service`` (a dict)."""
        self.ensure_one()
        entry = {"code": self.code, "name": self.name, "kind": self.public_kind,
                 "note": self.public_note or "", "url": "", "label": "", "lines": []}
        if self.public_kind == "counter":
            entry["lines"] = [line for line in [agency["name"], agency["address"]] if line] + agency["hours"]
        elif self.public_kind == "phone" and agency["phone"]:
            entry.update(url="tel:%s" % re.sub(r"[^\d+]", "", agency["phone"]), label=agency["phone"])
        elif self.public_kind == "email" and agency["email"]:
            entry.update(url="mailto:%s" % agency["email"], label=agency["email"])
        elif self.public_kind == "link" and self.public_url:
            entry["url"] = self.public_url.replace("{code}", url_quote(service.code)).replace(
                "{id}", str(service.id))
        return entry
