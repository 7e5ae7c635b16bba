"""The public export record of one incident, and streaming NDJSON / CSV / JSON writers.

One record shape serves the `export` command and the REST API: build the queryset with
`public_incidents()`, turn each incident into a dict with `incident_record()`, and stream
many with `iter_records()`, which pages by primary key so memory stays flat however many
incidents there are (a fixed number of queries per chunk, never all rows at once).

Record keys (`RECORD_KEYS`), all values JSON-ready:

- `id` (the slug), `title` (original language), `provider` (slug), `status`, `impact`
- `started_at`, `ended_at`, `updated_at`: ISO 8601 in UTC ending in "Z"; `ended_at` may
  be null (ongoing or end unknown); `duration_seconds` is null when `ended_at` is
- `regions`: region slugs
- `products`: {slug, name, impact, started_at, ended_at}; a product's times default to
  the incident's when not set separately
- `root_cause`
- `refs`: {source (the Source's name), external_id, url}
- `updates`: {posted_at, status, body}, oldest first; `body` is raw as the vendor sent
  it and must be sanitised before it is rendered as HTML
- `links`: {kind ("leadership_change" or "corporate_event"), target (its slug),
  relation, lag_days}
- `citations`: {url, title}, official reports first
- `confidence`: {field, level, citation, note} per marked value, as the incident page
  shows it (see incidents/record/confidence.py)

CSV has one row per incident with the header `CSV_COLUMNS` (the record keys in order).
Scalars are written as is (null as an empty cell); `regions` is joined with "|" (slugs
never contain it); `products`, `refs`, `updates`, `links`, `citations` and `confidence` are compact
JSON arrays in their cells, so nothing is lost and each cell parses with `json.loads`.
A text cell that a spreadsheet would run as a formula (starting with =, +, -, @, tab or
carriage return) gets a leading apostrophe, because titles and bodies come from vendors'
feeds; NDJSON and JSON carry the text unchanged.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
from collections.abc import Iterable, Iterator
from typing import IO, Any
from zoneinfo import ZoneInfo

from django.db.models import Prefetch, QuerySet

from incidents.models import (
    ExternalRef,
    Incident,
    IncidentCitation,
    IncidentLink,
    IncidentUpdate,
    ProductImpact,
    Region,
    ValueSourcing,
)

from .confidence import confidence_by_incident, confidence_entries

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
)
CSV_COLUMNS = list(RECORD_KEYS)
_JSON_CELLS = {"products", "refs", "updates", "links", "citations", "confidence"}
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def public_incidents() -> QuerySet[Incident]:
    """Return published, unmerged incidents with everything a record needs prefetched."""
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
            Prefetch("value_sourcing", queryset=ValueSourcing.objects.select_related("citation")),
        )
    )


def incident_record(incident: Incident) -> dict[str, Any]:
    """Return the public export record of one incident (see the module docstring)."""
    return {
        "id": incident.slug,
        "title": incident.title,
        "provider": incident.provider.slug,
        "status": incident.status,
        "impact": incident.impact,
        "started_at": iso_utc(incident.started_at),
        "ended_at": iso_utc(incident.ended_at),
        "duration_seconds": incident.duration_seconds,
        "regions": [region.slug for region in incident.regions.all()],
        "products": [_product(impact) for impact in incident.impacts.all()],
        "root_cause": incident.root_cause,
        "refs": [
            {"source": ref.source.name, "external_id": ref.external_id, "url": ref.url}
            for ref in incident.refs.all()
        ],
        "updates": [
            {"posted_at": iso_utc(u.posted_at), "status": u.status, "body": u.body}
            for u in incident.updates.all()
        ],
        "links": [_link(link) for link in incident.links.all()],
        "citations": [
            {"url": s.citation.url, "title": s.citation.title} for s in incident.sourcing.all()
        ],
        "confidence": confidence_entries(list(incident.value_sourcing.all())),
        "updated_at": iso_utc(incident.updated_at),
    }


def iter_records(
    queryset: QuerySet[Incident] | None = None, chunk_size: int = 500
) -> Iterator[dict[str, Any]]:
    """Yield records in primary-key order, fetching `chunk_size` incidents at a time.

    Pass `public_incidents()` (filtered as needed); the default is all of it. Keyset
    pagination rather than a server-side cursor keeps each chunk bounded and works behind
    connection poolers. Rows come from `values_list()` queries (the chunk, then one per
    related table), never model instances: the records equal `incident_record()`'s.
    """
    queryset = public_incidents() if queryset is None else queryset
    rows = queryset.prefetch_related(None).order_by("pk").values_list(*_INCIDENT_COLUMNS)
    last_pk = None
    while True:
        page = rows if last_pk is None else rows.filter(pk__gt=last_pk)
        chunk = list(page[:chunk_size])
        if chunk:
            yield from _chunk_records(chunk)
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
)


def _chunk_records(chunk: list[tuple]) -> Iterator[dict[str, Any]]:
    ids = [row[0] for row in chunk]
    starts = {row[0]: (row[6], row[7], row[10]) for row in chunk}
    regions = _group(
        Incident.regions.through.objects.filter(**_of_chunk(ids))
        .order_by("region__slug", "region_id")
        .values_list("incident_id", "region__slug")
    )
    products = _products(ids, starts)
    refs = _refs(ids)
    updates = _updates(ids)
    links = _links(ids, starts)
    citations = _citations(ids)
    confidence = confidence_by_incident(_of_chunk(ids))
    for pk, slug, title, provider, status, impact, started, ended, cause, updated, _ in chunk:
        yield {
            "id": slug,
            "title": title,
            "provider": provider,
            "status": status,
            "impact": impact,
            "started_at": iso_utc(started),
            "ended_at": iso_utc(ended),
            "duration_seconds": int((ended - started).total_seconds()) if ended else None,
            "regions": regions.get(pk) or [],
            "products": products.get(pk) or [],
            "root_cause": cause,
            "refs": refs.get(pk) or [],
            "updates": updates.get(pk) or [],
            "links": links.get(pk) or [],
            "citations": citations.get(pk) or [],
            "confidence": confidence.get(pk) or [],
            "updated_at": iso_utc(updated),
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


def _products(ids: list[int], starts: dict[int, tuple]) -> dict[int, list[dict[str, Any]]]:
    rows = (
        ProductImpact.objects.filter(**_of_chunk(ids))
        .order_by("incident_id", "product__name", "id")
        .values_list("incident_id", "product__slug", "product__name", "impact", "started_at",
                     "ended_at")
    )  # fmt: skip
    return _group(
        (
            incident_id,
            {
                "slug": slug,
                "name": name,
                "impact": impact,
                "started_at": iso_utc(started or starts[incident_id][0]),
                "ended_at": iso_utc(ended or starts[incident_id][1]),
            },
        )
        for incident_id, slug, name, impact, started, ended in rows
    )


def _refs(ids: list[int]) -> dict[int, list[dict[str, Any]]]:
    rows = (
        ExternalRef.objects.filter(**_of_chunk(ids))
        .order_by("source__name", "external_id", "id")
        .values_list("incident_id", "source__name", "external_id", "url")
    )
    return _group(
        (incident_id, {"source": source, "external_id": external_id, "url": url})
        for incident_id, source, external_id, url in rows
    )


def _updates(ids: list[int]) -> dict[int, list[dict[str, Any]]]:
    rows = (
        IncidentUpdate.objects.filter(**_of_chunk(ids))
        .order_by("posted_at", "id")
        .values_list("incident_id", "posted_at", "status", "body")
    )
    return _group(
        (incident_id, {"posted_at": iso_utc(posted_at), "status": status, "body": body})
        for incident_id, posted_at, status, body in rows
    )


def _links(ids: list[int], starts: dict[int, tuple]) -> dict[int, list[dict[str, Any]]]:
    rows = (
        IncidentLink.objects.filter(**_of_chunk(ids))
        .order_by("id")
        .values_list("incident_id", "relation", "leadership_change_id",
                     "leadership_change__slug", "leadership_change__announced_on",
                     "corporate_event__slug", "corporate_event__occurred_on")
    )  # fmt: skip
    grouped = []
    for incident_id, relation, change_id, change_slug, announced, event_slug, occurred in rows:
        slug, date = (change_slug, announced) if change_id else (event_slug, occurred)
        started, _, zone = starts[incident_id]
        # As IncidentLink.lag_days: the target's date minus the start's date in its own zone.
        lag = None if slug is None else (date - started.astimezone(ZoneInfo(zone)).date()).days
        link = {
            "kind": "leadership_change" if change_id else "corporate_event",
            "target": slug,
            "relation": relation,
            "lag_days": lag,
        }
        grouped.append((incident_id, link))
    return _group(grouped)


def _citations(ids: list[int]) -> dict[int, list[dict[str, Any]]]:
    rows = (
        IncidentCitation.objects.filter(**_of_chunk(ids))
        .order_by("position", "id")
        .values_list("incident_id", "citation__url", "citation__title")
    )
    return _group((incident_id, {"url": url, "title": title}) for incident_id, url, title in rows)


def write_ndjson(records: Iterable[dict[str, Any]], fp: IO[str]) -> int:
    """Write one JSON object per line; return how many."""
    count = 0
    for record in records:
        fp.write(_dumps(record) + "\n")
        count += 1
    return count


def write_json(records: Iterable[dict[str, Any]], fp: IO[str]) -> int:
    """Write a JSON array one record at a time, never holding the whole array."""
    count = 0
    fp.write("[")
    for record in records:
        fp.write(",\n" if count else "\n")
        fp.write(_dumps(record))
        count += 1
    fp.write("\n]\n" if count else "]\n")
    return count


def write_csv(records: Iterable[dict[str, Any]], fp: IO[str]) -> int:
    """Write a header row (`CSV_COLUMNS`) and one flattened row per record."""
    writer = csv.writer(fp)
    writer.writerow(CSV_COLUMNS)
    count = 0
    for record in records:
        writer.writerow([cell(record[key]) for key, cell in _CSV_CELLS])
        count += 1
    return count


WRITERS = {"ndjson": write_ndjson, "csv": write_csv, "json": write_json}


def iso_utc(value: dt.datetime | None) -> str | None:
    """Format an aware datetime as ISO 8601 UTC with a "Z" suffix."""
    if value is None:
        return None
    if value.tzinfo is not dt.UTC:  # the database hands back UTC; convert anything else
        value = value.astimezone(dt.UTC)
    return value.isoformat()[:-6] + "Z"


def _product(impact: ProductImpact) -> dict[str, Any]:
    return {
        "slug": impact.product.slug,
        "name": impact.product.name,
        "impact": impact.impact,
        "started_at": iso_utc(impact.effective_start),
        "ended_at": iso_utc(impact.effective_end),
    }


def _link(link: IncidentLink) -> dict[str, Any]:
    target = link.target
    return {
        "kind": link.kind,
        "target": target.slug if target else None,
        "relation": link.relation,
        "lag_days": link.lag_days,
    }


def _scalar_cell(value: Any) -> Any:
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        return "'" + value
    return "" if value is None else value


def _regions_cell(value: list[str]) -> str:
    return "|".join(value)


# One encoder for every call: json.dumps with options builds a new one each time.
_dumps = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode

_CSV_CELLS = [
    (key, _regions_cell if key == "regions" else _dumps if key in _JSON_CELLS else _scalar_cell)
    for key in CSV_COLUMNS
]
