"""Leadership changes and corporate events, told once to the subscribers of the providers
(and products) of the organization they happened at, by the same email, webhook and digest."""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from incidents.models import (
    CorporateEvent,
    Delivery,
    DeliveryState,
    Event,
    EventNotice,
    LeadershipChange,
    Organization,
    Product,
    Provider,
    Subscription,
)

logger = logging.getLogger(__name__)

MODELS: dict[str, Any] = {Event.LEADERSHIP: LeadershipChange, Event.CORPORATE: CorporateEvent}
ROUTES: dict[str, str] = {
    Event.LEADERSHIP: "api:leadershipchange-detail",
    Event.CORPORATE: "api:corporateevent-detail",
}


def kind_of(obj) -> str:
    return Event.LEADERSHIP if isinstance(obj, LeadershipChange) else Event.CORPORATE


def load(kind: str, pk: int) -> LeadershipChange | CorporateEvent | None:
    queryset = MODELS[kind].objects.select_related("organization")
    if kind == Event.LEADERSHIP:
        queryset = queryset.select_related("person")
    return queryset.filter(pk=pk).first()


def take_event(kind: str, pk: int) -> list[int]:
    """Write the deliveries a new event owes, once; return the ids to send now (not digests)."""
    with transaction.atomic():
        obj = load(kind, pk)
        if obj is None or not _is_news(obj):
            return []
        _, created = EventNotice.objects.get_or_create(kind=kind, object_id=pk)
        if not created:
            return []
        rows = _subscribers(obj.organization).values_list("pk", "digest")
        detail = {"kind": kind, "id": pk, "slug": obj.slug}
        deliveries = Delivery.objects.bulk_create(
            Delivery(
                subscription_id=sub,
                event=kind,
                detail=detail,
                state=DeliveryState.DIGEST if digest else DeliveryState.PENDING,
            )
            for sub, digest in rows.order_by("pk")
        )
    return [d.pk for d in deliveries if d.state == DeliveryState.PENDING]


def _is_news(obj) -> bool:
    # A backfilled or seeded event of years ago is history, not news.
    oldest = timezone.now().date() - dt.timedelta(days=settings.NOTIFY_EVENT_MAX_AGE_DAYS)
    return obj.date >= oldest


def _subscribers(organization: Organization):
    """Active subscriptions that asked for events and whose view shows this organization's.

    The timeline shows an organization's events on the views of its own providers and
    products and of those of every organization below it.
    """
    below = _below(organization)
    providers = Provider.objects.filter(organization__in=below).values("pk")
    products = Product.objects.filter(owner__in=below).values("pk")
    return Subscription.objects.active().filter(
        Q(provider__isnull=True) | Q(provider__in=providers),
        Q(product__isnull=True) | Q(product__in=products),
        # The timeline shows no events on a region's view: they have no region.
        region="",
        on_events=True,
    )


def _below(organization: Organization) -> list[int]:
    found, frontier = {organization.pk}, [organization.pk]
    while frontier:
        children = Organization.objects.filter(parent__in=frontier).exclude(pk__in=found)
        frontier = list(children.values_list("pk", flat=True))
        found.update(frontier)
    return sorted(found)


def describe(obj, language: str = "en") -> dict:
    """Return what a message says of `obj`: title, date, organization, summary, link."""
    if isinstance(obj, LeadershipChange):
        title = str(obj)
        summary = obj.note
        when = obj.effective_on or obj.announced_on
    else:
        title = _localized(obj, "title", language)
        summary = _localized(obj, "summary", language)
        when = obj.occurred_on
    return {
        "title": title,
        "summary": summary,
        "date": when.isoformat(),
        "organization": obj.organization.name,
        "url": settings.NOTIFY_BASE_URL + reverse(ROUTES[kind_of(obj)], args=[obj.slug]),
    }


def _localized(obj, field: str, language: str) -> str:
    suffix = {"zh-hans": "_zh_hans", "zh-hant": "_zh_hant"}.get(language.lower(), "")
    translated = getattr(obj, f"{field}{suffix}", "") if suffix else ""
    if not translated and suffix == "_zh_hant":
        translated = getattr(obj, f"{field}_zh_hans", "")
    return translated or getattr(obj, field)


def webhook_body(obj) -> dict:
    """Return the event's part of a webhook body (beside `meta`): no Statuspage shape has one."""
    base = describe(obj)
    if isinstance(obj, LeadershipChange):
        key, extra = (
            "leadership_change",
            {
                "person": obj.person.name,
                "person_native": obj.person.name_native,
                "role": obj.role,
                "action": obj.action,
                "acting": obj.acting,
                "announced_on": obj.announced_on.isoformat(),
                "effective_on": obj.effective_on.isoformat() if obj.effective_on else None,
            },
        )
    else:
        key, extra = (
            "corporate_event",
            {"kind": obj.kind, "occurred_on": obj.occurred_on.isoformat()},
        )
    citations = [{"url": c.url, "title": c.title} for c in obj.citations.all()]
    item = {"id": obj.slug, **extra, **base, "citations": citations}
    return {"organization": {"id": obj.organization.slug, "name": obj.organization.name}, key: item}
