"""Merge one source's parsed incidents into the database: the bulk half of ingestion."""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
import hashlib
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.db import connection
from django.db.models import F
from django.utils import timezone
from django.utils.text import slugify
from simple_history.utils import bulk_update_with_history

from incidents.models import (
    ExternalRef,
    Incident,
    IncidentUpdate,
    Product,
    ProductImpact,
    Region,
    ReviewState,
    Source,
)
from incidents.models.changes import announce_changes
from incidents.record.sanitize import http_url

from .parsers import ParsedIncident, ParsedUpdate

# Fields ingestion owns on an Incident, unless an editor changed them (Incident.edited_fields).
INCIDENT_FIELDS = ("title", "summary", "language", "status", "impact", "started_at", "ended_at")
# Keeps every IN (...) list under SQLite's historical 999-parameter limit.
CHUNK = 500
REASON = "ingested"
# psycopg caps a statement at 65,535 parameters; history rows have about 30 columns.
BATCH = 1000


@dataclass
class PollResult:
    source: str
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    refused: int = 0  # incidents the edge would not store (Source.refused says why)
    error: str = ""
    retryable: bool = False
    retry_after: float | None = None

    @property
    def ok(self) -> bool:
        return not self.error

    def summary(self) -> str:
        """Return the one line `poll_sources` prints for this source."""
        if self.error:
            return f"{self.source}: error: {self.error}"
        line = f"{self.source}: new {self.new}, updated {self.updated}, unchanged {self.unchanged}"
        return f"{line}, refused {self.refused}" if self.refused else line


def incident_slug(provider_slug: str, started_at: dt.datetime, external_id: str) -> str:
    """Return the public id of an ingested incident: provider, start day, hash of its id."""
    digest = hashlib.sha256(external_id.encode()).hexdigest()[:10]
    return f"{provider_slug}-{started_at.astimezone(dt.UTC):%Y-%m-%d}-{digest}"


def _chunks(items: list, size: int = CHUNK) -> Iterator[list]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _incident_values(parsed: ParsedIncident) -> dict:
    return {
        "title": parsed.title[:500],
        "summary": parsed.summary,
        "language": parsed.language[:16] or "en",
        "status": parsed.status,
        "impact": parsed.impact,
        "started_at": parsed.started_at,
        "ended_at": parsed.ended_at
        if parsed.ended_at is None or parsed.ended_at >= parsed.started_at
        else parsed.started_at,
    }


