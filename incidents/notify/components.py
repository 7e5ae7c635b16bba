"""Component status changes: a product's Statuspage status moved, so webhooks get a
`component_update` body (Statuspage's own shape), apart from the incident body."""

from __future__ import annotations

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from incidents.models import (
    Channel,
    ComponentNotice,
    Delivery,
    Event,
    Impact,
    Incident,
    Product,
    Subscription,
)
from incidents.record.statuspage import (
    COMPONENT_STATUS,
    Component,
    component_impacts,
    component_payload,
    ongoing,
    page_payload,
    provider_page,
    stamp,
    status_payload,
    worst,
)

IMPACT_OF_STATUS = {status: impact for impact, status in COMPONENT_STATUS.items()}


def take_component_changes(incident: Incident) -> list[Delivery]:
    """Write the component_update deliveries a change to `incident` owes; mark them told.

    Call inside a transaction: each product's notice row is locked, so a change is told once.
    """
    products = list(Product.objects.filter(impacts__incident=incident).distinct())
    if not products:
        return []
    page = provider_page(incident.provider)
    current = ongoing(page)
    impacts = component_impacts(page, current)
    page_body = _page(page, current)
    now = timezone.now()
    deliveries: list[Delivery] = []
    for product in products:
        new = COMPONENT_STATUS[impacts.get(product.slug, Impact.NONE)]
        notice, _ = ComponentNotice.objects.select_for_update().get_or_create(
            provider=incident.provider, product=product
        )
        if notice.status == new:
            continue
        old = notice.status
        notice.status, notice.notified_at = new, now
        notice.changes += 1
        notice.save(update_fields=["status", "notified_at", "changes"])
        detail = _detail(page_body, incident, product, old, new, notice, now)
        deliveries += [
            Delivery(subscription_id=pk, incident=incident, event=Event.COMPONENT, detail=detail)
            for pk in _subscribers(incident, product, old, new)
        ]
    return Delivery.objects.bulk_create(deliveries)


def _page(page, current: list[Incident]) -> dict:
    status = status_payload(current)
    body = page_payload(page, base_url=settings.NOTIFY_BASE_URL)
    return {
        **body,
        "status_indicator": status["indicator"],
        "status_description": status["description"],
    }


def _detail(
    page: dict,
    incident: Incident,
    product: Product,
    old: str,
    new: str,
    notice: ComponentNotice,
    now,
) -> dict:
    at = stamp(now)
    component = component_payload(
        Component(product.slug, product.name, product.description or None),
        incident.provider.slug,
        0,
        IMPACT_OF_STATUS[new],
        at,
    )
    update = {
        "old_status": old,
        "new_status": new,
        "created_at": at,
        "component_type": "Component",
        # Stable per change: a receiver that sees one id twice has seen one change.
        "id": f"{incident.provider.slug}.{product.slug}.{notice.changes}",
        "component_id": product.slug,
        "incident_id": incident.slug,
    }
    return {"page": page, "component": component, "component_update": update}


def _subscribers(incident: Incident, product: Product, old: str, new: str) -> list[int]:
    """Webhooks that asked for component changes and whose view takes in this one."""
    # Told when the worse of the two statuses reaches the view's minimum: a recovery from a
    # major outage is news to "major or worse".
    worse = worst([IMPACT_OF_STATUS[old], IMPACT_OF_STATUS[new]])
    levels = [i for i in Impact.values if worse in Impact.at_least(i)]
    queryset = Subscription.objects.active().filter(
        Q(provider__isnull=True) | Q(provider_id=incident.provider_id),
        Q(product__isnull=True) | Q(product=product),
        Q(impact_min="") | Q(impact_min__in=levels),
        # A product's status is the whole page's, not one region's.
        region="",
        channel=Channel.WEBHOOK,
        on_component=True,
    )
    return list(queryset.order_by("pk").values_list("pk", flat=True))
