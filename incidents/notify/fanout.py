"""From one incident's events to one delivery per matching subscriber, written in bulk."""

from __future__ import annotations

from collections.abc import Iterator

from incidents.models import Delivery, DeliveryState, Incident, Subscription
from incidents.models.subscriptions import EVENT_FIELDS, EVENT_RANK

# Rows per bulk insert, and deliveries per task: big enough to share a rendering and an SMTP
# connection, small enough that a slow receiver holds up few others.
CHUNK = 1000
BATCH = 100


def fan_out(incident: Incident, events: set[str]) -> Iterator[list[int]]:
    """Create the deliveries `events` on `incident` owe; yield the ids to send, batch by batch."""
    columns = ["pk", "digest", *EVENT_FIELDS.values()]
    rows = (
        Subscription.objects.matching(incident).wanting(events).order_by("pk").values_list(*columns)
    )
    pending: list[int] = []
    chunk: list[Delivery] = []
    for row in rows.iterator(chunk_size=CHUNK):
        chunk.append(_delivery(incident, events, row))
        if len(chunk) == CHUNK:
            pending.extend(_write(chunk))
            chunk = []
            while len(pending) >= BATCH:
                yield pending[:BATCH]
                pending = pending[BATCH:]
    pending.extend(_write(chunk))
    for start in range(0, len(pending), BATCH):
        yield pending[start : start + BATCH]


def _delivery(incident: Incident, events: set[str], row: tuple) -> Delivery:
    pk, digest, *wants = row
    wanted = {e for e, want in zip(EVENT_FIELDS, wants, strict=True) if want} & events
    event = next(e for e in EVENT_RANK if e in wanted)
    state = DeliveryState.DIGEST if digest else DeliveryState.PENDING
    return Delivery(subscription_id=pk, incident=incident, event=event, state=state)


def _write(chunk: list[Delivery]) -> list[int]:
    """Insert `chunk`; return the ids of those to send now (digest ones wait for their digest)."""
    if not chunk:
        return []
    created = Delivery.objects.bulk_create(chunk)
    return [d.pk for d in created if d.state == DeliveryState.PENDING]
