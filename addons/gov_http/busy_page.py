"""The page of a 503 for a browser, in the visitor's language.

It is answered when the database is busy or unreachable, so its text cannot come from the
database's translations: it is read from this module's own ``i18n/<lang>.po``, the file
Odoo loads into the database for the module's other texts.
"""
import functools
import os
from html import escape

from odoo.tools.translate import PoFile


def _(source):
    """Marks a text for the module's .pot (Odoo's export reads the calls of ``_``); the
    translation is looked up by ``translate`` below, without the database."""
    return source


TITLE = _("Service temporarily unavailable")
RETRY = _("Please try again in %d seconds.")
LANGUAGES = ("th", "en")  # Thai first: the language of a visitor who states none
PAGE = ("<!DOCTYPE html><html lang='%(lang)s'><head><meta charset='utf-8'><title>503</title></head><body>"
        "<h1>%(title)s</h1><p>%(retry)s</p></body></html>")


def language(httprequest):
    """The visitor's language: the site's language cookie, else the browser's, else Thai."""
    cookie = (httprequest.cookies.get("frontend_lang") or "")[:2]
    if cookie in LANGUAGES:
        return cookie
    return httprequest.accept_languages.best_match(LANGUAGES, default=LANGUAGES[0])


@functools.lru_cache(maxsize=None)
def catalogue(lang):
    """{English source: translation} of this module's i18n/<lang>.po ({} for English)."""
    path = os.path.join(os.path.dirname(__file__), "i18n", "%s.po" % lang)
    if not os.path.isfile(path):
        return {}
    with open(path, "rb") as po:
        return {source: translation for _type, _name, _res_id, source, translation, _comments
                in PoFile(po) if translation}


def translate(lang, source):
    return catalogue(lang).get(source, source)


def render(httprequest, seconds):
    lang = language(httprequest)
    return PAGE % {"lang": lang, "title": escape(translate(lang, TITLE)),
                   "retry": escape(translate(lang, RETRY) % seconds)}
