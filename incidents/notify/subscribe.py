"""Create a subscription from the form and start its double opt-in."""

from __future__ import annotations

import secrets

from django.db import transaction

from incidents.models import Channel, Event, Subscription, SubscriptionState

from .mail import plain_message
from .signing import link


@transaction.atomic
def create_subscription(data: dict, language: str, time_zone: str) -> Subscription:
    """Save a subscription from SubscribeForm data; an email one waits for its confirmation."""
    webhook = data["channel"] == Channel.WEBHOOK
    subscription = Subscription.objects.create(
        channel=data["channel"],
        email="" if webhook else data["email"],
        url=data["url"] if webhook else "",
        owner_email=data.get("owner_email", "") if webhook else "",
        secret=secrets.token_hex(32) if webhook else "",
        provider=data["provider"],
        product=data["product"],
        region=data["region"],
        impact_min=data["impact"],
        on_new=data["on_new"],
        on_update=data["on_update"],
        on_resolve=data["on_resolve"],
        on_postmortem=data["on_postmortem"],
        on_events=data.get("on_events", False),
        on_component=webhook and data.get("on_component", False),
        # A digest is for people; a webhook receiver gets each event as it happens.
        digest="" if webhook else data["digest"],
        language=language,
        time_zone=time_zone,
        # Whoever can read the manage page shown now owns the webhook; email must prove it.
        state=SubscriptionState.ACTIVE if webhook else SubscriptionState.PENDING,
    )
    if not webhook:
        transaction.on_commit(lambda: _queue_confirmation(subscription.pk))
    return subscription


def _queue_confirmation(subscription_id: int) -> None:
    from .tasks import send_confirmation

    send_confirmation.delay(subscription_id)


def send_confirmation_email(subscription: Subscription) -> None:
    """Send the double opt-in message with its signed confirm link."""
    from .saved_view import view_of

    context = {
        "view": view_of(subscription).describe(),
        "confirm_url": link(subscription.pk, "confirm"),
        "event": Event.CONFIRM,
    }
    message = plain_message(
        "notify/email/confirm", context, subscription.email, subscription.language
    )
    message.send()
