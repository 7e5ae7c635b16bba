"""The record in Atlassian Statuspage's public API v2 shapes: page, status, components, incidents.

Mapping: a provider is a page; its products are components; its regions are components in one
"Regions" group. A product or a region can also be a page of its own, and the whole tracker is
one page whose components are the providers. Component status comes from the ongoing incidents'
product impacts (regions and providers: from the ongoing incidents' own impact).
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db.models import Max, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone

from incidents.models import (
    Impact,
    Incident,
    IncidentQuerySet,
    IncidentUpdate,
    Product,
    ProductImpact,
    Provider,
    Region,
    Status,
)

from . import availability

INCIDENT_LIMIT = 50  # Statuspage's incidents.json returns the 50 most recent, no paging.
REGIONS_GROUP = "regions"
EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)

# An impact level as the status of the component it hits.
COMPONENT_STATUS: dict[str, str] = {
    Impact.NONE: "operational",
    Impact.MINOR: "degraded_performance",
    Impact.MAJOR: "partial_outage",
    Impact.CRITICAL: "major_outage",
    Impact.MAINTENANCE: "under_maintenance",
}
# Worst last; maintenance ranks above operational and below any outage, as on Statuspage.
_RANK: list[str] = [Impact.NONE, Impact.MAINTENANCE, Impact.MINOR, Impact.MAJOR, Impact.CRITICAL]
DESCRIPTIONS = {
    "none": "All Systems Operational",
    "maintenance": "Service Under Maintenance",
    "minor": "Minor Service Outage",
    "major": "Partial System Outage",
    "critical": "Major System Outage",
}
MAINTENANCE_STATUS = {"upcoming": "scheduled", "active": "in_progress", "done": "completed"}


@dataclass
class Component:
    id: str
    name: str
    description: str | None = None
    group_id: str | None = None
    children: list[str] | None = None  # set on a group
    impact: str = Impact.NONE


@dataclass
class Page:
    """One Statuspage "page": what it is called, where it lives, which incidents are its own."""

    id: str
    name: str
    path: str
    time_zone: str
    incidents: IncidentQuerySet
    # Built only when a document lists them: a provider's cost a join over its impacts.
    make_components: Callable[[], list[Component]] = list
    base: str = "/"  # where the page's status page, badges and api/v2/ live
    provider: Provider | None = None
    product: Product | None = None
    region: Region | None = None

    @functools.cached_property
    def components(self) -> list[Component]:
        return self.make_components()


def published() -> IncidentQuerySet:
    return Incident.objects.published()


def provider_page(provider: Provider) -> Page:
    """Return the page of one provider: its products and its regions as components."""
    incidents = published().filter(provider=provider)
    return Page(
        id=provider.slug,
        name=provider.name,
        path=reverse("provider-detail", args=[provider.slug]),
        time_zone=provider.time_zone,
        incidents=incidents,
        make_components=lambda: provider_components(provider, incidents),
        base=f"/status/{provider.slug}/",
        provider=provider,
    )


def provider_components(provider: Provider, incidents: QuerySet) -> list[Component]:
    """Return the products the provider runs or its incidents hit, then its regions."""
    hit = ProductImpact.objects.filter(incident__in=incidents).values("product_id")
    products = Product.objects.filter(Q(provider=provider) | Q(pk__in=hit))
    components = [Component(p.slug, p.name, p.description or None) for p in products]
    regions = list(provider.regions.order_by("slug"))
    if regions:
        ids = [f"region-{r.slug}" for r in regions]
        components.append(Component(REGIONS_GROUP, "Regions", children=ids))
        components += [
            Component(i, r.name, r.slug, group_id=REGIONS_GROUP)
            for i, r in zip(ids, regions, strict=True)
        ]
    return components


def product_page(provider: Provider, product: Product) -> Page:
    """Return the page of one product of a provider: one component, the product."""
    incidents = published().filter(provider=provider, impacts__product=product).distinct()
    return Page(
        id=f"{provider.slug}.{product.slug}",
        name=f"{provider.name}: {product.name}",
        path=reverse("product-detail", args=[product.slug]),
        time_zone=provider.time_zone,
        incidents=incidents,
        make_components=lambda: [
            Component(product.slug, product.name, product.description or None)
        ],
        base=f"/status/{provider.slug}/products/{product.slug}/",
        provider=provider,
        product=product,
    )


def region_page(provider: Provider, region: Region) -> Page:
    """Return the page of one region (with its zones) of a provider."""
    regions = [region, *region.zones.order_by("slug")]
    incidents = published().filter(provider=provider, regions__in=regions).distinct()
    return Page(
        id=f"{provider.slug}.{region.slug}",
        name=f"{provider.name}: {region.name}",
        path=reverse("timeline") + f"?provider={provider.slug}&region={region.slug}",
        time_zone=provider.time_zone,
        incidents=incidents,
        make_components=lambda: [Component(f"region-{r.slug}", r.name, r.slug) for r in regions],
        base=f"/status/{provider.slug}/regions/{region.slug}/",
        provider=provider,
        region=region,
    )


def tracker_page() -> Page:
    """Return the page of the whole tracker: every provider is one component."""
    providers = Provider.objects.order_by("name")
    return Page(
        id="tracker",
        name="Cloud outage tracker",
        path=reverse("timeline"),
        time_zone="Etc/UTC",
        incidents=published(),
        make_components=lambda: [Component(p.slug, p.name) for p in providers],
    )


def find_page(provider: str | None = None, product: str = "", region: str = "") -> Page:
    """Return the page a URL names (no provider: the whole tracker), or raise Http404."""
    if provider is None:
        return tracker_page()
    owner = get_object_or_404(Provider, slug=provider)
    if product:
        return product_page(owner, get_object_or_404(Product, slug=product))
    if region:
        return region_page(owner, get_object_or_404(Region, provider=owner, slug=region))
    return provider_page(owner)


def with_details(incidents: QuerySet[Incident]) -> QuerySet[Incident]:
    """Prefetch what incident_payload reads, so a list costs a fixed number of queries."""
    impacts = ProductImpact.objects.select_related("product").order_by("product__name", "id")
    return incidents.select_related("provider").prefetch_related(
        Prefetch("updates", queryset=IncidentUpdate.objects.order_by("posted_at", "id")),
        Prefetch("impacts", queryset=impacts),
        "regions",
    )


def ongoing(page: Page) -> list[Incident]:
    return list(with_details(page.incidents.ongoing()).order_by("-started_at", "-id"))


def incidents_list(page: Page, offset: int = 0, limit: int = INCIDENT_LIMIT) -> list[Incident]:
    """Return the page's incidents (no maintenances), newest first."""
    qs = page.incidents.exclude(impact=Impact.MAINTENANCE).order_by("-started_at", "-id")
    return list(with_details(qs)[offset : offset + limit])


