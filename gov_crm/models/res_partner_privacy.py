"""PDPA data-subject rights: the access export (XLSX); anonymisation is in res_partner_anonymise.py."""
import hashlib
import hmac
import io
import re
import time

import xlsxwriter

from odoo import _, api, fields, models
from odoo.exceptions import AccessError
from odoo.tools import html2plaintext

from ..lib.thai_id import format_id

EXPORT_LINK_SECONDS = 300  # how long the privacy officer's download link works
SKIPPED_EXPORT_FIELDS = {"id", "create_uid", "write_uid", "create_date", "write_date", "__last_update",
                         "parent_left", "parent_right", "image", "image_medium", "image_small"}


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
                "Only the privacy officer may do this.\nเฉพาะเจ้าหน้าที่คุ้มครองข้อมูลส่วนบุคคลเท่านั้น"))

    @api.multi
    def action_gov_consents(self):
        return self._gov_action_related("gov_crm.gov_consent_action", "partner_id", {"default_partner_id": self.id})

    # ------------------------------------------------------------ access export
    def _gov_dsar_sections(self):
        """Sheets of the access export as (sheet name, headers, rows).

        Other modules extend it (``sections = super()._gov_dsar_sections()``, then
        append their own sheet, for example the person's requests or cases).
        A section may also be a dict ``{"title": ..., "rows": [{header: value}]}``
        (optionally with ``"headers"``); both forms are written the same way.
        """
        self.ensure_one()
        person = self.sudo()
        rows = []
        for name, field in sorted(person._fields.items(), key=lambda item: item[1].string or item[0]):
            if (not field.store or name in SKIPPED_EXPORT_FIELDS or field.type in ("binary", "one2many")
                    or name.startswith(("message_", "activity_"))):
                continue
            value = person[name]
            if field.type == "many2one":
                value = value.display_name or ""
            elif field.type == "many2many":
                value = ", ".join(value.mapped("display_name"))
            elif field.type == "selection":
                value = dict(field._description_selection(self.env)).get(value, "")
            elif name == "national_id":
                value = format_id(value)
            rows.append((field.string, name, value if value not in (None, False) else ""))
        consents = [(dict(c._fields["purpose"]._description_selection(self.env))[c.purpose],
                     dict(c._fields["lawful_basis"]._description_selection(self.env))[c.lawful_basis],
                     c.given_on, c.given_by_id.display_name or "", c.channel, c.withdrawn_on or "",
                     c.note or "") for c in person.gov_consent_ids]
        messages = self.env["mail.message"].sudo().search(
            ["|", "|", "&", ("model", "=", "res.partner"), ("res_id", "=", self.id),
             ("author_id", "=", self.id), ("partner_ids", "in", self.id)], order="date, id")
        message_rows = [(m.date, m.model or "", m.record_name or "", m.message_type,
                         m.author_id.display_name or m.email_from or "", m.subject or "",
                         html2plaintext(m.body or "").strip()) for m in messages]
        logs = self.env["gov.privacy.log"].sudo().search([("partner_id", "=", self.id)], order="date, id")
        log_rows = [(log.date, log.event, log.user_id.display_name, log.purpose or "", log.reason or "")
                    for log in logs]
        return [
            (_("Person"), [_("Field"), _("Technical name"), _("Value")], rows),
            (_("Lawful bases"), [_("Purpose"), _("Lawful basis"), _("Given on"), _("Given by"),
                                 _("Channel"), _("Withdrawn on"), _("Note")], consents),
            (_("Messages"), [_("Date"), _("Document"), _("Document name"), _("Type"), _("Author"),
                             _("Subject"), _("Text")], message_rows),
            (_("Access log"), [_("Date"), _("Event"), _("User"), _("Purpose"), _("Reason")], log_rows),
        ]

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
        bold = workbook.add_format({"bold": True})
        used = set()
        for title, headers, rows in map(self._gov_dsar_normalise, self._gov_dsar_sections()):
            name = re.sub(r"[\[\]:*?/\\]", " ", title)[:31]
            while name in used:
                name = name[:28] + "_%d" % len(used)
            used.add(name)
            sheet = workbook.add_worksheet(name)
            sheet.write_row(0, 0, headers, bold)
            for index, row in enumerate(rows, start=1):
                sheet.write_row(index, 0, [v if isinstance(v, (int, float)) else str(v) for v in row])
            sheet.set_column(0, len(headers) - 1, 24)
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
