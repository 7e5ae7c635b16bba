"""Turn the changes queued for some incidents into deliveries, one transaction per incident."""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable

from django.core.cache import cache
from django.db import transaction

from incidents.models import Incident

from .collect import pending_key
from .components import take_component_changes
from .events import take_events
from .fanout import BATCH, fan_out

logger = logging.getLogger(__name__)


def dispatch(incident_ids: list[int], enqueue: Callable[[list[int]], None]) -> int:
    """Create the deliveries owed for `incident_ids`; hand each batch to `enqueue` after commit."""
    # Cleared first: a change committed from now on queues a dispatch of its own.
    cache.delete_many([pending_key(i) for i in incident_ids])
    created = 0
    for incident_id in incident_ids:
        try:
            created += _dispatch_one(incident_id, enqueue)
        except Exception:
            # One incident's failure never holds up the others' notifications.
            logger.exception("dispatching notifications for incident %s failed", incident_id)
    return created


def _dispatch_one(incident_id: int, enqueue: Callable[[list[int]], None]) -> int:
    with transaction.atomic():
        created = _component_updates(incident_id, enqueue)
        incident, events = take_events(incident_id)
        if not events:
            return created
        assert incident is not None  # events are only taken for an incident that exists
        for batch in fan_out(incident, events):
            created += len(batch)
            transaction.on_commit(functools.partial(enqueue, batch))
    return created


def _component_updates(incident_id: int, enqueue: Callable[[list[int]], None]) -> int:
    # A product's status counts public incidents only, so it is worked out whatever this one's.
    incident = Incident.objects.select_related("provider").filter(pk=incident_id).first()
    if incident is None:
        return 0
    ids = [d.pk for d in take_component_changes(incident)]
    for start in range(0, len(ids), BATCH):
        transaction.on_commit(functools.partial(enqueue, ids[start : start + BATCH]))
    return len(ids)
