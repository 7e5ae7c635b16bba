"""The single HTTP seam: every request ingestion makes goes through fetch() here.

Safety rules: only http/https; an SSRF guard that checks every address a host resolves to
and connects to exactly the address it checked; timeouts and a total deadline; a size cap on
the decoded body; manual redirects, each target checked again; conditional GET.
"""

import functools
import hashlib
import io
import ipaddress
import socket
import ssl
import time
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from importlib import metadata

import brotli
import httpcore
import httpx
from django.conf import settings

CONNECT_TIMEOUT = 5.0
READ_TIMEOUT = 10.0
# One deadline per fetch, from the first connection to the last byte of the body, redirects
# included: every socket operation gets at most the time left (see _DeadlineStream).
TOTAL_TIMEOUT = 15.0
MAX_REDIRECTS = 5
# A hostile Retry-After must not park a source for years.
MAX_RETRY_AFTER = 24 * 3600.0

REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
ACCEPT = (
    "application/json, application/atom+xml, application/rss+xml, "
    "application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5"
)

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

try:
    VERSION = metadata.version("cloud-outage-tracker")
except metadata.PackageNotFoundError:  # running from a checkout that was never installed
    VERSION = "dev"

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


class FetchError(Exception):
    """A fetch failed; `permanent` says whether retrying soon could help."""

    def __init__(
        self,
        message: str,
        permanent: bool = False,
        retry_after: float | None = None,
        status: int | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.permanent = permanent
        self.retry_after = retry_after
        self.status = status

    def __reduce__(self):
        # Celery pickles exceptions; the default would drop everything but the message.
        return (type(self), (self.message, self.permanent, self.retry_after, self.status))


@dataclass(frozen=True)
class FetchResult:
    """What one successful fetch returned; a 304 has not_modified set and an empty body."""

    status: int
    body: bytes
    etag: str
    last_modified: str
    content_type: str
    final_url: str
    not_modified: bool
    sha256: str


def fetch(
    url: str, *, etag: str = "", last_modified: str = "", timeout: float = TOTAL_TIMEOUT
) -> FetchResult:
    """Fetch url under every safety rule of this module; raise FetchError on any failure."""
    deadline = time.monotonic() + timeout
    headers = _request_headers(etag, last_modified)
    with httpx.Client(transport=_GuardedTransport(deadline), trust_env=False) as client:
        for _hop in range(MAX_REDIRECTS + 1):
            _check_target(url)
            with _translated_errors(url), _get(client, url, headers, deadline) as response:
                location = _redirect_location(response)
                if location is None:
                    return _result(response, deadline, etag, last_modified)
            url = location
    raise FetchError(f"Too many redirects (more than {MAX_REDIRECTS}).", permanent=True)


def check_url(url: str) -> None:
    """Raise FetchError saying why fetch() would refuse url; return quietly if it would not."""
    parsed = _check_target(url)
    if not settings.INGEST_ALLOW_PRIVATE_NETWORKS:
        # A resolution failure raises FetchError(permanent=False): the name may come back.
        _checked_addresses(parsed.raw_host.decode("ascii"))


def user_agent() -> str:
    """Return the User-Agent that fetch() sends."""
    url = settings.PROJECT_URL
    return f"cloud-outage-tracker/{VERSION}" + (f" (+{url})" if url else "")


# --- The SSRF guard ---------------------------------------------------------------------------


def _check_target(url: str) -> httpx.URL:
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


def _checked_addresses(host: str) -> list[str]:
    """Resolve host and return its addresses, refusing all of them if any is blocked."""
    literal = _ip_literal(host)
    addresses = [str(literal)] if literal is not None else _resolve(host)
    for address in addresses:
        _refuse_if_blocked(host, ipaddress.ip_address(address))
    return addresses


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


class _DeadlineStream(httpcore.NetworkStream):
    """A socket whose every operation ends by the fetch's deadline, whatever its own timeout.

    httpx's timeouts apply to each read alone: a server sending one header byte a second
    would hold a fetch (and a worker slot) for as long as it likes.
    """

    def __init__(self, stream: httpcore.NetworkStream, deadline: float) -> None:
        self._stream = stream
        self._deadline = deadline

    def _left(self, timeout: float | None, error: type[Exception]) -> float:
        left = self._deadline - time.monotonic()
        if left <= 0:
            raise error(DEADLINE_PASSED)
        return left if timeout is None else min(timeout, left)

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        left = self._left(timeout, httpcore.ReadTimeout)
        try:
            return self._stream.read(max_bytes, left)
        except httpcore.ReadTimeout:
            self._left(None, httpcore.ReadTimeout)  # say which limit it was
            raise

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._stream.write(buffer, self._left(timeout, httpcore.WriteTimeout))

    def close(self) -> None:
        self._stream.close()

    def start_tls(
        self,
        ssl_context: ssl.SSLContext,
        server_hostname: str | None = None,
        timeout: float | None = None,
    ) -> httpcore.NetworkStream:
        left = self._left(timeout, httpcore.ConnectTimeout)
        return _DeadlineStream(
            self._stream.start_tls(ssl_context, server_hostname, left), self._deadline
        )

    def get_extra_info(self, info: str):
        return self._stream.get_extra_info(info)


DEADLINE_PASSED = "total deadline passed"


class _GuardedBackend(httpcore.SyncBackend):
    """Resolve, check and connect in one step, so the address checked is the one used."""

    def __init__(self, deadline: float) -> None:
        self._deadline = deadline

    def connect_tcp(
        self, host, port, timeout=None, local_address=None, socket_options=None
    ) -> httpcore.NetworkStream:
        *others, last = _checked_addresses(host)
        for address in others:
            try:
                return self._connect(address, port, timeout, local_address, socket_options)
            except httpcore.ConnectError:  # refused or unreachable: try the next address
                continue
        return self._connect(last, port, timeout, local_address, socket_options)

    def _connect(self, address, port, timeout, local_address, socket_options):
        left = self._deadline - time.monotonic()
        if left <= 0:
            raise httpcore.ConnectTimeout(DEADLINE_PASSED)
        timeout = left if timeout is None else min(timeout, left)
        stream = super().connect_tcp(address, port, timeout, local_address, socket_options)
        return _DeadlineStream(stream, self._deadline)


class _GuardedTransport(httpx.HTTPTransport):
    def __init__(self, deadline: float) -> None:
        # Passing the shared context stops the base class loading the CA bundle again.
        super().__init__(verify=_ssl_context(), trust_env=False)
        # httpx takes no network backend, so the pool is rebuilt around ours. TLS still
        # verifies the certificate and sends SNI for the URL's host name (httpcore uses the
        # origin host for both), while TCP goes to the address the guard checked.
        self._pool = httpcore.ConnectionPool(
            ssl_context=_ssl_context(),
            network_backend=_GuardedBackend(deadline),
        )


@functools.cache
def _ssl_context() -> ssl.SSLContext:
    # Loading the CA bundle costs tens of milliseconds; one context serves every fetch.
    return httpx.create_ssl_context(trust_env=False)


# --- Requests and responses -------------------------------------------------------------


def _request_headers(etag: str, last_modified: str) -> dict[str, str]:
    headers = {"User-Agent": user_agent(), "Accept": ACCEPT, "Accept-Encoding": "gzip, br"}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    return headers


@contextmanager
def _get(
    client: httpx.Client, url: str, headers: dict[str, str], deadline: float
) -> Iterator[httpx.Response]:
    remaining = deadline - time.monotonic()
    if remaining <= 0:
        raise FetchError(f"Timed out fetching {url} (total deadline).")
    timeout = httpx.Timeout(min(READ_TIMEOUT, remaining), connect=min(CONNECT_TIMEOUT, remaining))
    with client.stream("GET", url, headers=headers, timeout=timeout) as response:
        yield response


@contextmanager
def _translated_errors(url: str) -> Iterator[None]:
    try:
        yield
    except httpx.TimeoutException as exc:
        limit = " (total deadline)" if DEADLINE_PASSED in str(exc) else ""
        raise FetchError(f"Timed out fetching {url}{limit}.") from exc
    except (httpx.InvalidURL, httpx.UnsupportedProtocol, httpx.LocalProtocolError) as exc:
        raise FetchError(f"Cannot request {url}: {exc}.", permanent=True) from exc
    except httpx.TransportError as exc:
        raise FetchError(f"Connection failed for {url}: {exc}.") from exc


def _redirect_location(response: httpx.Response) -> str | None:
    if response.status_code not in REDIRECT_STATUSES:
        return None
    location = response.headers.get("location", "").strip()
    if not location:
        raise FetchError(
            f"HTTP {response.status_code} from {response.url} without a Location header.",
            permanent=True,
            status=response.status_code,
        )
    return str(response.url.join(location))


def _result(
    response: httpx.Response, deadline: float, etag: str, last_modified: str
) -> FetchResult:
    status = response.status_code
    if status >= 400:
        raise _status_error(response)
    if status != 304 and not 200 <= status < 300:
        raise FetchError(f"Unexpected HTTP {status} from {response.url}.", permanent=True)
    body = b"" if status == 304 else _read_body(response, deadline)
    return FetchResult(
        status=status,
        body=body,
        # A 304 may omit the validators; the caller's still hold.
        etag=response.headers.get("etag", etag if status == 304 else ""),
        last_modified=response.headers.get("last-modified", last_modified if status == 304 else ""),
        content_type=response.headers.get("content-type", ""),
        final_url=str(response.url),
        not_modified=status == 304,
        sha256="" if status == 304 else hashlib.sha256(body).hexdigest(),
    )


def _status_error(response: httpx.Response) -> FetchError:
    status = response.status_code
    return FetchError(
        f"HTTP {status} {response.reason_phrase} from {response.url}.",
        permanent=status < 500 and status not in (408, 429),
        retry_after=parse_retry_after(response.headers.get("retry-after", "")),
        status=status,
    )


def parse_retry_after(value: str, now: datetime | None = None) -> float | None:
    """Return the seconds a Retry-After header (seconds or HTTP date) asks to wait, or None."""
    value = value.strip()
    if not value:
        return None
    if value.isdigit():
        seconds = float(value)
    else:
        try:
            when = parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError, OverflowError):
            return None
        if when.tzinfo is None:
            when = when.replace(tzinfo=UTC)
        seconds = (when - (now or datetime.now(UTC))).total_seconds()
    return min(max(seconds, 0.0), MAX_RETRY_AFTER)


