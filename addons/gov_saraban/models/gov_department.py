from odoo import fields, models


class GovDepartment(models.Model):
    _inherit = "gov.department"

    saraban_phone = fields.Char(string="Phone on letters", help="Printed in the contact line of the unit's letters.")
    saraban_fax = fields.Char(string="Fax on letters")
    saraban_email = fields.Char(string="E-mail on letters")

    def _saraban_contact_text(self):
        """The contact line of a letter drafted by this unit (ส่วนราชการเจ้าของเรื่อง)."""
        self.ensure_one()
        lines = [self.name]
        if self.saraban_phone:
            lines.append("โทร. %s" % self.saraban_phone)
        if self.saraban_fax:
            lines.append("โทรสาร %s" % self.saraban_fax)
        if self.saraban_email:
            lines.append("ไปรษณีย์อิเล็กทรอนิกส์ %s" % self.saraban_email)
        return "\n".join(lines)
