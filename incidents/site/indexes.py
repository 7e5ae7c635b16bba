"""The indexes readers browse by: every provider, product and person, each with its counts."""

from __future__ import annotations

from django.db.models import Count, Max, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404, HttpRequest
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from incidents.models import Impact, Incident, Person, Product, Provider, ReviewState

PRODUCTS_PER_PAGE = 200
PUBLISHED = Q(incidents__review_state=ReviewState.PUBLISHED, incidents__merged_into__isnull=True)


def _fragment(request: HttpRequest, template: str, title: str, context: dict) -> dict:
    return {"title": title, "main": render_to_string(template, context, request=request)}


def providers_fragment(request: HttpRequest) -> dict:
    """List every provider with its published incidents' count and latest start."""
    providers = (
        Provider.objects.only("slug", "name")
        .annotate(
            incident_count=Count("incidents", filter=PUBLISHED),
            latest=Max("incidents__started_at", filter=PUBLISHED),
        )
        .order_by("name")
    )
    return _fragment(
        request, "incidents/_providers.html", _("Providers"), {"providers": list(providers)}
    )


def _taken_down_count() -> Coalesce:
    # A count per product in one subquery, not a join per impact across the whole table.
    hits = (
        Incident.objects.published()
        .filter(impacts__product=OuterRef("pk"), impacts__impact__in=Impact.affecting())
        .order_by()
        .values("impacts__product")
        .annotate(n=Count("pk", distinct=True))
        .values("n")
    )
    return Coalesce(Subquery(hits), 0)


def products(number: int) -> tuple[list[Product], bool]:
    """Return page `number` of the products by name, each with how often it was taken down."""
    start = (number - 1) * PRODUCTS_PER_PAGE
    queryset: QuerySet = (
        Product.objects.select_related("provider")
        .only("slug", "name", "name_native", "kind", "provider__slug", "provider__name")
        .annotate(taken_down=_taken_down_count())
        .order_by("name", "pk")
    )
    rows = list(queryset[start : start + PRODUCTS_PER_PAGE + 1])
    if number > 1 and not rows:
        raise Http404(_("This page is past the end of the list."))
    return rows[:PRODUCTS_PER_PAGE], len(rows) > PRODUCTS_PER_PAGE


def products_fragment(request: HttpRequest, number: int) -> dict:
    """List products alphabetically with their ids, the filter's and the API's key."""
    rows, has_next = products(number)
    context = {"products": rows, "has_next": has_next, "number": number}
    return _fragment(request, "incidents/_products.html", _("Products"), context)


def people_fragment(request: HttpRequest) -> dict:
    """List the people the record follows, with how many leadership changes each has."""
    people = Person.objects.annotate(change_count=Count("changes")).order_by("name")
    return _fragment(request, "incidents/_people.html", _("People"), {"people": list(people)})
