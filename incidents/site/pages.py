"""Assemble the cacheable main part of each public page (everything but the header)."""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

from django.db.models import (
    Count,
    DateTimeField,
    DurationField,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    QuerySet,
    Value,
)
from django.db.models.functions import TruncQuarter
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from incidents.models import (
    CorporateEvent,
    Impact,
    Incident,
    LeadershipChange,
    Person,
    Product,
    ProductDependency,
    ProductImpact,
    Provider,
)
from incidents.record import bounds, dependencies, tenures, translations
from incidents.site import charts, detail
from incidents.site.filters import ENTRY_KINDS, IMPACT_CHOICES
from incidents.site.templatetags.tracker import change_text, label
from incidents.site.timeline import (
    LIST_DEFERRED,
    PAGE_SIZE,
    ancestors,
    attach_tags,
    public_incidents,
)

STRIP_LIMIT = 300
TITLE_FIELDS = ("title", "title_en", "title_zh_hans", "title_zh_hant", "language")
TENURE_INCIDENTS = 25


def filter_choices() -> dict:
    """Return the options the filter form offers (providers are few; products are typed)."""
    return {
        "providers": Provider.objects.only("slug", "name"),
        "impact_choices": IMPACT_CHOICES,
        "entry_kinds": ENTRY_KINDS,
    }


def _fragment(request: HttpRequest, template: str, title: str, context: dict) -> dict:
    html = render_to_string(template, context, request=request)
    return {"title": title, "main": html}


def incident_fragment(request: HttpRequest, slug: str) -> dict:
    """Build the incident page, or raise Http404 for anything not public."""
    incident = detail.incident_for_page(slug)
    impacts = list(incident.impacts.all())
    affected = [i for i in impacts if i.is_affected]
    failed = {i.product_id for i in affected}
    day = bounds.in_zone(incident.started_at, ZoneInfo(incident.time_zone)).date()
    edges = dependencies.dependencies_at(day, list(incident.regions.all()), around=failed)
    chain = dependencies.upstream_failures(failed, edges)
    for impact in affected:
        impact.upstream = chain.get(impact.product_id, [])  # type: ignore[attr-defined]
    context = {
        "incident": incident,
        "impacts": affected,
        "checked": [i for i in impacts if not i.is_affected],
        "dependents": dependencies.unreported_dependents(
            failed, {i.product_id for i in impacts}, edges
        ),
        "disagreements": detail.disagreements(incident),
        "value_sourcing": detail.value_sourcing(incident),
        "postmortem": detail.postmortem_citation(incident),
        "original_language": incident.language,
        **updates_in_order(incident, request.GET.get("updates")),
    }
    title = incident.localized_title(get_language() or "en")
    return _fragment(request, "incidents/_incident.html", title, context)


def updates_in_order(incident: Incident, order: str | None) -> dict:
    """Return the updates newest first, as status pages show them, or oldest first if asked."""
    oldest_first = order == "oldest"
    updates = list(incident.updates.all())
    return {"updates": updates if oldest_first else updates[::-1], "oldest_first": oldest_first}


def provider_fragment(request: HttpRequest, slug: str) -> dict:
    """Build a provider's page: yearly counts and downtime, charts, recent incidents."""
    provider = get_object_or_404(Provider.objects.select_related("organization__parent"), slug=slug)
    incidents = Incident.objects.published().filter(provider=provider)
    rows = list(incidents.values_list("started_at", "ended_at", "impact", *TITLE_FIELDS))
    counts, buckets = _quarter_counts(incidents, provider.name), _buckets(rows)
    marks = _strip_marks(provider, rows)
    context = {
        "provider": provider,
        "years": detail.provider_years(incidents),
        "quarters": charts.responsive(charts.stacked_quarters, counts, _("Incidents per quarter")),
        "quarter_table": charts.quarter_table(counts),
        "durations": charts.responsive(
            charts.duration_histogram,
            buckets,
            _("How long %(name)s outages lasted") % {"name": provider.name},
        ),
        "buckets": list(zip(charts.duration_labels(), buckets, strict=True)),
        "strip": charts.responsive(charts.strip, marks, _("Outages and company events")),
        "strip_marks": sorted(marks, key=lambda m: m.when),
        "recent": attach_tags(
            list(public_incidents().defer(*LIST_DEFERRED).filter(provider=provider)[:20])
        ),
    }
    return _fragment(request, "incidents/_provider.html", provider.name, context)


