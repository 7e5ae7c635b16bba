"""Send a batch of deliveries: render once, send each, log each, retry or give up, disable."""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import smtplib
from collections import defaultdict
from collections.abc import Callable

from django.conf import settings
from django.core.mail import get_connection
from django.db.models import F, Prefetch
from django.utils import timezone

from incidents.models import (
    Channel,
    Delivery,
    DeliveryState,
    Event,
    Incident,
    IncidentUpdate,
    ProductImpact,
    Subscription,
    SubscriptionState,
)

from . import company_events, mail, webhooks
from .owners import tell_owner_disabled
from .webhooks import Outcome

logger = logging.getLogger(__name__)

OPEN = (DeliveryState.PENDING, DeliveryState.RETRYING)
LOG_FIELDS = ["state", "sent_at", "next_attempt_at", "response_status", "error"]


def send_batch(delivery_ids: list[int]) -> list[tuple[int, float]]:
    """Send the open deliveries among `delivery_ids`; return (id, delay) of those to retry."""
    deliveries = list(
        Delivery.objects.filter(pk__in=delivery_ids, state__in=OPEN)
        .select_related("subscription")
        .order_by("pk")
    )
    incidents = _incidents({d.incident_id for d in deliveries})
    _attach_events(deliveries)
    now = timezone.now()
    outcomes = _send_all(deliveries, incidents)
    retries = [_log(d, outcomes[d.pk], now) for d in deliveries]
    _save_log(deliveries)
    _count(deliveries, outcomes)
    return [r for r in retries if r is not None]


def _incidents(ids: set[int | None]) -> dict[int, Incident]:
    queryset = Incident.objects.filter(pk__in=[i for i in ids if i]).select_related("provider")
    queryset = queryset.prefetch_related(
        Prefetch("updates", queryset=IncidentUpdate.objects.order_by("posted_at", "pk")),
        Prefetch("impacts", queryset=ProductImpact.objects.select_related("product")),
    )
    return {incident.pk: incident for incident in queryset}


def _attach_events(deliveries: list[Delivery]) -> None:
    """Set `company_event` on deliveries about a leadership change or corporate event."""
    for kind in company_events.MODELS:
        ids = {d.detail.get("id") for d in deliveries if d.event == kind}
        if not ids:
            continue
        queryset = company_events.MODELS[kind].objects.filter(pk__in=ids)
        queryset = queryset.select_related("organization").prefetch_related("citations")
        if kind == Event.LEADERSHIP:
            queryset = queryset.select_related("person")
        found = queryset.in_bulk()
        for d in deliveries:
            if d.event == kind:
                d.company_event = found.get(d.detail.get("id"))


def _send_all(deliveries: list[Delivery], incidents: dict[int, Incident]) -> dict[int, Outcome]:
    outcomes: dict[int, Outcome] = {}
    sendable: list[Delivery] = []
    for delivery in deliveries:
        refused = _refusal(delivery, incidents.get(delivery.incident_id or 0))
        if refused:
            outcomes[delivery.pk] = refused
        else:
            sendable.append(delivery)
    emails = [d for d in sendable if d.subscription.channel == Channel.EMAIL]
    hooks = [d for d in sendable if d.subscription.channel == Channel.WEBHOOK]
    outcomes.update(_send_emails(emails, incidents))
    outcomes.update(_send_webhooks(hooks, incidents))
    return outcomes


def _refusal(delivery: Delivery, incident: Incident | None) -> Outcome | None:
    """Say why `delivery` must not go out now, if it must not."""
    if delivery.subscription.state != SubscriptionState.ACTIVE:
        return Outcome(False, error="The subscription is no longer active.", refused=True)
    # A component's status change stands on its own: the body names no unpublished text.
    if delivery.event == Event.COMPONENT:
        return None
    if delivery.event in company_events.MODELS:
        if getattr(delivery, "company_event", None) is None:
            return Outcome(False, error="The event no longer exists.", refused=True)
        return None
    # Unpublished (or merged) after the change was queued: nothing more is said about it.
    if incident is None or not incident.is_public:
        return Outcome(False, error="The incident is no longer public.", refused=True)
    return None


def _send_emails(deliveries: list[Delivery], incidents: dict[int, Incident]) -> dict[int, Outcome]:
    if not deliveries:
        return {}
    rendered = _memo(lambda key: mail.render_incident(incidents[key[0]], key[1], key[2], key[3]))
    about_event = _memo(lambda key: mail.render_company_event(key[0], key[1]))
    outcomes = {}
    prepared = mail.PreparedMessages()
    # One connection for the batch: the SMTP handshake is most of a message's cost.
    with get_connection() as connection:
        for d in deliveries:
            sub = d.subscription
            if d.event in company_events.MODELS:
                message = about_event((d.company_event, sub.language))
            else:
                message = rendered((d.incident_id, d.event, sub.language, sub.time_zone))
            outcomes[d.pk] = _send_email(connection, prepared.message, message, sub, d)
    return outcomes


