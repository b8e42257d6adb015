"""Open311 GeoReport v2 vocabulary: errors, the two formats (JSON and XML), W3C dates and the
checks of posted values."""
import datetime
import json
import re

import pytz
from lxml import etree

MAX_BODY_BYTES = 64 * 1024
# a photo (multipart field "media"): its own limit, on top of the fields
MAX_MEDIA_BYTES = 10 * 1024 * 1024
MAX_MULTIPART_BYTES = MAX_MEDIA_BYTES + MAX_BODY_BYTES
DEFAULT_DAYS = 90
MAX_RESULTS = 1000
MAX_PAGE_SIZE = 100
MAX_PAGE = 10000
# Thailand's extent (WGS84), with a margin of a few kilometres over its land and islands
THAILAND_LAT = (5.6, 20.5)
THAILAND_LONG = (97.3, 105.7)
FORMATS = ("json", "xml")
CONTENT_TYPES = {"json": "application/json; charset=utf-8", "xml": "text/xml; charset=utf-8"}
# XML: the element of each item of a list, by the name of the list (GeoReport v2)
XML_ITEMS = {"services": "service", "service_requests": "request", "errors": "error",
             "attributes": "attribute", "values": "value", "endpoints": "endpoint", "formats": "format"}
# characters XML 1.0 cannot carry (control characters, lone surrogates, U+FFFE/U+FFFF)
XML_INVALID_RE = re.compile("[^\u0009\u000a\u000d\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
# dates outside these years are refused: far ones overflow the arithmetic of the period
MIN_YEAR, MAX_YEAR = 1970, 2999
# scope of the rate limit of anonymous calls, per client address (gov.rate.limit)
ANONYMOUS_SCOPE = "open311.anonymous"
# set in the WSGI environ when the posted body could not be read (hooks._read_body)
BODY_ERROR = "oss_open311.body_error"

W3C_RE = re.compile(
    r"^(\d{4})-(\d{2})-(\d{2})"
    r"(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,6}))?)?(Z|[+-]\d{2}:\d{2}))?$")
CODE_RE = re.compile(r"^[A-Za-z0-9_.\-]{1,32}$")
TRACKING_RE = re.compile(r"^[A-Za-z0-9\-]{1,32}$")
TOKEN_RE = re.compile(r"^[A-Za-z0-9_.\-]{1,64}$")
NAME_RE = re.compile(r"^[A-Za-z\u00C0-\u024F\u0E00-\u0E7F][A-Za-z\u00C0-\u024F\u0E00-\u0E7F .'\-]{0,99}$")
EMAIL_RE = re.compile(r"^[A-Za-z0-9._%+\-]{1,64}@[A-Za-z0-9.\-]{1,185}\.[A-Za-z]{2,24}$")
URL_RE = re.compile(r"^https?://[A-Za-z0-9.\-]+(?::\d{1,5})?(?:/[A-Za-z0-9._~%!$&'()*+,;=:@/\-]*)?"
                    r"(?:\?[A-Za-z0-9._~%!$&'()*+,;=:@/?\-]*)?$")
MARKUP_RE = re.compile(r"<\s*[A-Za-z!/?]|javascript:|\x00", re.IGNORECASE)
CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class Open311Error(Exception):
    """An error the API answers as ``[{"code": status, "description": ...}]``."""

    def __init__(self, status, description, retry_after=None):
        super().__init__(description)
        self.status = status
        self.description = description
        self.retry_after = retry_after

    def as_json(self):
        return [{"code": self.status, "description": self.description}]


def json_answer(payload):
    """(body, content type) of a JSON answer; text that is not valid Unicode (a lone surrogate
    echoed back) is replaced rather than failing the answer."""
    return json.dumps(payload, ensure_ascii=False).encode("utf-8", "replace"), CONTENT_TYPES["json"]


def _xml_text(value):
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    return XML_INVALID_RE.sub("\ufffd", value if isinstance(value, str) else str(value))


def _xml_fill(element, value):
    """Write ``value`` into ``element``: a dict as child elements, a list as one element per item
    (named after the list), anything else as text; None leaves the element empty."""
    if isinstance(value, dict):
        for key, item in value.items():
            _xml_fill(etree.SubElement(element, key), item)
    elif isinstance(value, (list, tuple)):
        for item in value:
            _xml_fill(etree.SubElement(element, XML_ITEMS.get(element.tag, "item")), item)
    else:
        element.text = _xml_text(value)


def xml_answer(root, payload):
    """(body, content type) of the XML answer with the same content as the JSON one: ``root``
    names the document (services, service_definition, service_requests, discovery, errors)."""
    element = etree.Element(root)
    _xml_fill(element, payload)
    body = b'<?xml version="1.0" encoding="UTF-8"?>\n' + etree.tostring(element, encoding="UTF-8")
    return body, CONTENT_TYPES["xml"]


def answer(fmt, root, payload):
    """(body, content type) of ``payload`` in the format ``fmt`` (json or xml)."""
    return xml_answer(root, payload) if fmt == "xml" else json_answer(payload)


def max_body_bytes(httprequest):
    """The largest body accepted: a form with a photo (multipart) may carry the photo too."""
    return MAX_MULTIPART_BYTES if httprequest.mimetype == "multipart/form-data" else MAX_BODY_BYTES


def format_of(path):
    """The format an Open311 path asks for: xml for a path ending in .xml, else json."""
    return "xml" if (path or "").lower().endswith(".xml") else "json"


def error_body(fmt, status, description):
    return answer(fmt, "errors", [{"code": status, "description": description}])


def unavailable_body(seconds, path=None):
    """The 503 answer in the spec's error format and the path's format (registered with gov_http)."""
    return error_body(format_of(path), 503, "The service is busy or its database is unreachable; "
                                            "try again in %d seconds." % seconds)


def parse_w3c(value, name, tz):
    """A W3C ISO 8601 date or datetime as a naive UTC datetime; a date alone is midnight in ``tz``."""
    if not isinstance(value, str):
        raise Open311Error(400, "%s must be a W3C date such as 2026-01-31T09:00:00+07:00." % name)
    match = W3C_RE.match(value.strip())
    if not match:
        raise Open311Error(400, "%s=%s is not a W3C date such as 2026-01-31T09:00:00+07:00." % (
            name, value[:40]))
    year, month, day, hour, minute, second, fraction, zone = match.groups()
    if not MIN_YEAR <= int(year) <= MAX_YEAR:
        raise Open311Error(400, "%s must be a date between %d and %d." % (name, MIN_YEAR, MAX_YEAR))
    try:
        moment = datetime.datetime(int(year), int(month), int(day), int(hour or 0), int(minute or 0),
                                   int(second or 0), int((fraction or "0").ljust(6, "0")))
    except ValueError:
        raise Open311Error(400, "%s=%s is not a real date." % (name, value[:40]))
    if not zone:
        return tz.localize(moment).astimezone(pytz.utc).replace(tzinfo=None)
    if zone == "Z":
        return moment
    sign = 1 if zone[0] == "+" else -1
    offset = datetime.timedelta(hours=int(zone[1:3]), minutes=int(zone[4:6]))
    if offset > datetime.timedelta(hours=14):
        raise Open311Error(400, "%s=%s has an impossible time zone." % (name, value[:40]))
    return moment - sign * offset


def to_w3c(value, tz):
    """An Odoo UTC datetime string as W3C datetime in the time zone ``tz``, or None."""
    if not value:
        return None
    moment = datetime.datetime.strptime(value[:19], "%Y-%m-%d %H:%M:%S")
    return pytz.utc.localize(moment).astimezone(tz).isoformat()


def clean_text(data, key, limit, required=False, pattern=None):
    """The stripped string posted as ``key`` after the type, length, markup and pattern checks."""
    value = data.get(key)
    if value is None or value == "":
        if required:
            raise Open311Error(400, "%s is required." % key)
        return None
    if not isinstance(value, str):
        raise Open311Error(400, "%s must be a string." % key)
    value = value.strip()
    if len(value) > limit:
        raise Open311Error(400, "%s is longer than %d characters." % (key, limit))
    if MARKUP_RE.search(value) or CONTROL_RE.search(value):
        raise Open311Error(400, "%s must be plain text: markup and control characters are refused." % key)
    if pattern is not None and not pattern.match(value):
        raise Open311Error(400, "%s has an invalid format." % key)
    return value


def clean_coordinate(data, key):
    """A finite number posted as ``key`` (lat or long), or None; where it lies is check_in_thailand's."""
    value = data.get(key)
    if value is None or value == "":
        return None
    if isinstance(value, bool) or not isinstance(value, (str, int, float)) or len(str(value)) > 32:
        raise Open311Error(400, "%s must be a number." % key)
    try:
        number = float(value)
    except (ValueError, OverflowError):
        raise Open311Error(400, "%s must be a number." % key)
    if number != number or number in (float("inf"), float("-inf")):
        raise Open311Error(400, "%s must be a finite number." % key)
    return number


def check_in_thailand(lat, long_):
    """Refuse coordinates outside Thailand: a place the agency cannot serve, lat and long swapped,
    or no coordinates at all (0, 0)."""
    if not (THAILAND_LAT[0] <= lat <= THAILAND_LAT[1] and THAILAND_LONG[0] <= long_ <= THAILAND_LONG[1]):
        raise Open311Error(400, "lat=%s long=%s is outside Thailand: lat must lie between %s and %s and long "
                                "between %s and %s (WGS84 decimal degrees)." % (
                                    lat, long_, THAILAND_LAT[0], THAILAND_LAT[1], THAILAND_LONG[0],
                                    THAILAND_LONG[1]))


def clean_int(params, key, low, high, default):
    """An integer parameter between ``low`` and ``high``, or ``default`` when absent."""
    value = params.get(key)
    if value is None:
        return default
    if not isinstance(value, str) or not re.match(r"^\d{1,6}$", value.strip()) or \
            not low <= int(value) <= high:
        raise Open311Error(400, "%s must be a whole number between %d and %d." % (key, low, high))
    return int(value)


def split_list(value, name, pattern, limit=100):
    """A comma-delimited parameter as a list of checked values."""
    if not isinstance(value, str):
        raise Open311Error(400, "%s must be a comma-delimited string." % name)
    items = [item.strip() for item in value.split(",") if item.strip()]
    if not items or len(items) > limit:
        raise Open311Error(400, "%s must list between 1 and %d values." % (name, limit))
    for item in items:
        if not pattern.match(item):
            raise Open311Error(400, "%s contains an invalid value." % name)
    return items
