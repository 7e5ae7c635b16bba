"""Hear of incident changes from every writer; queue one coalesced dispatch per incident.

The admin and the API save through the ORM (model signals); ingestion writes in bulk and
announces its incidents with `incidents_changed`. Nothing is queued before the commit.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_save

from incidents.models import (
    CorporateEvent,
    Incident,
    IncidentUpdate,
    LeadershipChange,
    ProductImpact,
    Subscription,
)
from incidents.models.changes import incidents_changed

from .company_events import kind_of

logger = logging.getLogger(__name__)


def pending_key(incident_id: int) -> str:
    return f"notify:pending:{incident_id}"


def connect_signals() -> None:
    """Listen for changes to incidents and their updates and impacts."""
    post_save.connect(_incident_saved, sender=Incident, dispatch_uid="notify-incident")
    for model in (IncidentUpdate, ProductImpact):
        post_save.connect(_child_saved, sender=model, dispatch_uid=f"notify-{model.__name__}")
    incidents_changed.connect(_bulk_changed, dispatch_uid="notify-bulk")
    for event_model in (LeadershipChange, CorporateEvent):
        uid = f"notify-{event_model.__name__}"
        post_save.connect(_event_saved, sender=event_model, dispatch_uid=uid)


def _event_saved(sender, instance, created: bool = False, raw: bool = False, **_kwargs) -> None:
    # Told when it is added; an editor's later correction is not news.
    if created and not raw:
        kind = kind_of(instance)
        transaction.on_commit(lambda: queue_event(kind, instance.pk))


def queue_event(kind: str, pk: int) -> None:
    """Enqueue the fan-out of one new leadership change or corporate event."""
    try:
        if Subscription.objects.active().filter(on_events=True).exists():
            from .tasks import dispatch_event

            dispatch_event.delay(kind, pk)
    except Exception:
        # As for incidents: the editor's save stands even when the broker is down.
        logger.exception("could not queue notifications for %s %s", kind, pk)


def _incident_saved(sender, instance: Incident, raw: bool = False, **_kwargs) -> None:
    if not raw:
        changed([instance.pk])


def _child_saved(sender, instance, raw: bool = False, **_kwargs) -> None:
    if not raw:
        changed([instance.incident_id])


def _bulk_changed(sender, incident_ids: Iterable[int], **_kwargs) -> None:
    changed(incident_ids)


def changed(incident_ids: Iterable[int]) -> None:
    """Queue a dispatch for `incident_ids` once the current transaction commits."""
    ids = sorted(set(incident_ids))
    if ids:
        transaction.on_commit(lambda: queue(ids))


def queue(incident_ids: list[int]) -> None:
    """Enqueue one dispatch, a window from now, for the incidents not already waiting for one."""
    try:
        if not Subscription.objects.active().exists():
            return
        # Drafts never notify; the dispatch checks again, this only spares the queue.
        public = Incident.objects.filter(pk__in=incident_ids).published()
        # cache.add is atomic on Redis: of many changes in the window, the first one queues.
        window = settings.NOTIFY_COALESCE_SECONDS
        fresh = [
            pk
            for pk in public.values_list("pk", flat=True)
            if cache.add(pending_key(pk), 1, timeout=window + 60)
        ]
        if fresh:
            from .tasks import dispatch

            dispatch.apply_async((fresh,), countdown=window)
    except Exception:
        # After the commit the editor's change is saved; a broker outage must not turn it into
        # an error page. The next change to the incident queues it again.
        logger.exception("could not queue notifications for incidents %s", incident_ids)
