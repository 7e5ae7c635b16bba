"""Write dataset records as draft incidents through the upsert, each with its dataset cited."""

from __future__ import annotations

import hashlib
import logging
from collections import defaultdict
from dataclasses import dataclass, field, replace
from pathlib import Path

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from incidents.models import (
    DATASET_KIND,
    Citation,
    ExternalRef,
    ImportedRecord,
    IncidentCitation,
    Provider,
    Source,
)

from ..edge import admit
from ..upsert import Upsert, _create_rows, gc_paused
from .base import DatasetCitation, DatasetFormat, DatasetRecord, SkippedRow
from .duplicates import propose_duplicates

logger = logging.getLogger(__name__)
SUFFIXES = {"issre22": (".json",), "void": (".csv",), "ndjson": (".ndjson", ".jsonl")}
# A dataset source is never polled; the interval only satisfies the table's constraint.
DAY = 86400


@dataclass
class ImportSummary:
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: list[SkippedRow] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    duplicates: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        """Return the report the command prints: the counts, then each row's message."""
        head = (
            f"imported {self.new} new, {self.updated} updated, {self.unchanged} unchanged;"
            f" skipped {len(self.skipped)}; proposed duplicates {len(self.duplicates)}"
        )
        return [
            head,
            *(f"skipped {row.location}: {row.reason}" for row in self.skipped),
            *(f"note {note}" for note in self.notes),
            *(f"duplicate? {line}" for line in self.duplicates),
        ]


def read_path(reader: DatasetFormat, path: Path) -> list[DatasetRecord | SkippedRow]:
    """Read one file, or every file of the format under a folder, in name order."""
    if path.is_dir():
        suffixes = SUFFIXES.get(reader.name, ())
        files = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix in suffixes)
    else:
        files = [path]
    rows: list[DatasetRecord | SkippedRow] = []
    for file in files:
        name = str(file.relative_to(path)) if path.is_dir() else file.name
        rows.extend(reader.read(file.read_bytes(), name))
    return rows


def import_records(
    reader: DatasetFormat, rows: list[DatasetRecord | SkippedRow], citation: DatasetCitation
) -> ImportSummary:
    """Store every record as a draft of its provider's dataset source; one bad row skips alone."""
    summary = ImportSummary(skipped=[row for row in rows if isinstance(row, SkippedRow)])
    groups: dict[str, list[DatasetRecord]] = defaultdict(list)
    for row in rows:
        if isinstance(row, DatasetRecord):
            groups[row.provider].append(row)
    for provider_name, records in groups.items():
        try:
            with transaction.atomic():
                _import_group(reader, provider_name, records, citation, summary)
        except Exception as exc:  # one provider's failure never stops the others
            logger.exception("dataset import of %s failed", provider_name)
            reason = f"not stored ({exc.__class__.__name__}: {exc}); the rest went on"
            summary.skipped.extend(SkippedRow(r.location, reason) for r in records)
    return summary


def _import_group(
    reader: DatasetFormat,
    provider_name: str,
    records: list[DatasetRecord],
    citation: DatasetCitation,
    summary: ImportSummary,
) -> None:
    now = timezone.now()
    source = _source(reader, _provider(provider_name), citation)
    known = dict(ImportedRecord.objects.filter(source=source).values_list("external_id", "sha256"))
    changed = _changed(records, known, now, summary)
    with gc_paused():
        result = Upsert(source, now).run([r.incident for r in changed])
    summary.new += result.new
    summary.updated += result.updated
    summary.unchanged += result.unchanged
    incidents = dict(
        ExternalRef.objects.filter(
            source=source, external_id__in=[r.incident.external_id for r in changed]
        ).values_list("external_id", "incident_id")
    )
    _keep_raw(source, changed, incidents, now)
    _cite(citation, changed, incidents)
    summary.notes.extend(f"{r.location}: {note}" for r in changed for note in r.notes)
    summary.duplicates.extend(propose_duplicates(source, list(set(incidents.values())), now))


