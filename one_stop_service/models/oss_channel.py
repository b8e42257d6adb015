"""The channels through which requests come in: counter, phone, e-mail, portal, API, agency.

Channels are data (``data/oss_channel_data.xml``): an addon that brings a new way in (a
public web form, LINE, e-mail intake) adds an ``oss.channel`` record, and the requests'
``channel`` selection, the services' channels and the KPI reports know it at once.
"""
from odoo import api, fields, models, tools

from odoo.addons.gov_crm.models.gov_consent import CHANNELS as CONSENT_CHANNELS


def channel_selection(records):
    """The (code, name) pairs of the intake channels, for a Selection field of any model."""
    return records.env["oss.channel"]._oss_selection()


class OssChannel(models.Model):
    _name = "oss.channel"
    _description = "Intake channel"
    _order = "sequence, id"
    # rows each process keeps between calls (base_shared_rows): set up by managers, not by the daily work
    _gov_shared_rows = True

    code = fields.Char(required=True, index=True,
                       help="Stored on the requests of the channel; never change it once requests use it.")
    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    consent_channel = fields.Selection(
        CONSENT_CHANNELS, string="Consent channel", required=True, default="counter",
        help="Channel recorded with the public-task basis a request through this channel implies (PDPA).")
    description = fields.Text(translate=True)

    _sql_constraints = [
        ("code_uniq", "unique(code)", "The channel code must be unique."),
    ]

    @api.model
    def _oss_selection(self):
        return list(self._oss_selection_cached(self.env.lang or "en_US"))

    @tools.ormcache("lang")
    def _oss_selection_cached(self, lang):
        # sudo: the list of channels is public knowledge, read for every user's selection
        # pylint: disable-next=no-search-all  # a handful of channels, cached
        channels = self.sudo().with_context(lang=lang).search([])
        return tuple((channel.code, channel.name) for channel in channels)

    @api.model
    def create(self, vals):
        self.clear_caches()
        return super().create(vals)

    @api.multi
    def write(self, vals):
        self.clear_caches()
        return super().write(vals)

    @api.multi
    def unlink(self):
        self.clear_caches()
        return super().unlink()

    @api.model
    def _oss_by_code(self, code):
        return self.search([("code", "=", code)], limit=1)

    @tools.ormcache("code")
    def _oss_consent_channel_of(self, code):
        """The consent channel of the channel ``code`` (``counter`` when there is none), kept per
        worker like the selection: every submission asks for it."""
        # sudo: the channels are public knowledge
        return self.sudo()._oss_by_code(code).consent_channel or "counter"
