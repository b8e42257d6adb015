"""Run by scripts/gov.sh inside 'odoo shell' after every install and upgrade: build the CSS and JS
bundles of the web client, the login and public pages and the reports (gov_crm's
ir.qweb.gov_build_asset_bundles), so that the first user after a deploy does not wait for them.
A database without gov_crm (Odoo's alone, make test-odoo-bare) is left as it is.
"""
import time

qweb = env["ir.qweb"]  # noqa: F821  (env: given by odoo shell)
if hasattr(qweb, "gov_build_asset_bundles"):
    start = time.time()
    built = qweb.gov_build_asset_bundles()
    qweb.env.cr.commit()
    print("==> asset bundles built in %.1f s: %s" % (time.time() - start, ", ".join(
        "%s (%s)" % (row["bundle"], "+".join(kind for kind in ("css", "js") if row[kind])) for row in built)))