def _changed(
    records: list[DatasetRecord], known: dict[str, str], now, summary: ImportSummary
) -> list[DatasetRecord]:
    """Return records new or changed since the last import, admitted by the edge; count the rest."""
    seen: dict[str, str] = {}
    changed = []
    for record in records:
        key = record.incident.external_id
        if key in seen:
            summary.skipped.append(SkippedRow(record.location, f"repeats {key!r} of {seen[key]}"))
            continue
        seen[key] = record.location
        if known.get(key) == _digest(record.raw):
            summary.unchanged += 1
            continue
        admitted = admit([record.incident], now)
        if admitted.refused:
            summary.skipped.append(SkippedRow(record.location, admitted.refused[0]))
            continue
        changed.append(replace(record, incident=admitted.incidents[0]))
    return changed


def _provider(name: str) -> Provider:
    """Find the provider a dataset names (slug, name or alias), or create it."""
    slug = slugify(name)[:50] or "unknown"
    for provider in Provider.objects.all():
        aliases = {a.strip().lower() for a in provider.aliases.split(",") if a.strip()}
        if slug == provider.slug or name.lower() in {provider.name.lower(), *aliases}:
            return provider
    return Provider.objects.create(slug=slug, name=name[:200])


def _source(reader: DatasetFormat, provider: Provider, citation: DatasetCitation) -> Source:
    source, _ = Source.objects.get_or_create(
        name=f"{reader.name} dataset: {provider.slug}"[:100],
        defaults={
            "kind": DATASET_KIND,
            "url": citation.url,
            "provider": provider,
            "poll_interval": DAY,
            "enabled": False,
            "auto_publish": False,
        },
    )
    return Source.objects.select_related("provider").get(pk=source.pk)


def _keep_raw(source: Source, records: list[DatasetRecord], incidents: dict, now) -> None:
    rows = {
        r.incident.external_id: ImportedRecord(
            source=source,
            external_id=r.incident.external_id,
            incident_id=incidents.get(r.incident.external_id),
            location=r.location[:300],
            sha256=_digest(r.raw),
            raw=r.raw,
            notes="\n".join(r.notes),
            imported_at=now,
        )
        for r in records
    }
    ImportedRecord.objects.bulk_create(
        list(rows.values()),
        update_conflicts=True,
        unique_fields=["source", "external_id"],
        update_fields=["incident", "location", "sha256", "raw", "notes", "imported_at"],
        batch_size=1000,
    )


def _cite(dataset: DatasetCitation, records: list[DatasetRecord], incidents: dict) -> None:
    """Cite the dataset on every incident (and each record's own sources after it)."""
    wanted = {dataset.url: dataset}
    for r in records:
        wanted |= {c.url: c for c in r.citations}
        if r.incident.url:
            wanted.setdefault(r.incident.url, DatasetCitation(r.incident.url, r.incident.title))
    ids = _citation_ids(wanted)
    links = set()
    for r in records:
        incident_id = incidents.get(r.incident.external_id)
        own = [c.url for c in r.citations] or ([r.incident.url] if r.incident.url else [])
        for position, url in enumerate([*dict.fromkeys(own), dataset.url]):
            if incident_id:
                links.add((incident_id, ids[url], position))
    existing = set(
        IncidentCitation.objects.filter(incident_id__in=set(incidents.values())).values_list(
            "incident_id", "citation_id"
        )
    )
    rows = [
        IncidentCitation(incident_id=i, citation_id=c, position=p, note="imported dataset")
        for i, c, p in sorted(links)
        if (i, c) not in existing
    ]
    _create_rows(IncidentCitation, rows)


def _citation_ids(wanted: dict[str, DatasetCitation]) -> dict[str, int]:
    urls = list(wanted)
    found = dict(Citation.objects.filter(url__in=urls).values_list("url", "pk"))
    missing = [
        Citation(
            url=c.url[:1000],
            title=c.title[:500],
            publisher=c.publisher[:200],
            published_on=c.published_on,
        )
        for url, c in wanted.items()
        if url not in found
    ]
    _create_rows(Citation, missing)
    return found | dict(Citation.objects.filter(url__in=urls).values_list("url", "pk"))


def _digest(raw: str) -> str:
    return hashlib.sha256(raw.encode("utf-8", errors="surrogatepass")).hexdigest()