def incident_count(page: Page) -> int:
    return page.incidents.exclude(impact=Impact.MAINTENANCE).count()


def maintenances(page: Page, which: str = "all", now: dt.datetime | None = None) -> list:
    """Return the page's maintenances: all, upcoming (not started) or active (started, open)."""
    now = now or timezone.now()
    qs: IncidentQuerySet = page.incidents.filter(impact=Impact.MAINTENANCE)
    if which == "upcoming":
        qs = qs.filter(started_at__gt=now)
    elif which == "active":
        qs = qs.filter(started_at__lte=now).ongoing()
    return list(with_details(qs.order_by("-started_at", "-id"))[:INCIDENT_LIMIT])


def last_changed(page: Page) -> dt.datetime:
    """Return when anything on the page last changed: its incidents' newest updated_at."""
    return page.incidents.aggregate(last=Max("updated_at"))["last"] or EPOCH


# --- Shapes ---------------------------------------------------------------------------------


def stamp(value: dt.datetime | None) -> str | None:
    """Format a time as Statuspage does: ISO 8601 with milliseconds (here always UTC)."""
    if value is None:
        return None
    return value.astimezone(dt.UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def absolute(path: str, base_url: str | None = None) -> str:
    base = settings.PROJECT_URL if base_url is None else base_url
    return base.rstrip("/") + path


def page_payload(page: Page | Provider, base_url: str | None = None) -> dict:
    """Return the `page` object: id, name, url, time_zone, updated_at."""
    if isinstance(page, Provider):
        page = provider_page(page)
    return {
        "id": page.id,
        "name": page.name,
        "url": absolute(page.path, base_url),
        "time_zone": page.time_zone,
        "updated_at": stamp(last_changed(page)),
    }


def rank(impact: str) -> int:
    """Return how bad an impact or indicator is, 0 for none."""
    return _RANK.index(Impact.NONE if impact == "none" else impact)


def provider_ids(page: Page) -> list[int]:
    if page.provider is not None:
        return [page.provider.pk]
    return list(Provider.objects.values_list("pk", flat=True))


def worst(impacts: Iterable[str]) -> str:
    ranked = [i for i in impacts if i in _RANK]
    return max(ranked, key=_RANK.index, default=Impact.NONE)


def status_payload(current: list[Incident]) -> dict:
    """Return the `status` object from the ongoing incidents and maintenances."""
    indicator = worst(i.impact for i in current)
    if indicator == Impact.NONE:
        indicator = "none"
    return {"indicator": str(indicator), "description": DESCRIPTIONS[indicator]}


def component_impacts(page: Page, current: list[Incident]) -> dict[str, str]:
    """Return each component's worst impact among the ongoing incidents, keyed by its id."""
    hits: dict[str, list[str]] = {}
    now = timezone.now()
    for incident in current:
        hits.setdefault(incident.provider.slug, []).append(incident.impact)
        for region in incident.regions.all():
            hits.setdefault(f"region-{region.slug}", []).append(incident.impact)
        for impact in incident.impacts.all():
            if _active(impact, now):
                hits.setdefault(impact.product.slug, []).append(impact.impact)
    result = {key: worst(values) for key, values in hits.items()}
    for component in page.components:
        if component.children:
            result[component.id] = worst(result.get(c, Impact.NONE) for c in component.children)
    return result


def _active(impact: ProductImpact, now: dt.datetime) -> bool:
    started = impact.started_at is None or impact.started_at <= now
    return started and (impact.ended_at is None or impact.ended_at > now)


def component_payload(
    component: Component, page_id: str, position: int, impact: str, updated_at: str | None
) -> dict:
    """Return one `components` item, a group when it has children."""
    payload: dict[str, Any] = {
        "id": component.id,
        "name": component.name,
        "status": COMPONENT_STATUS[impact],
        "created_at": updated_at,
        "updated_at": updated_at,
        "position": position,
        "description": component.description,
        "showcase": False,
        "start_date": None,
        "group_id": component.group_id,
        "page_id": page_id,
        "group": component.children is not None,
        "only_show_if_degraded": False,
    }
    if component.children is not None:
        payload["components"] = list(component.children)
    return payload


def components_payload(page: Page, current: list[Incident], updated_at: str | None) -> list:
    impacts = component_impacts(page, current)
    return [
        component_payload(c, page.id, n, impacts.get(c.id, Impact.NONE), updated_at)
        for n, c in enumerate(page.components, start=1)
    ]


def incident_payload(
    incident: Incident,
    base_url: str | None = None,
    statuses: dict[str, str] | None = None,
    now: dt.datetime | None = None,
) -> dict:
    """Return one `incidents` (or `scheduled_maintenances`) item, updates newest first.

    `statuses` maps a product's component id to its current impact; without it a product
    counts as hit by this incident alone while the incident is ongoing.
    """
    now = now or timezone.now()
    impacts = [i for i in incident.impacts.all()]
    if statuses is None:
        statuses = {i.product.slug: i.impact for i in impacts if incident.is_ongoing}
    payload = {
        "id": incident.slug,
        "name": str(incident),
        "status": _incident_status(incident, now),
        "created_at": stamp(incident.started_at),
        "updated_at": stamp(incident.updated_at),
        "monitoring_at": stamp(_first_status_at(incident, Status.MONITORING)),
        "resolved_at": None if incident.is_ongoing else stamp(incident.ended_at),
        "impact": incident.impact,
        "shortlink": absolute(incident.get_absolute_url(), base_url),
        "started_at": stamp(incident.started_at),
        "page_id": incident.provider.slug,
        "incident_updates": updates_payload(incident, impacts),
        "components": [_incident_component(i, incident, statuses) for i in impacts],
    }
    if incident.impact == Impact.MAINTENANCE:
        payload["scheduled_for"] = stamp(incident.started_at)
        payload["scheduled_until"] = stamp(incident.ended_at)
    return payload


def _incident_status(incident: Incident, now: dt.datetime) -> str:
    if incident.impact != Impact.MAINTENANCE:
        # An incident with an end is over whatever its last word was; Statuspage says so.
        if not incident.is_ongoing and incident.status not in (Status.POSTMORTEM,):
            return Status.RESOLVED
        return incident.status
    if incident.started_at > now:
        return MAINTENANCE_STATUS["upcoming"]
    return MAINTENANCE_STATUS["active" if incident.is_ongoing else "done"]


def _first_status_at(incident: Incident, status: str) -> dt.datetime | None:
    return next((u.posted_at for u in incident.updates.all() if u.status == status), None)


def _incident_component(impact: ProductImpact, incident: Incident, statuses: dict) -> dict:
    product = impact.product
    component = Component(product.slug, product.name, product.description or None)
    now_impact = statuses.get(impact.product.slug, Impact.NONE)
    return component_payload(
        component, incident.provider.slug, 0, now_impact, stamp(incident.updated_at)
    )


def updates_payload(incident: Incident, impacts: list[ProductImpact]) -> list[dict]:
    """Return the incident's updates newest first, as Statuspage orders them.

    An update with no status of its own carries the one in force, since Statuspage has no
    blank status. The oldest update names the products hit (affected_components).
    """
    items = []
    status: str = Status.INVESTIGATING
    for update in incident.updates.all() or [opening_update(incident)]:
        status = update.status or status
        items.append(_update_payload(update, incident.slug, status))
    items[0]["affected_components"] = [_affected(i) for i in impacts]
    return items[::-1]


def opening_update(incident: Incident) -> IncidentUpdate:
    """Stand in for the first update of an incident the record has none for.

    Every Statuspage incident has one, and readers take the products hit from it.
    """
    body = incident.summary_en or incident.summary or str(incident)
    return IncidentUpdate(
        posted_at=incident.started_at, body=body, external_id=f"{incident.slug}-opened"
    )


def _update_payload(update: IncidentUpdate, incident_id: str, status: str) -> dict:
    posted = stamp(update.posted_at)
    return {
        "id": update.external_id or f"u{update.pk}",
        "status": str(status),
        "body": update.body,
        "incident_id": incident_id,
        "created_at": posted,
        "updated_at": posted,
        "display_at": posted,
        "affected_components": None,
        "deliver_notifications": True,
        "custom_tweet": None,
        "tweet_id": None,
    }


def _affected(impact: ProductImpact) -> dict:
    return {
        "code": impact.product.slug,
        "name": impact.product.name,
        "old_status": "operational",
        "new_status": COMPONENT_STATUS[impact.impact],
    }


# --- Whole documents ------------------------------------------------------------------------


def document(page: Page, kind: str, base_url: str | None = None, **options) -> dict:
    """Return the body of one endpoint: summary, status, components, incidents, ..."""
    body: dict = {"page": page_payload(page, base_url)}
    if kind == "availability":
        return body | availability.document(page.incidents, provider_ids(page))
    if kind == "status":
        body["status"] = status_payload(ongoing(page))
        return body
    current = ongoing(page)
    statuses = component_impacts(page, current)
    if kind in ("summary", "components"):
        body["components"] = components_payload(page, current, body["page"]["updated_at"])
    if kind in ("summary", "unresolved"):
        open_incidents = [i for i in current if i.impact != Impact.MAINTENANCE]
        body["incidents"] = _items(open_incidents, base_url, statuses)
    if kind == "incidents":
        rows = incidents_list(page, options.get("offset", 0), options.get("limit", 50))
        body["incidents"] = _items(rows, base_url, statuses)
    if kind == "summary":
        rows = maintenances(page, "upcoming") + maintenances(page, "active")
        body["scheduled_maintenances"] = _items(rows, base_url, statuses)
        body["status"] = status_payload(current)
    if kind.startswith("maintenances"):
        rows = maintenances(page, kind.partition(":")[2] or "all")
        body["scheduled_maintenances"] = _items(rows, base_url, statuses)
    return body


def _items(incidents: list[Incident], base_url: str | None, statuses: dict) -> list[dict]:
    return [incident_payload(i, base_url, statuses) for i in incidents]
