"""What is down right now across every provider, and how fresh each provider's sources are."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Prefetch
from django.utils import timezone

from incidents.models import Impact, Incident, ProductImpact, Provider, Source

from . import statuspage

# A source that has not succeeded for this many poll intervals is stale: its provider's quiet
# may only mean nobody is listening.
STALE_INTERVALS = 3


@dataclass
class SourceHealth:
    name: str
    kind: str
    last_polled_at: dt.datetime | None
    last_success_at: dt.datetime | None
    failing: bool
    stale: bool
    last_error: str

    @property
    def state(self) -> str:
        return "failing" if self.failing else "stale" if self.stale else "fresh"


@dataclass
class ProviderNow:
    provider: Provider
    incidents: list[Incident] = field(default_factory=list)
    sources: list[SourceHealth] = field(default_factory=list)

    @property
    def indicator(self) -> str:
        return statuspage.status_payload(self.incidents)["indicator"]

    @property
    def watched(self) -> bool:
        """Say whether any source of the provider is polling successfully now."""
        return any(s.state == "fresh" for s in self.sources)


def health(source: Source, now: dt.datetime) -> SourceHealth:
    limit = dt.timedelta(seconds=STALE_INTERVALS * source.poll_interval)
    stale = source.last_success_at is None or now - source.last_success_at > limit
    return SourceHealth(
        name=source.name,
        kind=source.kind,
        last_polled_at=source.last_polled_at,
        last_success_at=source.last_success_at,
        failing=source.consecutive_failures > 0,
        stale=stale or not source.enabled,
        last_error=source.last_error[:300] if source.consecutive_failures else "",
    )


def right_now(now: dt.datetime | None = None) -> list[ProviderNow]:
    """Return every provider with its ongoing incidents and its sources' freshness.

    Providers with something down come first, worst first; then the rest by name.
    """
    now = now or timezone.now()
    rows = {p.pk: ProviderNow(p) for p in Provider.objects.order_by("name")}
    impacts = ProductImpact.objects.select_related("product").order_by("product__name")
    ongoing = (
        Incident.objects.published()
        .ongoing()
        .filter(started_at__lte=now)
        .exclude(impact=Impact.NONE)
        .select_related("provider")
        .prefetch_related(Prefetch("impacts", queryset=impacts), "regions")
        .order_by("-started_at", "-id")
    )
    for incident in ongoing:
        rows[incident.provider_id].incidents.append(incident)
    for source in Source.objects.order_by("name"):
        rows[source.provider_id].sources.append(health(source, now))
    return sorted(rows.values(), key=lambda r: (-statuspage.rank(r.indicator), r.provider.name))


def now_payload(rows: list[ProviderNow], base_url: str) -> dict:
    """Return the right-now document: providers, their indicator, incidents and sources."""
    return {
        "generated_at": statuspage.stamp(timezone.now()),
        "providers": [
            {
                "slug": row.provider.slug,
                "name": row.provider.name,
                "indicator": row.indicator,
                "description": statuspage.DESCRIPTIONS[row.indicator],
                "watched": row.watched,
                "statuspage": statuspage.absolute(
                    f"/status/{row.provider.slug}/api/v2/summary.json", base_url
                ),
                "incidents": [_incident(i, base_url) for i in row.incidents],
                "sources": [_source(s) for s in row.sources],
            }
            for row in rows
        ],
    }


def _incident(incident: Incident, base_url: str) -> dict:
    return {
        "id": incident.slug,
        "title": str(incident),
        "impact": incident.impact,
        "status": incident.status,
        "started_at": statuspage.stamp(incident.started_at),
        "url": statuspage.absolute(incident.get_absolute_url(), base_url),
        "products": [
            {"slug": i.product.slug, "name": i.product.name, "impact": i.impact}
            for i in incident.impacts.all()
        ],
        "regions": [r.slug for r in incident.regions.all()],
    }


def _source(source: SourceHealth) -> dict:
    return {
        "name": source.name,
        "kind": source.kind,
        "state": source.state,
        "last_polled_at": statuspage.stamp(source.last_polled_at),
        "last_success_at": statuspage.stamp(source.last_success_at),
        "last_error": source.last_error,
    }
