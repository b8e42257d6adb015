"""Open311 GeoReport v2 vocabulary: errors, W3C dates and the checks of posted values."""
import datetime
import json
import re

import pytz

OFFICE_TZ = pytz.timezone("Asia/Bangkok")
MAX_BODY_BYTES = 64 * 1024
DEFAULT_DAYS = 90
MAX_RESULTS = 1000
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
    return json.dumps(payload, ensure_ascii=False).encode("utf-8", "replace"), "application/json; charset=utf-8"


def unavailable_body(seconds):
    """The 503 answer in the spec's error format (registered with gov_http)."""
    return json_answer([{"code": 503, "description": "The service is busy or its database is unreachable; "
                                                     "try again in %d seconds." % seconds}])


def parse_w3c(value, name):
    """A W3C ISO 8601 date or datetime as a naive UTC datetime; a date alone is local midnight."""
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
        return OFFICE_TZ.localize(moment).astimezone(pytz.utc).replace(tzinfo=None)
    if zone == "Z":
        return moment
    sign = 1 if zone[0] == "+" else -1
    offset = datetime.timedelta(hours=int(zone[1:3]), minutes=int(zone[4:6]))
    if offset > datetime.timedelta(hours=14):
        raise Open311Error(400, "%s=%s has an impossible time zone." % (name, value[:40]))
    return moment - sign * offset


def to_w3c(value):
    """An Odoo UTC datetime string as W3C datetime in the office time zone, or None."""
    if not value:
        return None
    moment = datetime.datetime.strptime(value[:19], "%Y-%m-%d %H:%M:%S")
    return pytz.utc.localize(moment).astimezone(OFFICE_TZ).isoformat()


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


def clean_coordinate(data, key, bound):
    value = data.get(key)
    if value is None or value == "":
        return None
    if isinstance(value, bool) or not isinstance(value, (str, int, float)) or len(str(value)) > 32:
        raise Open311Error(400, "%s must be a number." % key)
    try:
        number = float(value)
    except (ValueError, OverflowError):
        raise Open311Error(400, "%s must be a number." % key)
    if not -bound <= number <= bound or number != number:
        raise Open311Error(400, "%s must be between -%d and %d." % (key, bound, bound))
    return number


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
