"""Who reads the chatter: no internal note reaches a portal user, no national ID is kept in it,
and nobody but an administrator rewrites or deletes it.

Odoo 11 lets the author of a message, and anyone who may write its document, change or
delete it over RPC: the front desk could rewrite an officer's note on a request. The
chatter is the record's history: a message is changed or deleted only by administrators,
by Odoo's own processing of a message being posted (its recipients), and with its
document when the document is deleted. A user marks a message they read as unread or
starred for themselves only.
"""
import re
from email.utils import formataddr

from odoo import SUPERUSER_ID, _, api, models, tools
from odoo.exceptions import AccessError

from odoo.addons.mail.models.mail_message import _image_dataurl

from ..lib.thai_id import mask_ids_in_text
from ..tools.class_attributes import per_setup
from ..tools.thread_depth import Depth
from .base_insert import Stored
from .mail_document_access import message_bound, searched_domain

MASKED_MESSAGE_FIELDS = ("body", "subject")
# paragraphs of letters, digits (Thai ones too), spaces and punctuation that neither HTML nor the sanitizer
# gives a meaning to (no markup, entity, quote, percent sign or control character): the HTML sanitizer
# gives such a body back as it is
PLAIN_PARAGRAPHS = re.compile(r"(?:<p>[\w\u0E01-\u0E3A\u0E3F-\u0E5B .,:;()/\-+*#@!?\[\]=]*</p>)+")
# what a message that notifies nobody is inserted with (_gov_insert_message): its columns and recipients
INSERTED_FIELDS = frozenset((
    "author_id", "body", "date", "email_from", "mail_activity_type_id", "mail_server_id", "message_id",
    "message_type", "model", "no_auto_thread", "parent_id", "record_name", "reply_to", "res_id", "subject",
    "subtype_id", "partner_ids"))
# what a user writes on a message for themselves (mark as unread, unstar all): their own partner only
OWN_MARK_FIELDS = ("needaction_partner_ids", "starred_partner_ids")

_posting = Depth()
_tracking = Depth()  # mail is asking fields_get for the tracked fields' descriptions


def chatter_maintenance():
    """Odoo's own changes of messages: a message being posted, a document being deleted."""
    return _posting.inside()


