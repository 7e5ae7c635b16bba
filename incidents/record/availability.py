"""Availability of a provider, product or region from the sourced incident windows.

Not probes: the figures say how much of the time the record shows the page down, over the
time the record was watching it. The method below is published on the page and in the API.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import Min, Q, QuerySet
from django.utils import timezone, translation
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from incidents.models import ExternalRef, Impact, ReportedTime, Snapshot, Source

DAY = dt.timedelta(days=1)
FULL = (Impact.CRITICAL, Impact.MAJOR)
PARTIAL_WEIGHT = 0.25  # a minute of minor (degraded) impact costs a quarter of a minute down
VARIANTS = ("mid", "low", "high")  # headline window, shortest sourced window, longest

# Lazy: the status page says them in the reader's language; the API document in English.
METHOD = {
    "basis": _(
        "Computed from the incident windows that vendors and the record report, not from "
        "probes: a figure is only as complete as the record."
    ),
    "down": _("Critical and major impact count as down for their whole window."),
    "degraded": format_lazy(
        _("Minor impact counts as degraded at weight {weight}."), weight=PARTIAL_WEIGHT
    ),
    "excluded": _("Maintenance and impact 'none' do not count against availability."),
    "overlap": _(
        "Overlapping incidents are not added up: at any moment the worst impact counts, once."
    ),
    "windows": _(
        "Each incident counts from its start to its end (an ongoing one up to now). Where "
        "sources disagree on a start or an end, the figure is a range from the shortest "
        "sourced window to the longest."
    ),
    "coverage": _(
        "Only time the record covers counts: while a source of the provider was polling "
        "successfully, and whole days the record reports an incident on. A day with neither "
        "is 'no data', never 100%."
    ),
    "days": _("Days are UTC calendar days."),
}
METHOD_LABELS = {
    "basis": _("Basis"),
    "down": _("Down"),
    "degraded": _("Degraded"),
    "excluded": _("Excluded"),
    "overlap": _("Overlap"),
    "windows": _("Windows"),
    "coverage": _("Coverage"),
    "days": _("Days"),
}


def method_in(language: str) -> dict[str, str]:
    """Return the method's statements in `language` (the API's documents use English)."""
    with translation.override(language):
        return {key: str(text) for key, text in METHOD.items()}


@dataclass
class Day:
    """One UTC day: seconds lost per variant and seconds the record covers."""

    date: dt.date
    lost: dict[str, float] = field(default_factory=lambda: dict.fromkeys(VARIANTS, 0.0))
    covered: float = 0.0
    reported: bool = False  # the record reports an incident on this day


@dataclass
class Figure:
    """An availability over some days: a value and its range, or no data."""

    value: float | None
    low: float | None
    high: float | None
    coverage: float  # covered share of the period, 0..1

    def as_dict(self) -> dict:
        return {
            "availability": _round(self.value),
            "low": _round(self.low),
            "high": _round(self.high),
            "coverage": round(self.coverage, 4),
            "no_data": self.value is None,
        }


def _round(value: float | None) -> float | None:
    return None if value is None else round(value * 100, 3)


# --- Incident windows per day ---------------------------------------------------------------


def windowed(incidents: QuerySet, start: dt.datetime, end: dt.datetime) -> QuerySet:
    """Narrow `incidents` to those whose window touches [start, end)."""
    return incidents.filter(started_at__lt=end).filter(
        Q(ended_at__gte=start) | Q(ended_at__isnull=True)
    )


def daily(
    incidents: QuerySet, start: dt.date, days: int, now: dt.datetime | None = None
) -> list[Day]:
    """Return `days` UTC days from `start`: seconds lost per variant, and the record's coverage."""
    now = now or timezone.now()
    begin = dt.datetime.combine(start, dt.time(), tzinfo=dt.UTC)
    end = begin + days * DAY
    rows = windowed(incidents, begin, end)
    if connection.vendor == "postgresql":
        lost = lost_by_day_sql(rows, begin, end, now)
    else:
        lost = lost_by_day_python(rows, begin, end, now)
    result = [Day(start + n * DAY) for n in range(days)]
    for day in result:
        if day.date in lost:
            day.lost, day.reported = lost[day.date], True
    return result


