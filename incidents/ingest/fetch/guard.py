"""The SSRF guard: which URLs and addresses a fetch may reach."""

import ipaddress
import socket

import httpx
from django.conf import settings

from .errors import FetchError

# Refused even with INGEST_ALLOW_PRIVATE_NETWORKS: no status page lives there, credentials do.
METADATA_HOSTS = frozenset(
    {
        "metadata",
        "metadata.goog",
        "metadata.google.internal",
        "instance-data",
        "instance-data.ec2.internal",
    }
)
METADATA_ADDRESSES = frozenset(
    ipaddress.ip_address(a)
    for a in ("169.254.169.254", "169.254.170.2", "100.100.100.200", "fd00:ec2::254")
)
SHARED_ADDRESS_SPACE = ipaddress.ip_network("100.64.0.0/10")
NAT64_PREFIX = ipaddress.ip_network("64:ff9b::/96")

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


def check_target(url: str) -> httpx.URL:
    """Parse `url` and refuse it unless it is an http(s) URL a fetch may go to."""
    try:
        parsed = httpx.URL(url)
    except httpx.InvalidURL as exc:
        raise FetchError(f"Malformed URL {url!r}: {exc}.", permanent=True) from exc
    if parsed.scheme not in ("http", "https"):
        raise FetchError(f"Refused {url!r}: only http and https URLs are fetched.", permanent=True)
    if not parsed.host:
        raise FetchError(f"Refused {url!r}: the URL has no host.", permanent=True)
    if parsed.userinfo:
        raise FetchError(f"Refused {url!r}: credentials in URLs are not allowed.", permanent=True)
    host = parsed.host.rstrip(".").lower()
    if host in METADATA_HOSTS:
        raise FetchError(f"Refused {url!r}: {host} is a cloud metadata host.", permanent=True)
    literal = _ip_literal(host)
    if literal is not None:
        _refuse_if_blocked(host, literal)
    return parsed


def checked_addresses(host: str) -> list[str]:
    """Resolve host and return its addresses, refusing all of them if any is blocked."""
    literal = _ip_literal(host)
    addresses = [str(literal)] if literal is not None else _resolve(host)
    for address in addresses:
        _refuse_if_blocked(host, ipaddress.ip_address(address))
    return addresses


def check_address(host: str, address: str) -> None:
    """Refuse an address already connected to if the rules now block it (a reused connection)."""
    _refuse_if_blocked(host, ipaddress.ip_address(address))


def _resolve(host: str) -> list[str]:
    try:
        infos = socket.getaddrinfo(host, None, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError) as exc:
        raise FetchError(f"Cannot resolve host {host!r}: {exc}.") from exc
    # Keep getaddrinfo's order (it sorts by RFC 6724 preference), without duplicates.
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


def _refuse_if_blocked(host: str, address: IPAddress) -> None:
    reason = _blocked_reason(address)
    if reason:
        raise FetchError(
            f"Refused {host}: it resolves to {address}, a {reason} address "
            "(set INGEST_ALLOW_PRIVATE_NETWORKS=1 only for tests and local demos).",
            permanent=True,
        )


def _blocked_reason(address: IPAddress) -> str:
    ip = _embedded_ipv4(address) or address
    if ip in METADATA_ADDRESSES or address in METADATA_ADDRESSES:
        return "cloud metadata"
    if settings.INGEST_ALLOW_PRIVATE_NETWORKS:
        return ""
    checks = [
        ("loopback", ip.is_loopback),
        ("unspecified", ip.is_unspecified),
        ("link-local", ip.is_link_local),
        ("multicast", ip.is_multicast),
        ("shared (100.64.0.0/10)", ip in SHARED_ADDRESS_SPACE),
        ("reserved", ip.is_reserved),
        ("private", ip.is_private),
        ("site-local", getattr(ip, "is_site_local", False)),
        ("non-global", not ip.is_global),
    ]
    return next((label for label, blocked in checks if blocked), "")


def _embedded_ipv4(address: IPAddress) -> ipaddress.IPv4Address | None:
    """Return the IPv4 address an IPv6 address carries (mapped, NAT64, 6to4), if any."""
    if not isinstance(address, ipaddress.IPv6Address):
        return None
    if address in NAT64_PREFIX:
        return ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    return address.ipv4_mapped or address.sixtofour


def _ip_literal(host: str) -> IPAddress | None:
    try:
        return ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return None
