"""The daily close in Excel: the day's totals by method, then every receipt and reversal."""
import base64
import io

import xlsxwriter

from odoo import _, api, models

from ..tools.fiscal import local_moment

HEADERS = ("เวลา / Time", "ใบเสร็จ เล่มที่/เลขที่ / Receipt", "เลขติดตาม / Tracking number", "บริการ / Service",
           "ผู้ชำระ / Payer", "วิธีชำระ / Method", "จำนวนเงิน / Amount", "อ้างอิง / Reference",
           "หมายเหตุ / Note")


class OssCashierCloseXlsx(models.AbstractModel):
    _name = "oss.cashier.close.xlsx"
    _description = "Daily close in Excel"

    @api.model
    def _oss_content(self, close):
        """XLSX bytes of one cashier's day."""
        buffer = io.BytesIO()
        book = xlsxwriter.Workbook(buffer, {"in_memory": True})
        bold = book.add_format({"bold": True})
        money = book.add_format({"num_format": "#,##0.00"})
        money_bold = book.add_format({"num_format": "#,##0.00", "bold": True})
        sheet = book.add_worksheet(_("Daily close"))
        sheet.set_column(0, 0, 12)
        sheet.set_column(1, 8, 22)
        sheet.write(0, 0, "รายงานการรับเงินประจำวัน / Daily close", bold)
        sheet.write(1, 0, "ผู้รับเงิน / Cashier")
        sheet.write(1, 1, close.cashier_id.name)
        sheet.write(2, 0, "วันที่ / Day")
        sheet.write(2, 1, close.oss_be_date(close.day))
        sheet.write(3, 0, "สถานะ / State")
        sheet.write(3, 1, dict(close._fields["state"]._description_selection(close.env))[close.state])
        totals = close._oss_totals()
        rows = [("เงินสด / Cash", totals["total_cash"]), ("บัตร / Card", totals["total_card"]),
                ("โอนเงิน / Transfer", totals["total_transfer"]), ("พร้อมเพย์ / PromptPay QR", totals["total_qr"]),
                ("รับ / Received", totals["total_received"]), ("คืน / Given back", -totals["total_refunded"])]
        for index, (label, value) in enumerate(rows, 5):
            sheet.write(index, 0, label)
            sheet.write_number(index, 1, value, money)
        sheet.write(11, 0, "รวมสุทธิ / Net total", bold)
        sheet.write_number(11, 1, totals["total"], money_bold)
        sheet.write(12, 0, "ใบเสร็จ / Receipts")
        sheet.write_number(12, 1, totals["receipt_count"])
        sheet.write(13, 0, "ยกเลิก / Cancelled")
        sheet.write_number(13, 1, totals["cancelled_count"])
        for column, header in enumerate(HEADERS):
            sheet.write(15, column, header, bold)
        row = 16
        tz = self.env["resource.calendar"].gov_office_tz()
        for payment in close.oss_report_lines():
            receipt = payment.receipt_id or payment.reversal_of_id.receipt_id
            note = _("reverses, cancels the receipt: %(reason)s") % {"reason": payment.reason} \
                if payment.reversal_of_id else ""
            values = (local_moment(payment.date, tz).strftime("%H:%M:%S"), receipt.display_name or "",
                      payment.request_id.name, payment.service_id.code, payment.payer_name,
                      payment._oss_method_label(), payment.amount, payment.reference or "", note)
            for column, value in enumerate(values):
                if column == 6:
                    sheet.write_number(row, column, value, money)
                else:
                    sheet.write(row, column, value)
            row += 1
        sheet.write(row, 5, "รวม / Total", bold)
        sheet.write_number(row, 6, totals["total"], money_bold)
        book.close()
        return buffer.getvalue()

    @api.model
    def _oss_download(self, close):
        close.check_access_rule("read")
        name = "daily-close-%s-%s.xlsx" % (close.day, close.cashier_id.login)
        # sudo: the file is the close's, which the caller may read (checked above)
        attachment = self.env["ir.attachment"].sudo().create({
            "name": name, "datas_fname": name, "datas": base64.b64encode(self._oss_content(close)),
            "res_model": close._name, "res_id": close.id,
            "mimetype": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        })
        return {"type": "ir.actions.act_url", "url": "/web/content/%d?download=true" % attachment.id,
                "target": "self"}
