"""Thai address of a person: province > district > subdistrict, with the postcode filled in."""
from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class ResPartner(models.Model):
    _inherit = "res.partner"

    gov_province_id = fields.Many2one("gov.province", string="Province", index=True, ondelete="restrict")
    gov_district_id = fields.Many2one("gov.district", string="District", index=True, ondelete="restrict")
    gov_subdistrict_id = fields.Many2one(
        "gov.subdistrict", string="Subdistrict", index=True, ondelete="restrict")

    @api.constrains("gov_province_id", "gov_district_id", "gov_subdistrict_id")
    def _check_gov_address(self):
        for partner in self:
            sub, dist = partner.gov_subdistrict_id, partner.gov_district_id
            if (sub and sub.district_id != dist) or (dist and dist.province_id != partner.gov_province_id):
                raise ValidationError(_("The subdistrict, district and province of %(name)s do not belong together.")
                                      % {"name": partner.display_name})

    @api.onchange("gov_province_id")
    def _onchange_gov_province_id(self):
        if self.gov_district_id.province_id != self.gov_province_id:
            self.gov_district_id = False
        return {"domain": {"gov_district_id": [("province_id", "=", self.gov_province_id.id)]
                           if self.gov_province_id else []}}

    @api.onchange("gov_district_id")
    def _onchange_gov_district_id(self):
        if self.gov_district_id:
            self.gov_province_id = self.gov_district_id.province_id
            self.city = self.gov_district_id.name
        if self.gov_subdistrict_id.district_id != self.gov_district_id:
            self.gov_subdistrict_id = False
        return {"domain": {"gov_subdistrict_id": [("district_id", "=", self.gov_district_id.id)]
                           if self.gov_district_id else []}}

    @api.onchange("gov_subdistrict_id")
    def _onchange_gov_subdistrict_id(self):
        sub = self.gov_subdistrict_id
        if sub:
            self.gov_district_id = sub.district_id
            self.gov_province_id = sub.province_id
            self.city = sub.district_id.name
            self.country_id = self.env.ref("base.th")
            postcodes = (sub.postcodes or "").split()
            if postcodes and self.zip not in postcodes:
                self.zip = postcodes[0]

    @api.model
    def _gov_address_vals(self, vals):
        """Complete district, province, city and postcode from the subdistrict (imports, RPC)."""
        if vals.get("gov_subdistrict_id"):
            sub = self.env["gov.subdistrict"].browse(vals["gov_subdistrict_id"])
            vals.setdefault("gov_district_id", sub.district_id.id)
            vals.setdefault("gov_province_id", sub.province_id.id)
            vals.setdefault("city", sub.district_id.name)
            vals.setdefault("country_id", self.env.ref("base.th").id)
            if not vals.get("zip") and sub.postcodes:
                vals["zip"] = sub.postcodes.split()[0]
        elif vals.get("gov_district_id"):
            dist = self.env["gov.district"].browse(vals["gov_district_id"])
            vals.setdefault("gov_province_id", dist.province_id.id)
        return vals

    @api.model
    def create(self, vals):
        return super().create(self._gov_address_vals(dict(vals)))

    @api.multi
    def write(self, vals):
        return super().write(self._gov_address_vals(dict(vals)))
