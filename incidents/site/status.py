"""Status pages, badges, embeds and the "right now" page: thin views over incidents.record."""

from __future__ import annotations

import hashlib

from django.contrib.syndication.views import Feed
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.http import require_safe

from incidents.models import Incident
from incidents.record import availability, now, statuspage

from . import badges
from .views import reader_zone_choices

BADGE_SECONDS = 300
STRIP_DAYS = 90
# The embed is meant for other sites' pages: any may frame it; it runs no script at all.
EMBED_POLICY = (
    "default-src 'none'; style-src 'self'; img-src 'self' data:; base-uri 'none'; "
    "form-action 'none'; frame-ancestors *"
)


def _scope(kwargs: dict) -> statuspage.Page:
    return statuspage.find_page(
        kwargs["provider"], kwargs.get("product", ""), kwargs.get("region", "")
    )


def _strip(page: statuspage.Page, days: int = STRIP_DAYS):
    return availability.strip_only(page.incidents, statuspage.provider_ids(page), strip=days)


def _svg(request: HttpRequest, svg: str) -> HttpResponse:
    response = HttpResponse(svg, content_type="image/svg+xml; charset=utf-8")
    response.headers["ETag"] = '"' + hashlib.sha256(svg.encode()).hexdigest()[:32] + '"'
    response.headers["Access-Control-Allow-Origin"] = "*"
    patch_cache_control(response, public=True, max_age=BADGE_SECONDS)
    return (
        get_conditional_response(request, etag=response.headers["ETag"], response=response)
        or response
    )


@require_safe
def status_badge(request: HttpRequest, **kwargs) -> HttpResponse:
    """Answer an SVG badge of the page's current status."""
    page = _scope(kwargs)
    status = statuspage.status_payload(statuspage.ongoing(page))
    indicator = status["indicator"]
    label = page.name
    svg = badges.badge(label, status["description"].lower(), badges.COLOURS[indicator])
    return _svg(request, svg)


@require_safe
def availability_badge(request: HttpRequest, days: int, **kwargs) -> HttpResponse:
    """Answer an SVG badge of the page's availability over the last 30 or 90 days."""
    page = _scope(kwargs)
    figure = availability.figure([day for day, _figure in _strip(page, days)])
    label = f"{page.name} {days}d"
    title = _("%(page)s availability over %(days)s days, from the record: %(figure)s") % {
        "page": page.name,
        "days": days,
        "figure": badges.percent(figure),
    }
    svg = badges.badge(label, badges.percent(figure), badges.availability_colour(figure), title)
    return _svg(request, svg)


def _context(request: HttpRequest, page: statuspage.Page, full: bool) -> dict:
    base = request.build_absolute_uri("/")
    current = statuspage.ongoing(page)
    body = statuspage.document(page, "components", base)
    strip = _strip(page)
    context = {
        "title": page.name,
        "page": page,
        "status": statuspage.status_payload(current),
        "components": [c for c in body["components"] if not c["group"]],
        "incidents": [i for i in current],
        "strip": badges.strip(strip, _("Availability per day, last 90 days")),
        "strip_90": badges.percent(availability.figure([d for d, _f in strip])),
        "strip_30": badges.percent(availability.figure([d for d, _f in strip[-30:]])),
        "method": [
            (availability.METHOD_LABELS[k], text) for k, text in availability.METHOD.items()
        ],
        "here": request.build_absolute_uri(request.path),
        "time_zones": reader_zone_choices(),
    }
    if full:
        result = availability.report(page.incidents, statuspage.provider_ids(page))
        context["months"] = [(n, badges.percent(f), _covered(f)) for n, f in result.months]
        context["years"] = [(n, badges.percent(f), _covered(f)) for n, f in result.years]
    return context


def _covered(figure: availability.Figure) -> str:
    return f"{figure.coverage * 100:.1f}%"


@require_safe
def status_page(request: HttpRequest, **kwargs) -> HttpResponse:
    """Show a page's status, its components, its availability and the method behind it."""
    page = _scope(kwargs)
    return render(request, "status/page.html", _context(request, page, full=True))


@require_safe
@xframe_options_exempt
def embed(request: HttpRequest, **kwargs) -> HttpResponse:
    """Show a small, script-free status card that other sites may put in an iframe."""
    page = _scope(kwargs)
    response = render(request, "status/embed.html", _context(request, page, full=False))
    response.headers["Content-Security-Policy"] = EMBED_POLICY
    return response


@require_safe
def now_page(request: HttpRequest) -> HttpResponse:
    """Show what is down right now across every provider, and how fresh each source is."""
    rows = now.right_now()
    down = [r for r in rows if r.incidents]
    context = {"title": _("Right now"), "down": down, "rows": rows}
    context["time_zones"] = reader_zone_choices()
    return render(request, "status/now.html", context)


@require_safe
def now_json(request: HttpRequest) -> HttpResponse:
    """Answer the right-now document as JSON, readable from any site."""
    response = JsonResponse(now.now_payload(now.right_now(), request.build_absolute_uri("/")))
    response.headers["Access-Control-Allow-Origin"] = "*"
    return response


@require_safe
def now_badge(request: HttpRequest) -> HttpResponse:
    """Answer an SVG badge of how many providers have something down right now."""
    rows = now.right_now()
    down = [r for r in rows if r.incidents]
    worst = max((r.indicator for r in down), key=statuspage.rank, default="none")
    message = _("%(count)s down") % {"count": len(down)} if down else _("nothing down")
    return _svg(request, badges.badge(_("right now"), message, badges.COLOURS[worst]))


class NowFeed(Feed):
    """The ongoing incidents of every provider, newest first."""

    feed_type = Atom1Feed
    title = "Cloud outages right now"
    link = "/now/"
    subtitle = "Ongoing incidents across every provider in the record."

    def items(self) -> QuerySet:
        return (
            Incident.objects.published()
            .ongoing()
            .select_related("provider")
            .order_by("-started_at", "-id")[:100]
        )

    def item_title(self, item: Incident) -> str:
        return f"{item.provider.name}: {item} ({item.get_impact_display()})"

    def item_description(self, item: Incident) -> str:
        return item.summary_en or item.summary or str(item)

    def item_link(self, item: Incident) -> str:
        return item.get_absolute_url()

    def item_pubdate(self, item: Incident):
        return item.started_at

    def item_updateddate(self, item: Incident):
        return item.updated_at