# --- The body: streamed, decoded, capped ------------------------------------------------------


def _read_body(response: httpx.Response, deadline: float) -> bytes:
    cap = settings.INGEST_MAX_BYTES
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > cap:
        raise _too_large(response, cap)
    decoder = _decoder(response)
    body = io.BytesIO()
    received = 0
    for chunk in response.iter_raw():
        received += len(chunk)
        if received > cap:
            raise _too_large(response, cap)
        if time.monotonic() > deadline:
            raise FetchError(f"Timed out reading {response.url} (total deadline).")
        try:
            for piece in decoder.decode(chunk):
                body.write(piece)
                if body.tell() > cap:
                    raise _too_large(response, cap)
        except (zlib.error, brotli.error) as exc:
            raise FetchError(f"Invalid compressed body from {response.url}: {exc}.") from exc
    if received and not decoder.finished():
        raise FetchError(f"Truncated compressed body from {response.url}.")
    return body.getvalue()


def _too_large(response: httpx.Response, cap: int) -> FetchError:
    return FetchError(
        f"Response from {response.url} is larger than INGEST_MAX_BYTES ({cap} bytes).",
        permanent=True,
    )


# Decoders yield their output in pieces of about this size, so a compression bomb is stopped
# at the cap plus one piece: httpx's own decoders expand a whole network chunk at once, and
# 64 KiB of brotli can hold gigabytes.
DECODE_STEP = 64 * 1024
GZIP_MAGIC = b"\x1f\x8b"


