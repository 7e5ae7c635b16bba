"""The public export record of one incident, and streaming NDJSON / CSV / JSON writers.

One builder serves the `export` command, the bulk download and the REST API (list and
detail): `iter_records()` streams a queryset's records, paging by primary key so memory stays
flat however many incidents there are (a fixed number of queries per chunk, never all rows at
once); `records_for()` builds the records of a page of incidents and `incident_record()` one.
Rows come from `values_list()` queries, never model instances.

The record is described key by key, with what each value means, in the JSON Schema
`docs/record.schema.json` (served at /api/v1/schema/record.json); `RECORD_KEYS` is its key
order. In short:

- `id`, `title` (original language), `provider` (slug), `status`, `impact`, `regions`
- `started_at`, `ended_at`, `updated_at`: ISO 8601 in UTC ending in "Z" (`ended_at` may be null)
- `duration_seconds`, `duration_window`, `duration_range`: the headline duration, the one
  source's window it comes from, and the range across sources where they disagree
  (incidents.record.durations)
- `products`: {slug, name, name_native, impact, started_at, ended_at, note}; a product's times
  are null when no source gives them (the incident's times are not the product's)
- `root_cause`, `links`
- `refs`: {source (the Source's name), external_id, url}; `url` is an http(s) address or ""
- `updates`: {posted_at, status, body, body_html}, oldest first; `body` is raw as the vendor
  sent it (HTML or text, never to be rendered as it is); `body_html` is the same text
  sanitised the way the pages show it (nh3: safe tags only, http(s) and mailto links)
- `citations`: {url, title, publisher, published_on, language, official, quote}, in the
  incident's order (official reports first)
- `time_zone`, `language`, `summary`, the translated titles, summaries and root causes
  (`root_cause_language` is the original's language), `postmortem_url`
- `reported`: each value where sources disagree: {field, value, measures, citation (its URL)}
- `confidence`: {field, level, citation, note} per marked value, as the incident page
  shows it (incidents.record.confidence)

The NDJSON, JSON and CSV writers are in incidents.record.formats.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
from collections.abc import Iterable, Iterator
from typing import Any

from django.conf import settings
from django.db.models import Prefetch, QuerySet

from incidents.models import (
    ExternalRef,
    Incident,
    IncidentCitation,
    IncidentLink,
    IncidentUpdate,
    ProductImpact,
    Region,
    ReportedTime,
)
from incidents.models.events import lag_in_days
from incidents.record.durations import Durations, Reported, durations_of, reported_by_incident
from incidents.record.sanitize import clean_html, http_url

from .confidence import confidence_by_incident

RECORD_KEYS = (
    "id",
    "title",
    "provider",
    "status",
    "impact",
    "started_at",
    "ended_at",
    "duration_seconds",
    "regions",
    "products",
    "root_cause",
    "refs",
    "updates",
    "links",
    "citations",
    "confidence",
    "updated_at",
    # Provenance: what the incident page shows beside the facts above.
    "time_zone",
    "language",
    "summary",
    *Incident.TRANSLATIONS,
    "postmortem_url",
    "reported",
    "duration_window",
    "duration_range",
)


@functools.cache
def record_schema() -> dict[str, Any]:
    """Return the JSON Schema of the record (docs/record.schema.json), read once."""
    return json.loads((settings.BASE_DIR / "docs" / "record.schema.json").read_text("utf-8"))


def public_incidents() -> QuerySet[Incident]:
    """Return published, unmerged incidents with what their pages need prefetched."""
    return (
        Incident.objects.published()
        .select_related("provider")
        .prefetch_related(
            Prefetch("regions", queryset=Region.objects.order_by("slug")),
            Prefetch("impacts", queryset=ProductImpact.objects.select_related("product")),
            Prefetch("refs", queryset=ExternalRef.objects.select_related("source")),
            "updates",
            Prefetch(
                "links",
                queryset=IncidentLink.objects.select_related(
                    "leadership_change", "corporate_event"
                ),
            ),
            Prefetch(
                "sourcing",
                queryset=IncidentCitation.objects.select_related("citation").order_by(
                    "position", "id"
                ),
            ),
        )
    )


def incident_record(incident: Incident) -> dict[str, Any]:
    """Return the public export record of one incident (see the module docstring)."""
    return records_of([incident])[0]


def records_of(incidents: list[Incident]) -> list[dict[str, Any]]:
    """Return the records of loaded incidents (their provider too), in their order."""
    if not incidents:
        return []
    rows = sorted((_row_of(incident) for incident in incidents), key=lambda row: row[0])
    by_id = dict(_chunk_records(rows))
    return [by_id[incident.pk] for incident in incidents]


def records_by_id(ids: Iterable[int]) -> Iterator[tuple[int, dict[str, Any]]]:
    """Yield (primary key, record) of every incident in `ids` that exists, in key order."""
    rows = Incident.objects.filter(pk__in=ids).order_by("pk").values_list(*_INCIDENT_COLUMNS)
    chunk = list(rows)
    if chunk:
        yield from _chunk_records(chunk)


def _row_of(incident: Incident) -> tuple:
    # The same columns, in the same order, as iter_records' values_list() rows.
    return tuple(
        incident.provider.slug if name == "provider__slug" else getattr(incident, name)
        for name in _INCIDENT_COLUMNS
    )


def iter_records(
    queryset: QuerySet[Incident] | None = None, chunk_size: int = 500
) -> Iterator[dict[str, Any]]:
    """Yield records in primary-key order, fetching `chunk_size` incidents at a time.

    Pass `public_incidents()` (filtered as needed); the default is all of it. Keyset
    pagination rather than a server-side cursor keeps each chunk bounded and works behind
    connection poolers.
    """
    queryset = public_incidents() if queryset is None else queryset
    rows = queryset.prefetch_related(None).order_by("pk").values_list(*_INCIDENT_COLUMNS)
    last_pk = None
    while True:
        page = rows if last_pk is None else rows.filter(pk__gt=last_pk)
        chunk = list(page[:chunk_size])
        if chunk:
            for _pk, record in _chunk_records(chunk):
                yield record
        if len(chunk) < chunk_size:
            return
        last_pk = chunk[-1][0]


_INCIDENT_COLUMNS = (
    "pk",
    "slug",
    "title",
    "provider__slug",
    "status",
    "impact",
    "started_at",
    "ended_at",
    "root_cause",
    "updated_at",
    "time_zone",
    "language",
    "summary",
    *Incident.TRANSLATIONS,
    "postmortem_url",
    "duration_source_id",
)
_TEXTS = len(Incident.TRANSLATIONS) + 3  # language, summary, translations, postmortem_url


def _chunk_records(chunk: list[tuple]) -> Iterator[tuple[int, dict[str, Any]]]:
    ids = [row[0] for row in chunk]
    starts = {row[0]: (row[6], row[7], row[10]) for row in chunk}
    regions = _group(
        Incident.regions.through.objects.filter(**_of_chunk(ids))
        .order_by("region__slug", "region_id")
        .values_list("incident_id", "region__slug")
    )
    products = _products(ids)
    refs = _refs(ids)
    updates = _updates(ids)
    links = _links(ids, starts)
    citations = _citations(ids)
    confidence = confidence_by_incident(_of_chunk(ids))
    reported = _group(reported_by_incident(ReportedTime.objects.filter(**_of_chunk(ids))))
    for row in chunk:
        pk, slug, title, provider, status, impact, started, ended, cause, updated, zone = row[:11]
        texts, chosen = row[11 : 11 + _TEXTS], row[-1]
        values = reported.get(pk) or []
        record = {
            "id": slug,
            "title": title,
            "provider": provider,
            "status": status,
            "impact": impact,
            "started_at": iso_utc(started),
            "ended_at": iso_utc(ended),
            "duration_seconds": None,
            "regions": regions.get(pk) or [],
            "products": products.get(pk) or [],
            "root_cause": cause,
            "refs": refs.get(pk) or [],
            "updates": updates.get(pk) or [],
            "links": links.get(pk) or [],
            "citations": citations.get(pk) or [],
            "confidence": confidence.get(pk) or [],
            "updated_at": iso_utc(updated),
            "time_zone": zone,
        }
        record.update(zip(_TEXT_KEYS, texts, strict=True))
        record["reported"] = [_reported(value) for value in values]
        _add_durations(record, durations_of(started, ended, values, chosen))
        yield pk, record


_TEXT_KEYS = ("language", "summary", *Incident.TRANSLATIONS, "postmortem_url")


def _reported(value: Reported) -> dict[str, Any]:
    return {
        "field": value.field,
        "value": iso_utc(value.value),
        "measures": value.note,
        "citation": value.url,
    }


def _add_durations(record: dict[str, Any], durations: Durations) -> None:
    window = durations.headline
    record["duration_seconds"] = durations.seconds
    record["duration_window"] = window and {
        "started_at": iso_utc(window.started_at),
        "ended_at": iso_utc(window.ended_at),
        "citation": window.url,
    }
    spread = durations.spread
    record["duration_range"] = spread and {
        "min_seconds": spread[0].seconds,
        "max_seconds": spread[1].seconds,
    }


def _of_chunk(ids: list[int]) -> dict[str, Any]:
    # Consecutive ids (a public export is mostly that) make a range, far cheaper to
    # build, send and plan than an IN list of every id.
    if ids[-1] - ids[0] + 1 == len(ids):
        return {"incident_id__gte": ids[0], "incident_id__lte": ids[-1]}
    return {"incident_id__in": ids}


def _group(rows: Iterable[tuple[int, Any]]) -> dict[int, list[Any]]:
    grouped: dict[int, list[Any]] = {}
    for incident_id, value in rows:
        bucket = grouped.get(incident_id)
        if bucket is None:
            grouped[incident_id] = [value]
        else:
            bucket.append(value)
    return grouped


def _products(ids: list[int]) -> dict[int, list[dict[str, Any]]]:
    rows = (
        ProductImpact.objects.filter(**_of_chunk(ids))
        .order_by("incident_id", "product__name", "id")
        .values_list("incident_id", "product__slug", "product__name", "product__name_native",
                     "impact", "started_at", "ended_at", "note")
    )  # fmt: skip
    return _group(
        (
            incident_id,
            {
                "slug": slug,
                "name": name,
                "name_native": native,
                "impact": impact,
                # Null when no source gives the product its own time: never the incident's.
                "started_at": iso_utc(started),
                "ended_at": iso_utc(ended),
                "note": note,
            },
        )
        for incident_id, slug, name, native, impact, started, ended, note in rows
    )


def _refs(ids: list[int]) -> dict[int, list[dict[str, Any]]]:
    rows = (
        ExternalRef.objects.filter(**_of_chunk(ids))
        .order_by("source__name", "external_id", "id")
        .values_list("incident_id", "source__name", "external_id", "url")
    )
    return _group(
        (incident_id, _ref(source, external_id, url))
        for incident_id, source, external_id, url in rows
    )


def _ref(source: str, external_id: str, url: str) -> dict[str, Any]:
    # Rows stored before ingestion refused other schemes may still hold a javascript: link.
    return {"source": source, "external_id": external_id, "url": http_url(url)}


def _updates(ids: list[int]) -> dict[int, list[dict[str, Any]]]:
    rows = (
        IncidentUpdate.objects.filter(**_of_chunk(ids))
        .order_by("posted_at", "id")
        .values_list("incident_id", "posted_at", "status", "body")
    )
    return _group(
        (incident_id, _update(posted_at, status, body))
        for incident_id, posted_at, status, body in rows
    )


def _update(posted_at: dt.datetime, status: str, body: str) -> dict[str, Any]:
    return {
        "posted_at": iso_utc(posted_at),
        "status": status,
        "body": body,
        "body_html": clean_html(body),
    }


def _links(ids: list[int], starts: dict[int, tuple]) -> dict[int, list[dict[str, Any]]]:
    rows = (
        IncidentLink.objects.filter(**_of_chunk(ids))
        .order_by("id")
        .values_list("incident_id", "relation", "confidence", "note", "citation__url",
                     "leadership_change_id", "leadership_change__slug",
                     "leadership_change__announced_on", "corporate_event__slug",
                     "corporate_event__occurred_on")
    )  # fmt: skip
    grouped = []
    for incident_id, relation, confidence, note, citation, *target in rows:
        change_id, change_slug, announced, event_slug, occurred = target
        slug, date = (change_slug, announced) if change_id else (event_slug, occurred)
        started, _, zone = starts[incident_id]
        lag = None if slug is None else lag_in_days(started, zone, date)  # type: ignore[arg-type]
        link = {
            "kind": "leadership_change" if change_id else "corporate_event",
            "target": slug,
            "relation": relation,
            "lag_days": lag,
            "confidence": confidence,
            "note": note,
            "citation": citation,
        }
        grouped.append((incident_id, link))
    return _group(grouped)


_CITATION_COLUMNS = ("url", "title", "publisher", "published_on", "language", "official", "quote")


def _citations(ids: list[int]) -> dict[int, list[dict[str, Any]]]:
    rows = (
        IncidentCitation.objects.filter(**_of_chunk(ids))
        .order_by("position", "id")
        .values_list("incident_id", *(f"citation__{name}" for name in _CITATION_COLUMNS))
    )
    return _group(
        (row[0], _citation(dict(zip(_CITATION_COLUMNS, row[1:], strict=True)))) for row in rows
    )


def _citation(values: dict[str, Any]) -> dict[str, Any]:
    published = values["published_on"]
    values["published_on"] = published.isoformat() if published else None
    return values


def iso_utc(value: dt.datetime | None) -> str | None:
    """Format an aware datetime as ISO 8601 UTC with a "Z" suffix."""
    if value is None:
        return None
    if value.tzinfo is not dt.UTC:  # the database hands back UTC; convert anything else
        value = value.astimezone(dt.UTC)
    return value.isoformat()[:-6] + "Z"
