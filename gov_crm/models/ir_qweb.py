"""The CSS and JS bundles of the web client, the login and public pages and the reports, built at
deploy time (scripts/gov.sh, after every install and upgrade) rather than by the first request.

Odoo compiles a bundle (less, concatenation, minification) into ir.attachment rows the first time
a page asks for it, and an upgrade drops them: without this step the first user of the day waits
for every bundle of the pages they open. The bundles are found from the pages themselves: the
templates below and the product's own, followed through their t-call, and every t-call-assets in
them, in the kinds (CSS, JS) the page asks for.
"""
import contextlib
import logging
import os
import time
from types import SimpleNamespace

from lxml import etree

import odoo
from odoo import api, models
from odoo.addons.base.ir.ir_qweb.assetsbundle import AssetError

_logger = logging.getLogger(__name__)

# The pages the product's users load: the web client, the login page and the pages laid out like
# it (status, rating), the portal, a report's HTML body and its PDF header and footer
ENTRY_TEMPLATES = ("web.webclient_bootstrap", "web.login_layout", "web.layout", "portal.frontend_layout",
                   "web.report_layout", "web.minimal_layout")
# the repository's addons (the three core ones beside gov_crm, the others under addons/)
PRODUCT_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


@contextlib.contextmanager
def _as_in_a_request(dbname):
    """What a bundle holds must be what a request computes, or its version (a checksum of its
    files) differs and the first request builds it again: web.assets_backend carries the list of
    modules to boot, which Odoo computes only within a request (web's module_boot, from the
    server-wide modules with static files and the database's installed modules). The HTTP layer is
    loaded as the server's first request does, and a request naming the database is in place while
    the bundles are read."""
    root = odoo.http.root
    if not root._loaded:
        root._loaded = True
        root.load_addons()
    fake = SimpleNamespace(httprequest=SimpleNamespace(environ={}, session=SimpleNamespace(db=dbname)))
    odoo.http._request_stack.push(fake)
    try:
        yield
    finally:
        odoo.http._request_stack.pop()


class IrQWeb(models.AbstractModel):
    _inherit = "ir.qweb"

    @api.model
    def _gov_entry_views(self):
        """Ids of the templates pages start from: Odoo's layouts above (those installed) and the
        primary QWeb templates of the product's addons."""
        data = self.env["ir.model.data"]
        ids = [data.xmlid_to_res_id(xmlid) for xmlid in ENTRY_TEMPLATES]
        modules = self.env["ir.module.module"].search([("state", "=", "installed")]).filtered(
            lambda module: (odoo.modules.get_module_path(module.name, display_warning=False) or "")
            .startswith(PRODUCT_ROOT + os.sep))
        records = data.search([("model", "=", "ir.ui.view"), ("module", "in", modules.mapped("name"))])
        views = self.env["ir.ui.view"].search([
            ("id", "in", records.mapped("res_id")), ("type", "=", "qweb"), ("mode", "=", "primary")])
        return [view_id for view_id in ids if view_id] + views.ids

    @api.model
    def _gov_asset_bundles(self):
        """{bundle: {"css", "js"}}: the bundles the entry templates call, directly or through the
        templates they t-call, with the kinds each call asks for. A report's layout calls the
        editor's bundles too: Odoo 11 renders every report with ``editable`` set."""
        data, views = self.env["ir.model.data"], self.env["ir.ui.view"]
        todo, seen, bundles = self._gov_entry_views(), {0}, {}  # 0: a t-call of no installed template
        while todo:
            view_id = todo.pop()
            if view_id in seen:
                continue
            seen.add(view_id)
            for node in etree.fromstring(views._read_template(view_id)).iter(tag=etree.Element):
                bundle, called = node.get("t-call-assets"), node.get("t-call")
                if bundle:
                    kinds = bundles.setdefault(bundle, set())
                    kinds.update(kind for kind in ("css", "js") if node.get("t-" + kind) != "false")
                elif called and "{{" not in called and "." in called:
                    todo.append(data.xmlid_to_res_id(called))
        return bundles

    @api.model
    def gov_build_asset_bundles(self):
        """Build every bundle the product's pages call, so that its attachments exist before the
        first request. Returns one dict per bundle: its name, the number of CSS and JS attachments
        it has, and the seconds it took (nothing to build when they already existed)."""
        self.clear_caches()  # the bundles' file lists, as the server's workers will read them
        built = []
        with _as_in_a_request(self.env.cr.dbname):
            for name, kinds in sorted(self._gov_asset_bundles().items()):
                start = time.time()
                files, _remains = self._get_asset_content(name, dict(self.env.context))
                bundle = self.get_asset_bundle(name, files, env=self.env)
                css = bundle.css() if "css" in kinds and bundle.stylesheets else []
                js = bundle.js() if "js" in kinds and bundle.javascripts else []
                if bundle.css_errors:
                    raise AssetError("The bundle %s did not compile:\n%s" % (name, "\n".join(bundle.css_errors)))
                built.append({"bundle": name, "css": len(css), "js": len(js),
                              "seconds": round(time.time() - start, 2)})
                _logger.info("asset bundle %s: %d CSS and %d JS attachments (%.1f s)",
                             name, len(css), len(js), time.time() - start)
        return built
