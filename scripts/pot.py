"""Run by scripts/gov.sh inside 'odoo shell': export the product addons' translation templates.

Writes each installed product addon's i18n/<addon>.pot as Odoo's export wizard makes it (the
same export as the translation test, tests/translations.py).
"""
import os
import sys

sys.path.insert(0, os.environ["GOV_ROOT"])
from tests.translations import export_templates, installed, product_addons, write_templates  # noqa: E402

modules = installed(env.cr, product_addons())  # noqa: F821  (env: given by odoo shell)
for path in write_templates(export_templates(env.cr, modules)):  # noqa: F821
    print(path)
