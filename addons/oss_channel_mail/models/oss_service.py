"""A service may have an e-mail address of its own: its requests arrive already classified."""
from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class OssService(models.Model):
    _inherit = "oss.service"

    mail_alias_id = fields.Many2one("mail.alias", string="E-mail address", ondelete="set null", readonly=True,
                                    copy=False, index=True)
    mail_alias_name = fields.Char(
        string="E-mail address (name)", compute="_compute_mail_alias_name", inverse="_inverse_mail_alias_name",
        help="The part before @ of an address of this service (e.g. building-permit): e-mail to it becomes a "
             "request for this service, in triage. Leave empty to use only the general address.")

    @api.depends("mail_alias_id.alias_name")
    def _compute_mail_alias_name(self):
        for service in self:
            service.mail_alias_name = service.mail_alias_id.alias_name

    def _inverse_mail_alias_name(self):
        # sudo: aliases are the system's configuration; whoever may write the service (a service
        # manager) may give it an address
        Alias = self.env["mail.alias"].sudo()
        model = self.env["ir.model"]._get("oss.request")
        for service in self:
            name = (service.mail_alias_name or "").strip().lower() or False
            if not name:
                alias = service.mail_alias_id
                service.sudo().mail_alias_id = False
                alias.sudo().unlink()
                continue
            if Alias.search_count([("alias_name", "=", name), ("id", "!=", service.mail_alias_id.id)]):
                raise ValidationError(_("The address %(name)s is already used.") % {"name": name})
            values = {"alias_name": name, "alias_model_id": model.id, "alias_contact": "everyone",
                      "alias_defaults": repr({"service_id": service.id})}
            if service.mail_alias_id:
                service.mail_alias_id.sudo().write(values)
            else:
                service.sudo().mail_alias_id = Alias.create(values)
