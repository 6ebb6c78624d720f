"""Where webhooks may be delivered: public internet addresses only (issue #15).

A webhook URL names a host. The service resolves it and refuses it when any address it
resolves to is not a public unicast address: loopback, private (RFC 1918, CGNAT
100.64/10, unique-local fc00::/7), link-local (169.254/16, fe80::/10, with the cloud
metadata addresses), unspecified, multicast, reserved, documentation, and IPv6 forms
that carry such an IPv4 address (::ffff:127.0.0.1, ::127.0.0.1, 6to4, Teredo, NAT64).
Numeric hosts are read the way libc reads them (0x7f000001, 2130706433, 0177.0.0.1,
127.1 are all 127.0.0.1), so no spelling gets past the check.

It checks at registration (`check_url`) and again at every delivery (`resolve`), and
the delivery connects to the address `resolve` returned: no second DNS lookup between
the check and the connection, so an answer that changes in between (DNS rebinding)
cannot point a delivery inside the network.

Tests and development deliver to 127.0.0.1: `allow_private=True`
(REFERRALS_WEBHOOKS_ALLOW_PRIVATE, or the app config key WEBHOOKS_ALLOW_PRIVATE) lets
loopback, private and link-local addresses through. It never lets through the metadata
addresses, unspecified or multicast ones: no test needs them and none is a receiver.
"""

from __future__ import annotations

import socket
from ipaddress import IPv4Address, IPv6Address, IPv6Network, ip_address
from urllib.parse import urlsplit

from referrals.errors import Invalid

IPAddress = IPv4Address | IPv6Address

# Cloud instance metadata: refused whatever the switch says (credentials live there).
METADATA_ADDRESSES = frozenset({IPv4Address("169.254.169.254"), IPv4Address("169.254.170.2"),
                                IPv6Address("fd00:ec2::254")})
METADATA_HOSTS = frozenset({"metadata.google.internal", "metadata.goog", "metadata",
                            "instance-data", "instance-data.ec2.internal"})
# IPv6 prefixes whose last 32 bits are an IPv4 address that the network will reach
# (ipaddress knows mapped, 6to4 and Teredo itself; these two it does not unwrap).
NAT64 = (IPv6Network("64:ff9b::/96"), IPv6Network("64:ff9b:1::/48"))
IPV4_COMPATIBLE = IPv6Network("::/96")  # deprecated ::a.b.c.d

NOT_RESOLVED = "unresolvable"
BLOCKED = "blocked_address"

MESSAGE_BLOCKED = ("The URL's host resolves to a private, loopback or otherwise non-public "
                   "address; webhooks are delivered to public internet addresses only.")
MESSAGE_NOT_RESOLVED = "The URL's host does not resolve to an address."


class Refused(Exception):
    """The host is not deliverable; `code` is BLOCKED or NOT_RESOLVED (never the address)."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


# ------------------------------------------------------------------ pure classification


def _forms(ip: IPAddress) -> list[IPAddress]:
    """The address, and the IPv4 address an IPv6 one carries (mapped, compatible, 6to4,
    Teredo, NAT64): each of them must be public."""
    forms: list[IPAddress] = [ip]
    if isinstance(ip, IPv6Address):
        if ip.ipv4_mapped is not None:
            forms.append(ip.ipv4_mapped)
        if ip.sixtofour is not None:
            forms.append(ip.sixtofour)
        if ip.teredo is not None:
            forms.extend(ip.teredo)
        if ip in IPV4_COMPATIBLE or any(ip in net for net in NAT64):
            forms.append(IPv4Address(int(ip) & 0xFFFFFFFF))
    return forms


def _public(ip: IPAddress) -> bool:
    return (ip.is_global and not (ip.is_private or ip.is_loopback or ip.is_link_local
                                  or ip.is_multicast or ip.is_reserved or ip.is_unspecified)
            and ip not in METADATA_ADDRESSES)


def is_allowed(ip: IPAddress, *, allow_private: bool = False) -> bool:
    """May a webhook be delivered to `ip`? Public unicast only, unless `allow_private`."""
    forms = _forms(ip)
    if all(_public(f) for f in forms):
        return True
    if not allow_private:
        return False
    return not any(f in METADATA_ADDRESSES or f.is_unspecified or f.is_multicast for f in forms)


def literal(host: str) -> IPAddress | None:
    """The address a numeric host stands for, read as libc reads it; None for a name."""
    host = host.strip("[]")
    try:
        return ip_address(host)
    except ValueError:
        pass
    if not host or any(c.isspace() for c in host):
        return None  # inet_aton ignores whatever follows a space
    try:
        return IPv4Address(socket.inet_aton(host))  # 0x7f000001, 2130706433, 0177.0.0.1, 127.1
    except (OSError, UnicodeError, ValueError):
        return None


# ------------------------------------------------------------------------- resolution


def lookup(host: str, port: int) -> list[str]:
    """The addresses DNS (and /etc/hosts) gives for `host`. Tests replace this function."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return [info[4][0] for info in infos]


def resolve(host: str, port: int, *, allow_private: bool = False) -> IPAddress:
    """The one address to connect to for `host`; raises Refused when the host does not
    resolve or when any of its addresses is not allowed (a name with one private address
    among public ones is refused: which one a client picks is not ours to decide)."""
    name = host.strip("[]").rstrip(".").lower()
    if name in METADATA_HOSTS:
        raise Refused(BLOCKED)
    numeric = literal(name)
    if numeric is not None:
        candidates = [numeric]
    else:
        try:
            found = lookup(name, port)
        except (OSError, UnicodeError, ValueError):
            raise Refused(NOT_RESOLVED) from None
        candidates = []
        for text in found:
            try:
                candidates.append(ip_address(text.split("%", 1)[0]))  # drop an IPv6 zone
            except ValueError:
                raise Refused(BLOCKED) from None
    if not candidates:
        raise Refused(NOT_RESOLVED)
    if not all(is_allowed(ip, allow_private=allow_private) for ip in candidates):
        raise Refused(BLOCKED)
    return candidates[0]


def default_port(scheme: str) -> int:
    return 443 if scheme == "https" else 80


def check_url(url: str, *, allow_private: bool = False) -> None:
    """At registration: raises Invalid(field="url") unless `url` is an http(s) URL whose
    host resolves to allowed addresses only. The message names no address."""
    if not isinstance(url, str) or any(ord(c) <= 32 or ord(c) == 127 for c in url):
        raise Invalid("The URL must not contain spaces or control characters.", field="url")
    try:
        parts = urlsplit(url)
        port = parts.port or default_port(parts.scheme)
    except ValueError:
        raise Invalid("Not a URL.", field="url") from None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise Invalid("Must be an http or https URL with a host.", field="url")
    try:
        resolve(parts.hostname, port, allow_private=allow_private)
    except Refused as exc:
        message = MESSAGE_NOT_RESOLVED if exc.code == NOT_RESOLVED else MESSAGE_BLOCKED
        raise Invalid(message, field="url") from None
