"""Thin Celery tasks on the `notifications` queue (CELERY_TASK_ROUTES): ids in, work elsewhere."""

from __future__ import annotations

from celery import shared_task
from django.utils import timezone

from incidents.models import Subscription, SubscriptionState

from . import digest
from .company_events import take_event
from .dispatch import dispatch as dispatch_incidents
from .fanout import BATCH
from .send import send_batch
from .subscribe import send_confirmation_email


@shared_task(soft_time_limit=120, time_limit=150, ignore_result=True)
def dispatch(incident_ids: list[int]) -> int:
    """Create the deliveries owed for changes to `incident_ids`; queue them in batches."""
    return dispatch_incidents(incident_ids, lambda batch: deliver.delay(batch))


@shared_task(soft_time_limit=120, time_limit=150, ignore_result=True)
def dispatch_event(kind: str, pk: int) -> int:
    """Create the deliveries a new leadership change or corporate event owes; queue them."""
    ids = take_event(kind, pk)
    for start in range(0, len(ids), BATCH):
        deliver.delay(ids[start : start + BATCH])
    return len(ids)


# A batch of 100 to receivers that each hang until their 10 s timeout would take 1,000 s:
# the limits are per batch, and a hung receiver's delivery is retried like any failure.
@shared_task(soft_time_limit=1500, time_limit=1600, ignore_result=True, acks_late=True)
def deliver(delivery_ids: list[int]) -> int:
    """Send these deliveries; schedule a retry, with backoff, for each that failed."""
    retries = send_batch(delivery_ids)
    for delivery_id, delay in retries:
        deliver.apply_async(([delivery_id],), countdown=delay)
    return len(delivery_ids) - len(retries)


@shared_task(soft_time_limit=60, time_limit=90, ignore_result=True)
def send_confirmation(subscription_id: int) -> None:
    """Send the double opt-in email of a subscription still waiting for it."""
    subscription = Subscription.objects.filter(
        pk=subscription_id, state=SubscriptionState.PENDING
    ).first()
    if subscription is not None:
        send_confirmation_email(subscription)


@shared_task(soft_time_limit=240, time_limit=280, ignore_result=True)
def send_digests() -> int:
    """Queue one digest task per subscriber whose digest is due."""
    due = digest.due_subscriptions(timezone.now())
    for subscription_id in due:
        send_digest.delay(subscription_id)
    return len(due)


@shared_task(soft_time_limit=60, time_limit=90, ignore_result=True)
def send_digest(subscription_id: int) -> int:
    """Send one subscriber's digest."""
    return digest.send_digest(subscription_id)