class Upsert:
    """One source's payload merged into the database; rows are collected, then bulk-written."""

    def __init__(self, source: Source, now: dt.datetime) -> None:
        self.source = source
        self.provider = source.provider
        self.now = now
        self.new_updates: list[IncidentUpdate] = []
        self.changed_updates: dict[int, IncidentUpdate] = {}
        self.changed_incidents: dict[int, Incident] = {}
        self.changed_fields: set[str] = set()
        self.fields_set: set[int] = set()
        self.region_links: list = []
        self.new_impacts: list[ProductImpact] = []
        self.changed_impacts: list[ProductImpact] = []
        self.created_ids: set[int] = set()

    def run(self, parsed: list[ParsedIncident]) -> PollResult:
        # One entry per upstream id; a payload that repeats an id keeps its first entry.
        items = list({p.external_id: p for p in reversed(parsed) if p.external_id}.values())
        items.reverse()
        targets = self._load_refs([p.external_id for p in items])
        self._touch_refs(list(targets))
        fresh = [p for p in items if p.external_id not in targets]
        targets |= self._by_alias(fresh)
        fresh = [p for p in fresh if p.external_id not in targets]
        adopted = self._adopt(fresh)
        fresh = [p for p in fresh if p.external_id not in adopted]
        self._load_children([*targets.values(), *adopted.values()])
        self.regions = self._region_ids({r for p in items for r in p.regions})
        self.products = self._product_ids({i.product for p in items for i in p.products})
        updated = 0
        for p in items:
            if p.external_id in targets:
                updated += self._merge(targets[p.external_id], p, own_fields=True)
            elif p.external_id in adopted:
                self._merge(adopted[p.external_id], p, own_fields=False)
                updated += 1
        self._create(fresh)
        self._flush()
        announce_changes(Incident, self._touched())
        unchanged = len(items) - len(fresh) - updated
        return PollResult(self.source.name, new=len(fresh), updated=updated, unchanged=unchanged)

    def _touched(self) -> set[int]:
        """Return the ids of incidents this run created or changed, children included."""
        rows: list[Any] = [
            *self.new_updates,
            *self.changed_updates.values(),
            *self.new_impacts,
            *self.changed_impacts,
        ]
        linked = {incident_id for incident_id, _ in self.region_links}
        return {*self.changed_incidents, *self.created_ids, *linked, *(r.incident_id for r in rows)}

    def _load_refs(self, external_ids: list[str]) -> dict[str, Incident]:
        """Map known upstream ids to their incidents (a merged one's survivor), locked."""
        found: dict[str, Incident] = {}
        for chunk in _chunks(external_ids):
            # Locked so an editor's save cannot land between reading and updating a row.
            incidents = (
                Incident.objects.filter(refs__source=self.source, refs__external_id__in=chunk)
                .annotate(upstream_id=F("refs__external_id"))
                .select_for_update(of=("self",))
            )
            found |= {incident.upstream_id: incident for incident in incidents}
        merged = {i.merged_into_id for i in found.values() if i.merged_into_id}
        # One object per row, so two upstream ids reaching one incident share its state.
        rows = {i.pk: i for i in found.values()}
        rows |= {
            pk: rows.get(pk, i)
            for pk, i in Incident.objects.select_for_update().in_bulk(merged).items()
        }
        return {key: rows[inc.merged_into_id or inc.pk] for key, inc in found.items()}

    def _touch_refs(self, external_ids: list[str]) -> None:
        """Stamp the known refs this payload carries as seen now, in bulk, without history."""
        for chunk in _chunks(external_ids):
            ExternalRef.objects.filter(source=self.source, external_id__in=chunk).update(
                last_seen_at=self.now
            )

    def _by_alias(self, fresh: list[ParsedIncident]) -> dict[str, Incident]:
        """Find new upstream ids whose former id (an alias) this source already stored."""
        former = {alias: p for p in fresh for alias in p.aliases}
        if not former:
            return {}
        known = self._load_refs(list(former))
        found = {former[alias].external_id: incident for alias, incident in known.items()}
        refs = {
            p.external_id: self._ref(p, found[p.external_id])
            for p in fresh
            if p.external_id in found
        }
        _create_rows(ExternalRef, list(refs.values()))
        return found

    def _adopt(self, fresh: list[ParsedIncident]) -> dict[str, Incident]:
        """Link new upstream ids to an incident another source of this provider already made.

        Same provider, same start day, same upstream id: the same incident (a Statuspage
        page polled both as JSON and as history.atom). Its fields stay the first source's.
        """
        slugs = {self._slug(p): p for p in fresh}
        adopted: dict[str, Incident] = {}
        for chunk in _chunks(list(slugs)):
            for incident in Incident.objects.select_for_update().filter(
                provider=self.provider, slug__in=chunk
            ):
                adopted[slugs[incident.slug].external_id] = incident
        refs = [self._ref(p, adopted[p.external_id]) for p in fresh if p.external_id in adopted]
        _create_rows(ExternalRef, refs)
        return adopted

    def _load_children(self, incidents: list[Incident]) -> None:
        ids = [i.pk for i in incidents]
        self.updates_of: dict[int, list[IncidentUpdate]] = defaultdict(list)
        self.linked: set[tuple[int, int]] = set()
        self.impacts_of: dict[tuple[int, int], ProductImpact] = {}
        through = Incident.regions.through
        for chunk in _chunks(ids):
            for update in IncidentUpdate.objects.filter(incident_id__in=chunk).order_by(
                "posted_at", "id"
            ):
                self.updates_of[update.incident_id].append(update)
            links = through.objects.filter(incident_id__in=chunk)
            self.linked |= set(links.values_list("incident_id", "region_id"))
            for impact in ProductImpact.objects.filter(incident_id__in=chunk):
                self.impacts_of[(impact.incident_id, impact.product_id)] = impact

    def _region_ids(self, names: set[str]) -> dict[str, int]:
        slugs = {name: slugify(name)[:50] or _digest(name) for name in names}
        ids = self._ensure(
            Region,
            slugs.values(),
            lambda slug, name: Region(provider=self.provider, slug=slug, name=name[:200]),
            {slug: name for name, slug in slugs.items()},
            provider=self.provider,
        )
        return {name: ids[slug] for name, slug in slugs.items()}

    def _product_ids(self, names: set[str]) -> dict[str, int]:
        prefix = self.provider.slug
        slugs = {
            name: f"{prefix}-{slugify(name) or _digest(name)}"[:50].rstrip("-") for name in names
        }
        ids = self._ensure(
            Product,
            slugs.values(),
            lambda slug, name: Product(
                slug=slug,
                name=name[:200],
                provider=self.provider,
                owner_id=self.provider.organization_id,
            ),
            {slug: name for name, slug in slugs.items()},
        )
        return {name: ids[slug] for name, slug in slugs.items()}

    def _ensure(self, model, slugs: Iterable[str], build, names: dict, **scope) -> dict[str, int]:
        """Return slug -> pk, creating missing rows (another source may create them at once)."""
        wanted = sorted(set(slugs))
        found: dict[str, int] = {}
        for chunk in _chunks(wanted):
            found |= dict(model.objects.filter(slug__in=chunk, **scope).values_list("slug", "pk"))
        missing = [build(slug, names[slug]) for slug in wanted if slug not in found]
        if missing:
            model.objects.bulk_create(missing, ignore_conflicts=True)
            for chunk in _chunks([m.slug for m in missing]):
                rows = model.objects.filter(slug__in=chunk, **scope).values_list("slug", "pk")
                found |= dict(rows)
        return found

    def _merge(self, incident: Incident, parsed: ParsedIncident, own_fields: bool) -> bool:
        """Merge one known incident; return whether anything about it changed."""
        # After a merge, several upstream ids reach one incident: the first one owns its fields.
        own_fields = own_fields and incident.pk not in self.fields_set
        self.fields_set.add(incident.pk)
        changed = own_fields and self._apply_fields(incident, parsed)
        changed |= self._merge_updates(incident, parsed.updates)
        changed |= self._link(incident, parsed)
        return changed

    def _apply_fields(self, incident: Incident, parsed: ParsedIncident) -> bool:
        values = _incident_values(parsed)
        before = {name: getattr(incident, name) for name in values}
        for name, value in values.items():
            if name not in incident.edited_fields:
                setattr(incident, name, value)
        if incident.ended_at and incident.ended_at < incident.started_at:
            # An editor's start against upstream's end: keep the row valid, keep the old end.
            incident.ended_at = before["ended_at"]
        changed = [name for name in values if getattr(incident, name) != before[name]]
        if changed:
            incident.updated_at = self.now
            self.changed_fields.update(changed)
            self.changed_incidents[incident.pk] = incident
        return bool(changed)

    def _merge_updates(self, incident: Incident, parsed: Iterable[ParsedUpdate]) -> bool:
        """Match updates by upstream id, else by posted_at; edit in place, add the rest."""
        existing = self.updates_of[incident.pk]
        by_id = {u.external_id: u for u in existing if u.external_id}
        matched: set[int] = set()
        changed = False
        for item in parsed:
            external_id = item.external_id[:200]
            row = by_id.get(external_id) if external_id else None
            row = row or _same_time(existing, item.posted_at, matched, bool(external_id))
            if row is None:
                row = IncidentUpdate(incident_id=incident.pk, language=incident.language)
                existing.append(row)
                self.new_updates.append(row)
            elif (row.posted_at, row.body, row.status, row.external_id) == (
                item.posted_at,
                item.body,
                item.status,
                external_id or row.external_id,
            ):
                matched.add(id(row))
                continue
            elif row.pk:
                self.changed_updates[row.pk] = row
            matched.add(id(row))
            row.posted_at, row.body, row.status = item.posted_at, item.body, item.status
            row.external_id = external_id or row.external_id
            if external_id:
                by_id[external_id] = row
            changed = True
        return changed

    def _link(self, incident: Incident, parsed: ParsedIncident) -> bool:
        """Add regions and product impacts upstream names; never remove an editor's."""
        changed = False
        if "regions" not in incident.edited_fields:
            for name in parsed.regions:
                key = (incident.pk, self.regions[name])
                if key not in self.linked:
                    self.linked.add(key)
                    self.region_links.append(key)
                    changed = True
        if "products" not in incident.edited_fields:
            for item in parsed.products:
                changed |= self._impact(incident, item)
        return changed

    def _impact(self, incident: Incident, item) -> bool:
        key = (incident.pk, self.products[item.product])
        ended = item.ended_at
        if ended and item.started_at and ended < item.started_at:
            ended = None
        impact = self.impacts_of.get(key)
        if impact is None:
            impact = ProductImpact(
                incident_id=incident.pk,
                product_id=key[1],
                impact=item.impact or incident.impact,
                started_at=item.started_at,
                ended_at=ended,
            )
            self.impacts_of[key] = impact
            self.new_impacts.append(impact)
            return True
        # Fill a blank end, never overwrite: impacts carry no record of editors' changes.
        start = impact.started_at or incident.started_at
        if ended and impact.ended_at is None and impact.pk and ended >= start:
            impact.ended_at = ended
            self.changed_impacts.append(impact)
            return True
        return False

    def _create(self, fresh: list[ParsedIncident]) -> None:
        state = ReviewState.PUBLISHED if self.source.auto_publish else ReviewState.DRAFT
        incidents = [
            Incident(
                slug=self._slug(p),
                provider=self.provider,
                time_zone=self.provider.time_zone,
                review_state=state,
                created_at=self.now,
                updated_at=self.now,
                **_incident_values(p),
            )
            for p in fresh
        ]
        incidents = _create_rows(Incident, incidents)
        self.created_ids = {incident.pk for incident in incidents}
        refs = [self._ref(p, incident) for p, incident in zip(fresh, incidents, strict=True)]
        _create_rows(ExternalRef, refs)
        for p, incident in zip(fresh, incidents, strict=True):
            self._merge_updates(incident, p.updates)
            self._link(incident, p)

    def _flush(self) -> None:
        _create_rows(IncidentUpdate, self.new_updates)
        _update_rows(
            IncidentUpdate,
            list(self.changed_updates.values()),
            ["posted_at", "body", "status", "external_id"],
        )
        _update_rows(
            Incident,
            list(self.changed_incidents.values()),
            [*sorted(self.changed_fields), "updated_at"],
        )
        through = Incident.regions.through
        links = [through(incident_id=i, region_id=r) for i, r in self.region_links]
        through.objects.bulk_create(links, ignore_conflicts=True, batch_size=BATCH)
        self._record_region_history()
        _create_rows(ProductImpact, self.new_impacts)
        _update_rows(ProductImpact, self.changed_impacts, ["ended_at"])

    def _record_region_history(self) -> None:
        """Give each incident version this batch wrote the regions it had, as an admin save does."""
        linked = {incident_id for incident_id, _ in self.region_links}
        versioned = self.created_ids | set(self.changed_incidents)
        _copy_to_history(Incident, sorted(linked - versioned), history_type="~")
        _snapshot_regions(sorted(linked | versioned))

    def _ref(self, parsed: ParsedIncident, incident: Incident) -> ExternalRef:
        return ExternalRef(
            source_id=self.source.pk,
            external_id=parsed.external_id,
            incident_id=incident.pk,
            # Only http(s): a vendor's javascript: link would otherwise be stored and linked.
            url=http_url(parsed.url)[:1000],
            first_seen_at=self.now,
            last_seen_at=self.now,
        )

    def _slug(self, parsed: ParsedIncident) -> str:
        return incident_slug(self.provider.slug, parsed.started_at, parsed.external_id)


