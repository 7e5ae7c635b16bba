"""Stored records: each incident's export record kept ready, as the bytes the export serves.

The builder (incidents.record.builder) stays the one source of a record's content; this module
keeps its output in `StoredRecord` (compact JSON and a CSV row) so that the export and the API
list stream stored text instead of rebuilding every record on every read.

Writing: `mark_changed(ids)` deletes the incidents' stored rows inside the writer's
transaction (so a stale row is never served, even before the commit) and rebuilds them once
the transaction commits. Every write path reaches it: model signals for the admin, the API,
merges, history restores and seed_demo; the domain's `incidents_changed` for ingestion's bulk
writes; catalogue rows (products, providers, regions, sources, citations, leadership changes,
corporate events) when a value that appears in records changes.

Reading: `iter_texts()` yields stored text in primary-key order; an incident whose row is
missing or of another `RECORD_VERSION` is built on the fly (and not stored: a read writes
nothing), so the output is always the builder's, whatever state the table is in.
`rebuild_records` (the management command) rebuilds every row.
"""

from __future__ import annotations

import hashlib
import json
import threading
from collections.abc import Iterable, Iterator
from itertools import islice
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from incidents.models import Incident, StoredRecord
from incidents.record.builder import incident_record, records_by_id
from incidents.record.formats import csv_row, json_text

# Bump the revision when the builder's output changes without the schema changing (a new
# sanitiser rule, a new order): stored rows of another version are rebuilt, never served.
_BUILD_REVISION = "1"
RECORD_VERSION = hashlib.sha256(
    (settings.BASE_DIR / "docs" / "record.schema.json").read_bytes() + _BUILD_REVISION.encode()
).hexdigest()[:16]

BUILD_CHUNK = 500
READ_CHUNK = 2000
FIELDS = {"ndjson": "json", "json": "json", "csv": "csv"}


def store(incident_ids: Iterable[int]) -> int:
    """Build and store the records of `incident_ids` (those that still exist); return how many."""
    ids = sorted(set(incident_ids))
    stored = 0
    for start in range(0, len(ids), BUILD_CHUNK):
        rows = [
            StoredRecord(
                incident_id=pk,
                json=json_text(record),
                csv=csv_row(record),
                version=RECORD_VERSION,
                built_at=timezone.now(),
            )
            for pk, record in records_by_id(ids[start : start + BUILD_CHUNK])
        ]
        StoredRecord.objects.bulk_create(
            rows,
            update_conflicts=True,
            unique_fields=["incident"],
            update_fields=["json", "csv", "version", "built_at"],
        )
        stored += len(rows)
    return stored


def rebuild_all(chunk_size: int = BUILD_CHUNK) -> int:
    """Store the record of every incident; return how many were written."""
    ids = Incident.objects.order_by("pk").values_list("pk", flat=True).iterator(chunk_size)
    total = 0
    while chunk := list(islice(ids, chunk_size)):
        with transaction.atomic():
            total += store(chunk)
    return total


def mark_changed(incident_ids: Iterable[int | None]) -> None:
    """Retire the stored records of `incident_ids` now; rebuild them after the commit."""
    ids = {pk for pk in incident_ids if pk}
    if not ids:
        return
    StoredRecord.objects.filter(incident_id__in=ids).delete()
    _pending().update(ids)
    transaction.on_commit(_flush)


# Ids waiting for their transaction to commit, per thread: one rebuild serves every save of an
# admin form or a seed run. A rolled-back id stays here and is rebuilt with the next commit,
# which costs one needless build and is never wrong.
_local = threading.local()


def _pending() -> set[int]:
    if not hasattr(_local, "ids"):
        _local.ids = set()
    return _local.ids


def _flush() -> None:
    pending = _pending()
    ids = sorted(pending)
    pending.clear()
    if ids:
        with transaction.atomic():
            store(ids)


def iter_texts(
    queryset: QuerySet[Incident], fmt: str, chunk_size: int = READ_CHUNK
) -> Iterator[tuple[int, str]]:
    """Yield (how many, text) of `queryset`'s records in primary-key order, a chunk at a time.

    The text joins up to `chunk_size` records: NDJSON lines or CSV rows; for "json" the
    array's items, joined with ",\\n" and without brackets. Missing or outdated rows are built.
    """
    field = FIELDS[fmt]
    rows = (
        queryset.prefetch_related(None)
        .order_by("pk")
        .values_list("pk", f"stored_record__{field}", "stored_record__version")
    )
    last_pk = None
    while True:
        page = rows if last_pk is None else rows.filter(pk__gt=last_pk)
        chunk = list(page[:chunk_size])
        if chunk:
            yield len(chunk), _joined(chunk, fmt)
        if len(chunk) < chunk_size:
            return
        last_pk = chunk[-1][0]


def record_of(incident: Incident) -> dict[str, Any]:
    """Return the incident's record from its stored row (one query), or built if it has none."""
    rows = StoredRecord.objects.filter(pk=incident.pk, version=RECORD_VERSION)
    text = rows.values_list("json", flat=True).first()
    return json.loads(text) if text is not None else incident_record(incident)


def stored_page(queryset: QuerySet[Incident]) -> QuerySet[Incident]:
    """Narrow `queryset` to what a page of stored records needs: keys, times, stored text."""
    return (
        queryset.prefetch_related(None)
        .select_related(None)
        .select_related("stored_record")
        .only(
            "pk",
            "started_at",
            "updated_at",
            "stored_record__json",
            "stored_record__version",
        )
    )


def stored_row(incident: Incident) -> tuple[int, str | None, str | None]:
    """Return (pk, stored JSON, version) of an incident loaded through stored_page()."""
    stored = getattr(incident, "stored_record", None)
    return (incident.pk, stored and stored.json, stored and stored.version)


def texts_of(rows: list[tuple[int, str | None, str | None]], fmt: str) -> list[str]:
    """Return the text of each (pk, stored text, version) row, building the missing ones."""
    missing = [pk for pk, text, version in rows if text is None or version != RECORD_VERSION]
    if not missing:
        return [text for _pk, text, _version in rows if text is not None]
    render = csv_row if fmt == "csv" else json_text
    built = {pk: render(record) for pk, record in records_by_id(missing)}
    # An incident deleted since its row was read has no record left to build: it is left out.
    texts = (built.get(pk, text) for pk, text, _version in rows)
    return [text for text in texts if text is not None]


def _joined(rows: list[tuple[int, str | None, str | None]], fmt: str) -> str:
    texts = texts_of(rows, fmt)
    if fmt == "ndjson":
        return "\n".join(texts) + "\n"
    if fmt == "json":
        return ",\n".join(texts)
    return "".join(texts)
