"""PDPA erasure: anonymise a person everywhere they are held, keeping what the KPIs count.

``gov_anonymise`` takes the person out of:

* their own record (personal fields blanked, the name becomes ``ANON-<id>``), their
  consents' evidence and notes, their portal login (deactivated, login and password
  cleared);
* the records about them, through two hooks other modules extend, as they extend
  ``_gov_dsar_sections`` for the access export:
  ``_gov_anonymise_documents()`` names the documents about the person (one_stop_service
  adds their requests, citizen_case their cases): their chatter is scrubbed of the
  person, their files are deleted from the database and the filestore;
  ``_gov_anonymise_records(traces)`` blanks or scrubs the fields of those records
  (descriptions, notes);
* mail anywhere: the messages they wrote or received are blanked, e-mails queued or
  kept for them are deleted, and their name, ID, phones and e-mail are replaced by
  ``ANON-<id>`` in every message, e-mail, tracking value, activity and bus notification
  of the database (a note about them on someone else's request included);
* logs that copy what records held (``_gov_anonymise_logs(traces, documents)``, a hook:
  gov_security blanks and scrubs the audit log).

Records, dates, states, ratings and counts stay, so statistics do not change.
"""
import functools
import logging
import os

from psycopg2 import sql

import odoo
from odoo import SUPERUSER_ID, _, api, models
from odoo.exceptions import UserError

from .gov_person_traces import PersonTraces

_logger = logging.getLogger(__name__)

# personal fields blanked by anonymisation; party type, province and the record stay for statistics
ANONYMISED_FIELDS = (
    "national_id", "gov_first_name", "gov_last_name", "gov_name_en", "gov_birth_date", "title",
    "gov_line_id", "gov_preferred_channel", "street", "street2", "city", "zip", "email", "phone",
    "mobile", "website", "function", "comment", "vat", "image", "gov_district_id", "gov_subdistrict_id",
    "barcode", "ref")
# text columns of mail scrubbed of the person in every row of the database
MAIL_TEXT_COLUMNS = (
    ("mail_message", ("body", "subject", "record_name", "email_from", "reply_to")),
    ("mail_mail", ("body_html", "email_to", "email_cc", "failure_reason", "headers")),
    ("mail_tracking_value", ("old_value_char", "new_value_char", "old_value_text", "new_value_text")),
    ("mail_activity", ("summary", "note", "feedback", "res_name")),
)


def _purge_files(dbname, fnames):
    """After the commit: remove the files no attachment refers to any more from the
    filestore (Odoo would only collect them at the next daily clean-up)."""
    registry = odoo.registry(dbname)
    with api.Environment.manage(), registry.cursor() as cr:
        cr.execute("LOCK ir_attachment IN SHARE MODE")  # no new attachment may claim them meanwhile
        attachments = api.Environment(cr, SUPERUSER_ID, {})["ir.attachment"]
        for fname in fnames:
            cr.execute("SELECT 1 FROM ir_attachment WHERE store_fname = %s LIMIT 1", (fname,))
            if cr.fetchone():
                continue  # the same content is attached elsewhere
            for path in (attachments._full_path(fname), os.path.join(attachments._full_path("checklist"), fname)):
                try:
                    os.unlink(path)
                except OSError:  # pylint: disable=except-pass  # already gone
                    pass
        # pylint: disable-next=invalid-commit  # this cursor is the function's own, after the main commit
        cr.commit()