class MailMessage(models.Model):
    _inherit = "mail.message"

    @api.model
    def _get_default_from(self):
        """The sender of a message its author posts: the author's own address, else the agency's.

        Odoo 11 refuses every chatter post, a note included, by a user who has no e-mail
        address ("Unable to send email..."): a clerk or officer whose account has none could
        not submit a request. Staff accounts often have none; the agency speaks for them. With
        no address at all the message is kept without a sender: an e-mail of it then fails in
        the mail queue, where it shows, and the agency set-up names the missing address.

        Mail's own sender (``formataddr`` of the user's name and address) is built here from
        those two columns alone (``_gov_author_address``).
        """
        name, email = self._gov_author_address()
        address = email or self.env["res.company"].gov_agency_email()
        return formataddr((name, address)) if address else False

    @api.model
    def _gov_author_address(self):
        """The name and e-mail address of the user's partner. Read through the user's record,
        the two brought the whole partner row into the cache (every column, and the masking of
        its identifiers), about 850 Python calls in every note, for two columns: unless the row
        is cached already, they are read alone (one statement, as the row's fetch was)."""
        partner = self.env.user.partner_id
        if "name" in partner._cache and "email" in partner._cache:
            return partner.name, partner.email
        self.env.cr.execute("SELECT name, email FROM res_partner WHERE id = %s", (partner.id,))
        return self.env.cr.fetchone()  # a user's partner is never deleted (ondelete restrict)

    @api.multi
    def check_access_rule(self, operation):
        """Odoo 11 hides internal notes from portal users in searches but lets them read one
        by its id unless it is a 'comment': notes logged by the system are 'notifications'.
        A user outside the employees reads no message without a public subtype."""
        if (operation in ("read", "write") and self.ids and self.env.uid != SUPERUSER_ID
                and not self.env.user.has_group("base.group_user")):
            self.env.cr.execute("""
                SELECT m.id FROM mail_message m
                  LEFT JOIN mail_message_subtype s ON s.id = m.subtype_id
                 WHERE m.id IN %s AND (m.subtype_id IS NULL OR s.internal) LIMIT 1""", (tuple(self.ids),))
            if self.env.cr.fetchone():
                raise self._gov_access_refused(operation)
        return super().check_access_rule(operation)

    @api.model
    def read_group(self, domain, fields, groupby, offset=0, limit=None, orderby=False, lazy=True):
        # Odoo checks who reads a message in _search, which read_group does not call
        return super().read_group(searched_domain(self, domain), fields, groupby, offset=offset, limit=limit,
                                  orderby=orderby, lazy=lazy)

    @api.multi
    def _invalidate_documents(self):
        """Odoo 11 forgets every field of a message's document when the message is written (each
        note, each notice), and the document's next read fetches its whole row again: one more
        SELECT of the request after each message of an intake, and a search of each of its lines read
        again (its payment requests). A message changes no column of its document's row (mail writes
        the date of the last post itself, which the ORM follows), nor its lines of other models: the
        fields forgotten here are those it may change (``message_bound``: the chatter's relations,
        everything computed on the fly)."""
        for message in self:
            if message.model and message.res_id and message.model in self.env:
                documents = self.env[message.model]
                documents.invalidate_cache(fnames=message_bound(documents), ids=[message.res_id])

    @api.model
    def create(self, vals):
        with chatter_maintenance():  # posting writes the message's recipients as its author
            return super().create(self._gov_mask_ids(vals))

    @api.model
    def _gov_insert_message(self, values):
        """Write, as the superuser, a message of a document that notifies nobody (what mail's create
        writes with ``message_create_from_mail_mail``: a note, a notice to an applicant) with one
        INSERT, and its recipients (``partner_ids``, (4, id) commands) with one more.

        The row is the one mail's create writes: the same defaults, sender, Message-Id, Reply-To and
        masking of IDs, the body sanitized as its field sanitizes it; the document forgets what a
        message changes of it. Through mail's and the ORM's create, the two messages of an intake
        (the note, the acknowledgement) took about a tenth of the server's processor time per intake.
        A message is a row nothing else is computed from (no stored field depends on one, on this
        platform's modules; checked at each setup, ``_gov_message_plain``). Anything else (a record
        name to work out, attachments, an image in the body, audit logging of messages' creation)
        goes through mail's create."""
        Message = self.sudo().with_context(message_create_from_mail_mail=True)
        values = self._gov_mask_ids(dict(values))
        partners = values.get("partner_ids") or []
        if not (self._gov_message_plain() and "record_name" in values and "default_starred" not in self._context
                and set(values) <= INSERTED_FIELDS and all(command[0] == 4 for command in partners)
                and not _image_dataurl.search(values.get("body") or "")):
            return Message.create(values)
        # mail's create, in its order: the sender is needed for the Reply-To
        if "email_from" not in values:
            values["email_from"] = Message._get_default_from()
        if not values.get("message_id"):
            values["message_id"] = Message._get_message_id(values)
        if "reply_to" not in values:
            values["reply_to"] = Message._get_reply_to(values)
        row = Message._add_missing_default_values(dict(values, partner_ids=[(6, 0, [])]))
        row.pop("partner_ids")
        if set(row) - INSERTED_FIELDS:  # a default of a field added by another module
            return Message.create(values)
        if isinstance(row.get("body"), str) and PLAIN_PARAGRAPHS.fullmatch(row["body"]):
            # a body of plain paragraphs (a note's lines, escaped): the sanitizer gives it back as it is,
            # after parsing it and writing it out again (a quarter of a note's processor time)
            row["body"] = Stored(row["body"])
        message = Message._gov_insert_rows([row])
        if partners:
            field = self._fields["partner_ids"]
            pairs = ", ".join(["(%s, %s)"] * len(partners))
            self.env.cr.execute(  # the table of the many2many and its columns, from its field
                "INSERT INTO %s (%s, %s) VALUES %s" % (field.relation, field.column1, field.column2, pairs),
                [value for command in partners for value in (message.id, command[1])])
        # what fetching the row would give, but the body (the one value its column converts)
        message._cache.update(message._convert_to_cache(
            dict({name: value for name, value in row.items() if name != "body"},
                 partner_ids=[command[1] for command in partners]), validate=False))
        message._invalidate_documents()
        return message

    @api.model
    def _gov_message_plain(self):
        """Whether a message is a row nothing else follows: no stored computed field of any model depends
        on a field of it (worked out once per setup), and no audit logging replaced its create."""
        followed = per_setup(self, "_gov_message_followed", lambda model: any(
            field.store and field.compute for triggers in model._field_triggers.values() for field, _path in triggers))
        return not followed and not self._gov_create_replaced()

    @api.multi
    def write(self, vals):
        if not self._gov_own_marks(vals):
            self._gov_check_history_change()
        return super().write(self._gov_mask_ids(vals))

    @api.multi
    def unlink(self):
        self._gov_check_history_change()
        return super().unlink()

    def _gov_check_history_change(self):
        if (not self or self.env.uid == SUPERUSER_ID or _posting
                or self.env.user.has_group("base.group_system")):
            return
        raise AccessError(_(
            "Messages are the history of a record: they cannot be changed or deleted."))

    def _gov_own_marks(self, vals):
        """Whether ``vals`` only marks the messages for the current user (unread, starred)."""
        partner_id = self.env.user.partner_id.id
        if not vals or set(vals) - set(OWN_MARK_FIELDS):
            return False
        return all(isinstance(command, (list, tuple)) and len(command) >= 2 and command[0] in (3, 4)
                   and command[1] == partner_id for name in vals for command in (vals[name] or [None]))

    @staticmethod
    def _gov_mask_ids(vals):
        """A national or juristic ID typed into a note or mailed to the person is kept masked:
        the chatter is read by everyone who reads the document, and the ID is on the person's
        record for those allowed to see it."""
        if not any(isinstance(vals.get(name), str) for name in MASKED_MESSAGE_FIELDS):
            return vals
        vals = dict(vals)
        for name in MASKED_MESSAGE_FIELDS:
            if isinstance(vals.get(name), str):
                vals[name] = mask_ids_in_text(vals[name])
        return vals


