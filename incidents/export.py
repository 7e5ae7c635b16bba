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

CSV has one row per incident with the header `CSV_COLUMNS` (the record keys in order).
Scalars are written as is (null as an empty cell); `regions` is joined with "|" (slugs
never contain it); `products`, `refs`, `updates`, `links` and `citations` are compact
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

from django.db.models import Prefetch, QuerySet

from incidents.models import (
    ExternalRef,
    Incident,
    IncidentCitation,
    IncidentLink,
    ProductImpact,
    Region,
)

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
    "updated_at",
)
CSV_COLUMNS = list(RECORD_KEYS)
_JSON_CELLS = {"products", "refs", "updates", "links", "citations"}
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
        "updated_at": iso_utc(incident.updated_at),
    }


def iter_records(
    queryset: QuerySet[Incident] | None = None, chunk_size: int = 500
) -> Iterator[dict[str, Any]]:
    """Yield records in primary-key order, fetching `chunk_size` incidents at a time.

    Pass `public_incidents()` (filtered as needed); the default is all of it. Keyset
    pagination rather than a server-side cursor keeps each chunk's prefetches bounded and
    works behind connection poolers.
    """
    queryset = (public_incidents() if queryset is None else queryset).order_by("pk")
    last_pk = None
    while True:
        page = queryset if last_pk is None else queryset.filter(pk__gt=last_pk)
        chunk = list(page[:chunk_size])
        for incident in chunk:
            yield incident_record(incident)
            # Prefetched children point back at their incident; dropping the cache breaks
            # that cycle so each chunk is freed at once instead of piling up until the
            # garbage collector's next full pass (memory would then grow with the export).
            incident._prefetched_objects_cache.clear()
        if len(chunk) < chunk_size:
            return
        last_pk = chunk[-1].pk


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
        writer.writerow([_cell(key, record[key]) for key in CSV_COLUMNS])
        count += 1
    return count


WRITERS = {"ndjson": write_ndjson, "csv": write_csv, "json": write_json}


def iso_utc(value: dt.datetime | None) -> str | None:
    """Format an aware datetime as ISO 8601 UTC with a "Z" suffix."""
    if value is None:
        return None
    return value.astimezone(dt.UTC).isoformat().replace("+00:00", "Z")


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


def _cell(key: str, value: Any) -> Any:
    if key == "regions":
        return "|".join(value)
    if key in _JSON_CELLS:
        return _dumps(value)
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        return "'" + value
    return "" if value is None else value


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
