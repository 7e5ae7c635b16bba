"""The ISSRE 2022 post-mortem collection (IntelligentDDS/Post-mortems-Analysis): JSON per provider.

Each file maps a key (`aws-1`, `azure-20190808-1`, `google-GCE-#15055`) to a structured
post-mortem: title, link (a list), time (month/day/year, a day only), summary, details,
service_name (a list; `service name` in a few), duration in minutes, and the study's labels
(root cause, detection, mitigation, propagation), which stay in the raw copy.
"""

from __future__ import annotations

import datetime as dt
import json
import re

from ..parsers import ParsedIncident
from .base import DatasetCitation, DatasetFormat, DatasetRecord, RowError, SkippedRow
from .cleaning import checked_link, parse_date, repair_mojibake, year_mismatch

PROVIDERS = {"aws": "AWS", "azure": "Azure", "google": "Google Cloud"}
# Azure's summaries give the window in UTC: "Between 14:05 and 19:00 UTC on 08 Aug 2019".
_AZURE_WINDOW = re.compile(
    r"[Bb]etween (\d{1,2}:\d{2})(?: UTC)?(?: on (\d{1,2} \w+ \d{4}))? and (\d{1,2}:\d{2}) UTC"
    r" on (\d{1,2} \w+ \d{4})"
)


class Issre22(DatasetFormat):
    name = "issre22"
    citation = DatasetCitation(
        url="https://github.com/IntelligentDDS/Post-mortems-Analysis",
        title="Li et al., Going through the Life Cycle of Faults in Clouds: Guidelines on Fault"
        " Handling (ISSRE 2022), structured post-mortem collection",
        publisher="IntelligentDDS/Post-mortems-Analysis",
        published_on=dt.date(2022, 10, 31),
    )

    def read(self, data: bytes, filename: str) -> list[DatasetRecord | SkippedRow]:
        try:
            entries = json.loads(data.decode("utf-8-sig"))
        except (UnicodeDecodeError, ValueError) as exc:
            return [SkippedRow(filename, f"not JSON: {exc}")]
        if not isinstance(entries, dict):
            return [SkippedRow(filename, "expected an object of post-mortems by key")]
        rows: list[DatasetRecord | SkippedRow] = []
        for key, entry in entries.items():
            location = f"{filename}: {key}"
            try:
                rows.append(self._record(str(key), entry, location, filename))
            except RowError as exc:
                rows.append(SkippedRow(location, str(exc)))
        return rows

    def _record(self, key: str, entry: object, location: str, filename: str) -> DatasetRecord:
        if not isinstance(entry, dict):
            raise RowError("not an object")
        notes: list[str] = []
        title, summary = (_text(entry, name, notes) for name in ("title", "summary"))
        if not title:
            raise RowError("no title")
        day = parse_date(str(entry.get("time") or ""))
        started, ended = _window(day, summary, entry.get("duration"), notes)
        note = year_mismatch(day, title, summary)
        if note:
            notes.append(note)
        link, link_note = _first_link(entry.get("link"))
        notes.extend([link_note] if link_note else [])
        incident = ParsedIncident(
            external_id=key,
            title=title,
            started_at=started,
            ended_at=ended,
            status="postmortem",
            impact="major",
            url=link,
            summary=summary,
        )
        raw = json.dumps({key: entry}, ensure_ascii=False, sort_keys=True)
        return DatasetRecord(_provider(key, filename), incident, location, raw, notes)


def _provider(key: str, filename: str) -> str:
    # Most keys read "azure-20190808-1"; some lose the hyphen ("azure20180613-1") or the
    # provider ("gcd-17002", under Google/): then the folder says.
    prefix = next((p for p in PROVIDERS if key.lower().startswith(p)), None)
    folder = filename.replace("\\", "/").split("/")[0].lower()
    prefix = prefix or (folder if folder in PROVIDERS else None)
    if prefix is None:
        raise RowError(f"neither key {key!r} nor folder names a provider (aws, azure, google)")
    return PROVIDERS[prefix]


def _text(entry: dict, name: str, notes: list[str]) -> str:
    value = entry.get(name)
    text = value.strip() if isinstance(value, str) else ""
    text, repaired = repair_mojibake(text)
    if repaired:
        notes.append(f"{name}: mojibake repaired (UTF-8 read as cp1252)")
    return text


def _window(
    day: dt.datetime, summary: str, duration: object, notes: list[str]
) -> tuple[dt.datetime, dt.datetime | None]:
    """Return the start and end: Azure's own UTC window, else the day and the duration."""
    found = _AZURE_WINDOW.search(summary)
    if found:
        try:
            start = _at(found.group(2) or found.group(4), found.group(1))
            end = _at(found.group(4), found.group(3))
        except ValueError:
            found = None
        else:
            return start, end if end >= start else None
    notes.append("time of day not given: starts at 00:00 UTC of the dataset's date")
    if isinstance(duration, int) and duration >= 0:
        return day, day + dt.timedelta(minutes=duration)
    notes.append("no duration: end left empty")
    return day, None


def _at(day: str, clock: str) -> dt.datetime:
    for pattern in ("%d %b %Y %H:%M", "%d %B %Y %H:%M"):
        try:
            return dt.datetime.strptime(f"{day} {clock}", pattern).replace(tzinfo=dt.UTC)
        except ValueError:
            continue
    raise ValueError(day)


def _first_link(links: object) -> tuple[str, str]:
    items = links if isinstance(links, list) else [links] if isinstance(links, str) else []
    notes = []
    for item in items:
        url, note = checked_link(str(item))
        if url:
            return url, ""
        notes.append(note)
    return "", "; ".join(notes) or "no link"
