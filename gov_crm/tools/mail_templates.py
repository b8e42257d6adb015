"""Bring mail templates of an existing database back to their module's data (for migrations).

A mail template an upgrade finds in a database keeps its Thai translation, and keeps all of
its text when its record is ``noupdate``: an upgraded database would go on sending the
previous wording. ``reload_mail_templates`` rewrites the subject and body of the templates
named from the module's data file, and their translations from the module's ``i18n/*.po``,
so an upgraded database sends what a new one does.
"""
import os

from lxml import etree

from odoo.modules.module import get_module_path
from odoo.tools.convert import _eval_xml, xml_import
from odoo.tools.translate import PoFile

FIELDS = ("subject", "body_html")  # translated
DATA_FIELDS = FIELDS + ("lang",)  # the recipient's language comes with the text


def _data_values(env, module, filename, names):
    """{xml id: {field: value}} of the templates ``names`` as the data file defines them."""
    path = os.path.join(get_module_path(module), filename)
    importer = xml_import(env.cr, module, {}, "update")
    values = {}
    for record in etree.parse(path).getroot().iter("record"):
        if record.get("id") not in names:
            continue
        values[record.get("id")] = {
            node.get("name"): _eval_xml(importer, node, env)
            for node in record.iter("field") if node.get("name") in DATA_FIELDS}
    return values


def _po_translations(module, lang):
    """{(xml id, field): (source, translation)} of the module's mail templates in ``lang``."""
    path = os.path.join(get_module_path(module), "i18n", "%s.po" % lang.split("_")[0])
    if not os.path.exists(path):
        return {}
    terms = {}
    with open(path, "rb") as buffer:
        for kind, name, res_id, source, value, _comments in PoFile(buffer):
            model, _sep, field = (name or "").partition(",")
            if kind == "model" and model == "mail.template" and field in FIELDS and value:
                terms[(res_id.split(".", 1)[-1], field)] = (source, value)
    return terms


def reload_mail_templates(env, module, filename, names):
    """Rewrite the templates ``names`` (XML ids of ``module``) from ``filename``: subject, body and
    language, and their translations, in every installed language, from the module's ``.po`` files."""
    Translation = env["ir.translation"]
    langs = [code for code, _name in env["res.lang"].get_installed() if code != "en_US"]
    terms = {lang: _po_translations(module, lang) for lang in langs}
    for name, values in _data_values(env, module, filename, names).items():
        template = env.ref("%s.%s" % (module, name), raise_if_not_found=False)
        if not template:
            continue
        template.with_context(lang=None).write(values)
        for lang in langs:
            for field in FIELDS:
                source, value = terms[lang].get((name, field), (values.get(field), None))
                if value:
                    Translation._set_ids("mail.template,%s" % field, "model", lang, template.ids, value, source)
                else:  # no translation in the module: the reader gets the source, not an old text
                    env.cr.execute("DELETE FROM ir_translation WHERE type = 'model' AND name = %s "
                                   "AND lang = %s AND res_id = %s", ("mail.template,%s" % field, lang, template.id))
        template.invalidate_cache()
