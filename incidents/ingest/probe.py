"""Detect a status page's format by probing its known endpoints through the fetch seam.

Each candidate is fetched with fetch() (so the SSRF guard, size cap and deadline apply) and
parsed by its kind's parser: the first payload a parser accepts names the kind. A page that
answers 404 or HTML on an endpoint simply is not that kind; every attempt is kept, so an
editor told "nothing found" also sees what each endpoint answered.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from urllib.parse import urljoin

from .fetch import FetchError, fetch
from .parsers import ParseError, get_parser

# (kind, path probed, path polled instead when it parses too). Statuspage's summary.json lists
# only unresolved incidents: polled, it would never show one end, so incidents.json is polled.
# Cachet 3 sends an incident's updates only when asked to include them.
CANDIDATES: tuple[tuple[str, str, str], ...] = (
    ("statuspage", "api/v2/summary.json", "api/v2/incidents.json"),
    ("betterstack", "index.json", ""),
    ("instatus", "summary.json", ""),
    ("cachet2", "api/v1/incidents", ""),
    ("cachet3", "api/incidents", "api/incidents?include=updates"),
    ("statuspage-feed", "history.atom", ""),
    ("feed", "feed.atom", ""),
    ("feed", "feed.rss", ""),
)
FETCH_TIMEOUT = 5.0
# A web request waits for the probe: bound the whole of it, not only each fetch.
PROBE_TIMEOUT = 25.0


@dataclass(frozen=True)
class Attempt:
    kind: str
    url: str
    outcome: str  # "ok: N incident(s)" or why this endpoint is not that kind


@dataclass
class ProbeResult:
    kind: str = ""
    url: str = ""
    incidents: int = 0
    attempts: list[Attempt] = field(default_factory=list)

    @property
    def found(self) -> bool:
        return bool(self.kind)

    def explain(self) -> str:
        """Say, one endpoint a line, what each probe answered."""
        return "\n".join(f"{a.kind} at {a.url}: {a.outcome}" for a in self.attempts)


def probe(
    page_url: str, hints: tuple[tuple[str, str], ...] = (), timeout: float = PROBE_TIMEOUT
) -> ProbeResult:
    """Find the kind and URL to poll for `page_url`; `hints` are (kind, URL) tried first."""
    deadline = time.monotonic() + timeout
    result = ProbeResult()
    base = page_url if page_url.endswith("/") else page_url + "/"
    candidates = [(kind, url, "") for kind, url in hints]
    candidates += [(kind, urljoin(base, path), poll) for kind, path, poll in CANDIDATES]
    for kind, url, poll_path in candidates:
        left = deadline - time.monotonic()
        if left <= 0:
            result.attempts.append(Attempt(kind, url, "not tried: the probe ran out of time"))
            continue
        count = _try(kind, url, min(FETCH_TIMEOUT, left), result)
        if count is None:
            continue
        result.kind, result.url, result.incidents = kind, url, count
        if poll_path:
            _prefer(kind, urljoin(base, poll_path), deadline, result)
        return result
    return result


def _try(kind: str, url: str, timeout: float, result: ProbeResult) -> int | None:
    try:
        fetched = fetch(url, timeout=timeout)
        if not fetched.body:
            raise FetchError(f"empty body with HTTP {fetched.status}")
        count = len(get_parser(kind).parse(fetched.body))
    except (FetchError, ParseError) as exc:
        result.attempts.append(Attempt(kind, url, str(exc)))
        return None
    result.attempts.append(Attempt(kind, url, f"ok: {count} incident(s)"))
    return count


def _prefer(kind: str, url: str, deadline: float, result: ProbeResult) -> None:
    left = deadline - time.monotonic()
    if left > 0 and (count := _try(kind, url, min(FETCH_TIMEOUT, left), result)) is not None:
        result.url, result.incidents = url, count