def _same_time(
    rows: list[IncidentUpdate], posted_at: dt.datetime, matched: set[int], has_id: bool
) -> IncidentUpdate | None:
    """Return the first unmatched update posted at `posted_at` (one without an id, if `has_id`)."""
    for row in rows:
        taken = id(row) in matched or (has_id and row.external_id)
        if row.posted_at == posted_at and not taken:
            return row
    return None


def _create_rows(model: type[Any], rows: list) -> list:
    """Bulk-insert rows, then their "created" history records, copied inside the database."""
    if not rows:
        return []
    rows = model.objects.bulk_create(rows, batch_size=BATCH)
    _copy_to_history(model, [row.pk for row in rows])
    return rows


def _copy_to_history(model: type[Any], pks: list[int], history_type: str = "+") -> None:
    # simple-history's bulk_history_create builds a Python object per row: at 5,000 updates
    # that doubled the first ingest. INSERT ... SELECT writes the same rows in the database.
    table = connection.ops.quote_name
    columns = ", ".join(table(f.column) for f in model._meta.concrete_fields)
    history = model.history.model._meta.db_table
    for chunk in _chunks(pks):
        marks = ", ".join(["%s"] * len(chunk))
        sql = (
            f"INSERT INTO {table(history)} ({columns}, history_date, history_change_reason,"  # noqa: S608 - names from model meta
            f" history_type, history_user_id) SELECT {columns}, %s, %s, %s, NULL"
            f" FROM {table(model._meta.db_table)} WHERE {table(model._meta.pk.column)} IN ({marks})"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [timezone.now(), REASON, history_type, *chunk])


