"""Life events (birth, moving house, starting a business...): how people look for services."""
import re

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

CODE_RE = re.compile(r"^[a-z0-9_]{1,32}$")


class OssLifeEvent(models.Model):
    _name = "oss.life.event"
    _description = "Life event"
    _order = "sequence, id"

    code = fields.Char(required=True, index=True,
                       help="Short lower-case code used in the public catalogue's address, e.g. birth.")
    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    service_ids = fields.Many2many("oss.service", "oss_service_life_event_rel", "life_event_id", "service_id",
                                   string="Services")

    _sql_constraints = [
        ("code_uniq", "unique(code)", "The life event code must be unique."),
    ]

    @api.constrains("code")
    def _check_code(self):
        for event in self:
            if not CODE_RE.match(event.code or ""):
                raise ValidationError(_(
                    "The life event code %(code)s may hold only lower-case letters, digits and underscores "
                    "(at most 32).") % {"code": event.code})
