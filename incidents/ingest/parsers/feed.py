"""Parse any RSS 0.9x/1.0/2.0 or Atom feed (via feedparser), one item per incident: the
fallback for status pages without a dedicated parser (incident.io feed.atom, Slack /feed/rss...)."""

from __future__ import annotations

import calendar
import datetime as dt
import io
import re
import time
from typing import Any

import feedparser
from defusedxml import DefusedXmlException

from .base import ParsedIncident, ParsedUpdate, ParseError, Parser
from .common import html_to_text, looks_like_html, parse_xml

STATUSES = ("investigating", "identified", "monitoring", "resolved", "postmortem")
_RESOLVED_TITLE = re.compile(r"\bresolved\b", re.I)
# incident.io writes "<b>Status: Resolved</b>"; other pages "Status: Monitoring" in plain text.
_STATUS_LINE = re.compile(r"^\s*status:\s*([a-z]+)", re.I | re.M)
_DECLARATION = re.compile(rb"<!\s*(?:DOCTYPE|ENTITY)", re.I)
_EXTRA_SLASHES = re.compile(r"(?<!:)/{2,}")


class FeedParser(Parser):
    kind = "feed"
    label = "Any RSS or Atom feed"

    def parse(self, payload: bytes) -> list[ParsedIncident]:
        _refuse_unsafe(payload)
        try:
            # A stream, not bytes or str: feedparser treats a string as a URL or a file path.
            feed = feedparser.parse(
                io.BytesIO(payload), sanitize_html=False, resolve_relative_uris=False
            )
        except Exception as exc:  # feedparser lets some decoding errors out of its sniffing
            raise ParseError(f"feed: unreadable ({exc.__class__.__name__}: {exc})") from exc
        if not feed.get("version"):
            reason = f" ({feed.bozo_exception})" if feed.bozo else ""
            raise ParseError(f"feed: not an RSS or Atom feed{reason}; check the source URL")
        fallback = _date(feed.feed, "updated_parsed")
        if not feed.bozo:
            return [parse_entry(entry, fallback) for entry in feed.entries]
        return _salvage(feed, fallback)


def _salvage(feed: Any, fallback: dt.datetime | None) -> list[ParsedIncident]:
    # feedparser recovered a malformed feed: keep the items it could read in full.
    incidents = []
    for entry in feed.entries:
        try:
            incidents.append(parse_entry(entry, fallback))
        except ParseError:
            continue
    if not incidents:
        raise ParseError(f"feed: malformed and nothing usable ({feed.bozo_exception})")
    return incidents


def _refuse_unsafe(payload: bytes) -> None:
    if looks_like_html(payload[:1024].decode("utf-8", "replace")):
        raise ParseError("feed: got an HTML page, not RSS or Atom; check the source URL")
    try:
        parse_xml(payload)  # refuses DTDs, entity expansion and external entities
    except ParseError as exc:
        if isinstance(exc.__cause__, DefusedXmlException):
            raise
        # Not well-formed: feedparser may still recover it, unless it declares entities.
        if _DECLARATION.search(payload):
            raise ParseError("feed: refused unsafe XML: DTD or entity declaration") from exc


def parse_entry(entry: dict, fallback: dt.datetime | None = None) -> ParsedIncident:
    """Turn one feed item into an incident with that item as its only update."""
    title = _title(entry)
    external_id = _tidy(entry.get("id") or entry.get("link") or "")
    if not external_id:
        raise ParseError(f"feed: item {title!r} has neither a guid/id nor a link to track it by")
    published = _date(entry, "published_parsed") or _date(entry, "updated_parsed")
    updated = _date(entry, "updated_parsed") or published
    if published is None or updated is None:
        if fallback is None:
            raise ParseError(f"feed: item {title!r} has no date (pubDate, published or updated)")
        published = updated = fallback
    body = _body(entry)
    status = _status(title, body)
    return ParsedIncident(
        external_id=external_id,
        title=title,
        started_at=published,
        ended_at=updated if status in ("resolved", "postmortem") else None,
        status=status,
        url=_url(entry.get("link") or ""),
        updates=(ParsedUpdate(posted_at=updated, body=body, status=status),),
    )


def _title(entry: dict) -> str:
    title = entry.get("title") or ""
    if entry.get("title_detail", {}).get("type") == "text/html":
        title = html_to_text(title).replace("\n", " ")
    return title.strip()


def _body(entry: dict) -> str:
    content = entry.get("content") or []
    return (content[0].get("value") if content else entry.get("summary") or "").strip()


def _status(title: str, body: str) -> str:
    match = _STATUS_LINE.search(html_to_text(body))
    if match and match.group(1).lower() in STATUSES:
        return match.group(1).lower()
    return "resolved" if _RESOLVED_TITLE.search(title) else "investigating"


def _date(item: dict, key: str) -> dt.datetime | None:
    # dict.get: feedparser's own get() swaps a missing updated for published, with a warning.
    value: time.struct_time | None = dict.get(item, key)
    # feedparser has already converted every date it understood to UTC.
    return dt.datetime.fromtimestamp(calendar.timegm(value), tz=dt.UTC) if value else None


def _url(link: str) -> str:
    # feedparser copies a non-URL id ("urn:uuid:...") into link when there is none.
    link = _tidy(link)
    return link if link.startswith(("https://", "http://")) else ""


def _tidy(value: str) -> str:
    # incident.io feeds link to "https://status.openai.com//incidents/<id>": keep the key stable
    # if they ever fix the double slash.
    return _EXTRA_SLASHES.sub("/", value.strip())
