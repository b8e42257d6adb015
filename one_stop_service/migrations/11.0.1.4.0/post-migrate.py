"""Services say whether a request names a place; requests keep their last change for the public.

The catalogue's records are ``noupdate``: their location is set here, by XML id, as
data/catalogue/services.json says. A request's last change for the public starts as its
closing time when it is closed, else the latest of its receipt and its complete file.
"""
from odoo import SUPERUSER_ID, api

LOCATIONS = {
    "required": ("c04", "c09", "c11", "b02", "b04", "b05", "b06", "b08"),
    "optional": ("c08", "b01", "b03", "g02", "g03"),
    "none": ("c01", "c02", "c03", "c05", "c06", "c07", "c10", "b07", "g01", "g04", "e01", "e02", "e03", "e04"),
}


def migrate(cr, version):
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    for mode, codes in LOCATIONS.items():
        for code in codes:
            service = env.ref("one_stop_service.oss_service_%s" % code, raise_if_not_found=False)
            if service:
                service.write({"location_mode": mode})
    cr.execute("""
        UPDATE oss_request
           SET date_public_change = CASE
               WHEN state IN ('done', 'rejected', 'withdrawn') AND date_done IS NOT NULL
                   THEN GREATEST(date_done, date_received)
               ELSE GREATEST(date_received, date_complete) END
         WHERE date_public_change IS NULL
    """)
