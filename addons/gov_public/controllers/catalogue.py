"""The public service catalogue: the list with its search, a page per service, its manual PDF.

Only published services are public; anything else (unknown code, group, department, life
event or page) is answered 404. A search with text is the one page a visitor can make
expensive at will (every text is a new page): those are counted against a per-address
rate limit when they are built, as are the manual downloads.
"""
from odoo import http
from odoo.http import content_disposition, request

from ..models.oss_service import PAGE_SIZE
from .common import (NotFound, clean_text, not_found, page_lang, published_service, rate_limited, render, serve,
                     service_page, too_many, url, valid_code)

GROUPS = ("G2C", "G2B", "G2G", "G2E")
MAX_TEXT = 100
SEARCH_LIMIT = ("gov_public.search_rate_limit", "gov_public.search_rate_window", 60, 600)
MANUAL_LIMIT = ("gov_public.manual_rate_limit", "gov_public.manual_rate_window", 30, 600)


class RateLimited(Exception):
    def __init__(self, retry_after):
        super(RateLimited, self).__init__(retry_after)
        self.retry_after = retry_after


def _positive_int(value):
    """The int of a decimal string from 1 to 10^6, else None."""
    if not isinstance(value, str) or not value.isdigit() or len(value) > 7:
        return None
    number = int(value)
    return number if 1 <= number <= 1000000 else None


class PublicCatalogue(http.Controller):

    @http.route("/services", type="http", auth="public", methods=["GET", "HEAD"])
    def services(self, **kwargs):
        lang, explicit = page_lang()
        args = request.httprequest.args
        text = clean_text(args.get("q"), MAX_TEXT)
        group = args.get("group") or None
        page_number = _positive_int(args.get("page") or "1")
        if (group and group not in GROUPS) or page_number is None or any(
                args.get(name) and not valid_code(args.get(name)) for name in ("department", "event")):
            return not_found(lang, explicit)
        params = {"q": text, "group": group, "department": args.get("department") or None,
                  "event": args.get("event") or None, "page": page_number if page_number > 1 else None}

        def build():
            # sudo: the public reads the published catalogue only (the domain of _gp_domain)
            Service = request.env["oss.service"].sudo().with_context(lang=lang)
            departments, events = Service._gp_facets()
            department = departments.filtered(lambda d: d.code == params["department"])
            event = events.filtered(lambda e: e.code == params["event"])
            if (params["department"] and not department) or (params["event"] and not event):
                raise NotFound()
            if text:
                allowed, retry_after = rate_limited("gov_public.search", *SEARCH_LIMIT)
                if not allowed:
                    raise RateLimited(retry_after)
            services, total = Service._gp_search_page(Service._gp_domain(text, group, department, event),
                                                      page_number)
            pages = max(1, (total + PAGE_SIZE - 1) // PAGE_SIZE)
            if page_number > pages:
                raise NotFound()
            values = {
                "title": "", "section": "services", "services": [s._gp_summary(lang) for s in services],
                "total": total, "page": page_number, "pages": pages, "params": params, "text": text,
                "group": group, "groups": GROUPS, "department": department, "departments": departments,
                "event": event, "events": events,
                "previous_url": url("/services", lang, **dict(
                    params, page=page_number - 1 if page_number > 2 else None)) if page_number > 1 else None,
                "next_url": url("/services", lang, **dict(
                    params, page=page_number + 1)) if page_number < pages else None,
            }
            return render("gov_public.catalogue_page", values, lang, "/services", params)

        try:
            return serve(("services",) + tuple(sorted((k, v) for k, v in params.items() if v)), build,
                         "text/html; charset=utf-8", lang, explicit)
        except RateLimited as limited:
            return too_many(lang, explicit, limited.retry_after)

    @http.route("/services/<string:code>", type="http", auth="public", methods=["GET", "HEAD"])
    def service(self, code, **kwargs):
        def build(service, lang):
            values = {"title": "", "section": "services", "service": service._gp_page(lang)}
            return render("gov_public.service_page", values, lang, "/services/%s" % service.code)

        return service_page(code, "service", build)

    @http.route("/services/<string:code>/manual.pdf", type="http", auth="public", methods=["GET", "HEAD"])
    def manual(self, code, **kwargs):
        lang, explicit = page_lang()
        if not valid_code(code):
            return not_found(lang, explicit)
        try:
            service = published_service(code, lang)  # its manual is public
        except NotFound:
            return not_found(lang, explicit)
        allowed, retry_after = rate_limited("gov_public.manual", *MANUAL_LIMIT)
        if not allowed:
            return too_many(lang, explicit, retry_after)

        def build():
            report = request.env.ref("one_stop_service.oss_service_manual_report").sudo()
            pdf, _format = report.with_context(lang="th_TH").render_qweb_pdf(service.ids)
            return pdf

        return serve(("manual", service.code), build, "application/pdf", "th_TH", None, extra_headers=[
            ("Content-Disposition", content_disposition("manual-%s.pdf" % service.code))])
