"""AWS Health Dashboard JSON: `health.aws.amazon.com/public/currentevents` and its kin.

currentevents is a JSON array, UTF-16 with a BOM (UTF-8, or no BOM, accepted too); each event has an
`arn` (sometimes null), epoch seconds as strings or numbers, status codes as strings or
integers, and an `event_log` of posts. historyevents.json (an object of service -> events)
has the same events. The legacy `status.aws.amazon.com/data.json` (`{archive, current}`,
posts as HTML <div>s stamped in Pacific time, dated only when crossing midnight) too.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import Any
from urllib.parse import quote
from zoneinfo import ZoneInfo

from .base import ParsedImpact, ParsedIncident, ParsedUpdate, ParseError, Parser
from .common import from_epoch, json_field, load_json

WHAT = "AWS Health events"
STATUS_URL = "https://health.aws.amazon.com/health/status"
# AWS status codes: 0 resolved/normal, 1 informational, 2 degraded, 3 disruption.
CODE_IMPACTS = {0: "", 1: "minor", 2: "minor", 3: "major"}
_RESOLVED = re.compile(r"\[RESOLVED\]\s*", re.IGNORECASE)
_REGION = re.compile(r"-(?P<region>[a-z]{2}(?:-gov|-iso[a-z]?)?-[a-z]+-\d+)$")


class AwsHealthParser(Parser):
    kind = "aws-health"
    label = "AWS Health currentevents JSON"
    default_time_zone = "America/Los_Angeles"

    def parse(self, payload: bytes) -> list[ParsedIncident]:
        data = load_json(_to_utf8(payload), WHAT)
        if isinstance(data, dict) and {"archive", "current"} & data.keys():
            return _parse_legacy(data)
        return [_incident(event, index) for index, event in enumerate(_events(data))]


def _to_utf8(payload: bytes) -> bytes:
    """Re-encode a UTF-16 (or UTF-32) body as UTF-8 for the JSON decoder."""
    # JSON's own detection: a BOM, or the NUL pattern of "[" or "{" in UTF-16/32.
    encoding = json.detect_encoding(payload)
    if encoding.startswith("utf-8"):
        return payload
    try:
        return payload.decode(encoding).encode("utf-8")
    except UnicodeDecodeError as exc:
        raise ParseError(f"{WHAT}: broken {encoding.upper()} text (byte {exc.start})") from exc


def _events(data: Any) -> list[Any]:
    if isinstance(data, list):
        return data
    # historyevents.json: {"ec2-us-east-1": [event, ...], ...}
    if isinstance(data, dict) and all(isinstance(value, list) for value in data.values()):
        return [event for events in data.values() for event in events]
    raise ParseError(f"{WHAT}: expected a list of events (currentevents), got something else")


def _incident(event: Any, index: int) -> ParsedIncident:
    if not isinstance(event, dict):
        raise ParseError(f"{WHAT}: event #{index} is not an object")
    where = f"{WHAT}: event #{index}"
    arn = json_field(event, "arn", str, where, required=False) or ""
    service = json_field(event, "service", str, where, required=False) or ""
    date = _epoch(event.get("date"), f"{where} 'date'")
    updates = _updates(json_field(event, "event_log", list, where, required=False) or [], where)
    status = _code(event.get("status"), f"{where} 'status'")
    end = event.get("end_time")
    ended_at = _epoch(end, f"{where} 'end_time'") if end not in (None, "", 0, "0") else None
    summary = json_field(event, "summary", str, where, required=False) or ""
    if ended_at is None and (status == 0 or _RESOLVED.search(summary)):
        ended_at = updates[-1].posted_at if updates else date
    return ParsedIncident(
        # Without an arn, service plus posting time is what AWS's own pages key on.
        external_id=arn or _fallback_id(service, event.get("date"), where),
        title=_RESOLVED.sub("", summary).strip() or service,
        started_at=min([date, *(update.posted_at for update in updates)]),
        ended_at=ended_at,
        status="resolved" if ended_at else "investigating",
        impact=_impact(event, status, where),
        # surrogatepass: a broken arn ("\ud800") still makes a URL; the ingestion edge then
        # refuses the event by name instead of the parser failing every event of the feed.
        url=f"{STATUS_URL}?eventID={quote(arn, safe='', errors='surrogatepass')}"
        if arn
        else STATUS_URL,
        regions=_regions(event, service),
        products=_products(event, where),
        updates=tuple(updates),
    )


def _fallback_id(service: str, date: Any, where: str) -> str:
    if not service:
        raise ParseError(f"{where}: no 'arn' and no 'service' to identify the event by")
    return f"{service}_{date}"


def _updates(log: list, where: str) -> list[ParsedUpdate]:
    updates = []
    for index, entry in enumerate(log):
        here = f"{where}, event_log #{index}"
        if not isinstance(entry, dict):
            raise ParseError(f"{here}: expected an object")
        code = _code(entry.get("status"), f"{here} 'status'")
        summary = json_field(entry, "summary", str, here, required=False) or ""
        resolved = code == 0 or bool(_RESOLVED.search(summary))
        updates.append(
            ParsedUpdate(
                posted_at=_epoch(entry.get("timestamp"), f"{here} 'timestamp'"),
                body=json_field(entry, "message", str, here, required=False) or "",
                status="resolved" if resolved else "investigating",
            )
        )
    return sorted(updates, key=lambda update: update.posted_at)


def _impact(event: dict, status: int | None, where: str) -> str:
    codes = [status or 0]
    codes += [_code(entry.get("status"), where) or 0 for entry in event.get("event_log") or []]
    for name, service in _impacted(event, where).items():
        codes.append(_code(service.get("max"), f"{where} impacted service {name!r}") or 0)
    # A posted event is at least informational, even when every code has gone back to 0.
    return CODE_IMPACTS[max(codes)] or "minor"


def _impacted(event: dict, where: str) -> dict[str, dict]:
    services = json_field(event, "impacted_services", dict, where, required=False) or {}
    if not all(isinstance(value, dict) for value in services.values()):
        raise ParseError(f"{where}: 'impacted_services' values should be objects")
    return services


def _regions(event: dict, service: str) -> tuple[str, ...]:
    keys = [service, *(event.get("impacted_services") or {})]
    regions = {match["region"]: None for key in keys if (match := _REGION.search(key))}
    return tuple(regions)


def _products(event: dict, where: str) -> tuple[ParsedImpact, ...]:
    impacted = _impacted(event, where)
    if not impacted:
        name = event.get("service_name") or event.get("service")
        return (ParsedImpact(product=name),) if isinstance(name, str) and name else ()
    return tuple(
        ParsedImpact(
            product=json_field(service, "service_name", str, where, required=False) or key,
            impact=CODE_IMPACTS[_code(service.get("max"), where) or 0],
        )
        for key, service in impacted.items()
    )


def _code(value: Any, where: str) -> int | None:
    """Read an AWS status code given as 3 or "3"; None when absent."""
    if value is None or value == "":
        return None
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise ParseError(f"{where}: status code should be 0-3, got {value!r}")
    try:
        code = int(value)
    except ValueError:
        code = -1
    if code not in CODE_IMPACTS:
        raise ParseError(f"{where}: status code should be 0-3, got {value!r}")
    return code


def _epoch(value: Any, where: str) -> dt.datetime:
    """Read epoch seconds given as a number or a string; milliseconds are told by size."""
    if isinstance(value, bool) or not isinstance(value, int | float | str) or value == "":
        raise ParseError(f"{where}: expected epoch seconds, got {value!r}")
    try:
        number = float(value)
    except ValueError:
        raise ParseError(f"{where}: expected epoch seconds, got {value!r}") from None
    # One implementation reports milliseconds for status changes; no real date in
    # seconds reaches 1e12 (year 33658).
    return from_epoch(number, millis=number > 1e12)


# Legacy status.aws.amazon.com/data.json

LEGACY_URL = "https://status.aws.amazon.com/"
_POST = re.compile(
    r"<div>\s*<span[^>]*>\s*(?:(?P<day>[A-Z][a-z]{2} \d{1,2}),\s*)?"
    r"(?P<time>\d{1,2}:\d\d\s*[AP]M)\s*(?P<zone>P[SD]T)?\s*</span>(?P<body>.*?)</div>",
    re.DOTALL,
)
_ZONES = {"PST": dt.timezone(dt.timedelta(hours=-8)), "PDT": dt.timezone(dt.timedelta(hours=-7))}
_PACIFIC = ZoneInfo("America/Los_Angeles")
_REGION_NAME = re.compile(r"\s*\([^)]*\)\s*$")


def _parse_legacy(data: dict) -> list[ParsedIncident]:
    """Parse legacy data.json: `archive` and `current` lists of per-service events."""
    incidents = []
    for part in ("archive", "current"):
        events = data.get(part) or []
        if not isinstance(events, list):
            raise ParseError(f"AWS data.json: {part!r} should be a list")
        incidents += [
            _legacy_incident(event, f"AWS data.json {part} #{i}") for i, event in enumerate(events)
        ]
    return incidents


def _legacy_incident(event: Any, where: str) -> ParsedIncident:
    if not isinstance(event, dict):
        raise ParseError(f"{where}: expected an object")
    service = json_field(event, "service", str, where)
    date = _epoch(event.get("date"), f"{where} 'date'")
    summary = json_field(event, "summary", str, where, required=False) or ""
    code = _code(event.get("status"), f"{where} 'status'")
    # In `current`, status 0 means resolved; in `archive`, [RESOLVED] in the summary does.
    resolved = bool(_RESOLVED.search(summary)) or code == 0
    description = json_field(event, "description", str, where, required=False) or ""
    posts = _legacy_posts(description, date) or [(date, description)]
    name = json_field(event, "service_name", str, where, required=False) or service
    region = _REGION.search(service)
    return ParsedIncident(
        # AWS re-keys an event now and then: the same service and first post come back with
        # another `date`. The first post is what stays.
        external_id=f"{service}_{posts[0][0]:%Y-%m-%dT%H:%MZ}",
        aliases=(f"{service}_{event['date']}",),  # the id before the first post was the key
        title=_RESOLVED.sub("", summary).strip() or name,
        started_at=min(date, posts[0][0]),
        ended_at=posts[-1][0] if resolved else None,
        status="resolved" if resolved else "investigating",
        impact=CODE_IMPACTS[code or 0] or "minor",
        url=LEGACY_URL,
        regions=(region["region"],) if region else (),
        products=(ParsedImpact(product=_REGION_NAME.sub("", name)),),
        updates=tuple(
            ParsedUpdate(
                posted_at=posted_at,
                body=body,
                status="resolved" if resolved and index == len(posts) - 1 else "investigating",
            )
            for index, (posted_at, body) in enumerate(posts)
        ),
    )


def _legacy_posts(description: str, date: dt.datetime) -> list[tuple[dt.datetime, str]]:
    """Date each "<div><span>6:06 PM PDT</span>text</div>" post, starting from the event's day."""
    day = date.astimezone(_PACIFIC).date()
    posts: list[tuple[dt.datetime, str]] = []
    for match in _POST.finditer(description):
        if match["day"]:
            day = _legacy_day(match["day"], day)
        clock = _legacy_clock(match["time"])
        zone = _ZONES.get(match["zone"] or "", _PACIFIC)
        posted_at = dt.datetime.combine(day, clock, tzinfo=zone).astimezone(dt.UTC)
        # Posts are dated only when crossing midnight; a clock going back means it did.
        if posts and posted_at < posts[-1][0]:
            day += dt.timedelta(days=1)
            posted_at += dt.timedelta(days=1)
        body = re.sub(r"^(\s|&nbsp;)+", "", match["body"])
        posts.append((posted_at, body))
    return posts


def _legacy_clock(text: str) -> dt.time:
    """Read a post's "6:06 PM" clock, or raise ParseError for one like "77:40 PM"."""
    try:
        return dt.datetime.strptime(re.sub(r"\s+", " ", text), "%I:%M %p").time()
    except ValueError:
        raise ParseError(f"AWS data.json: bad post time {text!r}") from None


def _legacy_day(text: str, previous: dt.date) -> dt.date:
    """Turn "Dec 22" into the first such date not long before `previous` (across New Year)."""
    for year in (previous.year, previous.year + 1):
        try:
            parsed = dt.datetime.strptime(f"{text} {year}", "%b %d %Y").date()
        except ValueError:
            continue
        if (previous - parsed).days <= 180:
            return parsed
    raise ParseError(f"AWS data.json: bad post date {text!r}")
