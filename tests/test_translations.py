"""Thai is complete: every product addon's catalogues match what the installed module exports.

For each addon of the repository installed in the test database, the terms are exported as
Odoo's *Export Translation* wizard does (no language: the template) and compared with the
committed files: the .pot holds exactly the exported msgids, th.po gives each of them a Thai
msgstr that is not empty, not fuzzy and keeps the msgid's placeholders. A failure lists what
to fix, by addon. Fix with `scripts/gov.sh pot` (regenerates the .pot files from the test
database and merges them into th.po), then translate the empty entries.
"""
import re

import odoo
import pytest

from .conftest import _settings
from .translations import addon_dir, catalogue_defects, export_templates, installed, product_addons, read_catalogue


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


# a field's label or help in a catalogue is found by the field's xmlid
FIELD_REFERENCE = re.compile(r"^#: model:ir\.model\.fields,(?:field_description|help):(\w+)\.(\w+)$", re.M)


@pytest.mark.parametrize("addon", product_addons())
def test_every_field_label_reaches_its_field(addon):
    """Each field xmlid th.po names exists in the database: Thai that names another database's
    xmlid (Odoo 11 suffixes colliding ones with the field's id) would leave the label English."""
    thai = addon_dir(addon) / "i18n" / "th.po"
    if not thai.is_file():
        pytest.skip("%s has no th.po" % addon)
    references = set(FIELD_REFERENCE.findall(thai.read_text(encoding="utf-8")))
    _conf, db, _port = _settings()
    with odoo.api.Environment.manage(), odoo.registry(db).cursor() as cr:
        cr.execute("SELECT module, name FROM ir_model_data WHERE model = 'ir.model.fields'")
        known = set(cr.fetchall())
    assert sorted("%s.%s" % reference for reference in references - known) == []
