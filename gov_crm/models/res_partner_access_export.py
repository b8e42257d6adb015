"""The PDPA access export as the person reads it (PDPA s.30): in their language (Thai or English),
dates and times in the office's time zone (Buddhist era in Thai), labelled sections and values,
no field names or stored codes.

Sections are (title, headers, rows), built with the person's language in the context:
who we are, what we hold about you, why (the lawful bases), who saw it, then what other modules
add (``_gov_dsar_sections``: the requests, the cases), and last the messages to and about them.
"""
from odoo import _, api, fields, models
from odoo.tools import html2plaintext

from ..lib.be_date import format_citizen_date
from ..lib.thai_id import format_id

# the person's data in the order a person reads them (fields other modules add are appended by
# extending ``_gov_dsar_person_fields``)
PERSON_FIELDS = ["title", "name", "gov_first_name", "gov_last_name", "gov_name_en", "national_id",
                 "gov_birth_date", "gov_party_type", "street", "street2", "gov_subdistrict_id",
                 "gov_district_id", "gov_province_id", "zip", "country_id", "phone", "mobile", "email",
                 "gov_line_id", "gov_preferred_channel", "lang", "parent_id", "function", "comment"]


class ResPartner(models.Model):
    _inherit = "res.partner"

    def _gov_dsar_lang(self):
        """The language of the person's export: English for an English speaker, otherwise Thai."""
        return "en_US" if self.lang == "en_US" else "th_TH"

    def _gov_dsar_when(self, value, with_time=True):
        """A stored date or UTC datetime as the person reads it (office time zone)."""
        return format_citizen_date(value, self.env["resource.calendar"].gov_office_tz(),
                                   self.env.context.get("lang") or "th_TH", with_time=with_time)

    @api.model
    def _gov_dsar_label(self, model, field_name, value):
        """The label of a selection value in the context's language."""
        field = self.env[model]._fields[field_name]
        return dict(field._description_selection(self.env)).get(value, "") if value else ""

    def _gov_dsar_person_fields(self):
        return [name for name in PERSON_FIELDS if name in self._fields]

    # ------------------------------------------------------------ sections
    def _gov_dsar_sections(self):
        """Sheets of the access export as (title, headers, rows); other modules append theirs
        (``sections = super()._gov_dsar_sections()``). A section may also be a dict
        ``{"title": ..., "rows": [{header: value}]}`` (optionally with ``"headers"``)."""
        self.ensure_one()
        return [self._gov_dsar_who_we_are(), self._gov_dsar_what_we_hold(), self._gov_dsar_why(),
                self._gov_dsar_who_saw_it()]

    def _gov_dsar_all_sections(self):
        """Every sheet: the sections, then the messages."""
        return self._gov_dsar_sections() + [self._gov_dsar_messages()]

    def _gov_dsar_who_we_are(self):
        agency = self.env["res.company"].gov_agency()
        rows = [(_("Agency"), agency["name"]), (_("Address"), agency["address_text"]),
                (_("Telephone"), agency["phone"]), (_("E-mail"), agency["email"]),
                (_("Web site"), agency["url"]),
                (_("This file"), _("Everything the agency holds about you, made at your request on %(date)s "
                                   "(Personal Data Protection Act B.E. 2562, section 30).") % {
                                       "date": self._gov_dsar_when(fields.Datetime.now())}),
                (_("Your rights"), _("You may ask the agency to correct, delete or stop using your data, or "
                                     "object to its use: contact the agency at the address above."))]
        return (_("Who we are"), [_("Item"), _("Details")], [row for row in rows if row[1]])

    def _gov_dsar_what_we_hold(self):
        # sudo: the privacy officer (checked by the caller) exports everything held on the person
        person = self.sudo()
        labels = person.fields_get(self._gov_dsar_person_fields(), attributes=["string", "type", "selection"])
        rows = []
        for name in self._gov_dsar_person_fields():
            field, value = labels[name], person[name]
            if field["type"] == "many2one":
                value = value.display_name or ""
            elif field["type"] == "selection":
                value = dict(field["selection"]).get(value, "") if value else ""
            elif field["type"] in ("date", "datetime"):
                value = self._gov_dsar_when(value, with_time=field["type"] == "datetime")
            elif name == "national_id":
                value = format_id(value) if value else ""
            elif name == "comment":
                value = html2plaintext(value or "").strip()
            if value:
                rows.append((field["string"], value))
        rows.append((_("Registered on"), self._gov_dsar_when(person.create_date)))
        return (_("What we hold about you"), [_("Item"), _("What we hold")], rows)

    def _gov_dsar_why(self):
        rows = [(self._gov_dsar_label("gov.consent", "purpose", consent.purpose),
                 self._gov_dsar_label("gov.consent", "lawful_basis", consent.lawful_basis),
                 self._gov_dsar_when(consent.given_on), consent.given_by_id.display_name or "",
                 self._gov_dsar_label("gov.consent", "channel", consent.channel),
                 self._gov_dsar_when(consent.withdrawn_on) if consent.withdrawn_on else _("No"),
                 consent.note or "")
                for consent in self.sudo().gov_consent_ids.sorted(lambda c: (c.given_on, c.id))]
        return (_("Why we hold it (lawful bases)"),
                [_("What for"), _("Lawful basis"), _("Since"), _("Given by"), _("How"), _("Withdrawn"),
                 _("Note")], rows)

    def _gov_dsar_who_saw_it(self):
        logs = self.env["gov.privacy.log"].sudo().search([("partner_id", "=", self.id)], order="date, id")
        rows = [(self._gov_dsar_when(log.date), self._gov_dsar_label("gov.privacy.log", "event", log.event),
                 log.user_id.display_name or "", self._gov_dsar_log_detail(log)) for log in logs]
        return (_("Who saw your data"), [_("When"), _("What happened"), _("Who"), _("Details")], rows)

    def _gov_dsar_log_detail(self, log):
        """What an audit entry means, in words (the log keeps keys)."""
        details = []
        if log.reason == "national_id":
            details.append(_("your national ID number"))
        elif log.event == "merge":
            details.append(_("another record of you was merged into this one"))
        elif log.reason:
            details.append(log.reason)
        if log.purpose:
            details.append(self._gov_dsar_label("gov.consent", "purpose", log.purpose) or log.purpose)
        return "; ".join(details)

    def _gov_dsar_messages(self):
        messages = self.env["mail.message"].sudo().search(
            ["|", "|", "&", ("model", "=", "res.partner"), ("res_id", "=", self.id),
             ("author_id", "=", self.id), ("partner_ids", "in", self.id)], order="date, id")
        rows = [(self._gov_dsar_when(message.date), message.record_name or "",
                 self._gov_dsar_label("mail.message", "message_type", message.message_type),
                 message.author_id.display_name or message.email_from or "", message.subject or "",
                 html2plaintext(message.body or "").strip()) for message in messages]
        return (_("Messages to and about you"),
                [_("When"), _("About"), _("Kind"), _("From"), _("Subject"), _("Text")], rows)
