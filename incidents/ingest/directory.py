"""The source directory: vendors' status pages an editor can add as a Source in one step.

The list is directory.json beside this module, a curated subset of getsentry/status-page-list
(MIT licence, copyright 2024 Sentry; kept in the file's own header). Formats are not in the
list: they are detected by probing each page when it is added (probe.py).
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction

from incidents.models import Provider, Source

from .poll import validate_source
from .probe import ProbeResult, probe

DIRECTORY = Path(__file__).with_name("directory.json")


@dataclass(frozen=True)
class Entry:
    slug: str
    name: str
    url: str  # the status page people read
    # (kind, URL) pairs for feeds that do not live under the page (GCP, AWS, Slack, Azure).
    endpoints: tuple[tuple[str, str], ...] = ()


@functools.cache
def entries() -> tuple[Entry, ...]:
    """Return the directory's entries, in the file's order."""
    data = json.loads(DIRECTORY.read_text(encoding="utf-8"))
    return tuple(
        Entry(
            slug=item["slug"],
            name=item["name"],
            url=item["url"],
            endpoints=tuple((e["kind"], e["url"]) for e in item.get("endpoints", ())),
        )
        for item in data["entries"]
    )


def get(slug: str) -> Entry | None:
    """Return the entry called `slug`, or None."""
    return next((entry for entry in entries() if entry.slug == slug), None)


def add_source(
    entry: Entry, provider: Provider, name: str = ""
) -> tuple[Source | None, ProbeResult]:
    """Probe `entry`'s page and create its Source; None (with the probe's story) if none fits."""
    found = probe(entry.url, hints=entry.endpoints)
    if not found.found:
        return None, found
    name = name or entry.name
    validate_source(found.kind, found.url)
    with transaction.atomic():
        if Source.objects.filter(name=name).exists():
            raise ValidationError({"name": f"A source named {name!r} already exists."})
        source = Source.objects.create(name=name, kind=found.kind, url=found.url, provider=provider)
    return source, found
