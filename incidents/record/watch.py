"""Which writes change which incidents' records: the listeners that keep stored records true.

Rows of an incident (its updates, impacts, refs, links, citations, reported times, markers)
retire that incident's record on save and delete. A catalogue row retires the records that
show it, and only when a value the record carries changed (renaming a product rebuilds its
incidents; editing its description rebuilds nothing), read before the save in one query.
Bulk writers announce their incidents with `incidents_changed`.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Model
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save

from incidents import models
from incidents.models.changes import incidents_changed

from .stored import mark_changed

# Rows whose `incident_id` names the incident whose record shows them.
INCIDENT_ROWS = (
    models.IncidentUpdate,
    models.ProductImpact,
    models.ExternalRef,
    models.IncidentLink,
    models.IncidentCitation,
    models.ReportedTime,
    models.ValueSourcing,
)

# Catalogue rows: the fields the record shows, and how to find the incidents that show them.
CATALOGUE: dict[type[Model], tuple[tuple[str, ...], list[tuple[Any, str]]]] = {
    models.Provider: (("slug",), [(models.Incident, "provider_id")]),
    models.Region: (("slug",), [(models.Incident.regions.through, "region_id")]),
    models.Product: (("slug", "name", "name_native"), [(models.ProductImpact, "product_id")]),
    models.Source: (("name",), [(models.ExternalRef, "source_id")]),
    models.Citation: (
        ("url", "title", "publisher", "published_on", "language", "official", "quote"),
        [
            (models.IncidentCitation, "citation_id"),
            (models.ReportedTime, "citation_id"),
            (models.ValueSourcing, "citation_id"),
            (models.IncidentLink, "citation_id"),
        ],
    ),
    models.LeadershipChange: (
        ("slug", "announced_on"),
        [(models.IncidentLink, "leadership_change_id")],
    ),
    models.CorporateEvent: (("slug", "occurred_on"), [(models.IncidentLink, "corporate_event_id")]),
}


def connect_signals() -> None:
    """Connect every listener; called once from the app's ready()."""
    incidents_changed.connect(_announced, dispatch_uid="stored-announced")
    post_save.connect(_incident_saved, sender=models.Incident, dispatch_uid="stored-incident")
    for model in INCIDENT_ROWS:
        uid = f"stored-row-{model.__name__}"
        pre_save.connect(_row_moving, sender=model, dispatch_uid=f"{uid}-pre")
        post_save.connect(_row_changed, sender=model, dispatch_uid=uid)
        post_delete.connect(_row_changed, sender=model, dispatch_uid=f"{uid}-delete")
    for catalogue in CATALOGUE:
        uid = f"stored-catalogue-{catalogue.__name__}"
        pre_save.connect(_catalogue_before, sender=catalogue, dispatch_uid=f"{uid}-pre")
        post_save.connect(_catalogue_saved, sender=catalogue, dispatch_uid=uid)
    for through in (models.Incident.regions.through, models.Incident.citations.through):
        m2m_changed.connect(_m2m_changed, sender=through, dispatch_uid=f"stored-m2m-{through}")


def _announced(sender: Any, incident_ids: set[int], **_kwargs: Any) -> None:
    mark_changed(incident_ids)


def _incident_saved(sender: Any, instance: models.Incident, **_kwargs: Any) -> None:
    mark_changed([instance.pk])


def _row_moving(sender: Any, instance: Any, **_kwargs: Any) -> None:
    # A row moved to another incident (a merge moves updates and refs) leaves two records.
    if instance.pk is not None:
        before = sender.objects.filter(pk=instance.pk).values_list("incident_id", flat=True)
        instance._record_incident_before = next(iter(before), None)


def _row_changed(sender: Any, instance: Any, **_kwargs: Any) -> None:
    mark_changed([instance.incident_id, getattr(instance, "_record_incident_before", None)])


def _catalogue_before(sender: Any, instance: Any, **_kwargs: Any) -> None:
    fields = CATALOGUE[sender][0]
    if instance.pk is not None:
        before = sender.objects.filter(pk=instance.pk).values_list(*fields)
        instance._record_values_before = next(iter(before), None)


def _catalogue_saved(sender: type[Model], instance: Any, created: bool, **_kwargs: Any) -> None:
    fields, shown_by = CATALOGUE[sender]
    before = getattr(instance, "_record_values_before", None)
    if created or before is None or before == tuple(getattr(instance, f) for f in fields):
        return
    for model, column in shown_by:
        ids = model.objects.filter(**{column: instance.pk})
        key = "pk" if model is models.Incident else "incident_id"
        mark_changed(ids.values_list(key, flat=True).distinct())


def _m2m_changed(
    sender: Any, instance: Any, action: str, reverse: bool, pk_set: set | None, **_kwargs: Any
) -> None:
    if action not in ("post_add", "post_remove", "pre_clear"):
        return
    if not reverse:
        mark_changed([instance.pk])
    elif pk_set is not None:
        mark_changed(pk_set)
    else:  # a region or citation cleared of every incident
        column = "region_id" if sender is models.Incident.regions.through else "citation_id"
        rows = sender.objects.filter(**{column: instance.pk})
        mark_changed(rows.values_list("incident_id", flat=True))