def _quarter_counts(incidents: QuerySet, name: str | None = None) -> dict:
    # Only believable times: a vendor's year 1 or 9999 would stretch the axis over 40,000
    # quarters, and truncating it in the reader's zone overflows.
    since, until = bounds.PLAUSIBLE_SINCE, bounds.plausible_until(timezone.now())
    grouped = (
        incidents.filter(started_at__range=(since, until))
        .annotate(quarter=TruncQuarter("started_at"))
        .values("quarter", "provider__name")
        .annotate(n=Count("id"))
        .order_by()
    )
    return {(row["quarter"].date(), name or row["provider__name"]): row["n"] for row in grouped}


def _buckets(rows: list[tuple]) -> list[int]:
    counts = [0] * (len(charts.DURATION_BUCKETS) + 1)
    for started, ended, *_rest in rows:
        counts[charts.bucket_of(ended - started if ended else None)] += 1
    return counts


def in_reader_language(obj: Any, field: str) -> str:
    """Return `field` in the reader's language, or the original marked with its language."""
    language = get_language() or "en"
    rendering = translations.render(obj, field, language)
    if translations.suffix(rendering.language) == translations.suffix(language):
        return rendering.text
    return f"{rendering.text} [{rendering.language}]"


def _strip_marks(provider: Provider, rows: list[tuple]) -> list[charts.Mark]:
    serious = [r for r in rows if r[2] in (Impact.MAJOR, Impact.CRITICAL)]
    serious.sort(key=lambda r: r[0], reverse=True)
    marks = []
    for started, _ended, impact, *titles in serious[:STRIP_LIMIT]:
        # An unsaved instance only to ask translations which wording this reader gets.
        title = in_reader_language(
            Incident(**dict(zip(TITLE_FIELDS, titles, strict=True))), "title"
        )
        text = f"{started:%Y-%m-%d} {title} ({label(impact)})"
        marks.append(charts.Mark(started.date(), "incident", f"impact-{impact}", text))
    if provider.organization is None or not marks:
        return marks
    orgs = ancestors(provider.organization)
    first = min(m.when for m in marks)
    for change in LeadershipChange.objects.filter(
        organization__in=orgs, announced_on__gte=first
    ).select_related("person"):
        text = f"{change.announced_on}: {change_text(change)}"
        marks.append(charts.Mark(change.announced_on, "leadership", "mark-leadership", text))
    for event in CorporateEvent.objects.filter(organization__in=orgs, occurred_on__gte=first):
        text = f"{event.occurred_on}: {in_reader_language(event, 'title')}"
        marks.append(charts.Mark(event.occurred_on, "event", "mark-event", text))
    return marks


def product_fragment(request: HttpRequest, slug: str, number: int) -> dict:
    """Build a product's page: its incidents and those of what it depended on at the time."""
    product = get_object_or_404(Product.objects.select_related("owner", "provider"), slug=slug)
    # Only the edges near this product: its upstream chains and what depends on it directly.
    edges = dependencies.all_edges(
        dependencies.near({product.pk}, upstream=True) | Q(to_product=product)
    )
    paths = dependencies.upstream_paths(product, edges)
    incidents = (
        public_incidents()
        .defer(*LIST_DEFERRED)
        .filter(pk__in=Incident.objects.filter(_hit_through(product, paths)).values("pk"))
    )
    start = (number - 1) * PAGE_SIZE
    rows = list(incidents[start : start + PAGE_SIZE + 1])
    if number > 1 and not rows:
        raise Http404(_("This page is past the end of the list."))
    context = {
        "product": product,
        "depends_on": [path[0] for path in paths if len(path) == 1],
        "dependents": [edge for edge in edges if edge.to_product_id == product.pk],
        "incidents": attach_tags(rows[:PAGE_SIZE]),
        "has_next": len(rows) > PAGE_SIZE,
        "number": number,
    }
    fragment = _fragment(request, "incidents/_product.html", product.name, context)
    # The page lists the incidents of every product upstream of it too.
    fragment["scopes"] = [f"product:{path[-1].to_product.slug}" for path in paths]
    return fragment


