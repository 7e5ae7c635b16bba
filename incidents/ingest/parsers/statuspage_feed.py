"""Parse Atlassian Statuspage history.atom and history.rss: one entry per incident, its update
trail as HTML (newest first) with times that carry no year."""

from __future__ import annotations

import datetime as dt
import re
from typing import NamedTuple
from xml.etree.ElementTree import Element

from .base import ParsedIncident, ParsedUpdate, ParseError, Parser
from .common import (
    child_text,
    html_to_text,
    looks_like_html,
    parse_iso,
    parse_rfc822,
    parse_xml,
    rss_items,
    to_utc,
)

ATOM = "{http://www.w3.org/2005/Atom}"
LABELS = {
    "investigating": "investigating",
    "identified": "identified",
    "monitoring": "monitoring",
    "update": "",  # a body added without a status change
    "resolved": "resolved",
    "postmortem": "postmortem",
    "scheduled": "identified",
    "in progress": "identified",
    "verifying": "monitoring",
    "completed": "resolved",
}
# Not calendar.month_abbr: that follows the process locale.
_MONTH_NAMES = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
MONTHS = {month: number for number, month in enumerate(_MONTH_NAMES, 1)}
# Statuspage prints the page's zone as an abbreviation; these are the ones pages use. CST,
# IST and AST are ambiguous and take their usual Statuspage meaning (US, India, Atlantic).
ZONES = {
    "UTC": 0, "GMT": 0, "Z": 0, "WET": 0, "WEST": 1, "BST": 1, "CET": 1, "CEST": 2, "EET": 2,
    "EEST": 3, "MSK": 3, "IST": 5.5, "ICT": 7, "WIB": 7, "SGT": 8, "HKT": 8, "AWST": 8,
    "KST": 9, "JST": 9, "ACST": 9.5, "AEST": 10, "AEDT": 11, "NZST": 12, "NZDT": 13,
    "HST": -10, "AKST": -9, "AKDT": -8, "PST": -8, "PDT": -7, "MST": -7, "MDT": -6,
    "CST": -6, "CDT": -5, "EST": -5, "EDT": -4, "AST": -4, "ADT": -3, "BRT": -3,
}  # fmt: skip
_VAR = r"<var data-var=['\"]{}['\"]>\s*(?P<{}>[^<]*?)\s*</var>"
_WHEN = (
    r"(?P<month>[A-Za-z]{3,9})\.?\s*" + _VAR.format("date", "day") + r"\s*,?\s*"
    r"(?:" + _VAR.format("year", "year") + r"\s*,?\s*)?" + _VAR.format("time", "time")
)
_HEADER = re.compile(
    r"(?:<p>\s*)?<small>\s*" + _WHEN + r"\s*(?P<zone>[A-Za-z][A-Za-z0-9+:-]*)?\s*</small>\s*"
    r"(?:<br\s*/?>\s*)?<strong>\s*(?P<label>[^<]*?)\s*</strong>\s*(?:-|&ndash;|\u2013)?\s*",
    re.I,
)
_SCHEDULED = re.compile(
    r"THIS IS A SCHEDULED EVENT\s*" + _WHEN + r".*?(?P<zone>[A-Za-z]{1,5})\s*</strong>", re.I | re.S
)
_MAINTENANCE = re.compile(
    r"</small>\s*(?:<br\s*/?>\s*)?<strong>\s*"
    r"(?:Scheduled|In progress|Verifying|Completed)\s*</strong>",
    re.I,
)
_STATUS_LINE = re.compile(r"^\s*status:\s*([a-z ]+?)\s*$", re.I | re.M)
_CODE = re.compile(r"/incidents/([A-Za-z0-9]+)/?(?:[?#].*)?$")


class Entry(NamedTuple):
    title: str
    link: str
    content: str
    reference: dt.datetime  # when the feed says the entry was published (else updated)
    updated: dt.datetime  # when the feed says the entry last changed


class StatuspageFeedParser(Parser):
    kind = "statuspage-feed"
    label = "Statuspage history.atom / history.rss"

    def parse(self, payload: bytes) -> list[ParsedIncident]:
        if looks_like_html(payload[:1024].decode("utf-8", "replace")):
            raise ParseError("Statuspage feed: got an HTML page, not history.atom or history.rss")
        root = parse_xml(payload)
        if root.tag == f"{ATOM}feed":
            entries = [_atom_entry(entry) for entry in root.findall(f"{ATOM}entry")]
        elif root.tag == "rss":
            entries = [_rss_entry(item) for item in rss_items(root, "Statuspage history.rss")]
        else:
            raise ParseError(
                f"Statuspage feed: expected history.atom (<feed>) or history.rss (<rss>),"
                f" got <{root.tag}>"
            )
        return [parse_entry(entry) for entry in entries]


def _atom_entry(entry: Element) -> Entry:
    title = child_text(entry, f"{ATOM}title")
    updated = child_text(entry, f"{ATOM}updated")
    published = child_text(entry, f"{ATOM}published") or updated
    if not published:
        raise ParseError(
            f"Statuspage history.atom: entry {title!r} has no <published> or <updated>"
        )
    # incident.io's history.atom puts the trail in <summary>.
    content = _text(entry, f"{ATOM}content") or _text(entry, f"{ATOM}summary")
    reference = parse_iso(published)
    return Entry(title, _atom_link(entry), content, reference, parse_iso(updated or published))


