"""PDPA data-subject rights: the access export (XLSX); anonymisation is in res_partner_anonymise.py."""
import hashlib
import hmac
import io
import re
import time

import xlsxwriter

from odoo import _, api, fields, models
from odoo.exceptions import AccessError

EXPORT_LINK_SECONDS = 300  # how long the privacy officer's download link works


class ResPartner(models.Model):
    _inherit = "res.partner"

    gov_consent_count = fields.Integer(string="Lawful bases", compute="_compute_gov_consent_count")

    def _compute_gov_consent_count(self):
        # users outside the gov groups still open partners: they count none
        counts = self.env["gov.consent"]._gov_count_by("partner_id", self.ids)
        for partner in self:
            partner.gov_consent_count = counts.get(partner.id, 0)

    def _gov_check_privacy_officer(self):
        if not self.env.user.has_group("gov_crm.group_gov_privacy_officer"):
            raise AccessError(_(
                "Only the privacy officer may do this."))

    @api.multi
    def action_gov_consents(self):
        return self._gov_action_related("gov_crm.gov_consent_action", "partner_id", {"default_partner_id": self.id})

    # ------------------------------------------------------------ access export
    @staticmethod
    def _gov_dsar_normalise(section):
        """(title, headers, rows) from a tuple section or a dict one with rows as dicts."""
        if not isinstance(section, dict):
            return section
        rows = section.get("rows") or []
        headers = list(section.get("headers") or [])
        if rows and isinstance(rows[0], dict):
            for row in rows:
                headers += [key for key in row if key not in headers]
            rows = [[row.get(h, "") for h in headers] for row in rows]
        return section.get("title") or "", headers, rows

    @api.multi
    def gov_access_export_xlsx(self):
        """The XLSX file (bytes) of everything held on the person (PDPA s.30)."""
        self.ensure_one()
        self._gov_check_privacy_officer()
        output = io.BytesIO()
        workbook = xlsxwriter.Workbook(output, {"in_memory": True})
        bold = workbook.add_format({"bold": True, "text_wrap": True, "valign": "top", "bg_color": "#D9E1F2"})
        wrap = workbook.add_format({"text_wrap": True, "valign": "top"})
        used = set()
        # in the person's own language: the sheets, labels, values and dates they read
        person = self.with_context(lang=self._gov_dsar_lang())
        for title, headers, rows in map(self._gov_dsar_normalise, person._gov_dsar_all_sections()):
            name = re.sub(r"[\[\]:*?/\\]", " ", title)[:31]
            while name in used:
                name = name[:28] + "_%d" % len(used)
            used.add(name)
            sheet = workbook.add_worksheet(name)
            sheet.write_row(0, 0, headers, bold)
            for index, row in enumerate(rows, start=1):
                sheet.write_row(index, 0, [v if isinstance(v, (int, float)) else str(v) for v in row], wrap)
            for col, header in enumerate(headers):
                longest = max([len(str(header))] + [len(str(row[col])) for row in rows if col < len(row)])
                sheet.set_column(col, col, min(max(longest + 2, 14), 70))
            sheet.freeze_panes(1, 0)
        workbook.close()
        self.env["gov.privacy.log"]._log("access_export", self)
        return output.getvalue()

    @api.multi
    def action_gov_access_export(self):
        """Download the access export through a link valid a few minutes for this user only.

        The file is built, logged and streamed by ``/gov_crm/access_export`` and never
        stored: an attachment of the person could be downloaded by anyone who reads the
        person, and would outlive an anonymisation."""
        self.ensure_one()
        self._gov_check_privacy_officer()
        expires = int(time.time()) + EXPORT_LINK_SECONDS
        return {"type": "ir.actions.act_url", "target": "self",
                "url": "/gov_crm/access_export/%d?expires=%d&token=%s" % (
                    self.id, expires, self._gov_export_token(expires))}

    def _gov_export_token(self, expires):
        """HMAC of (user, person, expiry) with the database secret."""
        self.ensure_one()
        secret = self.env["ir.config_parameter"].sudo().get_param("database.secret") or ""
        message = "gov_crm.access_export:%d:%d:%d" % (self.env.uid, self.id, expires)
        return hmac.new(secret.encode("utf-8"), message.encode("utf-8"), hashlib.sha256).hexdigest()

    def _gov_export_token_valid(self, expires, token):
        """Whether a download link was made for this person by the current user and is still valid."""
        try:
            expires = int(expires)
        except (TypeError, ValueError):
            return False
        if not isinstance(token, str) or not time.time() <= expires <= time.time() + EXPORT_LINK_SECONDS:
            return False
        return hmac.compare_digest(self._gov_export_token(expires), token)
