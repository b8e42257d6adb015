"""What the public catalogue adds to a service: life events and the manual's text in English."""
from odoo import api, fields, models


class OssService(models.Model):
    _inherit = "oss.service"

    life_event_ids = fields.Many2many("oss.life.event", "oss_service_life_event_rel", "service_id",
                                      "life_event_id", string="Life events",
                                      help="The moments of life under which the public catalogue lists the service.")
    category_en = fields.Char(string="Category (English)")
    description_en = fields.Text(string="Criteria and description (English)")
    legal_basis_en = fields.Text(string="Legal basis (English)")
    fee_note_en = fields.Char(string="Fee details (English)")

    @api.multi
    def action_gp_public_page(self):
        """Open the service's public page (what the public sees, without a login)."""
        self.ensure_one()
        return {"type": "ir.actions.act_url", "url": "/services/%s" % self.code, "target": "new"}


class OssServiceDocument(models.Model):
    _inherit = "oss.service.document"

    name_en = fields.Char(string="Document (English)")


class OssServiceStep(models.Model):
    _inherit = "oss.service.step"

    name_en = fields.Char(string="Step (English)")
