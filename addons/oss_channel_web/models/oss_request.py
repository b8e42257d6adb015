"""Where a request sent with the public form happened: the place the person gave."""
from odoo import fields, models

from odoo.addons.gov_crm.lib import qr_code


class OssRequest(models.Model):
    _inherit = "oss.request"
    _protected_fields = ("web_address", "web_latitude", "web_longitude")

    web_address = fields.Char(string="Place (as given)", readonly=True, copy=False,
                              help="The address or landmark the person gave with the public form.")
    web_latitude = fields.Float(string="Latitude", digits=(10, 7), readonly=True, copy=False)
    web_longitude = fields.Float(string="Longitude", digits=(10, 7), readonly=True, copy=False)

    def oss_track_number_url(self):
        """Template helper: the signed status link of this request: the person who used the form
        may have given no ID or phone whose last digits they could type."""
        self.ensure_one()
        return self.oss_track_signed_url()

    def oss_track_qr_data_uri(self):
        """Template helper: a QR code of ``oss_track_number_url`` as a data: URI."""
        self.ensure_one()
        return qr_code.png_data_uri(self.oss_track_number_url())
