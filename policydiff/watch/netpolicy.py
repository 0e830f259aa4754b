"""Where a fetch may go: the redirect and address policy both fetchers apply to every hop.

A source names one page. What that page's server (or its script) may make us fetch instead is
decided here, for the plain fetcher (``watch.fetch``: every HTTP redirect) and the browser
(``watch.browser``: every request, a ``location.href`` navigation included):

- **same site by default**: a redirect of the page itself may go to another host of the same
  site (``www.example.com`` → ``m.example.com``) but not to another site, unless the source
  says ``redirects = "any"``;
- **no private address by default**: a host that is, or resolves to, a loopback, private,
  link-local or otherwise non-public address (``127.0.0.1``, ``10.0.0.5``, ``localhost``,
  ``169.254.169.254``) is refused — a policy page must not be able to make the runner read
  its own machine or network and record that as the policy. ``allow_private = true`` on a
  source (or in ``[defaults]``) lets it reach a private address, and then only on the host its
  own URL names (an intranet mirror, a local test server): never another one.

The site of a host is its last two labels, or three under a country's generic second level
(``example.com.cn``, ``example.co.uk``): the registrable domain of the Public Suffix List for
the hosts policies live on, without shipping the list.
"""

from __future__ import annotations

import ipaddress
import socket
from dataclasses import dataclass
from urllib.parse import urlsplit

REDIRECT_MODES = ("same-site", "any")
# second-level labels under a two-letter country code that are suffixes, not sites (general
# knowledge of the registries: com.cn, gov.cn, co.uk, com.hk, …)
_GENERIC_SECOND = frozenset({"com", "net", "org", "gov", "edu", "ac", "co", "mil", "int", "ltd", "plc", "nic", "or", "ne", "go"})


# Address literals (glob patterns on the host as written) that are not public: loopback, private
# (RFC 1918), link-local, "this network", shared (RFC 6598's 100.64/10 is left to ``refusal``)
_PRIVATE_LITERALS = ("localhost", "*.localhost", "127.*", "10.*", "192.168.*", "169.254.*", "0.*",
                     *(f"172.{n}.*" for n in range(16, 32)), "[::1]", "[::]", "[fc*", "[fd*", "[fe80:*", "[::ffff:*")


def site_of(host: str) -> str:
    """The site a host belongs to (an address is its own site).

    >>> site_of("www.example.com"), site_of("m.example.com.cn"), site_of("Example.COM.")
    ('example.com', 'example.com.cn', 'example.com')
    >>> site_of("127.0.0.1"), site_of("localhost")
    ('127.0.0.1', 'localhost')
    """
    host = host.lower().rstrip(".").strip("[]")
    if _address(host) is not None:
        return host
    labels = host.split(".")
    if len(labels) >= 3 and len(labels[-1]) == 2 and labels[-2] in _GENERIC_SECOND:
        return ".".join(labels[-3:])
    return ".".join(labels[-2:])


def _address(host: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(host.strip("[]").split("%", 1)[0])
    except ValueError:
        return None


def is_public(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    """Whether an address is on the public internet (an IPv4-mapped IPv6 address as its IPv4).

    >>> is_public(ipaddress.ip_address("8.8.8.8")), is_public(ipaddress.ip_address("::ffff:127.0.0.1"))
    (True, False)
    >>> any(is_public(ipaddress.ip_address(a)) for a in ("10.1.2.3", "169.254.169.254", "0.0.0.0", "fd00::1", "100.64.0.1"))
    False
    """
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    return bool(address.is_global) and not address.is_multicast


def addresses(host: str, port: int) -> list[ipaddress.IPv4Address | ipaddress.IPv6Address]:
    """The addresses ``host`` stands for (itself when it is one); [] when it does not resolve."""
    literal = _address(host)
    if literal is not None:
        return [literal]
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError):
        return []  # the fetch itself then fails with the resolver's own message
    found = [_address(str(info[4][0])) for info in infos]
    return [a for a in found if a is not None]


@dataclass(frozen=True)
class NetPolicy:
    """What one source's fetch may reach: decided from the source's own URL and two options."""

    origin: str  # the source's URL
    allow_private: bool = False
    redirects: str = "same-site"

    @property
    def host(self) -> str:
        return (urlsplit(self.origin).hostname or "").lower()

    def resolver_rules(self) -> str:
        """Chromium's ``--host-resolver-rules`` for this policy: every loopback, private and
        link-local address literal (and ``localhost``) made unresolvable, but the source's own host
        when it may be private. Chromium applies them to every connection — a WebSocket too, which
        the DevTools ``Fetch`` pause does not see; a name that resolves to a private address is
        left to ``refusal`` (http and https).

        >>> NetPolicy("http://127.0.0.1:8080/p", allow_private=True).resolver_rules().endswith("EXCLUDE 127.0.0.1")
        True
        >>> "EXCLUDE" in NetPolicy("https://example.com/p").resolver_rules()
        False
        """
        rules = [f"MAP {pattern} ~NOTFOUND" for pattern in _PRIVATE_LITERALS]
        if self.allow_private and self.host:
            rules.append(f"EXCLUDE {self.host}")
        return ", ".join(rules)

    def refusal(self, url: str, *, navigation: bool = True) -> str | None:
        """Why ``url`` may not be fetched for this source (None: it may). ``navigation``: it would
        replace the page (a redirect or the page's own navigation), not load a part of it."""
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https"):
            if not navigation and parts.scheme in ("data", "blob"):
                return None  # in memory: no network
            return f"{parts.scheme or '?'}: is not http(s)"
        host = (parts.hostname or "").lower()
        if navigation and self.redirects != "any" and site_of(host) != site_of(self.host):
            return (f"redirected to another site ({host}; the source is on {self.host}): "
                    f"set redirects = \"any\" on the source to follow it")
        try:
            port = parts.port or (443 if parts.scheme == "https" else 80)
        except ValueError:
            return f"{host}: bad port"
        private = [a for a in addresses(host, port) if not is_public(a)]
        if private and not (self.allow_private and host == self.host):
            why = "the source's host needs allow_private = true" if host == self.host else \
                "only the source's own host may be one, with allow_private = true"
            return f"{host} is a private or loopback address ({private[0]}); {why}"
        return None
