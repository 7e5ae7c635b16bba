"""Editors' rules every surface shares: who may publish and merge, what an edit marks,
merging duplicate incidents, and where a merged duplicate's id leads."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction

from incidents.models import (
    ExternalRef,
    Incident,
    IncidentCitation,
    IncidentLink,
    IncidentUpdate,
    ProductImpact,
    ReportedTime,
    ReviewState,
)

# The admin's groups grant these; the API checks the same ones.
PUBLISH_PERMISSION = "incidents.publish_incident"
MERGE_PERMISSION = "incidents.merge_incident"
SEE_UNPUBLISHED_PERMISSION = "incidents.view_incident"
# Every stored field of an incident an editor's edit can change, and so mark as edited.
_BOOKKEEPING = {"id", "edited_fields", "created_at", "updated_at"}
EDITABLE_FIELDS = frozenset(f.name for f in Incident._meta.concrete_fields) - _BOOKKEEPING


def may_publish(user: Any) -> bool:
    """Tell whether `user` may change an incident's review state (the Reviewers group)."""
    return bool(user.is_authenticated and user.has_perm(PUBLISH_PERMISSION))


def may_merge(user: Any) -> bool:
    """Tell whether `user` may merge incidents or unmerge one."""
    return bool(user.is_authenticated and user.has_perm(MERGE_PERMISSION))


def may_see_unpublished(user: Any) -> bool:
    """Tell whether `user` may read drafts, hidden and merged incidents."""
    return bool(user.is_authenticated and user.has_perm(SEE_UNPUBLISHED_PERMISSION))


def check_review_state(user: Any, current: str, wanted: str | None) -> None:
    """Refuse a change of review state (publishing, hiding) to users outside Reviewers."""
    if wanted is not None and wanted != current and not may_publish(user):
        raise PermissionDenied(f"Only reviewers may change the review state to {wanted!r}.")


def mark_editor_changes(
    edited: Incident, stored: Incident | None, named: Iterable[str] = ()
) -> None:
    """Mark what an editor changed, so ingestion leaves it alone: the fields named (a form's
    changed data) and every field whose value differs from the stored row (a history revert
    posts an old version unchanged)."""
    changed = set(named) & EDITABLE_FIELDS
    if stored is not None:
        changed |= {name for name in EDITABLE_FIELDS if _differs(edited, stored, name)}
    edited.mark_edited(sorted(changed))


def _differs(edited: Incident, stored: Incident, name: str) -> bool:
    attname = Incident._meta.get_field(name).attname  # type: ignore[union-attr]
    return getattr(edited, attname) != getattr(stored, attname)


def validate_group(incidents: Iterable[Incident]) -> None:
    """Raise ValidationError unless `incidents` could be merged into one of them."""
    incidents = list(incidents)
    if len({incident.pk for incident in incidents}) < 2:
        raise ValidationError("Select at least two incidents to merge.")
    if len({incident.provider_id for incident in incidents}) > 1:
        raise ValidationError(
            "Incidents from different providers cannot be merged: "
            "a duplicate is the same provider's incident reported twice."
        )


def validate_merge(survivor: Incident, duplicates: Iterable[Incident]) -> None:
    """Raise ValidationError unless `duplicates` may be merged into `survivor`."""
    duplicates = list(duplicates)
    if any(duplicate.pk == survivor.pk for duplicate in duplicates):
        raise ValidationError("An incident cannot be merged into itself.")
    if survivor.merged_into_id:
        raise ValidationError(
            f"“{survivor}” is itself merged into another incident; merge into that one."
        )
    validate_group([survivor, *duplicates])


@transaction.atomic
def merge_incidents(survivor: Incident, duplicates: Iterable[Incident]) -> Incident:
    """Move everything from `duplicates` onto `survivor` and mark them merged into it."""
    duplicates = list(duplicates)
    validate_merge(survivor, duplicates)
    reason = f"Merged into {survivor.slug}"[:100]
    for duplicate in duplicates:
        _move_children(duplicate, survivor, reason)
        _merge_impacts(duplicate, survivor, reason)
        survivor.regions.add(*duplicate.regions.all())
        for incident in [duplicate, *Incident.objects.filter(merged_into=duplicate)]:
            incident.merged_into = survivor
            _save(incident, reason, ["merged_into", "updated_at"])
    return survivor


