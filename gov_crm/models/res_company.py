"""The agency as citizens read it on receipts, manuals, notices and e-mails.

Its name, seal, address and telephone are the company's; its public web address (where the
status page and the public pages are reached from outside) is ``gov_public_url``. Odoo's
placeholders (the company "YourCompany" / "My Company" and its placeholder logo) never reach a
citizen: ``gov_agency()`` leaves them out, and the service manager's dashboard says what is
missing (``_gov_setup_problems()``).
"""
import base64
import os
import re

from odoo import _, api, fields, models, tools
from odoo.exceptions import ValidationError

PLACEHOLDER_NAMES = ("YourCompany", "My Company")
# the address Odoo gives a new database's company
PLACEHOLDER_EMAILS = ("info@yourcompany.com",)
URL_PATTERN = re.compile(r"^https?://[^\s/?#]+[^\s?#]*$")


class ResCompany(models.Model):
    _inherit = "res.company"

    gov_public_url = fields.Char(
        string="Public web address",
        help="The address citizens use to reach the agency's public pages and the status page, "
             "e.g. https://www.example.go.th (printed on receipts and notices, used in e-mails).")

    @api.constrains("gov_public_url")
    def _check_gov_public_url(self):
        for company in self:
            if company.gov_public_url and not URL_PATTERN.match(company.gov_public_url):
                raise ValidationError(_(
                    "The public web address %(url)s is not a web address starting with https:// "
                    "(or http://).") % {"url": company.gov_public_url})

    @api.model
    def _gov_placeholder_logo(self):
        """The bytes of Odoo's placeholder company logo."""
        path = os.path.join(tools.config["root_path"], "addons", "base", "res", "res_company_logo.png")
        with open(path, "rb") as handle:
            return handle.read()

    @api.model
    def _gov_company(self):
        # sudo: the agency's name, seal and address are public; the portal and the public read them
        return self.env.user.company_id.sudo()

    @api.model
    def gov_public_address(self):
        """The agency's public web address without a trailing slash (the server's own address,
        web.base.url, while the agency has not set one)."""
        url = self._gov_company().gov_public_url
        if not url:
            url = self.env["ir.config_parameter"].sudo().get_param("web.base.url", "")
        return (url or "").rstrip("/")

    @api.model
    def gov_agency_email(self):
        """The agency's e-mail address ('' while it is Odoo's placeholder or not set)."""
        email = self._gov_company().email or ""
        return "" if email.strip().lower() in PLACEHOLDER_EMAILS else email

    @api.model
    def gov_agency(self):
        """The agency for a document a citizen reads: name, logo (base64 text or ''), address
        lines, phone, e-mail and public web address; Odoo's placeholders left out."""
        company = self._gov_company()
        logo = company.logo or b""
        if logo and base64.b64decode(logo) == self._gov_placeholder_logo():
            logo = b""
        partner = company.partner_id
        address = [line for line in (
            partner.street, partner.street2,
            " ".join(part for part in (partner.city, partner.state_id.name or "", partner.zip) if part))
            if line]
        return {
            "name": "" if company.name in PLACEHOLDER_NAMES else company.name,
            "logo": logo.decode() if isinstance(logo, bytes) else logo,
            "address": address,
            "address_text": ", ".join(address),
            "phone": company.phone or "",
            "email": self.gov_agency_email(),
            "url": self.gov_public_address(),
        }

    @api.model
    def _gov_setup_problems(self):
        """What the agency has not set up yet, in the user's language (empty when all is set)."""
        company = self._gov_company()
        agency = self.gov_agency()
        problems = []
        if not agency["name"]:
            problems.append(_("the agency's name (it is still Odoo's placeholder)"))
        if not agency["logo"]:
            problems.append(_("the agency's seal or logo"))
        if not agency["address"]:
            problems.append(_("the agency's address"))
        if not agency["phone"]:
            problems.append(_("the agency's telephone number"))
        if not agency["email"]:
            problems.append(_("the agency's e-mail address (the sender of the e-mails to applicants)"))
        if not company.gov_public_url:
            problems.append(_("the public web address printed on receipts and notices"))
        return problems
