"""The payment notice: the applicant is told what to pay, with the QR code to pay it."""
import base64

from odoo import _, fields, models

from odoo.addons.gov_crm.tools.xmlid import cached_ref


class OssRequestNotice(models.Model):
    _inherit = "oss.request.notice"

    kind = fields.Selection(selection_add=[("payment", "Payment due")])


class OssRequest(models.Model):
    _inherit = "oss.request"

    def _oss_send_payment_notice(self):
        """Tell the applicant the amount due (with the payment notice and its QR code), once per request."""
        self.ensure_one()
        if self.notice_ids.filtered(lambda n: n.kind == "payment"):
            return
        self._oss_issue_payment_request()  # the notice carries the QR of the amount due
        sent, reason = self._oss_notify("oss_payment.mail_template_oss_payment_due")
        # sudo: notices are the system's evidence; nobody but a service manager writes them by hand
        self.env["oss.request.notice"].sudo().create({
            "request_id": self.id, "kind": "payment", "date": fields.Date.to_string(self._oss_today()),
            "content": self.oss_payment_notice_text(), "sent": sent, "not_sent_reason": reason or False,
        })

    def oss_payment_notice_text(self):
        """What the notice says: the amount and the references to pay with (or that it is being assessed)."""
        self.ensure_one()
        payment_request = self._oss_open_payment_request()
        if self.fee_to_assess or not payment_request:
            return _("The fee is being assessed.")
        return _("Amount due %(amount)s baht, reference 1: %(ref1)s, reference 2: %(ref2)s.") % {
            "amount": "{:,.2f}".format(payment_request.amount), "ref1": payment_request.ref1,
            "ref2": payment_request.ref2}

    def _oss_post_and_queue(self, template, channels):
        """The payment notice goes out with its PDF (the QR code to pay with) attached."""
        message = super()._oss_post_and_queue(template, channels)
        if template != cached_ref(self.env, "oss_payment.mail_template_oss_payment_due", raise_if_not_found=False):
            return message
        payment_request = self._oss_open_payment_request()
        if not payment_request:
            return message
        pdf, _format = self.env.ref("oss_payment.oss_payment_notice_report").sudo().render_qweb_pdf(
            payment_request.ids)
        # sudo: the notice's attachment belongs to the request's chatter, written by the system
        attachment = self.env["ir.attachment"].sudo().create({
            "name": "payment-%s.pdf" % payment_request.name, "datas_fname": "payment-%s.pdf" % payment_request.name,
            "datas": base64.b64encode(pdf), "res_model": self._name, "res_id": self.id,
            "mimetype": "application/pdf",
        })
        message.sudo().write({"attachment_ids": [(4, attachment.id)]})  # the queued e-mail's too (_inherits)
        return message