def _snapshot_regions(incident_ids: list[int]) -> None:
    # simple-history keeps an incident's regions per version in a table of its own; without
    # these rows, restoring an ingested version would empty the incident's regions.
    table = connection.ops.quote_name
    snapshot = apps.get_model("incidents", "HistoricalIncident_regions")._meta.db_table
    history = Incident.history.model._meta.db_table
    links = Incident.regions.through._meta.db_table
    for chunk in _chunks(incident_ids):
        marks = ", ".join(["%s"] * len(chunk))
        sql = (
            f"INSERT INTO {table(snapshot)} (id, incident_id, region_id, history_id)"  # noqa: S608 - names from model meta
            f" SELECT r.id, r.incident_id, r.region_id, h.history_id FROM {table(links)} r"
            f" JOIN (SELECT id, MAX(history_id) AS history_id FROM {table(history)}"
            f" WHERE id IN ({marks}) GROUP BY id) h ON h.id = r.incident_id"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, chunk)


def _update_rows(model: type, rows: list, fields: list[str]) -> None:
    if rows:
        bulk_update_with_history(
            rows, model, fields, batch_size=BATCH, default_change_reason=REASON
        )


@contextlib.contextmanager
def gc_paused() -> Iterator[None]:
    # The upsert allocates thousands of long-lived model objects, which set off full
    # collections that found nothing to free and cost a third of a first ingest.
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _digest(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()[:8]
