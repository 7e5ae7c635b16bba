"""Bulk export responses: incidents.record.builder's records streamed as NDJSON or CSV."""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable, Iterator
from itertools import islice
from typing import IO, Any

from django.db.models import Count, Max, QuerySet
from django.http import StreamingHttpResponse
from django.utils import timezone

from incidents.models import Incident
from incidents.record.builder import iso_utc, iter_records
from incidents.record.formats import write_csv, write_ndjson

CHUNK_SIZE = 500
FORMATS: dict[str, tuple[str, Callable[[Iterable[dict[str, Any]], IO[str]], int]]] = {
    "ndjson": ("application/x-ndjson; charset=utf-8", write_ndjson),
    "csv": ("text/csv; charset=utf-8", write_csv),
}


def export_stats(queryset: QuerySet[Incident]) -> dict[str, Any]:
    """Count the rows and find the newest change, in one query, before streaming starts."""
    return queryset.order_by().aggregate(count=Count("pk"), last_modified=Max("updated_at"))


def stream(queryset: QuerySet[Incident], fmt: str, chunk_size: int = CHUNK_SIZE) -> Iterator[bytes]:
    """Yield the export in chunks of `chunk_size` records; memory does not grow with rows."""
    write = FORMATS[fmt][1]
    records = iter_records(queryset, chunk_size=chunk_size)
    first = True
    while True:
        batch = list(islice(records, chunk_size))
        if not batch and not first:
            return
        text = _render(write, batch)
        if fmt == "csv" and not first:
            # write_csv starts every call with the header; the file has it once.
            text = text.split("\r\n", 1)[1]
        yield text.encode()
        first = False
        if len(batch) < chunk_size:
            return


def _render(write: Callable[[Iterable[dict[str, Any]], IO[str]], int], batch: list) -> str:
    buffer = io.StringIO()
    write(batch, buffer)
    return buffer.getvalue()


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
