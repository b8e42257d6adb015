"""Where a webhook may go, and the one way events are posted there.

A webhook address is typed by a service manager; without checks it lets them make the
server call its own network (a database port, a local admin page) and read the answer.
So a target must be HTTPS on a public address: the name is resolved and EVERY address it
resolves to must be global unicast (no loopback, private, shared, link-local, multicast,
reserved or unspecified address, in IPv4 or IPv6, embedded IPv4 included). The check
runs when the address is saved and again at each delivery, and the delivery connects to
the address that was checked, so a name that resolves elsewhere later (DNS rebinding)
does not help. Redirects are not followed. An administrator may allow plain HTTP or
private addresses (Settings > Agency exchange), e.g. for a receiver on the agency's own
network or in tests.

Only the status code and a short reason of a failed delivery are kept: never the body
of the answer, which is the target's to choose.
"""
import collections
import http.client
import ipaddress
import socket
import ssl
from urllib.parse import urlsplit

PARAM_ALLOW_HTTP = "oss_agency_exchange.webhook_allow_http"
PARAM_ALLOW_PRIVATE = "oss_agency_exchange.webhook_allow_private"
NAT64_PREFIX = ipaddress.ip_network("64:ff9b::/96")

Target = collections.namedtuple("Target", "scheme host port path address")


class TargetRefused(Exception):
    """The address may not receive webhooks; ``str()`` says why, for the manager."""


def resolve(host, port):
    """Every address ``host`` resolves to (a seam for tests)."""
    return sorted({info[4][0] for info in socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)})


def _embedded(address):
    """The IPv4 addresses an IPv6 address carries (mapped, 6to4, Teredo, NAT64)."""
    found = []
    if address.version == 6:
        if address.ipv4_mapped:
            found.append(address.ipv4_mapped)
        if address.sixtofour:
            found.append(address.sixtofour)
        if address.teredo:
            found.extend(address.teredo)
        if address in NAT64_PREFIX:
            found.append(ipaddress.ip_address(int(address) & 0xFFFFFFFF))
    return found


def is_public(text):
    """True when ``text`` is a global unicast IPv4 or IPv6 address."""
    try:
        address = ipaddress.ip_address(text.split("%", 1)[0])
    except ValueError:
        return False
    for candidate in [address] + _embedded(address):
        if (not candidate.is_global or candidate.is_private or candidate.is_loopback
                or candidate.is_link_local or candidate.is_multicast or candidate.is_reserved
                or candidate.is_unspecified):
            return False
    return True


def check_target(url, allow_http=False, allow_private=False):
    """The Target of ``url`` with the address to connect to; TargetRefused when not allowed."""
    try:
        parts = urlsplit((url or "").strip())
        port = parts.port
    except ValueError:
        raise TargetRefused("the address is not a valid URL")
    scheme = parts.scheme.lower()
    if scheme not in ("https", "http") or not parts.hostname:
        raise TargetRefused("the address must be an https:// URL")
    if scheme == "http" and not allow_http:
        raise TargetRefused("plain http:// is not allowed: use https://")
    if parts.username or parts.password:
        raise TargetRefused("the address must not carry a user name or password")
    port = port or (443 if scheme == "https" else 80)
    try:
        addresses = resolve(parts.hostname, port)
    except (socket.gaierror, UnicodeError, OSError):
        raise TargetRefused("the name %s cannot be resolved" % parts.hostname)
    if not addresses:
        raise TargetRefused("the name %s cannot be resolved" % parts.hostname)
    if not allow_private:
        refused = [address for address in addresses if not is_public(address)]
        if refused:
            raise TargetRefused("%s is not a public address (loopback, private, link-local, "
                                "multicast or reserved addresses are refused)" % refused[0])
    path = (parts.path or "/") + ("?" + parts.query if parts.query else "")
    return Target(scheme, parts.hostname, port, path, addresses[0])


class _PinnedHTTPConnection(http.client.HTTPConnection):
    """Connects to the checked address, whatever the name resolves to now."""

    def __init__(self, target, timeout):
        super().__init__(target.host, target.port, timeout=timeout)
        self._address = target.address

    def connect(self):
        self.sock = socket.create_connection((self._address, self.port), self.timeout)


class _PinnedHTTPSConnection(http.client.HTTPSConnection):
    """Connects to the checked address; the certificate is checked against the name."""

    def __init__(self, target, timeout):
        super().__init__(target.host, target.port, timeout=timeout, context=ssl.create_default_context())
        self._address = target.address

    def connect(self):
        sock = socket.create_connection((self._address, self.port), self.timeout)
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)


def send(target, body, headers, timeout):
    """POST ``body`` to the target; (HTTP status, None) or (None, short reason of the failure)."""
    connection_class = _PinnedHTTPSConnection if target.scheme == "https" else _PinnedHTTPConnection
    connection = connection_class(target, timeout)
    try:
        connection.request("POST", target.path, body=body, headers=headers)
        return connection.getresponse().status, None
    except socket.timeout:
        return None, "timed out"
    except ConnectionRefusedError:
        return None, "connection refused"
    except (ssl.SSLError, ssl.CertificateError):
        return None, "TLS handshake or certificate check failed"
    except http.client.HTTPException:
        return None, "the answer was not valid HTTP"
    except OSError:
        return None, "the connection failed"
    finally:
        connection.close()


def describe_status(status):
    """``HTTP 503 Service Unavailable``: the standard phrase, not the receiver's text."""
    try:
        return "HTTP %d %s" % (status, http.HTTPStatus(status).phrase)
    except ValueError:
        return "HTTP %d" % status
