"""The product's translation catalogues, as Odoo exports them and as the repository keeps them.

Used by the translation test (tests/test_translations.py) and the Thai browser scan
(tests/test_thai_screens_browser.py). The terms are exported from the installed modules as
Odoo's *Export Translation* does (``trans_export``, no language: the template).
"""
import io
import os
import re
import tarfile
from pathlib import Path

import odoo
from babel.messages.pofile import read_po
from odoo.tools.translate import trans_export

ROOT = Path(__file__).resolve().parent.parent

# printf placeholders of Odoo's python-format messages (``%(name)s``, ``%s``, ``%d``, ``%%``) and
# the ``${...}`` expressions of mail templates: a translation keeps exactly those of its msgid
PLACEHOLDER = re.compile(r"%\([A-Za-z0-9_]+\)[-#0+]?\d*(?:\.\d+)?[sdifr]|%[-#0+]?\d*(?:\.\d+)?[sdifr]|%%"
                         r"|\$\{[^}]*\}")


def product_addons():
    """The addons of this repository: its top-level addons and those in addons/."""
    names = []
    for manifest in sorted(ROOT.glob("*/__manifest__.py")) + sorted(ROOT.glob("addons/*/__manifest__.py")):
        names.append(manifest.parent.name)
    return names


def addon_dir(module):
    return ROOT / module if (ROOT / module / "__manifest__.py").is_file() else ROOT / "addons" / module


def installed(cr, modules):
    cr.execute("SELECT name FROM ir_module_module WHERE state = 'installed' AND name IN %s", (tuple(modules),))
    return sorted(name for name, in cr.fetchall())


def export_templates(cr, modules):
    """{module: template (.pot) text} of ``modules`` in one export, as Odoo's wizard writes them.

    Odoo gives a source file to the first addons path that contains it; the repository's root
    is an addons path that also contains addons/, so without care every file of addons/*
    would count as module "addons" and its terms would be left out: the longer paths go first
    while the export runs.
    """
    paths = odoo.modules.module.ad_paths
    saved = list(paths)
    paths.sort(key=len, reverse=True)
    try:
        buffer = io.BytesIO()
        trans_export(False, modules, buffer, "tgz", cr)
    finally:
        paths[:] = saved
    templates = {}
    with tarfile.open(fileobj=io.BytesIO(buffer.getvalue()), mode="r:gz") as tar:
        for member in tar.getmembers():
            parts = member.name.strip("./").split("/")
            if member.isfile() and len(parts) == 3 and parts[1] == "i18n" and parts[2].endswith(".pot"):
                templates[parts[0]] = tar.extractfile(member).read().decode("utf-8")
    return templates


def read_catalogue(text):
    """{msgid: babel Message} of a .po/.pot text (the header left out)."""
    catalogue = read_po(io.StringIO(text))
    return {message.id: message for message in catalogue if message.id}


def read_file(path):
    if not path.is_file():
        return None
    try:
        return read_catalogue(path.read_text(encoding="utf-8"))
    except ValueError as error:  # a header babel cannot read (e.g. an empty "Language:")
        raise AssertionError("%s cannot be read: %s" % (path.relative_to(ROOT), error))


def placeholders(text):
    return sorted(PLACEHOLDER.findall(text or ""))


def catalogue_defects(module, exported):
    """What is wrong with ``module``'s committed catalogues, given the terms it exports:
    a list of (defect, msgid) pairs, empty when the .pot and th.po are complete and in step."""
    folder = addon_dir(module) / "i18n"
    template = read_file(folder / ("%s.pot" % module))
    thai = read_file(folder / "th.po")
    defects = []
    if not exported:
        return [("stale .pot (the module exports no term)", msgid) for msgid in template or {}]
    if template is None:
        return [("no i18n/%s.pot" % module, msgid) for msgid in sorted(exported)]
    defects += [("missing from the .pot", msgid) for msgid in sorted(set(exported) - set(template))]
    defects += [("stale in the .pot (no longer exported)", msgid) for msgid in sorted(set(template) - set(exported))]
    if thai is None:
        return defects + [("no i18n/th.po", msgid) for msgid in sorted(exported)]
    for msgid in sorted(exported):
        entry = thai.get(msgid)
        if entry is None:
            defects.append(("missing from th.po", msgid))
        elif not entry.string or not entry.string.strip():
            defects.append(("no Thai in th.po", msgid))
        elif entry.fuzzy:
            defects.append(("fuzzy in th.po", msgid))
        elif placeholders(entry.string) != placeholders(msgid):
            defects.append(("placeholders differ: %s in the Thai" % ", ".join(placeholders(entry.string)) or "none",
                            msgid))
    defects += [("stale in th.po (not in the .pot)", msgid) for msgid in sorted(set(thai) - set(exported))]
    return defects


def english_only_msgids(module):
    """The msgids of ``module`` whose Thai differs from the English (so English shown to a
    Thai user is a missing translation), from its committed th.po."""
    thai = read_file(addon_dir(module) / "i18n" / "th.po") or {}
    return {msgid for msgid, entry in thai.items() if entry.string and entry.string.strip() != msgid.strip()}


def write_templates(templates):
    """Write each module's exported template over its i18n/<module>.pot (scripts/gov.sh pot)."""
    written = []
    for module, text in sorted(templates.items()):
        path = addon_dir(module) / "i18n" / ("%s.pot" % module)
        os.makedirs(str(path.parent), exist_ok=True)
        # the files of addons/* are found twice (under the repository's root and under addons/):
        # their second reference, "addons/addons/...", is left out
        text = "".join(line for line in text.splitlines(True) if not line.startswith("#: code:addons/addons/"))
        path.write_text(text, encoding="utf-8")
        written.append(str(path.relative_to(ROOT)))
    return written
