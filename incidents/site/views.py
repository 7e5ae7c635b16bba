"""Public pages: thin function views over the timeline, detail and page-cache modules."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponsePermanentRedirect,
    HttpResponseRedirect,
    JsonResponse,
)
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from incidents.record.curation import public_survivor
from incidents.record.zones import TIME_ZONE_CHOICES
from incidents.site import indexes, pages
from incidents.site.filters import active_filters, parse_filters
from incidents.site.middleware import TIME_ZONE_COOKIE, known_zones
from incidents.site.pagecache import LIST, cached_page, csrf_placeholder
from incidents.site.timeline import build_page, count_incidents
from tracker.health import run_checks

ONE_YEAR = 365 * 24 * 3600


def reader_zone_choices() -> list[str]:
    """Return the zones the switcher offers, with the reader's own first if it is unusual."""
    current = timezone.get_current_timezone_name()
    return (
        list(TIME_ZONE_CHOICES) if current in TIME_ZONE_CHOICES else [current, *TIME_ZONE_CHOICES]
    )


def healthz(request: HttpRequest) -> JsonResponse:
    """Answer each dependency's status, 503 if any is down; only staff see why."""
    status, errors = run_checks()
    body: dict = {"status": "error" if errors else "ok", "checks": status}
    # Error texts name hosts and ports: for staff only, never for anonymous probes. Without
    # the database no session can be read, so nobody is known to be staff then.
    if errors and "database" not in errors and request.user.is_staff:
        body["errors"] = errors
    return JsonResponse(body, status=503 if errors else 200)


def page_number(request: HttpRequest) -> int:
    """Return the requested page number; anything but a positive integer is a 404."""
    raw = request.GET.get("page", "1")
    if not raw.isdigit() or int(raw) < 1 or int(raw) > 10_000:
        raise Http404(_("There is no such page."))
    return int(raw)


def _page(
    request: HttpRequest, name: str, build: Callable[[], dict], scopes: list[str]
) -> HttpResponse:
    """Serve a cached page; `scopes` are the data generations its URL says it reads."""

    def render_page() -> tuple[int, str, list[str]]:
        fragment = build()
        context = {
            "title": fragment["title"],
            # Built by render_to_string from our own templates: autoescaped already.
            "main": mark_safe(fragment["main"]),  # noqa: S308
            "time_zones": reader_zone_choices(),
            "csrf_token": csrf_placeholder(),
        }
        html = render_to_string("incidents/page.html", context, request=request)
        return fragment.get("status", 200), html, fragment.get("scopes", [])

    return cached_page(request, name, render_page, scopes)


def timeline(request: HttpRequest) -> HttpResponse:
    """Show incidents, leadership changes and corporate events, newest first, filtered."""
    number = page_number(request)

    def build() -> dict:
        filters, form = parse_filters(request.GET)
        page = build_page(filters, number)
        if page.is_empty and number > 1:
            raise Http404(_("This page is past the end of the timeline."))
        context = {
            "form": form,
            "filters": filters,
            "page": page,
            "count": None if form.errors else count_incidents(filters),
            "active": active_filters(form, request.GET),
            **pages.filter_choices(),
        }
        html = render_to_string("incidents/_timeline.html", context, request=request)
        status = 400 if form.errors else 200
        return {"title": _("Cloud outage timeline"), "main": html, "status": status}

    return _page(request, "timeline", build, timeline_scopes(request))


def timeline_scopes(request: HttpRequest) -> list[str]:
    """Return what a timeline lists: one provider's incidents, or any incident at all."""
    # A timeline filtered to one provider lists none of another's incidents, so an ingest
    # of provider A leaves provider B's filtered timelines cached.
    providers = request.GET.getlist("provider")
    if len(providers) == 1 and providers[0]:
        return [f"provider:{providers[0]}"]
    return [LIST]


def incident_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """Show one published incident with its timeline, impact, sources and what followed."""
    try:
        build = partial(pages.incident_fragment, request, slug)
        return _page(request, "incident", build, [f"incident:{slug}"])
    except Http404:
        survivor = public_survivor(slug)
        if survivor is None:
            raise
        return HttpResponseRedirect(survivor.get_absolute_url())


def provider_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """Show a provider's history: counts and downtime per year, charts, recent incidents."""
    build = partial(pages.provider_fragment, request, slug)
    return _page(request, "provider", build, [f"provider:{slug}"])


def product_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """Show a product's incidents, including those of the products it depends on."""
    number = page_number(request)
    build = partial(pages.product_fragment, request, slug, number)
    return _page(request, "product", build, [f"product:{slug}"])


def person_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """Show a person's tenures with the incidents that happened during each."""
    build = partial(pages.person_fragment, request, slug)
    return _page(request, "person", build, [f"person:{slug}"])


def provider_index(request: HttpRequest) -> HttpResponse:
    """List every provider with its count of published incidents."""
    # Every index counts incidents: any change may move a count.
    return _page(request, "providers", lambda: indexes.providers_fragment(request), [LIST])


def product_index(request: HttpRequest) -> HttpResponse:
    """List products by name with the ids the filters and the API take."""
    number = page_number(request)
    return _page(request, "products", lambda: indexes.products_fragment(request, number), [LIST])


def person_index(request: HttpRequest) -> HttpResponse:
    """List the people whose leadership changes the record follows."""
    return _page(request, "people", lambda: indexes.people_fragment(request), [LIST])


def favicon(request: HttpRequest) -> HttpResponse:
    """Send browsers asking /favicon.ico to the SVG icon the pages link to."""
    return HttpResponsePermanentRedirect(static("incidents/favicon.svg"))


def charts(request: HttpRequest) -> HttpResponse:
    """Show incidents per quarter per provider and how long outages last."""
    return _page(request, "charts", lambda: pages.charts_fragment(request), [LIST])


@require_POST
def set_time_zone(request: HttpRequest) -> HttpResponse:
    """Remember the reader's display time zone in a cookie and go back where they were."""
    zone = request.POST.get("tz", "UTC")
    target = request.POST.get("next", "/")
    if not url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        target = "/"
    response = HttpResponseRedirect(target)
    if zone in known_zones():
        response.set_cookie(TIME_ZONE_COOKIE, zone, max_age=ONE_YEAR, samesite="Lax")
    return response
