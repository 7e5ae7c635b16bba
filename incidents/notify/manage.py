"""What the manage page may change: events, digest, unsubscribe, turning a webhook back on."""

from __future__ import annotations

from django.http import QueryDict

from incidents.models import Channel, Digest, Subscription, SubscriptionState

EVENT_FIELDS = ("on_new", "on_update", "on_resolve", "on_postmortem")


def apply(subscription: Subscription, data: QueryDict) -> None:
    """Apply the manage form's `action` to `subscription`."""
    action = data.get("action", "")
    if action == "unsubscribe":
        subscription.unsubscribe()
    elif action == "reactivate" and subscription.state == SubscriptionState.DISABLED:
        subscription.reactivate()
    elif action == "update":
        _update(subscription, data)


def _update(subscription: Subscription, data: QueryDict) -> None:
    chosen = {name: data.get(name) == "on" for name in EVENT_FIELDS}
    if not any(chosen.values()):
        return  # nothing left to send: that is what unsubscribing is for
    for name, value in chosen.items():
        setattr(subscription, name, value)
    digest = data.get("digest", "")
    if subscription.channel == Channel.EMAIL and digest in Digest.values:
        subscription.digest = digest
    subscription.save(update_fields=[*EVENT_FIELDS, "digest"])
