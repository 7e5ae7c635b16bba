"""Google Cloud Service Health: `status.cloud.google.com/incidents.json` and `/en/feed.atom`.

incidents.json is a bare array of incidents (`end` missing or null while open) whose
`updates` come newest first. feed.atom has one entry per update, grouped here by the
incident id that its entry id (`...:feed:<incident>.<update>`) carries.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any
from xml.etree.ElementTree import Element

from .base import ParsedImpact, ParsedIncident, ParsedUpdate, ParseError, Parser
from .common import html_to_text, json_field, load_json, parse_feed_xml, parse_iso

BASE_URL = "https://status.cloud.google.com/"
IMPACTS = {
    "SERVICE_OUTAGE": "critical",
    "SERVICE_DISRUPTION": "major",
    "SERVICE_INFORMATION": "minor",
}
SEVERITIES = {"high": "critical", "medium": "major", "low": "minor"}
ATOM = "{http://www.w3.org/2005/Atom}"
# The Atom summary gives begin and end as Pacific wall-clock times, not offsets.
PACIFIC = "America/Los_Angeles"
_ENTRY_ID = re.compile(r":feed:(?P<incident>[\w-]+)\.(?P<update>[\w-]+)$")
_TITLE_PREFIX = re.compile(r"^(RESOLVED|UPDATE):\s*", re.IGNORECASE)
_LOCATION_ID = re.compile(r"\(([a-z0-9-]+)\)\s*$")
# "# Incident Report", "## \\# Mini Incident Report", "# Preliminary Incident Report"...
_REPORT = re.compile(r"^[#\s\\]*(?:preliminary |mini )?incident report\b", re.IGNORECASE)


class GcpParser(Parser):
    kind = "gcp"
    label = "Google Cloud incidents.json"

    def parse(self, payload: bytes) -> list[ParsedIncident]:
        if payload.lstrip()[:1] == b"<":
            return parse_atom(payload)
        return parse_json(payload)


# incidents.json


def parse_json(payload: bytes) -> list[ParsedIncident]:
    """Parse incidents.json (a bare array) into incidents."""
    data = load_json(payload, "Google Cloud incidents.json")
    if not isinstance(data, list):
        raise ParseError("Google Cloud incidents.json: expected a bare array of incidents")
    return [_incident(item, index) for index, item in enumerate(data)]


def _incident(item: Any, index: int) -> ParsedIncident:
    if not isinstance(item, dict):
        raise ParseError(f"Google Cloud incident #{index}: expected an object")
    incident_id = json_field(item, "id", str, f"Google Cloud incident #{index}").strip()
    where = f"Google Cloud incident {incident_id or index!r}"
    if not incident_id:
        raise ParseError(f"{where}: empty 'id'")
    end = json_field(item, "end", str, where, required=False)
    updates = _updates(json_field(item, "updates", list, where, required=False) or [], where)
    path = json_field(item, "uri", str, where, required=False) or f"incidents/{incident_id}"
    return ParsedIncident(
        external_id=incident_id,
        title=_title(item, where),
        started_at=_time(json_field(item, "begin", str, where), where),
        ended_at=_time(end, where) if end else None,
        status=_status(end, updates),
        impact=_impact(item, where),
        url=BASE_URL + path,
        regions=_regions(item, updates, where),
        products=_products(item, where),
        updates=tuple(update for update, _ in updates),
    )


def _title(item: dict, where: str) -> str:
    title = json_field(item, "external_desc", str, where, required=False) or ""
    title = title.strip() or (json_field(item, "service_name", str, where, False) or "").strip()
    if not title:
        raise ParseError(f"{where}: no 'external_desc' or 'service_name' to use as a title")
    return title


def _impact(item: dict, where: str) -> str:
    status_impact = json_field(item, "status_impact", str, where, required=False)
    severity = json_field(item, "severity", str, where, required=False)
    # status_impact is the documented field; severity is the older fallback.
    return IMPACTS.get(status_impact or "") or SEVERITIES.get((severity or "").lower(), "major")


def _updates(raw: list, where: str) -> list[tuple[ParsedUpdate, list]]:
    """Return (update, its affected locations) pairs, oldest first."""
    pairs = []
    for index, update in enumerate(raw):
        here = f"{where}, update #{index}"
        if not isinstance(update, dict):
            raise ParseError(f"{here}: expected an object")
        when = json_field(update, "when", str, here, required=False)
        status = json_field(update, "status", str, here, required=False) or ""
        body = json_field(update, "text", str, here, required=False) or ""
        parsed = ParsedUpdate(
            posted_at=_time(when or json_field(update, "created", str, here), here),
            body=body,
            status=_update_status(status, body),
            external_id=str(update.get("id") or ""),
        )
        locations = json_field(update, "affected_locations", list, here, required=False)
        pairs.append((parsed, locations or []))
    return sorted(pairs, key=lambda pair: pair[0].posted_at)


def _status(end: str | None, updates: list[tuple[ParsedUpdate, list]]) -> str:
    if not end:
        return "investigating"
    reported = any(update.status == "postmortem" for update, _ in updates)
    return "postmortem" if reported else "resolved"


def _update_status(status: str, body: str) -> str:
    # Google posts its (preliminary, mini) incident report as one more update.
    if _REPORT.match(body):
        return "postmortem"
    return "resolved" if status == "AVAILABLE" else "investigating"


def _time(value: str, where: str) -> dt.datetime:
    try:
        return parse_iso(value)
    except ParseError as exc:
        raise ParseError(f"{where}: {exc}") from None


def _regions(item: dict, updates: list[tuple[ParsedUpdate, list]], where: str) -> tuple[str, ...]:
    lists = [
        json_field(item, "currently_affected_locations", list, where, required=False) or [],
        json_field(item, "previously_affected_locations", list, where, required=False) or [],
        *(locations for _, locations in updates),
    ]
    regions: dict[str, None] = {}
    for locations in lists:
        for location in locations:
            if not isinstance(location, dict) or not isinstance(location.get("id"), str):
                raise ParseError(f"{where}: a location has no string 'id'")
            regions[location["id"].strip()] = None
    return tuple(region for region in regions if region)


def _products(item: dict, where: str) -> tuple[ParsedImpact, ...]:
    products = json_field(item, "affected_products", list, where, required=False) or []
    names: dict[str, None] = {}
    for product in products:
        if not isinstance(product, dict):
            raise ParseError(f"{where}: an affected product is not an object")
        # current_title is the product's name today when it has been renamed since.
        name = product.get("current_title") or product.get("title")
        if not isinstance(name, str) or not name.strip():
            raise ParseError(f"{where}: an affected product has no 'title'")
        names[name.strip()] = None
    service = item.get("service_name")
    if not names and isinstance(service, str) and service not in ("", "Multiple Products"):
        names[service] = None
    return tuple(ParsedImpact(product=name) for name in names)


# feed.atom


def parse_atom(payload: bytes) -> list[ParsedIncident]:
    """Parse feed.atom (one entry per update) into incidents, in the order the feed lists them."""
    root = parse_feed_xml(payload, "Google Cloud feed")
    if root.tag != f"{ATOM}feed":
        raise ParseError(f"Google Cloud feed: expected an Atom <feed>, got <{root.tag}>")
    groups: dict[str, list[tuple[ParsedUpdate, Element]]] = {}
    for entry in root.findall(f"{ATOM}entry"):
        incident_id, update = _atom_update(entry)
        groups.setdefault(incident_id, []).append((update, entry))
    return [_atom_incident(key, sorted(group, key=_posted)) for key, group in groups.items()]


def _posted(pair: tuple[ParsedUpdate, Element]) -> dt.datetime:
    return pair[0].posted_at


def _atom_update(entry: Element) -> tuple[str, ParsedUpdate]:
    entry_id = _text(entry, "id")
    match = _ENTRY_ID.search(entry_id)
    if not match:
        raise ParseError(f"Google Cloud feed: entry id {entry_id!r} is not <incident>.<update>")
    title = _text(entry, "title")
    update = ParsedUpdate(
        posted_at=_time(_text(entry, "updated"), f"Google Cloud feed entry {entry_id!r}"),
        body=_text(entry, "summary") or _text(entry, "content"),
        status="resolved" if title.upper().startswith("RESOLVED:") else "investigating",
        external_id=match["update"],
    )
    return match["incident"], update


def _atom_incident(incident_id: str, group: list[tuple[ParsedUpdate, Element]]) -> ParsedIncident:
    latest, entry = group[-1]
    facts = _summary_facts(html_to_text(latest.body))
    link = entry.find(f"{ATOM}link")
    url = link.get("href", "") if link is not None else ""
    return ParsedIncident(
        external_id=incident_id,
        title=_TITLE_PREFIX.sub("", _text(entry, "title")),
        started_at=facts.get("began") or group[0][0].posted_at,
        ended_at=facts.get("ended"),
        status="resolved" if facts.get("ended") or latest.status == "resolved" else "investigating",
        impact="major",  # the feed carries no impact level
        url=url or f"{BASE_URL}incidents/{incident_id}",
        regions=tuple(_location_id(name) for name in facts.get("locations", [])),
        products=tuple(ParsedImpact(product=name) for name in facts.get("products", [])),
        updates=tuple(update for update, _ in group),
    )


_BEGAN = re.compile(r"began at (\d{4}-\d\d-\d\d \d\d:\d\d)")
_ENDED = re.compile(r"ended at (\d{4}-\d\d-\d\d \d\d:\d\d)")
_LISTED = re.compile(r"^Affected (products|locations):\s*(.+)$", re.MULTILINE)


def _summary_facts(text: str) -> dict[str, Any]:
    facts: dict[str, Any] = {}
    for key, pattern in (("began", _BEGAN), ("ended", _ENDED)):
        if match := pattern.search(text):
            facts[key] = parse_iso(match[1], assume=PACIFIC)
    for match in _LISTED.finditer(text):
        facts[match[1]] = [name.strip() for name in match[2].split(",") if name.strip()]
    return facts


def _location_id(name: str) -> str:
    """Return `europe-west2` for "London (europe-west2)", `global` for "Global"."""
    match = _LOCATION_ID.search(name)
    return match[1] if match else name.lower().replace(" ", "-")


def _text(entry: Element, tag: str) -> str:
    child = entry.find(f"{ATOM}{tag}")
    return (child.text or "").strip() if child is not None else ""