def _hit_through(product: Product, paths: list[list[ProductDependency]]) -> Q:
    """Incidents that took the product down, or something it depended on when and where."""
    # Only impacts above none: a product checked and found fine was not taken down.
    affected = ProductImpact.objects.affected()
    condition = Q(Exists(affected.filter(incident=OuterRef("pk"), product=product)))
    for path in paths:
        hit = affected.filter(incident=OuterRef("pk"), product=path[-1].to_product_id)
        condition |= Q(Exists(hit)) & dependencies.incidents_through(path)
    return condition


def person_fragment(request: HttpRequest, slug: str) -> dict:
    """Build a person's page: each tenure with the incidents during it."""
    person = get_object_or_404(Person, slug=slug)
    record = tenures.tenures_of(person)
    for tenure in record.tenures:
        rows = list(tenures.incidents_during(tenure).defer(*LIST_DEFERRED)[: TENURE_INCIDENTS + 1])
        tenure.incidents = attach_tags(rows[:TENURE_INCIDENTS])
        tenure.more = len(rows) > TENURE_INCIDENTS
    context = {"person": person, "tenures": record.tenures, "other_changes": record.other_changes}
    fragment = _fragment(request, "incidents/_person.html", person.name, context)
    fragment["scopes"] = _tenure_scopes(record.tenures)
    return fragment


def _tenure_scopes(tenures_shown: list) -> list[str]:
    # Every incident of these organizations' providers may fall inside a tenure.
    organizations = set().union(*(t.organizations for t in tenures_shown))
    return [f"organization:{pk}" for pk in sorted(organizations)]


def charts_fragment(request: HttpRequest) -> dict:
    """Build the charts page: incidents per quarter per provider, and outage durations."""
    incidents = Incident.objects.published()
    buckets = _duration_buckets(incidents)
    counts = _quarter_counts(incidents)
    context = {
        "quarters": charts.responsive(
            charts.stacked_quarters, counts, _("Incidents per quarter per provider")
        ),
        "quarter_table": charts.quarter_table(counts),
        "durations": charts.responsive(
            charts.duration_histogram, buckets, _("How long outages lasted")
        ),
        "buckets": list(zip(charts.duration_labels(), buckets, strict=True)),
    }
    return _fragment(request, "incidents/_charts.html", _("Charts"), context)


def _duration_buckets(incidents: QuerySet) -> list[int]:
    # Conditional counts in one query: the table may hold 100,000 incidents.
    aggregates, lower = {}, dt.timedelta(0)
    for i, (limit, _name) in enumerate(charts.DURATION_BUCKETS):
        span = Q(ended_at__gte=_plus("started_at", lower))
        if limit is not None:
            span &= Q(ended_at__lt=_plus("started_at", limit))
            lower = limit
        aggregates[f"b{i}"] = Count("id", filter=span)
    aggregates["open"] = Count("id", filter=Q(ended_at__isnull=True))
    result = incidents.aggregate(**aggregates)
    return [result[f"b{i}"] for i in range(len(charts.DURATION_BUCKETS))] + [result["open"]]


def _plus(field: str, delta: dt.timedelta) -> ExpressionWrapper:
    return ExpressionWrapper(
        F(field) + Value(delta, output_field=DurationField()), output_field=DateTimeField()
    )
