"""An enclosure of a letter (สิ่งที่ส่งมาด้วย): a description and its file.

The file is an attachment of the letter itself (res_model/res_id), so Odoo gives it to exactly
those who may read the letter: a secret letter's files are as closed as the letter.
"""
from odoo import _, api, fields, models
from odoo.exceptions import AccessError


class GovSarabanEnclosure(models.Model):
    _name = "gov.saraban.enclosure"
    _description = "Enclosure of a letter"
    _order = "letter_id, sequence, id"

    letter_id = fields.Many2one("gov.saraban.letter", required=True, index=True,
                                ondelete="cascade")
    sequence = fields.Integer(default=10)
    name = fields.Char(string="Description", required=True, help="e.g. สำเนาทะเบียนบ้าน จำนวน 1 ฉบับ")
    datas = fields.Binary(string="File", compute="_compute_datas", inverse="_inverse_datas")
    datas_fname = fields.Char(string="File name")
    attachment_id = fields.Many2one("ir.attachment", readonly=True, ondelete="set null",
                                    index=True)

    @api.depends("attachment_id")
    def _compute_datas(self):
        for enclosure in self:
            enclosure.datas = enclosure.attachment_id.datas

    def _inverse_datas(self):
        for enclosure in self:
            if enclosure.letter_id.state != "draft" and not self.env.user._is_superuser():
                raise AccessError(_("The enclosures of a letter change only while it is a draft."))
            if not enclosure.datas:
                enclosure.attachment_id.unlink()
                continue
            values = {"name": enclosure.datas_fname or enclosure.name, "datas": enclosure.datas,
                      "datas_fname": enclosure.datas_fname or enclosure.name,
                      "res_model": "gov.saraban.letter", "res_id": enclosure.letter_id.id}
            if enclosure.attachment_id:
                enclosure.attachment_id.write(values)
            else:
                enclosure.attachment_id = self.env["ir.attachment"].create(values)

    @api.model
    def create(self, vals):
        letter = self.env["gov.saraban.letter"].browse(vals.get("letter_id"))
        self._check_draft(letter)
        return super(GovSarabanEnclosure, self).create(vals)

    @api.multi
    def write(self, vals):
        self._check_draft(self.mapped("letter_id"))
        return super(GovSarabanEnclosure, self).write(vals)

    @api.multi
    def unlink(self):
        self._check_draft(self.mapped("letter_id"))
        attachments = self.mapped("attachment_id")
        result = super(GovSarabanEnclosure, self).unlink()
        attachments.unlink()
        return result

    def _check_draft(self, letters):
        if self.env.user._is_superuser():
            return
        for letter in letters:
            if letter.state != "draft":
                raise AccessError(_("The enclosures of letter %(name)s change only while it is a draft.")
                                  % {"name": letter.name})
