"""What the manage page may change: events, digest, language and zone, unsubscribe, turning a
webhook back on."""

from __future__ import annotations

import zoneinfo

from django.conf import settings
from django.http import QueryDict

from incidents.models import Channel, Digest, Subscription, SubscriptionState
from incidents.record.zones import TIME_ZONE_CHOICES

EVENT_FIELDS = ("on_new", "on_update", "on_resolve", "on_postmortem", "on_events")


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
    names = [*EVENT_FIELDS, "on_component"] if subscription.channel == Channel.WEBHOOK else []
    chosen = {name: data.get(name) == "on" for name in names or EVENT_FIELDS}
    if not any(chosen.values()):
        return  # nothing left to send: that is what unsubscribing is for
    for name, value in chosen.items():
        setattr(subscription, name, value)
    digest = data.get("digest", "")
    if subscription.channel == Channel.EMAIL and digest in Digest.values:
        subscription.digest = digest
    language = data.get("language", subscription.language)
    if language in dict(settings.LANGUAGES):
        subscription.language = language
    zone = data.get("time_zone", subscription.time_zone)
    if zone in zoneinfo.available_timezones():
        subscription.time_zone = zone
    subscription.save(update_fields=[*chosen, "digest", "language", "time_zone"])


def zone_choices(subscription: Subscription) -> list[str]:
    """Return the zones the manage page offers, the subscription's own first if it is unusual."""
    zones = list(TIME_ZONE_CHOICES)
    return zones if subscription.time_zone in zones else [subscription.time_zone, *zones]
