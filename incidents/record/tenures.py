"""People's tenures and the incidents during them; products' upstream dependencies."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db import connection

from incidents.models import Incident, LeadershipAction, LeadershipChange, Organization, Person
from incidents.site.timeline import LIST_DEFERRED, attach_tags, public_incidents

TENURE_INCIDENTS = 25

DEPENDENCIES_SQL = """
WITH RECURSIVE upstream(product_id, depth) AS (
    SELECT to_product_id, 1 FROM incidents_product_depends_on WHERE from_product_id = %s
    UNION
    SELECT d.to_product_id, u.depth + 1
    FROM incidents_product_depends_on d JOIN upstream u ON d.from_product_id = u.product_id
    WHERE u.depth < 6
)
SELECT DISTINCT product_id FROM upstream WHERE product_id <> %s
"""


def dependency_ids(product_id: int) -> list[int]:
    """Return the ids of every product `product_id` depends on, directly or not."""
    with connection.cursor() as cursor:
        cursor.execute(DEPENDENCIES_SQL, [product_id, product_id])
        return [row[0] for row in cursor.fetchall()]


@dataclass
class Tenure:
    organization: Organization
    role: str
    acting: bool
    start: dt.date | None
    end: dt.date | None
    changes: list[LeadershipChange] = field(default_factory=list)
    incidents: list[Incident] = field(default_factory=list)
    more: bool = False


def tenures_of(person: Person) -> list[Tenure]:
    """Pair each appointment with the departure that ends it, and find incidents in between."""
    result: list[Tenure] = []
    open_by_role: dict[tuple[int, str], Tenure] = {}
    changes = person.changes.select_related("organization").order_by("announced_on", "id")
    for change in changes:
        key = (change.organization_id, change.role.lower())
        day = change.effective_on or change.announced_on
        tenure = open_by_role.get(key)
        if change.action == LeadershipAction.DEPARTED:
            open_by_role.pop(key, None)
            if tenure is None:
                tenure = Tenure(change.organization, change.role, change.acting, None, None)
                result.append(tenure)
            tenure.end = day
        elif tenure is None:
            # An appointment, or a succession announced ahead of it: the tenure opens.
            tenure = Tenure(change.organization, change.role, change.acting, day, None)
            open_by_role[key] = tenure
            result.append(tenure)
        tenure.changes.append(change)
    children = _children_map()
    for tenure in result:
        _fill_incidents(tenure, descendants(tenure.organization.pk, children))
    return result


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


def _fill_incidents(tenure: Tenure, organizations: set[int]) -> None:
    qs = public_incidents().defer(*LIST_DEFERRED).filter(provider__organization__in=organizations)
    if tenure.start:
        qs = qs.filter(started_at__date__gte=tenure.start)
    if tenure.end:
        qs = qs.filter(started_at__date__lte=tenure.end)
    rows = attach_tags(list(qs[: TENURE_INCIDENTS + 1]))
    tenure.incidents, tenure.more = rows[:TENURE_INCIDENTS], len(rows) > TENURE_INCIDENTS