class MailMessageSubtype(models.Model):
    _inherit = "mail.message.subtype"

    # rows each process keeps between calls (base_shared_rows): set up by managers, not by the daily work
    _gov_shared_rows = True


class MailTrackingValue(models.Model):
    _inherit = "mail.tracking.value"

    @api.model
    def create(self, vals):
        """A tracked change of a field that holds an ID shows it masked in the chatter."""
        return super().create(self._gov_masked(vals))

    @staticmethod
    def _gov_masked(vals):
        vals = dict(vals)
        for name in ("old_value_char", "new_value_char", "old_value_text", "new_value_text"):
            if isinstance(vals.get(name), str):
                vals[name] = mask_ids_in_text(vals[name])
        return vals

    @api.model
    def _gov_create_lines(self, lines):
        """The tracked changes ``lines`` (values as ``create`` takes them), masked as ``create`` masks
        them: one INSERT for the lines of the same columns (``_gov_insert_created``), as the ORM's
        create of each writes them, while no other module extends or replaces it; each through
        ``create`` otherwise. The changes of a submission (its state, its legal period) each cost
        some three hundred Python function calls through the ORM's create, for a row nothing else
        depends on."""
        if not self._gov_create_extended_only_by({"gov_crm"}):
            return self.browse([self.create(vals).id for vals in lines])
        by_columns = {}
        for vals in lines:
            by_columns.setdefault(frozenset(vals), []).append(self._gov_masked(vals))
        created = self.browse()
        for rows in by_columns.values():
            created |= self._gov_insert_created(rows)
        return created


class MailThread(models.AbstractModel):
    _inherit = "mail.thread"

    @api.multi
    def unlink(self):
        # a document deleted by someone who may delete it takes its chatter with it
        with chatter_maintenance():
            return super().unlink()

    # Mail's tracking asks fields_get for the descriptions of the tracked fields (their labels and
    # the labels of their choices, translated) before each tracked create or write: some 575
    # Python function calls in each intake at the counter, for descriptions that change only with
    # the user's rights, their language, a translation or the model (each of which empties the
    # caches of every process, or reloads the registry). They are kept per user and language.
    @api.model
    def _get_tracked_fields(self, updated_fields):
        with _tracking.inside():
            return super()._get_tracked_fields(updated_fields)

    @api.model
    def fields_get(self, allfields=None, attributes=None):
        if _tracking and allfields and attributes is None:
            with _tracking.outside():  # the descriptions themselves, as asked
                # a dict of its own for the caller; the descriptions within are read, not changed
                return dict(self._gov_tracked_descriptions(tuple(allfields)))
        return super().fields_get(allfields=allfields, attributes=attributes)

    @api.model
    @tools.ormcache("self.env.uid", "self.env.lang", "names")
    def _gov_tracked_descriptions(self, names):
        return self.fields_get(list(names))
