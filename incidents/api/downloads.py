"""Bulk export responses: stored records (incidents.record.stored) streamed as NDJSON or CSV."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import IO, Any

from django.db.models import Count, Max, QuerySet
from django.http import StreamingHttpResponse
from django.utils import timezone

from incidents.models import Incident
from incidents.record.builder import iso_utc
from incidents.record.formats import csv_header, write_csv, write_ndjson
from incidents.record.stored import iter_texts

CHUNK_SIZE = 2000
FORMATS: dict[str, tuple[str, Callable[[Iterable[dict[str, Any]], IO[str]], int]]] = {
    "ndjson": ("application/x-ndjson; charset=utf-8", write_ndjson),
    "csv": ("text/csv; charset=utf-8", write_csv),
}


def export_stats(queryset: QuerySet[Incident]) -> dict[str, Any]:
    """Count the rows and find the newest change, in one query, before streaming starts."""
    return queryset.order_by().aggregate(count=Count("pk"), last_modified=Max("updated_at"))


def stream(queryset: QuerySet[Incident], fmt: str, chunk_size: int = CHUNK_SIZE) -> Iterator[bytes]:
    """Yield the export's stored records, `chunk_size` at a time; memory does not grow with rows."""
    if fmt == "csv":
        yield csv_header().encode()
    for _count, text in iter_texts(queryset, fmt, chunk_size=chunk_size):
        yield text.encode()


def export_response(
    queryset: QuerySet[Incident], fmt: str, stats: dict[str, Any]
) -> StreamingHttpResponse:
    """Return a streaming download carrying its row count and generation time as headers."""
    generated_at = timezone.now()
    response = StreamingHttpResponse(stream(queryset, fmt), content_type=FORMATS[fmt][0])
    filename = f"incidents-{generated_at:%Y-%m-%d}.{fmt}"
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.headers["X-Total-Count"] = str(stats["count"])
    response.headers["X-Generated-At"] = iso_utc(generated_at) or ""
    return response
