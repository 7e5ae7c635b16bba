"""A VOID (Verica Open Incident Database) CSV export: one row per public incident report.

Columns as exported: ID, Primary source, voidId, Title, Date of incident, Date of writeup,
Impact category (several, comma-separated in one cell), Name (from Organization). Dates are
month/day/year; titles carry mojibake (UTF-8 read as cp1252) as published.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

from ..parsers import ParsedIncident
from .base import DatasetCitation, DatasetFormat, DatasetRecord, RowError, SkippedRow
from .cleaning import (
    checked_link,
    parse_date,
    repair_mojibake,
    split_cell,
    year_mismatch,
)

# The VOID's impact categories, most severe first, to the tracker's impact.
IMPACTS = {
    "full production outage": "critical",
    "partial production outage": "major",
    "cascading failure": "major",
    "data loss": "major",
    "security": "major",
    "degraded service/performance": "minor",
    "increased errors": "minor",
    "increased latency": "minor",
    "non-production outage": "minor",
}
_ORDER = ["critical", "major", "minor"]


class Void(DatasetFormat):
    name = "void"
    citation = DatasetCitation(
        url="https://www.thevoid.community/",
        title="The VOID: Verica Open Incident Database",
        publisher="The VOID",
    )

    def read(self, data: bytes, filename: str) -> list[DatasetRecord | SkippedRow]:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = data.decode("cp1252", errors="replace")
        reader = csv.DictReader(io.StringIO(text, newline=""))
        missing = {"Title", "Date of incident", "Name (from Organization)"} - set(
            reader.fieldnames or []
        )
        if missing:
            return [SkippedRow(filename, f"not a VOID export: no {', '.join(sorted(missing))}")]
        rows: list[DatasetRecord | SkippedRow] = []
        for number, row in enumerate(reader, start=2):
            location = f"{filename} line {number}"
            try:
                rows.append(self._record(row, location))
            except RowError as exc:
                rows.append(SkippedRow(location, str(exc)))
        return rows

    def _record(self, row: dict[str, str | None], location: str) -> DatasetRecord:
        notes: list[str] = []
        cell = {key: (value or "").strip() for key, value in row.items() if key}
        title, repaired = repair_mojibake(cell.get("Title", ""))
        if repaired:
            notes.append("title: mojibake repaired (UTF-8 read as cp1252)")
        if not title:
            raise RowError("empty Title")
        external_id = cell.get("voidId") or cell.get("ID")
        if not external_id:
            raise RowError("no voidId or ID")
        organizations = split_cell(cell.get("Name (from Organization)"))
        if not organizations:
            raise RowError("empty Name (from Organization)")
        if len(organizations) > 1:
            notes.append(f"several organisations {organizations}: filed under the first")
        started = parse_date(cell.get("Date of incident", ""))
        notes.extend(_writeup_notes(cell.get("Date of writeup", ""), started))
        note = year_mismatch(started, title)
        notes.extend([note] if note else [])
        link, link_note = checked_link(cell.get("Primary source", ""))
        notes.extend([link_note] if link_note else [])
        categories = split_cell(cell.get("Impact category"), ",;")
        impact = _impact(categories, notes)
        incident = ParsedIncident(
            external_id=external_id,
            title=title,
            started_at=started,
            status="postmortem",
            impact=impact,
            url=link,
        )
        raw = json.dumps(row, ensure_ascii=False)
        return DatasetRecord(organizations[0], incident, location, raw, notes)


def _writeup_notes(value: str, started: dt.datetime) -> list[str]:
    if not value:
        return ["no write-up date"]
    try:
        written = parse_date(value)
    except RowError as exc:
        return [f"write-up date ignored: {exc}"]
    if written < started:
        return [f"write-up dated {written:%Y-%m-%d}, before the incident: check the dates"]
    return []


def _impact(categories: list[str], notes: list[str]) -> str:
    known = [IMPACTS[c.lower()] for c in categories if c.lower() in IMPACTS]
    unknown = [c for c in categories if c.lower() not in IMPACTS]
    if unknown:
        notes.append(f"impact categories not mapped: {', '.join(unknown)}")
    if not categories:
        notes.append("no impact category: major assumed")
    return min(known, key=_ORDER.index) if known else "major"
