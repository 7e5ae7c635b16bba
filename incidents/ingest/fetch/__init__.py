"""The single HTTP seam: every request ingestion makes goes through fetch() here.

This module is the client; the guarded, pooled transport is in transport.py, the SSRF guard
in guard.py, the capped decoders in decoders.py, and FetchError in errors.py.

Safety rules: only http/https; an SSRF guard that checks every address a host resolves to
and connects to exactly the address it checked; timeouts and a total deadline; a size cap on
the decoded body; manual redirects, each target checked again; conditional GET; keep-alive
sockets reused across the fetches of one process, each request checking its socket's
address again.
"""

import hashlib
import io
import time
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from importlib import metadata

import brotli
import httpx
from django.conf import settings

from . import decoders, guard, transport
from .errors import FetchError

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

try:
    VERSION = metadata.version("cloud-outage-tracker")
except metadata.PackageNotFoundError:  # running from a checkout that was never installed
    VERSION = "dev"


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
    # The process's keep-alive client: sources sharing a host skip the TCP and TLS handshakes.
    client = transport.pooled_client()
    with transport.deadline(deadline):
        for _hop in range(MAX_REDIRECTS + 1):
            guard.check_target(url)
            with _translated_errors(url), _get(client, url, headers, deadline) as response:
                location = _redirect_location(response)
                if location is None:
                    return _result(response, deadline, etag, last_modified)
            url = location
    raise FetchError(f"Too many redirects (more than {MAX_REDIRECTS}).", permanent=True)


def post(url: str, body: bytes, headers: dict[str, str], *, timeout: float = TOTAL_TIMEOUT) -> int:
    """POST body to url under the same SSRF guard and deadline as fetch(); return the status.

    Redirects are not followed (a receiver moved is told by its 3xx, never chased), and the
    answer's body is read only up to POST_MAX_BYTES, then dropped. Any status but 2xx raises.
    """
    deadline = time.monotonic() + timeout
    guard.check_target(url)
    all_headers = {"User-Agent": user_agent(), **headers}
    # A fresh client: webhook receivers rarely share a host, and a POST leaves nothing to reuse.
    with (
        transport.deadline(deadline),
        httpx.Client(transport=transport.GuardedTransport(), trust_env=False) as client,
        _translated_errors(url),
        _post(client, url, body, all_headers, deadline) as response,
    ):
        _drain(response, deadline)
        status = response.status_code
    if 200 <= status < 300:
        return status
    if status in REDIRECT_STATUSES:
        raise FetchError(
            f"HTTP {status} from {url}: redirects are not followed for POSTs.",
            permanent=True,
            status=status,
        )
    raise FetchError(
        f"HTTP {status} from {url}.",
        permanent=400 <= status < 500 and status not in (408, 425, 429),
        status=status,
    )


def check_url(url: str) -> None:
    """Raise FetchError saying why fetch() would refuse url; return quietly if it would not."""
    parsed = guard.check_target(url)
    if not settings.INGEST_ALLOW_PRIVATE_NETWORKS:
        # A resolution failure raises FetchError(permanent=False): the name may come back.
        guard.checked_addresses(parsed.raw_host.decode("ascii"))


def user_agent() -> str:
    """Return the User-Agent that fetch() sends."""
    url = settings.PROJECT_URL
    return f"cloud-outage-tracker/{VERSION}" + (f" (+{url})" if url else "")


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
def _post(
    client: httpx.Client, url: str, body: bytes, headers: dict[str, str], deadline: float
) -> Iterator[httpx.Response]:
    remaining = deadline - time.monotonic()
    timeout = httpx.Timeout(min(READ_TIMEOUT, remaining), connect=min(CONNECT_TIMEOUT, remaining))
    request = client.build_request("POST", url, content=body, headers=headers, timeout=timeout)
    response = client.send(request, stream=True)
    try:
        yield response
    finally:
        response.close()


# What a webhook receiver may answer; nobody reads it, so more is only a cost.
POST_MAX_BYTES = 64 * 1024


def _drain(response: httpx.Response, deadline: float) -> None:
    received = 0
    for chunk in response.iter_raw():
        received += len(chunk)
        if received > POST_MAX_BYTES or time.monotonic() > deadline:
            return


@contextmanager
def _translated_errors(url: str) -> Iterator[None]:
    try:
        yield
    except httpx.TimeoutException as exc:
        limit = " (total deadline)" if transport.DEADLINE_PASSED in str(exc) else ""
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
    decoder = decoders.decoder(response)
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