def _atom_link(entry: Element) -> str:
    for link in entry.findall(f"{ATOM}link"):
        if link.get("rel", "alternate") == "alternate" and link.get("href"):
            return link.get("href", "").strip()
    return ""


def _rss_entry(item: Element) -> Entry:
    title = child_text(item, "title")
    stamp = child_text(item, "pubDate")
    if not stamp:
        raise ParseError(f"Statuspage history.rss: item {title!r} has no <pubDate>")
    link = child_text(item, "link") or child_text(item, "guid")
    published = parse_rfc822(stamp)
    return Entry(title, link, _text(item, "description"), published, published)


def _text(element: Element, tag: str) -> str:
    child = element.find(tag)
    return "".join(child.itertext()).strip() if child is not None else ""


def parse_entry(entry: Entry) -> ParsedIncident:
    """Turn one history feed entry into an incident with its update trail."""
    match = _CODE.search(entry.link)
    if not match:
        raise ParseError(
            f"Statuspage feed: entry {entry.title!r} links to {entry.link!r},"
            " not to .../incidents/<code>; is this a Statuspage history feed?"
        )
    where = f"Statuspage feed entry {match.group(1)}"
    headers = list(_HEADER.finditer(entry.content))
    updates = _updates(entry, headers, where) if headers else (_undated_update(entry),)
    started_at = updates[0].posted_at if headers else entry.reference
    scheduled = _SCHEDULED.search(entry.content)
    if scheduled:
        started_at = _when(scheduled, entry.reference, where)
    status = next((update.status for update in reversed(updates) if update.status), "")
    return ParsedIncident(
        external_id=match.group(1),
        title=entry.title or f"Untitled incident {match.group(1)}",
        started_at=started_at,
        ended_at=_ended_at(updates, status),
        status=status or "investigating",
        impact="maintenance" if scheduled or _MAINTENANCE.search(entry.content) else "major",
        url=entry.link,
        updates=updates,
    )


def _undated_update(entry: Entry) -> ParsedUpdate:
    # No dated trail (incident.io writes "<b>Status: Resolved</b>" and the latest text only):
    # keep the text as one update at the entry's last change.
    match = _STATUS_LINE.search(html_to_text(entry.content))
    status = LABELS.get(match.group(1).lower(), "") if match else ""
    return ParsedUpdate(posted_at=entry.updated, body=entry.content, status=status)


def _updates(entry: Entry, headers: list[re.Match], where: str) -> tuple[ParsedUpdate, ...]:
    updates = []
    for index, header in enumerate(headers):
        end = headers[index + 1].start() if index + 1 < len(headers) else len(entry.content)
        label = header.group("label").lower()
        updates.append(
            ParsedUpdate(
                posted_at=_when(header, entry.reference, where),
                body=_strip_paragraph_ends(entry.content[header.end() : end]),
                status=LABELS.get(label, ""),
            )
        )
    # The trail lists updates newest first, to the minute: for a Resolved and a Monitoring
    # posted in one minute, that order is the only record of which came last. Oldest first
    # in the feed's own order, then a stable sort, so equal times keep it.
    if updates[0].posted_at >= updates[-1].posted_at:
        updates.reverse()
    return tuple(sorted(updates, key=lambda update: update.posted_at))


def _strip_paragraph_ends(body: str) -> str:
    # A loop, not a regex: "(\s*</?p>\s*)+$" backtracks badly on long runs of whitespace.
    body = body.strip()
    while body.lower().endswith(("<p>", "</p>")):
        body = body[: body.rindex("<")].rstrip()
    return body


def _ended_at(updates: tuple[ParsedUpdate, ...], status: str) -> dt.datetime | None:
    if status not in ("resolved", "postmortem"):
        return None
    resolved = [update.posted_at for update in updates if update.status == "resolved"]
    return resolved[-1] if resolved else updates[-1].posted_at


def _when(match: re.Match, reference: dt.datetime, where: str) -> dt.datetime:
    zone = _zone(match.group("zone") or "UTC", where)
    month = MONTHS.get(match.group("month")[:3].title())
    try:
        day = int(match.group("day"))
        hour, minute = (int(part) for part in match.group("time").split(":"))
    except ValueError as exc:
        raise ParseError(f"{where}: bad date or time in {match.group(0)!r}") from exc
    if month is None:
        raise ParseError(f"{where}: unknown month {match.group('month')!r}")
    years = [int(match.group("year"))] if match.group("year") else _years_around(reference)
    candidates = []
    for year in years:
        try:
            candidates.append(to_utc(dt.datetime(year, month, day, hour, minute, tzinfo=zone)))
        except ValueError:
            continue  # Feb 29 in a common year, a bad day, or a year past 9999
    if not candidates:
        raise ParseError(f"{where}: no valid date for {match.group(0)!r}")
    # The trail carries no year: the one that puts the time nearest the entry's date is right,
    # across New Year too (a Dec 31 update in an entry published on Jan 1).
    return min(candidates, key=lambda when: abs(when - reference))


def _years_around(reference: dt.datetime) -> list[int]:
    return [reference.year - 1, reference.year, reference.year + 1]


def _zone(name: str, where: str) -> dt.tzinfo:
    hours = ZONES.get(name.upper())
    if hours is None:
        raise ParseError(
            f"{where}: unknown time zone abbreviation {name!r}; poll this page's"
            " api/v2/incidents.json with kind 'statuspage' instead"
        )
    return dt.timezone(dt.timedelta(hours=hours))
