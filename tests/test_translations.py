"""Thai is complete: every product addon's catalogues match what the installed module exports.

For each addon of the repository installed in the test database, the terms are exported as
Odoo's *Export Translation* wizard does (no language: the template) and compared with the
committed files: the .pot holds exactly the exported msgids, th.po gives each of them a Thai
msgstr that is not empty, not fuzzy and keeps the msgid's placeholders. A failure lists what
to fix, by addon. Fix with `scripts/gov.sh pot` (regenerates the .pot files from the test
database and merges them into th.po), then translate the empty entries.
"""
import odoo
import pytest

from .conftest import _settings
from .translations import catalogue_defects, export_templates, installed, product_addons, read_catalogue


@pytest.fixture(scope="module")
def exported():
    """{addon: {msgid: message}} of the installed product addons, in one export."""
    _conf, db, _port = _settings()
    with odoo.api.Environment.manage(), odoo.registry(db).cursor() as cr:
        modules = installed(cr, product_addons())
        templates = export_templates(cr, modules)
        cr.rollback()
    return {module: read_catalogue(templates[module]) if module in templates else {} for module in modules}


@pytest.mark.parametrize("addon", product_addons())
def test_thai_catalogue_is_complete(exported, addon):
    if addon not in exported:
        pytest.skip("%s is not installed in the test database" % addon)
    defects = catalogue_defects(addon, exported[addon])
    if defects:
        report = {}
        for defect, msgid in defects:
            report.setdefault(defect, []).append(msgid)
        pytest.fail("%s: %d translation defects\n%s" % (addon, len(defects), "\n".join(
            "  %s (%d):\n%s" % (defect, len(msgids), "\n".join("    %r" % msgid for msgid in msgids))
            for defect, msgids in sorted(report.items()))), pytrace=False)


def test_every_product_addon_is_checked(exported):
    """The test database installs every addon of the repository, so none escapes the check."""
    assert sorted(exported) == sorted(product_addons())