def _send_email(connection, build: Callable, rendered, sub: Subscription, d: Delivery) -> Outcome:
    try:
        message = build(rendered, sub, d)
        message.connection = connection
        message.send()
    except (ValueError, UnicodeError, smtplib.SMTPRecipientsRefused) as exc:
        # A header injection attempt, a malformed or refused address: retrying cannot help.
        return Outcome(False, error=f"{type(exc).__name__}: {exc}"[:500], permanent=True)
    except Exception as exc:  # SMTP errors and timeouts: worth another try
        logger.warning("email delivery %s failed: %s", d.pk, exc)
        _reset(connection)
        return Outcome(False, error=f"{type(exc).__name__}: {exc}"[:500])
    return Outcome(True)


def _reset(connection) -> None:
    """Drop a connection a failure may have left in a bad state; the next send reopens it."""
    with contextlib.suppress(Exception):  # closing a broken connection may fail too
        connection.close()


def _send_webhooks(
    deliveries: list[Delivery], incidents: dict[int, Incident]
) -> dict[int, Outcome]:
    bases = _memo(lambda incident_id: webhooks.base_body(incidents[incident_id]))
    outcomes = {}
    for d in deliveries:
        if d.event == Event.COMPONENT:
            base = d.detail
        elif d.event in company_events.MODELS:
            base = company_events.webhook_body(d.company_event)
        else:
            base = bases(d.incident_id)
        body = webhooks.body_for(base, d.subscription, d)
        outcomes[d.pk] = webhooks.send(d.subscription, body, d.event)
    return outcomes


def _memo(build: Callable) -> Callable:
    cache: dict = {}

    def get(key):
        if key not in cache:
            cache[key] = build(key)
        return cache[key]

    return get


def _log(delivery: Delivery, outcome: Outcome, now: dt.datetime) -> tuple[int, float] | None:
    """Record `outcome` on `delivery`; return (id, delay) when it should be tried again."""
    delivery.attempts += 1
    delivery.response_status = outcome.status
    delivery.error = outcome.error
    if outcome.ok:
        delivery.state, delivery.sent_at, delivery.next_attempt_at = DeliveryState.SENT, now, None
        return None
    if outcome.refused:
        delivery.state, delivery.next_attempt_at = DeliveryState.CANCELLED, None
        return None
    if outcome.permanent or delivery.attempts >= settings.NOTIFY_MAX_ATTEMPTS:
        delivery.state, delivery.next_attempt_at = DeliveryState.FAILED, None
        return None
    delay = retry_delay(delivery.attempts)
    delivery.state = DeliveryState.RETRYING
    delivery.next_attempt_at = now + dt.timedelta(seconds=delay)
    return delivery.pk, delay


def _save_log(deliveries: list[Delivery]) -> None:
    """Write the outcomes: one UPDATE per distinct outcome, most often one for the whole batch."""
    # bulk_update's CASE per row and column cost more than the sends themselves at 100 rows.
    groups: dict[tuple, list[int]] = defaultdict(list)
    for d in deliveries:
        groups[tuple(getattr(d, name) for name in LOG_FIELDS)].append(d.pk)
    for values, ids in groups.items():
        changes = dict(zip(LOG_FIELDS, values, strict=True))
        Delivery.objects.filter(pk__in=ids).update(attempts=F("attempts") + 1, **changes)


def retry_delay(attempts: int) -> float:
    """Return seconds before try number `attempts + 1`: exponential, capped at six hours."""
    return min(settings.NOTIFY_RETRY_BASE_SECONDS * 2 ** (attempts - 1), 6 * 3600.0)


def _count(deliveries: list[Delivery], outcomes: dict[int, Outcome]) -> None:
    """Reset the failure count of subscribers reached; count a failure for the others."""
    reached = {d.subscription_id for d in deliveries if outcomes[d.pk].ok}
    if reached:
        Subscription.objects.filter(pk__in=reached, consecutive_failures__gt=0).update(
            consecutive_failures=0
        )
    for d in deliveries:
        outcome = outcomes[d.pk]
        # An email failure is most often the tracker's own relay: only receivers are disabled.
        if outcome.ok or outcome.refused or d.subscription.channel != Channel.WEBHOOK:
            continue
        limit = settings.NOTIFY_DISABLE_AFTER
        if d.subscription.record_failure(limit, outcome.error or "Delivery failed."):
            tell_owner_disabled(d.subscription)
