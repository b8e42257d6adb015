"""Followers and activities are read by those who read their document.

Odoo 11 lets every user read every follower line (who follows which request or
person) and every activity (the name of its document, its summary and note).
Here a user reads such a line when it is their own or when they may read the
document it belongs to, as mail.message does for messages.
"""
from collections import defaultdict

from odoo import SUPERUSER_ID, api, models

from ..tools.class_attributes import per_setup


def not_columns(model):
    """The names of ``model``'s fields that are not stored in its table (worked out once per set-up)."""
    return per_setup(model, "_gov_not_columns", lambda model: [
        name for name, field in model._fields.items() if not field.store or not field.column_type])


# the models whose rows a message of a document brings or changes with it: the message itself, its
# attachments, its recipients' notifications, its tracked values, its e-mail, and the followers
CHATTER_MODELS = frozenset(("mail.message", "mail.followers", "mail.notification", "mail.tracking.value",
                            "mail.mail", "ir.attachment", "rating.rating"))


def message_bound(model):
    """The names of ``model``'s fields a message of a record of it may change: those not stored (the
    chatter's counters, everything computed on the fly) and its lines of the chatter's models. Its
    columns and its other lines (a request's steps, its payment requests) hold nothing of a message
    (worked out once per set-up)."""
    return per_setup(model, "_gov_message_bound", lambda model: [
        name for name, field in model._fields.items() if not field.store or (
            not field.column_type and (field.type not in ("one2many", "many2many")
                                       or field.comodel_name in CHATTER_MODELS))])


def searched_domain(model, domain):
    """``domain`` narrowed to the records ``model._search`` lets the current user find.

    Models whose reading rights follow their document (messages, attachments, followers,
    activities) filter in ``_search``, which ``read_group`` does not call: without this,
    grouping counts every record of the table, readable or not."""
    if model.env.uid == SUPERUSER_ID:
        return domain
    return [("id", "in", model._search(list(domain or [])))]


class GovDocumentBoundMixin(models.AbstractModel):
    _name = "gov.document.bound.mixin"
    _description = "Readable with the document it belongs to"

    # column of the line naming its owner, and the current user's value of it
    _gov_owner_column = None

    def _gov_owner_value(self):
        raise NotImplementedError

    def _gov_readable_ids(self, ids):
        """The ids among ``ids`` the current user may read."""
        if not ids:
            return set()
        owner = self._gov_owner_value()  # before the query below: it may read the user
        self.env.cr.execute('SELECT id, res_model, res_id, "%s" FROM "%s" WHERE id IN %%s' % (
            self._gov_owner_column, self._table), (tuple(ids),))  # names are class constants
        readable = set()
        documents = defaultdict(lambda: defaultdict(set))  # {model: {res_id: {line ids}}}
        for line_id, res_model, res_id, line_owner in self.env.cr.fetchall():
            if line_owner and line_owner == owner:
                readable.add(line_id)
            elif res_model in self.env and res_id:
                documents[res_model][res_id].add(line_id)
        for res_model, lines in documents.items():
            Model = self.env[res_model]
            if not Model.check_access_rights("read", raise_exception=False):
                continue
            for doc_id in Model.with_context(active_test=False).search([("id", "in", list(lines))]).ids:
                readable |= lines[doc_id]
        return readable

    @api.model
    def _search(self, args, offset=0, limit=None, order=None, count=False, access_rights_uid=None):
        if self.env.uid == SUPERUSER_ID:
            return super()._search(args, offset=offset, limit=limit, order=order, count=count,
                                   access_rights_uid=access_rights_uid)
        ids = super()._search(args, offset=offset, limit=limit, order=order, count=False,
                              access_rights_uid=access_rights_uid)
        readable = self._gov_readable_ids(ids)
        ids = [line_id for line_id in ids if line_id in readable]
        return len(ids) if count else ids

    @api.model
    def read_group(self, domain, fields, groupby, offset=0, limit=None, orderby=False, lazy=True):
        return super().read_group(searched_domain(self, domain), fields, groupby, offset=offset, limit=limit,
                                  orderby=orderby, lazy=lazy)

    @api.multi
    def check_access_rule(self, operation):
        res = super().check_access_rule(operation)
        if operation == "read" and self.ids and self.env.uid != SUPERUSER_ID:
            if set(self.ids) - self._gov_readable_ids(self.ids):
                raise self._gov_access_refused(operation)
        return res

    @api.multi
    def read(self, fields=None, load="_classic_read"):
        # the ORM applies record rules (SQL) to read, not check_access_rule: call it
        self.check_access_rule("read")
        return super().read(fields, load=load)


class MailFollowers(models.Model):
    _name = "mail.followers"
    _inherit = ["mail.followers", "gov.document.bound.mixin"]
    _gov_owner_column = "partner_id"

    def _gov_owner_value(self):
        return self.env.user.partner_id.id

    @api.multi
    def _invalidate_documents(self):
        """A follower changes no column of its document's row: the document's fields forgotten are
        those that are not columns (its followers, everything computed on the fly), as for a message
        (mail_message.py). Odoo 11 forgot the whole row of a record followed as it was created, and
        its own constraints fetched it back, through the creator's record rules, before the create's
        access check."""
        for follower in self:
            if follower.res_id and follower.res_model in self.env:
                documents = self.env[follower.res_model]
                documents.invalidate_cache(fnames=not_columns(documents), ids=[follower.res_id])


class MailActivity(models.Model):
    _name = "mail.activity"
    _inherit = ["mail.activity", "gov.document.bound.mixin"]
    _gov_owner_column = "user_id"

    def _gov_owner_value(self):
        return self.env.uid