class _Identity:
    def decode(self, data: bytes) -> Iterator[bytes]:
        yield data

    def finished(self) -> bool:
        return True


class _Zlib:
    """gzip, or zlib-wrapped deflate."""

    def __init__(self, wbits: int) -> None:
        self._wbits = wbits
        self._inflater = zlib.decompressobj(wbits)
        self._pending = b""
        self._trailer = False

    def decode(self, data: bytes) -> Iterator[bytes]:
        data, self._pending = self._pending + data, b""
        while data and not self._trailer:
            if self._inflater.eof:
                # Concatenated gzip members are one body (RFC 1952); other trailing bytes,
                # which some servers send, are ignored as browsers do.
                if len(data) < len(GZIP_MAGIC):
                    self._pending = data
                    return
                self._trailer = not data.startswith(GZIP_MAGIC)
                if self._trailer:
                    return
                self._inflater = zlib.decompressobj(self._wbits)
            yield self._inflater.decompress(data, DECODE_STEP)
            data = self._inflater.unconsumed_tail or self._inflater.unused_data

    def finished(self) -> bool:
        return self._inflater.eof or self._trailer


class _Brotli:
    def __init__(self) -> None:
        self._decompressor = brotli.Decompressor()

    def decode(self, data: bytes) -> Iterator[bytes]:
        piece = self._decompressor.process(data, output_buffer_limit=DECODE_STEP)
        # Output held back by the limit comes out with empty input, a piece at a time.
        while piece:
            yield piece
            piece = self._decompressor.process(b"", output_buffer_limit=DECODE_STEP)

    def finished(self) -> bool:
        return self._decompressor.is_finished()


def _decoder(response: httpx.Response) -> _Identity | _Zlib | _Brotli:
    encoding = response.headers.get("content-encoding", "identity").strip().lower()
    decoders = {
        "identity": _Identity,
        "gzip": lambda: _Zlib(16 + zlib.MAX_WBITS),
        "x-gzip": lambda: _Zlib(16 + zlib.MAX_WBITS),
        "deflate": lambda: _Zlib(zlib.MAX_WBITS),
        "br": _Brotli,
    }
    if encoding not in decoders:
        raise FetchError(
            f"Unsupported Content-Encoding {encoding!r} from {response.url}.", permanent=True
        )
    return decoders[encoding]()