class ResPartner(models.Model):
    _inherit = "res.partner"

    # ------------------------------------------------------------ hooks
    def _gov_anonymise_documents(self):
        """Documents about the person, as {model name: records} (``self``: one person, sudo).

        Their chatter is scrubbed of the person and their files are deleted. Other modules
        extend it: ``documents = super()._gov_anonymise_documents()``, then add theirs.
        """
        self.ensure_one()
        return {"res.partner": self, "gov.consent": self.with_context(active_test=False).gov_consent_ids}

    def _gov_anonymise_records(self, traces):
        """Blank or scrub what the records about the person hold of them (``self``: one
        person, sudo; ``traces``: a PersonTraces). Other modules extend it (call super,
        then blank their records' free text about the person, for example a request's
        description, or scrub it with ``traces.scrub_columns``)."""
        self.ensure_one()
        consents = self.with_context(active_test=False).gov_consent_ids
        consents.write({"note": False, "evidence": False, "evidence_name": False, "given_by_id": self.id})

    # ------------------------------------------------------------ the action
    @api.multi
    def gov_anonymise(self):
        """Take the person out of everything that holds them; the records stay for statistics."""
        self._gov_check_privacy_officer()
        self.env["gov.privacy.log"]._log("anonymise", self)
        # sudo: the privacy officer (checked above) erases what records of every role hold
        for partner in self.sudo().with_context(active_test=False, tracking_disable=True):
            users = partner._gov_anonymise_check_users()
            traces = PersonTraces(partner, users)
            documents = partner._gov_anonymise_documents()
            partner._gov_anonymise_files(documents)
            partner._gov_anonymise_records(traces)
            partner._gov_anonymise_mail(traces, documents)
            partner._gov_anonymise_users(users)
            partner._gov_anonymise_person()
            partner._gov_anonymise_logs(traces, documents)  # last: the steps above are logged too
            self.invalidate_cache()  # everything: rows were changed in SQL
        return True

    @api.multi
    def action_gov_anonymise(self):
        self.gov_anonymise()
        return True

    # ------------------------------------------------------------ steps
    def _gov_anonymise_check_users(self):
        """The person's logins; a staff account must be deactivated by an administrator first."""
        users = self.with_context(active_test=False).user_ids
        staff = users.filtered(lambda u: u.active and not u.share)
        if staff:
            raise UserError(_(
                "%(name)s has the staff account %(login)s: an administrator deactivates it before "
                "the person is anonymised.") % {
                    "name": self.display_name, "login": staff[0].login})
        return users

    def _gov_anonymise_mail(self, traces, documents):
        cr = self.env.cr
        own = self.env["mail.message"].search(
            ["|", "|", "&", ("model", "=", "res.partner"), ("res_id", "=", self.id),
             ("author_id", "=", self.id), ("partner_ids", "in", self.ids)])
        if own:
            # what the person wrote or was sent: nothing of it is kept but the fact
            cr.execute("""
                UPDATE mail_message SET body = '', subject = NULL, email_from = NULL, reply_to = NULL,
                       record_name = CASE WHEN model = 'res.partner' AND res_id = %(id)s
                                          THEN NULL ELSE record_name END
                 WHERE id IN %(msgs)s""", {"id": self.id, "msgs": tuple(own.ids)})
            cr.execute("DELETE FROM mail_tracking_value WHERE mail_message_id IN %s", (tuple(own.ids),))
            cr.execute("DELETE FROM mail_mail WHERE mail_message_id IN %s", (tuple(own.ids),))
        # e-mails queued or kept for the person
        cr.execute("""
            DELETE FROM mail_mail WHERE id IN (SELECT mail_mail_id FROM mail_mail_res_partner_rel
                                                WHERE res_partner_id = %s)""", (self.id,))
        cr.execute("DELETE FROM mail_followers WHERE partner_id = %s", (self.id,))
        # the chatter of the records about the person, first and last names included
        for model, records in documents.items():
            cr.execute("SELECT id FROM mail_message WHERE model = %s AND res_id IN %s",
                       (model, tuple(records.ids) or (0,)))
            ids = [row[0] for row in cr.fetchall()]
            traces.scrub_columns(cr, "mail_message", ("body", "subject", "record_name"), ids=ids, own=True)
            cr.execute("SELECT id FROM mail_activity WHERE res_model = %s AND res_id IN %s",
                       (model, tuple(records.ids) or (0,)))
            ids = [row[0] for row in cr.fetchall()]
            traces.scrub_columns(cr, "mail_activity", ("summary", "note", "res_name"), ids=ids, own=True)
        # and everywhere else: the name, ID, phones and e-mail in any message
        for table, columns in MAIL_TEXT_COLUMNS:
            traces.scrub_columns(cr, table, columns)
        if traces.bus:
            cr.execute("DELETE FROM bus_bus WHERE message ~* %s", (traces.bus,))

    def _gov_anonymise_logs(self, traces, documents):
        """Logs that keep copies of what records held (hook: an audit log module blanks or
        scrubs its lines of the person; ``documents`` as for the chatter)."""
        return True

    def _gov_anonymise_files(self, documents):
        """Delete the files of the records about the person and of the messages they wrote
        or received, in the database now and in the filestore once committed."""
        Attachment = self.env["ir.attachment"]
        attachments = Attachment.browse()
        for model, records in documents.items():
            attachments |= Attachment.search([
                ("res_model", "=", model), ("res_id", "in", records.ids),
                "|", ("res_field", "=", False), ("res_field", "!=", False)])
        self.env.cr.execute("""
            SELECT DISTINCT rel.attachment_id FROM message_attachment_rel rel
              JOIN mail_message m ON m.id = rel.message_id
              LEFT JOIN mail_message_res_partner_rel r ON r.mail_message_id = m.id
             WHERE m.author_id = %(id)s OR r.res_partner_id = %(id)s""", {"id": self.id})
        attachments |= Attachment.browse([row[0] for row in self.env.cr.fetchall()])
        self._gov_delete_files(attachments)

    def _gov_delete_files(self, attachments):
        attachments = attachments.exists()
        fnames = sorted(set(attachments.mapped("store_fname")) - {False})
        attachments.unlink()
        if fnames:
            self.env.cr.after("commit", functools.partial(_purge_files, self.env.cr.dbname, fnames))

    def _gov_anonymise_users(self, users):
        """Portal logins: deactivated, login and password cleared, so nobody signs in as the person."""
        for user in users:
            user.write({"login": "anonymised-%d-%d" % (self.id, user.id), "active": False, "signature": False})
        for column in ("password", "password_crypt"):
            if users and column in users._fields:
                self.env.cr.execute(sql.SQL("UPDATE res_users SET {} = NULL WHERE id IN %s").format(
                    sql.Identifier(column)), (tuple(users.ids),))

    def _gov_anonymise_person(self):
        values = {name: False for name in ANONYMISED_FIELDS if name in self._fields}
        values.update(name="ANON-%d" % self.id, gov_anonymised=True)
        self.write(values)
