from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class GovDepartment(models.Model):
    """A unit of the agency that works cases: ministry, department, division or section."""

    _name = "gov.department"
    _description = "Government department"
    _parent_store = True
    _parent_order = "code"
    _order = "parent_left"
    # rows each process keeps between calls (base_shared_rows): set up by managers, not by the daily work
    _gov_shared_rows = True

    name = fields.Char(string="Name (Thai)", required=True)
    name_en = fields.Char(string="Name (English)")
    code = fields.Char(required=True, index=True)
    kind = fields.Selection(
        [("ministry", "Ministry"), ("department", "Department"),
         ("division", "Division"), ("section", "Section")],
        required=True, default="division")
    parent_id = fields.Many2one("gov.department", string="Parent unit", index=True, ondelete="restrict")
    child_ids = fields.One2many("gov.department", "parent_id", string="Units")
    parent_left = fields.Integer(index=True)
    parent_right = fields.Integer(index=True)
    manager_id = fields.Many2one(
        "res.users", string="Supervisor", ondelete="restrict", index=True,
        help="Head of the unit: receives escalations of late cases.")
    member_ids = fields.Many2many(
        "res.users", "gov_department_res_users_rel", "department_id", "user_id", string="Members")
    resource_calendar_id = fields.Many2one(
        "resource.calendar", string="Working calendar", required=True, ondelete="restrict",
        default=lambda self: self.env.ref("gov_crm.calendar_gov_office", raise_if_not_found=False))
    active = fields.Boolean(default=True)

    _sql_constraints = [
        ("code_uniq", "unique(code)", "The department code must be unique."),
    ]

    @api.constrains("parent_id")
    def _check_parent_id(self):
        if not self._check_recursion():
            raise ValidationError(_(
                "A department cannot be its own parent or the parent of a unit above it."))

    @api.multi
    def name_get(self):
        return [(dep.id, "[%s] %s" % (dep.code, dep.name)) for dep in self]
