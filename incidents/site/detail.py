"""Load what the incident, provider, product and person pages show."""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet
from django.shortcuts import get_object_or_404

from incidents.models import (
    ExternalRef,
    Incident,
    IncidentCitation,
    IncidentLink,
    IncidentUpdate,
    ProductImpact,
    ReportedTime,
    ValueSourcing,
)

# Products that depend on a set of products, transitively, with the product each came
# through. One recursive query instead of one query per level.


@dataclass
class Disagreement:
    field: str
    values: list[ReportedTime] = dataclasses.field(default_factory=list)


def incident_for_page(slug: str) -> Incident:
    """Return a published incident with everything its page shows, or raise Http404."""
    # Explicit orderings: the models' default ones sort by "incident", which joins the
    # incident table back in for rows that all belong to one incident.
    queryset = (
        Incident.objects.published()
        .select_related("provider")
        .prefetch_related(
            "regions",
            Prefetch(
                "impacts",
                queryset=ProductImpact.objects.select_related("product").order_by("product__name"),
            ),
            Prefetch("updates", queryset=IncidentUpdate.objects.order_by("posted_at", "id")),
            Prefetch("sourcing", queryset=IncidentCitation.objects.select_related("citation")),
            Prefetch(
                "links",
                queryset=IncidentLink.objects.select_related(
                    "leadership_change__person",
                    "leadership_change__organization",
                    "corporate_event__organization",
                    "citation",
                ).order_by("id"),
            ),
            Prefetch("refs", queryset=ExternalRef.objects.select_related("source")),
            Prefetch("reported_times", queryset=ReportedTime.objects.select_related("citation")),
            Prefetch(
                "value_sourcing",
                queryset=ValueSourcing.objects.select_related("citation").order_by("id"),
            ),
        )
    )
    return get_object_or_404(queryset, slug=slug)


def disagreements(incident: Incident) -> list[Disagreement]:
    """Group the reported times by field: each group is one time the sources disagree on."""
    groups: dict[str, Disagreement] = {}
    for reported in incident.reported_times.all():
        group = groups.setdefault(reported.field, Disagreement(reported.field))
        group.values.append(reported)
    order: list[str] = [ReportedTime.Field.STARTED_AT, ReportedTime.Field.ENDED_AT]
    return sorted(groups.values(), key=lambda g: order.index(g.field))


def value_sourcing(incident: Incident) -> list[ValueSourcing]:
    """Return the incident's confidence markers, one per value, in reading order."""
    return ValueSourcing.in_reading_order(list(incident.value_sourcing.all()))


def postmortem_citation(incident: Incident) -> IncidentCitation | None:
    """Return the citation behind the postmortem link, to say whether it is official."""
    for item in incident.sourcing.all():
        if item.citation.url == incident.postmortem_url:
            return item
    return None


def provider_years(incidents: QuerySet) -> list[dict]:
    """Count incidents and add up their durations per year (UTC)."""
    years: dict[int, dict] = {}
    for started, ended in incidents.values_list("started_at", "ended_at"):
        row = years.setdefault(
            started.year, {"year": started.year, "count": 0, "downtime": dt.timedelta()}
        )
        row["count"] += 1
        if ended:
            row["downtime"] += ended - started
    return sorted(years.values(), key=lambda r: r["year"], reverse=True)
