from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    oss_company_vat = fields.Char(related="company_id.vat", string="Agency tax ID")
    oss_biller_suffix = fields.Char(related="company_id.oss_biller_suffix", string="Biller ID suffix")
    oss_receipt_book_size = fields.Integer(
        string="Receipts per book", config_parameter="oss_payment.receipt_book_size", default=100,
        help="The official receipts of a fiscal year are numbered from 1 and grouped in books of this size.")
