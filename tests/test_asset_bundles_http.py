"""The asset bundles are built at deploy time (gov_crm's ir.qweb.gov_build_asset_bundles, run by
scripts/gov.sh after every install and upgrade): after a deploy drops them, the step builds each
bundle the pages call, and the first login page, web client and receipt served afterwards find
them instead of compiling their own."""
import requests

from .conftest import committed_env

# every compiled bundle: an ir.attachment of ir.ui.view at /web/content/<id>-<version>/<bundle>...
BUNDLES = "res_model = 'ir.ui.view' AND url LIKE '/web/content/%-%/%'"
# the bundles of the login page, the web client and the receipt PDF, with the kinds they are used in
EXPECTED = {
    "web.assets_common": {"css", "js"},
    "web.assets_frontend": {"css", "js"},
    "web.assets_backend": {"css", "js"},
    "web_editor.summernote": {"css", "js"},  # in the web client and in every report
    "web_editor.assets_editor": {"css", "js"},
    "web.report_assets_common": {"css"},
    "web.report_assets_pdf": {"css"},
    "web.report_assets_editor": {"css", "js"},  # Odoo 11 renders every report as editable
}


def _bundle_attachments(env):
    env.cr.execute("SELECT id, url FROM ir_attachment WHERE " + BUNDLES)  # a fixed condition, no parameter
    return dict(env.cr.fetchall())


def _deploy():
    """Drop the compiled bundles as an upgrade does, then run the deploy step."""
    with committed_env() as env:
        env.cr.execute("DELETE FROM ir_attachment WHERE " + BUNDLES)
    with committed_env() as env:
        built = env["ir.qweb"].gov_build_asset_bundles()
        return {row["bundle"]: row for row in built}, _bundle_attachments(env)


def test_deploy_builds_the_bundles_the_first_pages_use(gov_server, gov_rpc):
    built, attachments = _deploy()
    for bundle, kinds in EXPECTED.items():
        assert bundle in built, "%s was not built" % bundle
        for kind in kinds:
            assert built[bundle][kind] >= 1, "%s has no %s" % (bundle, kind)
            assert any("/%s." % bundle in url and url.endswith("." + kind)
                       for url in attachments.values()), "no %s attachment of %s" % (kind, bundle)
    # the first visitor, then the first clerk with the web client and a receipt: nothing to compile
    assert requests.get(gov_server + "/web/login", timeout=60).status_code == 200
    clerk = gov_rpc("frontdesk", "frontdesk")
    assert clerk.http.get(gov_server + "/web", timeout=60).status_code == 200
    with committed_env() as env:
        receipt = env.ref("one_stop_service.oss_request_01_demo").id
    pdf = clerk.http.get(gov_server + "/report/pdf/one_stop_service.oss_request_receipt/%d" % receipt, timeout=120)
    assert (pdf.status_code, pdf.headers["Content-Type"]) == (200, "application/pdf")
    with committed_env() as env:
        after = _bundle_attachments(env)
    assert sorted(set(after.items()) - set(attachments.items())) == [], "the first pages built bundles"
    assert after == attachments
