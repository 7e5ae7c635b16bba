"""The tracker's own NDJSON export (docs/record.schema.json), so two trackers trade records."""

from __future__ import annotations

import datetime as dt
import json

from ..parsers import ParsedImpact, ParsedIncident, ParsedUpdate
from .base import DatasetCitation, DatasetFormat, DatasetRecord, RowError, SkippedRow
from .cleaning import checked_link

STATUSES = {"investigating", "identified", "monitoring", "resolved", "postmortem"}
IMPACTS = {"none", "minor", "major", "critical", "maintenance"}


class Ndjson(DatasetFormat):
    name = "ndjson"
    # The command's --dataset-url names where the other tracker publishes its export.
    citation = DatasetCitation(url="", title="Outage tracker NDJSON export")

    def read(self, data: bytes, filename: str) -> list[DatasetRecord | SkippedRow]:
        rows: list[DatasetRecord | SkippedRow] = []
        for number, line in enumerate(data.splitlines(), start=1):
            if not line.strip():
                continue
            location = f"{filename} line {number}"
            try:
                rows.append(_record(line, location))
            except RowError as exc:
                rows.append(SkippedRow(location, str(exc)))
        return rows


def _record(line: bytes, location: str) -> DatasetRecord:
    try:
        record = json.loads(line)
    except ValueError as exc:
        raise RowError(f"not JSON: {exc}") from None
    if not isinstance(record, dict):
        raise RowError("not a JSON object")
    for key in ("id", "title", "provider", "started_at"):
        if not record.get(key):
            raise RowError(f"no {key}")
    notes: list[str] = []
    refs = [r for r in record.get("refs") or [] if isinstance(r, dict)]
    url, note = checked_link(next((r.get("url", "") for r in refs if r.get("url")), ""))
    notes.extend([note] if note else [])
    started_at = _time(record["started_at"], "started_at")
    if started_at is None:
        raise RowError("started_at is empty")
    incident = ParsedIncident(
        external_id=str(record["id"]),
        title=str(record["title"]),
        started_at=started_at,
        ended_at=_time(record.get("ended_at"), "ended_at"),
        status=_choice(record.get("status"), STATUSES, "resolved", notes),
        impact=_choice(record.get("impact"), IMPACTS, "major", notes),
        url=url,
        summary=str(record.get("summary") or ""),
        language=str(record.get("language") or "en"),
        regions=tuple(str(r) for r in record.get("regions") or []),
        products=tuple(_impact(p) for p in record.get("products") or [] if isinstance(p, dict)),
        updates=tuple(_update(u) for u in record.get("updates") or [] if isinstance(u, dict)),
    )
    citations = tuple(
        DatasetCitation(
            url=c["url"],
            title=str(c.get("title") or c["url"])[:500],
            publisher=str(c.get("publisher") or "")[:200],
            published_on=_day(c.get("published_on")),
        )
        for c in record.get("citations") or []
        if isinstance(c, dict) and checked_link(str(c.get("url") or ""))[0]
    )
    raw = line.decode("utf-8", errors="replace")
    return DatasetRecord(str(record["provider"]), incident, location, raw, notes, citations)


def _time(value: object, name: str) -> dt.datetime | None:
    if value in (None, ""):
        return None
    try:
        when = dt.datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError:
        raise RowError(f"{name} {value!r} is not an ISO 8601 time") from None
    if when.tzinfo is None:
        raise RowError(f"{name} {value!r} has no UTC offset")
    return when.astimezone(dt.UTC)


def _day(value: object) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(value)) if value else None
    except ValueError:
        return None


def _choice(value: object, allowed: set[str], default: str, notes: list[str]) -> str:
    if value in allowed:
        return str(value)
    notes.append(f"{value!r} is not a known value: {default} assumed")
    return default


def _impact(product: dict) -> ParsedImpact:
    impact = product.get("impact")
    return ParsedImpact(
        product=str(product.get("name") or product.get("slug") or "unnamed"),
        impact=impact if impact in IMPACTS else "",
        started_at=_time(product.get("started_at"), "product started_at"),
        ended_at=_time(product.get("ended_at"), "product ended_at"),
    )


def _update(update: dict) -> ParsedUpdate:
    posted = _time(update.get("posted_at"), "update posted_at")
    if posted is None:
        raise RowError("an update has no posted_at")
    status = update.get("status")
    return ParsedUpdate(
        posted_at=posted,
        body=str(update.get("body") or ""),
        status=status if status in STATUSES else "",
    )