# Rows that cannot move because the survivor already has their twin stay on the duplicate:
# nothing is deleted, and the duplicate keeps pointing at the survivor.
_UNIQUE_ON: list[tuple[type[Any], tuple[str, ...]]] = [
    (IncidentUpdate, ("external_id",)),
    (ExternalRef, ()),
    (IncidentLink, ("leadership_change_id", "corporate_event_id")),
    (IncidentCitation, ("citation_id",)),
    (ReportedTime, ("field", "citation_id")),
]


def _move_children(duplicate: Incident, survivor: Incident, reason: str) -> None:
    for model, key_fields in _UNIQUE_ON:
        taken = {_key(row, key_fields) for row in model.objects.filter(incident=survivor)}
        for row in model.objects.filter(incident=duplicate):
            if key_fields and _key(row, key_fields) in taken and _key_is_set(row, key_fields):
                continue
            row.incident = survivor
            _save(row, reason, ["incident"])


def _key(row: models.Model, fields: tuple[str, ...]) -> tuple:
    return tuple(getattr(row, name) for name in fields)


def _key_is_set(row: models.Model, fields: tuple[str, ...]) -> bool:
    # An update without an external id is never unique, so it always moves.
    return any(getattr(row, name) not in (None, "") for name in fields)


def _merge_impacts(duplicate: Incident, survivor: Incident, reason: str) -> None:
    kept = {row.product_id: row for row in survivor.impacts.select_related("incident")}
    for row in duplicate.impacts.select_related("incident"):
        twin = kept.get(row.product_id)
        if twin is None:
            row.incident = survivor
            _save(row, reason, ["incident"])
        elif _widen(twin, row):
            _save(twin, reason, ["started_at", "ended_at"])


def _widen(kept: ProductImpact, other: ProductImpact) -> bool:
    """Stretch `kept`'s window to cover `other`'s; return whether it changed."""
    start = min(kept.effective_start, other.effective_start)
    ends = [kept.effective_end, other.effective_end]
    end = None if None in ends else max(e for e in ends if e is not None)
    changed = False
    if start != kept.effective_start:
        kept.started_at, changed = start, True
    if end != kept.effective_end:
        kept.ended_at, changed = end, True
    return changed


def _save(row: models.Model, reason: str, fields: list[str]) -> None:
    # Saved one by one through the ORM so django-simple-history records every move.
    row._change_reason = reason  # type: ignore[attr-defined]  # read by django-simple-history
    row.save(update_fields=fields)


def public_survivor(slug: str) -> Incident | None:
    """Return the public incident a once-public duplicate was merged into, if any."""
    duplicate = Incident.objects.filter(slug=slug, merged_into__isnull=False).first()
    # A duplicate nobody could see must answer like an unknown slug, or its id reveals it.
    if duplicate is None or not duplicate.was_ever_public():
        return None
    survivor = duplicate.merged_into
    while survivor is not None and survivor.merged_into_id is not None:
        survivor = survivor.merged_into
    return survivor if survivor is not None and survivor.is_public else None


def merge_redirects() -> dict[str, str]:
    """Map every once-public duplicate's id to its public survivor's id, in a few queries."""
    merged = {
        pk: (slug, into)
        for pk, slug, into in Incident.objects.filter(merged_into__isnull=False).values_list(
            "pk", "slug", "merged_into_id"
        )
    }
    once_public = set(
        Incident.history.filter(
            id__in=list(merged), review_state=ReviewState.PUBLISHED, merged_into__isnull=True
        )
        .values_list("id", flat=True)
        .distinct()
    )
    ends = {pk: _last_of_chain(pk, merged) for pk in once_public}
    public = dict(
        Incident.objects.published().filter(pk__in=set(ends.values())).values_list("pk", "slug")
    )
    redirects = {merged[pk][0]: public[end] for pk, end in ends.items() if end in public}
    return dict(sorted(redirects.items()))


def _last_of_chain(pk: int, merged: dict[int, tuple[str, int]]) -> int:
    seen: set[int] = set()
    while pk in merged and pk not in seen:
        seen.add(pk)
        pk = merged[pk][1]
    return pk
