"""Webhooks set up before the v2 signature keep the legacy one (``sha256=``), which their
receivers check, until a service manager switches each agency to v2 (docs/API.md, "Moving
from v1 to v2"). New webhooks sign with v2."""


def migrate(cr, version):
    if not version:
        return
    cr.execute("""
        UPDATE res_partner SET gov_webhook_signature = 'v1'
         WHERE gov_webhook_secret IS NOT NULL OR gov_webhook_url IS NOT NULL
    """)