def _windows(row: tuple, now: dt.datetime) -> dict[str, tuple[dt.datetime, dt.datetime]]:
    """Return an incident's headline, shortest and longest windows from its reported times."""
    _, started, ended, s_min, s_max, e_min, e_max = row
    ended = ended or now
    e_min, e_max = (e_min, e_max) if row[2] else (ended, ended)
    low_start = max(started, s_max or started)
    return {
        "mid": (started, ended),
        "low": (low_start, max(low_start, min(ended, e_min or ended))),
        "high": (min(started, s_min or started), max(ended, e_max or ended)),
    }


def lost_by_day_python(
    rows: QuerySet, begin: dt.datetime, end: dt.datetime, now: dt.datetime
) -> dict[dt.date, dict[str, float]]:
    """Aggregate in Python (SQLite has no ranges); the same rules as lost_by_day_sql."""
    reported = _reported_times(rows)
    spans: dict[tuple[dt.date, str, bool], list] = defaultdict(list)
    touched: set[dt.date] = set()
    for row in rows.values_list("id", "started_at", "ended_at", "impact"):
        times = reported.get(row[0], (None, None, None, None))
        windows = _windows((row[3], row[1], row[2], *times), now)
        for date, day_start in _days(*windows["high"], begin, end):
            touched.add(date)
            for variant, (s, e) in windows.items():
                s, e = max(s, day_start), min(e, day_start + DAY)
                if e > s and row[3] in (*FULL, Impact.MINOR):
                    spans[(date, variant, row[3] in FULL)].append((s, e))
    return {date: _lost(spans, date) for date in touched}


def _reported_times(rows: QuerySet) -> dict[int, tuple]:
    result: dict[int, list] = defaultdict(lambda: [None, None, None, None])
    times = ReportedTime.objects.filter(incident__in=rows.values("id"))
    for incident_id, name, value in times.values_list("incident_id", "field", "value"):
        slot = result[incident_id]
        low, high = (0, 1) if name == "started_at" else (2, 3)
        slot[low] = value if slot[low] is None else min(slot[low], value)
        slot[high] = value if slot[high] is None else max(slot[high], value)
    return {key: tuple(value) for key, value in result.items()}


def _days(start: dt.datetime, end: dt.datetime, begin: dt.datetime, stop: dt.datetime):
    """Yield the UTC days a window touches inside [begin, stop); an instant touches its day."""
    day = dt.datetime.combine(start.astimezone(dt.UTC).date(), dt.time(), tzinfo=dt.UTC)
    last = max(end, start + dt.timedelta(microseconds=1))
    while day < min(last, stop):
        if day >= begin:
            yield day.date(), day
        day += DAY


def _lost(spans: dict, date: dt.date) -> dict[str, float]:
    lost = {}
    for variant in VARIANTS:
        full = _union(spans.get((date, variant, True), []))
        partial = _union(spans.get((date, variant, False), []))
        degraded = _length(partial) - _overlap(partial, full)
        lost[variant] = _length(full) + PARTIAL_WEIGHT * degraded
    return lost


def _union(spans: list) -> list:
    merged: list = []
    for s, e in sorted(spans):
        if merged and s <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], e))
        else:
            merged.append((s, e))
    return merged


def _length(spans: list) -> float:
    return sum((e - s).total_seconds() for s, e in spans)


def _overlap(a: list, b: list) -> float:
    return sum(
        max(0.0, (min(e1, e2) - max(s1, s2)).total_seconds()) for s1, e1 in a for s2, e2 in b
    )


