"""How long an incident lasted, without mixing sources.

Where sources disagree on a start or an end (ReportedTime rows), each source gives its own
window: its reported start (or the incident's start when no source disputes it) to its reported
end (likewise). The headline window is one source's: the editor's choice
(`Incident.duration_source`), else the first official source's, else the first source's; with
no disagreement it is the incident's own start and end. Where the windows differ in length the
range across them is kept beside the headline ("1 h 41 min to 3 h 27 min, depending on the
source"). Pages, feeds, the API and the export all read this module, so they say the same.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import QuerySet

from incidents.models import Incident, ReportedTime

START, END = ReportedTime.Field.STARTED_AT.value, ReportedTime.Field.ENDED_AT.value


@dataclass(frozen=True)
class Reported:
    """One source's value for a start or an end the sources disagree on."""

    field: str
    value: dt.datetime
    citation_id: int
    url: str
    official: bool
    note: str = ""


@dataclass(frozen=True)
class Window:
    """A start and an end that come from one source (`url` None: the incident's own)."""

    started_at: dt.datetime
    ended_at: dt.datetime
    citation_id: int | None = None
    url: str | None = None
    official: bool = False

    @property
    def duration(self) -> dt.timedelta:
        return self.ended_at - self.started_at

    @property
    def seconds(self) -> int:
        return int(self.duration.total_seconds())


@dataclass(frozen=True)
class Durations:
    """The headline window (None while the end is unknown) and the range across sources."""

    headline: Window | None
    spread: tuple[Window, Window] | None = None  # the shortest and the longest window

    @property
    def seconds(self) -> int | None:
        return self.headline.seconds if self.headline else None

    @property
    def disputed(self) -> bool:
        return self.spread is not None


def durations_of(
    started_at: dt.datetime,
    ended_at: dt.datetime | None,
    reported: Iterable[Reported],
    chosen_id: int | None = None,
) -> Durations:
    """Return the headline window and, where sources disagree on the length, the range."""
    windows = source_windows(started_at, ended_at, list(reported))
    if not windows:
        own = Window(started_at, ended_at) if ended_at else None
        return Durations(own)
    headline = _headline(windows, chosen_id)
    shortest = min(windows, key=lambda w: w.duration)
    longest = max(windows, key=lambda w: w.duration)
    if shortest.duration == longest.duration:
        return Durations(headline)
    return Durations(headline, (shortest, longest))


def source_windows(
    started_at: dt.datetime, ended_at: dt.datetime | None, reported: list[Reported]
) -> list[Window]:
    """Return each source's window, in the order its first value was reported."""
    disputed = {r.field for r in reported}
    by_source: dict[int, dict[str, Reported]] = {}
    for value in reported:
        by_source.setdefault(value.citation_id, {}).setdefault(value.field, value)
    windows = []
    for citation_id, values in by_source.items():
        start = values.get(START)
        end = values.get(END)
        # A bound no source disputes is the incident's own; a disputed one must be this
        # source's, or the window would mix two sources.
        start_at = start.value if start else (None if START in disputed else started_at)
        end_at = end.value if end else (None if END in disputed else ended_at)
        if start_at is None or end_at is None or end_at < start_at:
            continue
        first = next(iter(values.values()))
        windows.append(Window(start_at, end_at, citation_id, first.url, first.official))
    return windows


def _headline(windows: list[Window], chosen_id: int | None) -> Window:
    for window in windows:
        if window.citation_id == chosen_id:
            return window
    for window in windows:
        if window.official:
            return window
    return windows[0]


def reported_of(rows: Iterable[ReportedTime]) -> list[Reported]:
    """Turn ReportedTime rows (with their citation loaded) into Reported values."""
    return [
        Reported(r.field, r.value, r.citation_id, r.citation.url, r.citation.official, r.note)
        for r in rows
    ]


def incident_durations(incident: Incident) -> Durations:
    """Return an incident's durations, from `attach_durations` or its reported times."""
    # Kept on the instance as attach_tags() keeps its tags: computed once per page.
    cached = incident.__dict__.get("_durations")
    if cached is not None:
        return cached
    rows = incident.reported_times.all()
    if not _prefetched(incident, "reported_times"):
        rows = rows.select_related("citation")
    result = durations_of(
        incident.started_at, incident.ended_at, reported_of(rows), incident.duration_source_id
    )
    incident.__dict__["_durations"] = result
    return result


def attach_durations(incidents: list[Incident]) -> list[Incident]:
    """Compute every listed incident's durations with one query; return the incidents."""
    by_id = {incident.pk: incident for incident in incidents}
    reported: dict[int, list[Reported]] = {pk: [] for pk in by_id}
    for incident_id, value in reported_by_incident(
        ReportedTime.objects.filter(incident_id__in=by_id)
    ):
        reported[incident_id].append(value)
    for pk, incident in by_id.items():
        incident.__dict__["_durations"] = durations_of(
            incident.started_at, incident.ended_at, reported[pk], incident.duration_source_id
        )
    return incidents


def reported_by_incident(rows: QuerySet[ReportedTime]) -> Iterable[tuple[int, Reported]]:
    """Yield (incident id, Reported) in the record's order: by field, then value."""
    values = rows.order_by("incident_id", "field", "value", "id").values_list(
        "incident_id",
        "field",
        "value",
        "citation_id",
        "citation__url",
        "citation__official",
        "note",
    )
    for incident_id, field, value, citation_id, url, official, note in values:
        yield incident_id, Reported(field, value, citation_id, url, official, note)


def _prefetched(incident: Incident, name: str) -> bool:
    return name in getattr(incident, "_prefetched_objects_cache", {})
