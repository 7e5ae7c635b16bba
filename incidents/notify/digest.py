"""Hourly and daily digests: one email per subscriber with every incident it was owed."""

from __future__ import annotations

import datetime as dt
import logging

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from incidents.models import Delivery, DeliveryState, Digest, Event, Subscription

from . import company_events
from .mail import format_time, plain_message
from .signing import link

logger = logging.getLogger(__name__)

PERIODS = {Digest.HOURLY: dt.timedelta(hours=1), Digest.DAILY: dt.timedelta(days=1)}


def due_subscriptions(now: dt.datetime) -> list[int]:
    """Return the ids of subscriptions whose digest period has passed and that are owed one."""
    due = Q(pk__in=[])
    for digest, period in PERIODS.items():
        due |= Q(digest=digest) & (
            Q(last_digest_at__isnull=True) | Q(last_digest_at__lte=now - period)
        )
    waiting = Delivery.objects.filter(state=DeliveryState.DIGEST).values("subscription_id")
    queryset = Subscription.objects.active().filter(due, pk__in=waiting)
    return list(queryset.values_list("pk", flat=True))


def send_digest(subscription_id: int, now: dt.datetime | None = None) -> int:
    """Send one subscriber its digest; return how many deliveries it carried."""
    now = now or timezone.now()
    with transaction.atomic():
        subscription = Subscription.objects.select_for_update().filter(pk=subscription_id).first()
        if subscription is None or subscription.state != "active":
            return 0
        items = list(
            Delivery.objects.filter(subscription=subscription, state=DeliveryState.DIGEST)
            .select_related("incident__provider")
            .order_by("created_at", "pk")
        )
        _attach_events(items)
        public = [d for d in items if _still_owed(d)]
        if public:
            _message(subscription, public).send()
        Delivery.objects.filter(pk__in=[d.pk for d in public]).update(
            state=DeliveryState.DIGESTED, sent_at=now, attempts=1
        )
        Delivery.objects.filter(pk__in=[d.pk for d in items if d not in public]).update(
            state=DeliveryState.CANCELLED, error="The incident is no longer public."
        )
        subscription.last_digest_at = now
        subscription.save(update_fields=["last_digest_at"])
    return len(public)


def _attach_events(items: list[Delivery]) -> None:
    for d in items:
        if d.event in company_events.MODELS:
            d.company_event = company_events.load(d.event, d.detail.get("id"))


def _still_owed(d: Delivery) -> bool:
    if d.event in company_events.MODELS:
        return d.company_event is not None
    return bool(d.incident and d.incident.is_public)


def _message(subscription: Subscription, deliveries: list[Delivery]):
    latest = {}
    for d in deliveries:  # one line per incident (or event): the newest thing it was owed
        latest[d.incident_id or (d.event, d.detail.get("id"))] = d
    entries = [_entry(d, subscription) for d in latest.values()]
    unsubscribe = link(subscription.pk, "unsubscribe")
    context = {
        "entries": entries,
        "period": subscription.get_digest_display(),
        "manage_url": link(subscription.pk, "manage"),
        "unsubscribe_url": unsubscribe,
    }
    message = plain_message(
        "notify/email/digest", context, subscription.email, subscription.language
    )
    message.extra_headers.update(
        {
            "List-Unsubscribe": f"<{unsubscribe}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "Auto-Submitted": "auto-generated",
        }
    )
    return message


def _entry(d: Delivery, subscription: Subscription) -> dict:
    if d.event in company_events.MODELS:
        about = company_events.describe(d.company_event, subscription.language)
        return {
            "title": about["title"],
            "provider": about["organization"],
            "event": Event(d.event).label,
            "status": "",
            "started": about["date"],
            "url": about["url"],
        }
    incident = d.incident
    assert incident is not None  # every delivery but a company event's is about an incident
    return {
        "title": incident.localized_title(subscription.language),
        "provider": incident.provider.name,
        "event": Event(d.event).label,
        "status": incident.get_status_display(),
        "started": format_time(incident.started_at, subscription.time_zone),
        "url": settings.NOTIFY_BASE_URL + incident.get_absolute_url(),
    }