# PostgreSQL: clip each window to its days, union per day with range_agg, measure the union.
# The statement reads only the rows of `rows` (incidents inside the window).
_SQL = """
WITH rows AS (
  SELECT i.impact, i.started_at AS s0, COALESCE(i.ended_at, %(now)s) AS e0,
         i.ended_at IS NULL AS open, rt.s_min, rt.s_max, rt.e_min, rt.e_max
  FROM incidents_incident i
  LEFT JOIN LATERAL (
    SELECT MIN(value) FILTER (WHERE field = 'started_at') AS s_min,
           MAX(value) FILTER (WHERE field = 'started_at') AS s_max,
           MIN(value) FILTER (WHERE field = 'ended_at') AS e_min,
           MAX(value) FILTER (WHERE field = 'ended_at') AS e_max
    FROM incidents_reportedtime r WHERE r.incident_id = i.id
  ) rt ON TRUE
  WHERE i.id IN ({ids})
), windows AS (
  SELECT impact, mid, low, hi FROM (
    SELECT impact, tstzrange(s0, e0) AS mid, tstzrange(ls, GREATEST(ls, le)) AS low,
           tstzrange(LEAST(s0, COALESCE(s_min, s0)), GREATEST(e0, he), '[]') AS hi
    FROM (
      SELECT *, GREATEST(s0, COALESCE(s_max, s0)) AS ls,
             CASE WHEN open THEN e0 ELSE LEAST(e0, COALESCE(e_min, e0)) END AS le,
             CASE WHEN open THEN e0 ELSE COALESCE(e_max, e0) END AS he
      FROM rows
    ) r
  ) w
), per_day AS (
  SELECT d, {aggregates}
  FROM windows w
  CROSS JOIN LATERAL generate_series(
    date_trunc('day', GREATEST(lower(w.hi), %(begin)s), 'UTC'), upper(w.hi), interval '1 day') AS d
  CROSS JOIN LATERAL (SELECT tstzrange(d, d + interval '1 day') AS day) x
  WHERE d < %(end)s AND (d < upper(w.hi) OR d = date_trunc('day', lower(w.hi), 'UTC'))
  GROUP BY d
)
SELECT d, {measures} FROM per_day ORDER BY d
"""
_EMPTY = "'{}'::tstzmultirange"


def _seconds(expression: str) -> str:
    # Only this module's column names go in; every value is a query parameter.
    measure = "(SELECT COALESCE(SUM(EXTRACT(EPOCH FROM upper(x) - lower(x))), 0) FROM unnest"
    return f"{measure}({expression}) x)"


def _statement(ids_sql: str) -> str:
    aggregates, measures = [], []
    for variant, column in (("mid", "mid"), ("low", "low"), ("high", "hi")):
        for kind, impacts in (("full", "'critical', 'major'"), ("part", "'minor'")):
            aggregates.append(
                f"COALESCE(range_agg({column} * day) FILTER (WHERE impact IN ({impacts})"
                f" AND NOT isempty({column} * day)), {_EMPTY}) AS {variant}_{kind}"
            )
        full, part = f"{variant}_full", f"{variant}_part"
        measures.append(f"{_seconds(full)} + {PARTIAL_WEIGHT} * {_seconds(f'{part} - {full}')}")
    return _SQL.format(ids=ids_sql, aggregates=", ".join(aggregates), measures=", ".join(measures))


def lost_by_day_sql(
    rows: QuerySet, begin: dt.datetime, end: dt.datetime, now: dt.datetime
) -> dict[dt.date, dict[str, float]]:
    """Aggregate in PostgreSQL: seconds lost per UTC day for each variant."""
    ids_sql, ids_params = rows.values("id").query.sql_with_params()
    names = {"now": now, "begin": begin, "end": end}
    sql, params = _positional(_statement(ids_sql), names, list(ids_params))
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return {
            day.astimezone(dt.UTC).date(): dict(zip(VARIANTS, map(float, values), strict=True))
            for day, *values in cursor.fetchall()
        }


def _positional(sql: str, names: dict, ids_params: list) -> tuple[str, list]:
    """Turn %(name)s and the id subquery's %s into one positional parameter list, in order."""
    params: list = []
    out = []
    i = 0
    ids_iter = iter(ids_params)
    while i < len(sql):
        if sql.startswith("%(", i):
            close = sql.index(")s", i)
            params.append(names[sql[i + 2 : close]])
            out.append("%s")
            i = close + 2
        elif sql.startswith("%s", i):
            params.append(next(ids_iter))
            out.append("%s")
            i += 2
        else:
            out.append(sql[i])
            i += 1
    return "".join(out), params


# --- Coverage -------------------------------------------------------------------------------


