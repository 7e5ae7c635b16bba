"""People's tenures and the incidents during them; products' upstream dependencies.

Domain logic: it reads models only, so every surface (pages, API, export) can use it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from incidents.models import (
    Incident,
    IncidentLink,
    LeadershipAction,
    LeadershipChange,
    Organization,
    Person,
)

RoleKey = tuple[int, str]


@dataclass
class Tenure:
    organization: Organization
    role: str
    acting: bool
    start: dt.date | None
    end: dt.date | None
    changes: list[LeadershipChange] = field(default_factory=list)
    successor: LeadershipChange | None = None
    organizations: set[int] = field(default_factory=set)
    # Filled by the surface that shows the tenure, with the rows it needs.
    incidents: list[Incident] = field(default_factory=list)
    more: bool = False

    @property
    def key(self) -> RoleKey:
        return role_key(self.organization.pk, self.role)


@dataclass
class PersonRecord:
    tenures: list[Tenure]
    # Changes that belong to no tenure: an announcement that never took effect, or a role
    # taken and left on the same day (never shown as a zero-length tenure).
    other_changes: list[LeadershipChange]


def role_key(organization_id: int, role: str) -> RoleKey:
    return (organization_id, " ".join(role.lower().split()))


def day_of(change: LeadershipChange) -> dt.date:
    """Return the day a change took effect (its announcement when no effective day is given)."""
    return change.effective_on or change.announced_on


def changes_of(person: Person) -> list[LeadershipChange]:
    """Return a person's changes in the order they took effect, with their sources and links."""
    links = IncidentLink.objects.select_related("incident", "citation").order_by("id")
    changes = person.changes.select_related("organization").prefetch_related(
        "citations", Prefetch("links", queryset=links)
    )
    return sorted(changes, key=lambda c: (day_of(c), c.pk))


def tenures_of(person: Person) -> PersonRecord:
    """Derive a person's tenures: a role ends when its holder leaves it or a successor takes it."""
    tenures, other = _pair(changes_of(person))
    _close_at_successors(tenures, person)
    kept = [t for t in tenures if t.start is None or t.end is None or t.end > t.start]
    for tenure in tenures:
        if tenure not in kept:
            other.extend(tenure.changes)
    children = _children_map()
    for tenure in kept:
        tenure.organizations = descendants(tenure.organization.pk, children)
    return PersonRecord(kept, sorted(other, key=lambda c: (day_of(c), c.pk)))


def _pair(changes: list[LeadershipChange]) -> tuple[list[Tenure], list[LeadershipChange]]:
    tenures: list[Tenure] = []
    open_by_role: dict[RoleKey, Tenure] = {}
    waiting: dict[RoleKey, list[LeadershipChange]] = {}
    for change in changes:
        key, day = role_key(change.organization_id, change.role), day_of(change)
        current = open_by_role.get(key)
        if change.action == LeadershipAction.ANNOUNCED:
            # An announcement opens nothing: it belongs to the tenure it is about.
            (current.changes if current else waiting.setdefault(key, [])).append(change)
            continue
        if change.action == LeadershipAction.DEPARTED:
            _depart(change, day, open_by_role, tenures)
            continue
        if current is not None and current.acting == change.acting:
            current.changes.append(change)
            continue
        if current is not None:
            # Acting to permanent (or back): the earlier tenure ends where the new one starts.
            current.end = day
        tenure = Tenure(change.organization, change.role, change.acting, day, None)
        tenure.changes = [*waiting.pop(key, []), change]
        open_by_role[key] = tenure
        tenures.append(tenure)
    leftover = [c for pending in waiting.values() for c in pending]
    return tenures, leftover


def _depart(
    change: LeadershipChange,
    day: dt.date,
    open_by_role: dict[RoleKey, Tenure],
    tenures: list[Tenure],
) -> None:
    key = role_key(change.organization_id, change.role)
    tenure = open_by_role.pop(key, None)
    if tenure is None:
        # Left a role whose start the record does not give.
        tenure = Tenure(change.organization, change.role, change.acting, None, None)
        tenures.append(tenure)
    tenure.end, tenure.changes = day, [*tenure.changes, change]
    if change.leaves_organization:
        for other_key in [k for k in open_by_role if k[0] == change.organization_id]:
            ended = open_by_role.pop(other_key)
            ended.end, ended.changes = day, [*ended.changes, change]


def _close_at_successors(tenures: list[Tenure], person: Person) -> None:
    """End each tenure where someone else takes the same role, if that comes first."""
    orgs = {t.organization.pk for t in tenures if t.start is not None}
    appointments = (
        LeadershipChange.objects.filter(organization__in=orgs, action=LeadershipAction.APPOINTED)
        .exclude(person=person)
        .select_related("person")
    )
    by_role: dict[RoleKey, list[LeadershipChange]] = {}
    for change in appointments:
        by_role.setdefault(role_key(change.organization_id, change.role), []).append(change)
    for tenure in tenures:
        if tenure.start is None:
            continue
        later = [c for c in by_role.get(tenure.key, []) if day_of(c) > tenure.start]
        if not later:
            continue
        successor = min(later, key=lambda c: (day_of(c), c.pk))
        if tenure.end is None or day_of(successor) < tenure.end:
            tenure.end, tenure.successor = day_of(successor), successor
        elif day_of(successor) == tenure.end:
            tenure.successor = successor


def incidents_during(tenure: Tenure) -> QuerySet:
    """Published incidents of the tenure's organization (and below) from its start to its end."""
    qs = Incident.objects.published().select_related("provider")
    qs = qs.filter(provider__organization__in=tenure.organizations)
    # Bounds as instants, not started_at__date: that converts every stored row to the
    # reader's zone, which overflows for a time near year 1 or 9999 (SQLite raises).
    if tenure.start:
        qs = qs.filter(started_at__gte=_midnight(tenure.start))
    if tenure.end:
        # The end day belongs to whoever holds the role next.
        qs = qs.filter(started_at__lt=_midnight(tenure.end))
    return qs


def _children_map() -> dict[int, list[int]]:
    children: dict[int, list[int]] = {}
    for pk, parent in Organization.objects.values_list("pk", "parent_id"):
        children.setdefault(parent, []).append(pk)
    return children


def descendants(root: int, children: dict[int, list[int]]) -> set[int]:
    """Return `root` and every organization below it."""
    found, todo = set(), [root]
    while todo:
        current = todo.pop()
        if current not in found:
            found.add(current)
            todo.extend(children.get(current, []))
    return found


def _midnight(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))
