"""Build the public timeline: incidents, leadership changes and corporate events, newest first."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from itertools import groupby
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from incidents.models import (
    CorporateEvent,
    Impact,
    Incident,
    IncidentLink,
    IncidentQuerySet,
    LeadershipChange,
    Organization,
    ProductImpact,
    ReviewState,
)
from incidents.record.bounds import in_zone
from incidents.record.durations import attach_durations
from incidents.record.filters import LIST_DEFERRED, TimelineFilters, filter_incidents

PAGE_SIZE = 50


@dataclass
class Entry:
    kind: str  # "incident", "leadership" or "event"
    when: dt.datetime
    obj: Any  # an Incident, LeadershipChange or CorporateEvent, by kind
    links: list[IncidentLink] = field(default_factory=list)


@dataclass
class MonthGroup:
    month: dt.date
    entries: list[Entry]


@dataclass
class TimelinePage:
    number: int
    groups: list[MonthGroup]
    has_previous: bool
    has_next: bool

    @property
    def is_empty(self) -> bool:
        return not self.groups


def public_incidents() -> IncidentQuerySet:
    """Published incidents with their provider; attach_tags() adds regions and products."""
    return Incident.objects.published().select_related("provider")


def attach_tags(incidents: list[Incident]) -> list[Incident]:
    """Set region_slugs, product_tags, checked_tags ((slug, name) pairs) and durations.

    product_tags are the products the incident took down (impact above none); checked_tags
    the ones sources checked and found fine, shown apart and never counted as affected.
    """
    # Two flat value queries instead of prefetch_related, which built some 400 Region,
    # ProductImpact and Product objects per page of 50: 18 ms of data work became 11.
    # The tags are attributes of these rows for the templates, not model fields.
    by_id: dict[int, Any] = {incident.pk: incident for incident in incidents}
    for incident in by_id.values():
        incident.region_slugs, incident.product_tags, incident.checked_tags = [], [], []
    if not by_id:
        return incidents
    regions = Incident.regions.through.objects.filter(incident_id__in=by_id).order_by()
    for incident_id, slug in regions.values_list("incident_id", "region__slug"):
        by_id[incident_id].region_slugs.append(slug)
    impacts = ProductImpact.objects.filter(incident_id__in=by_id).order_by()
    affecting = set(Impact.affecting())
    for incident_id, slug, name, impact in impacts.values_list(
        "incident_id", "product__slug", "product__name", "impact"
    ):
        owner = by_id[incident_id]
        (owner.product_tags if impact in affecting else owner.checked_tags).append((slug, name))
    for incident in by_id.values():
        incident.region_slugs.sort()
        incident.product_tags.sort(key=lambda tag: tag[1])
        incident.checked_tags.sort(key=lambda tag: tag[1])
    return attach_durations(incidents)


def build_page(filters: TimelineFilters, number: int) -> TimelinePage:
    """Return page `number` of the timeline; an empty page past the first means past the end."""
    if "incidents" in filters.kinds:
        incidents, has_next, lower, upper = _incident_slice(filters, number)
        past_end = number > 1 and not incidents
        events = [] if past_end else _events(filters, lower, upper)
    else:
        incidents, has_next = [], False
        everything = _events(filters, None, None)
        start = (number - 1) * PAGE_SIZE
        events, has_next = (
            everything[start : start + PAGE_SIZE],
            len(everything) > start + PAGE_SIZE,
        )
    entries = [Entry("incident", i.started_at, i) for i in incidents] + events
    _attach_links(entries)
    entries.sort(key=lambda e: e.when, reverse=True)
    return TimelinePage(number, _by_month(entries), number > 1, has_next)


def _incident_slice(
    filters: TimelineFilters, number: int
) -> tuple[list[Incident], bool, dt.datetime | None, dt.datetime | None]:
    # Fetch one row either side: the previous page's last start bounds this page's events
    # from above, the next page's existence says whether there is one.
    offset = (number - 1) * PAGE_SIZE
    first = max(offset - 1, 0)
    rows = attach_tags(list(filter_incidents(filters)[first : offset + PAGE_SIZE + 1]))
    upper = rows.pop(0).started_at if number > 1 and rows else None
    if number > 1 and not rows:
        return [], False, None, None
    has_next = len(rows) > PAGE_SIZE
    rows = rows[:PAGE_SIZE]
    lower = rows[-1].started_at if has_next else None
    return rows, has_next, lower, upper


def _events(
    filters: TimelineFilters, lower: dt.datetime | None, upper: dt.datetime | None
) -> list[Entry]:
    if not filters.shows_events:
        return []
    entries = []
    if "leadership" in filters.kinds:
        changes = LeadershipChange.objects.select_related("person", "organization")
        changes = _event_filters(changes, filters, "announced_on", lower, upper)
        if filters.q:
            changes = changes.filter(
                Q(role__icontains=filters.q)
                | Q(person__name__icontains=filters.q)
                | Q(person__name_native__icontains=filters.q)
                | Q(note__icontains=filters.q)
            )
        entries += [Entry("leadership", _noon(c.announced_on), c) for c in changes]
    if "events" in filters.kinds:
        events = CorporateEvent.objects.select_related("organization")
        events = _event_filters(events, filters, "occurred_on", lower, upper)
        if filters.q:
            events = events.filter(Q(title__icontains=filters.q) | Q(summary__icontains=filters.q))
        entries += [Entry("event", _noon(e.occurred_on), e) for e in events]
    entries = [e for e in entries if _within(e.when, lower, upper)]
    entries.sort(key=lambda e: e.when, reverse=True)
    return entries


def _within(when: dt.datetime, lower: dt.datetime | None, upper: dt.datetime | None) -> bool:
    return (lower is None or when >= lower) and (upper is None or when < upper)


def _event_filters(
    qs: QuerySet,
    filters: TimelineFilters,
    date_field: str,
    lower: dt.datetime | None,
    upper: dt.datetime | None,
) -> QuerySet:
    organization = _organization_of(filters)
    if organization is not None:
        qs = qs.filter(organization__in=ancestors(organization))
    elif filters.provider or filters.product:
        return qs.none()
    if filters.since:
        qs = qs.filter(**{f"{date_field}__gte": filters.since})
    if filters.until:
        qs = qs.filter(**{f"{date_field}__lte": filters.until})
    # A coarse cut by date in SQL; _within() draws the exact page boundary.
    if lower is not None:
        qs = qs.filter(**{f"{date_field}__gte": lower.astimezone(dt.UTC).date()})
    if upper is not None:
        qs = qs.filter(**{f"{date_field}__lte": upper.astimezone(dt.UTC).date()})
    return qs


def _noon(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(12), tzinfo=dt.UTC)


def _organization_of(filters: TimelineFilters) -> Organization | None:
    if filters.provider:
        return filters.provider.organization
    if filters.product:
        return filters.product.owner
    return None


def ancestors(organization: Organization) -> list[Organization]:
    """Return the organization and every parent above it."""
    chain: list[Organization] = []
    seen: set[int] = set()
    current: Organization | None = organization
    while current is not None and current.pk not in seen:
        chain.append(current)
        seen.add(current.pk)
        current = current.parent
    return chain


def _attach_links(entries: list[Entry]) -> None:
    incidents = {e.obj.pk: e for e in entries if e.kind == "incident"}
    changes = {e.obj.pk: e for e in entries if e.kind == "leadership"}
    events = {e.obj.pk: e for e in entries if e.kind == "event"}
    if not entries:
        return
    links = (
        IncidentLink.objects.filter(
            Q(incident__in=list(incidents))
            | Q(leadership_change__in=list(changes))
            | Q(corporate_event__in=list(events))
        )
        .filter(incident__review_state=ReviewState.PUBLISHED, incident__merged_into__isnull=True)
        .select_related("incident", "leadership_change__person", "corporate_event")
        # The entries show the linked incident's title and start, never its long texts.
        .defer(*(f"incident__{name}" for name in LIST_DEFERRED))
        .order_by("incident__started_at", "id")
    )
    for link in links:
        for owner in (
            incidents.get(link.incident_id),
            changes.get(link.leadership_change_id or 0),
            events.get(link.corporate_event_id or 0),
        ):
            if owner is not None:
                owner.links.append(link)


def _by_month(entries: list[Entry]) -> list[MonthGroup]:
    def month(entry: Entry) -> dt.date:
        if entry.kind == "incident":
            local = in_zone(entry.when, timezone.get_current_timezone())
            return dt.date(local.year, local.month, 1)
        return dt.date(entry.obj.date.year, entry.obj.date.month, 1)

    return [MonthGroup(m, list(group)) for m, group in groupby(entries, key=month)]


def count_incidents(filters: TimelineFilters) -> int | None:
    """Count the incidents these filters match, or None when the view shows none."""
    if "incidents" not in filters.kinds:
        return None
    return filter_incidents(filters).order_by().count()