def watched_spans(provider_ids: list[int], now: dt.datetime) -> list[tuple]:
    """Return when each of the providers' sources was polling successfully, as (start, end)."""
    spans = []
    sources = Source.objects.filter(provider_id__in=provider_ids, last_success_at__isnull=False)
    for source in sources:
        first = [
            Snapshot.objects.filter(source=source).aggregate(t=Min("fetched_at"))["t"],
            ExternalRef.objects.filter(source=source).aggregate(t=Min("first_seen_at"))["t"],
        ]
        known = [t for t in first if t is not None]
        if not known:
            continue
        grace = dt.timedelta(seconds=2 * source.poll_interval)
        last_success = source.last_success_at or now  # never None: filtered above
        spans.append((min(known), min(now, last_success + grace)))
    return _union(spans)


def cover(days: list[Day], spans: list[tuple], now: dt.datetime) -> list[Day]:
    """Set each day's covered seconds: whole days the record reports on, else watched time."""
    for day in days:
        begin = dt.datetime.combine(day.date, dt.time(), tzinfo=dt.UTC)
        end = min(begin + DAY, max(begin, now))
        if day.reported:
            day.covered = (end - begin).total_seconds()
            continue
        day.covered = _overlap([(begin, end)], spans) if end > begin else 0.0
    return days


# --- Figures --------------------------------------------------------------------------------


def figure(days: list[Day]) -> Figure:
    """Return the availability over `days`: 1 - lost / covered, with its range, or no data."""
    covered = sum(d.covered for d in days)
    total = sum((DAY.total_seconds() for _ in days), 0.0)
    if covered <= 0:
        return Figure(None, None, None, 0.0)

    def share(variant: str) -> float:
        lost = sum(min(d.lost[variant], d.covered) for d in days)
        return max(0.0, 1 - lost / covered)

    return Figure(share("mid"), share("high"), share("low"), covered / total if total else 0.0)


@dataclass
class Report:
    strip: list[tuple[Day, Figure]]
    months: list[tuple[str, Figure]]
    years: list[tuple[str, Figure]]


def report(
    incidents: QuerySet, provider_ids: list[int], now: dt.datetime | None = None, strip: int = 90
) -> Report:
    """Return the strip of `strip` days, the last 12 months and the last 5 years."""
    now = now or timezone.now()
    today = now.astimezone(dt.UTC).date()
    first = dt.date(today.year - 4, 1, 1)
    spans = watched_spans(provider_ids, now)
    days = cover(daily(incidents, first, (today - first).days + 1, now), spans, now)
    by_date = {d.date: d for d in days}
    recent = [by_date[today - n * DAY] for n in range(strip - 1, -1, -1)]
    return Report(
        strip=[(d, figure([d])) for d in recent],
        months=_grouped(days, lambda d: f"{d.date:%Y-%m}")[-12:],
        years=_grouped(days, lambda d: f"{d.date:%Y}"),
    )


def strip_only(
    incidents: QuerySet, provider_ids: list[int], now: dt.datetime | None = None, strip: int = 90
) -> list[tuple[Day, Figure]]:
    """Return the last `strip` days alone: the bounded query the strip and badges need."""
    now = now or timezone.now()
    today = now.astimezone(dt.UTC).date()
    days = daily(incidents, today - (strip - 1) * DAY, strip, now)
    days = cover(days, watched_spans(provider_ids, now), now)
    return [(d, figure([d])) for d in days]


def _grouped(days: list[Day], key) -> list[tuple[str, Figure]]:
    groups: dict[str, list[Day]] = {}
    for day in days:
        groups.setdefault(key(day), []).append(day)
    return [(name, figure(members)) for name, members in groups.items()]


def document(incidents: QuerySet, provider_ids: list[int], now: dt.datetime | None = None) -> dict:
    """Return the availability document: the method, the 90-day strip, months and years."""
    result = report(incidents, provider_ids, now)
    return {
        "method": method_in("en"),
        "strip": [{"date": d.date.isoformat(), **f.as_dict()} for d, f in result.strip],
        "months": [{"month": name, **f.as_dict()} for name, f in result.months],
        "years": [{"year": name, **f.as_dict()} for name, f in result.years],
    }
