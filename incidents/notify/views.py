"""Readers' pages for subscriptions: subscribe, confirm, manage, unsubscribe, calendar feeds.

No accounts: each page past the form is reached through a signed link.
"""

from __future__ import annotations

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods

from incidents.models import Channel, Subscription, SubscriptionState
from incidents.record.filters import parse_filters

from . import manage as actions
from .calendar import build_calendar
from .forms import SubscribeForm
from .saved_view import ViewForm, view_of
from .signing import REPLAY_WINDOW_SECONDS, SIGNATURE_HEADER, link, make_token, read_token
from .subscribe import create_subscription

LOG_ENTRIES = 50


def _subscription(token: str, purpose: str) -> Subscription:
    pk = read_token(token, purpose)
    subscriptions = Subscription.objects.select_related("provider", "product")
    subscription = subscriptions.filter(pk=pk).first() if pk is not None else None
    if subscription is None:
        raise Http404(_("This link is not valid (or has expired)."))
    return subscription


@require_http_methods(["GET", "POST"])
def subscribe(request: HttpRequest) -> HttpResponse:
    """Show the "Notify me" form for a view of the timeline; save what it sends."""
    if request.method == "GET":
        form = SubscribeForm(initial=_initial(request.GET))
        view_form = ViewForm(request.GET)
        view = view_form.saved_view() if view_form.is_valid() else None
        return render(request, "notify/subscribe.html", {"form": form, "view": view})
    form = SubscribeForm(request.POST)
    if not form.is_valid():
        return render(request, "notify/subscribe.html", {"form": form}, status=400)
    zone = timezone.get_current_timezone_name()
    subscription = create_subscription(form.cleaned_data, translation.get_language(), zone)
    context = {"subscription": subscription, "view": view_of(subscription)}
    if subscription.channel == Channel.WEBHOOK:
        context["manage_url"] = link(subscription.pk, "manage")
    return render(request, "notify/subscribed.html", context)


def _initial(params) -> dict:
    initial = {k: params.get(k, "") for k in ("provider", "product", "region", "impact")}
    return {**initial, "on_new": True, "on_resolve": True, "on_postmortem": True}


@require_http_methods(["GET", "POST"])
def confirm(request: HttpRequest, token: str) -> HttpResponse:
    """Ask for one click to confirm (mail scanners follow links, they do not press buttons)."""
    subscription = _subscription(token, "confirm")
    if request.method == "POST":
        subscription.confirm()
        return HttpResponseRedirect(link(subscription.pk, "manage"))
    return render(request, "notify/confirm.html", {"subscription": subscription})


@require_http_methods(["GET", "POST"])
def manage(request: HttpRequest, token: str) -> HttpResponse:
    """Show a subscription, its delivery log and its settings; apply a change to them."""
    subscription = _subscription(token, "manage")
    if request.method == "POST":
        actions.apply(subscription, request.POST)
        return HttpResponseRedirect(request.path)
    context = {
        "subscription": subscription,
        "view": view_of(subscription),
        "deliveries": subscription.deliveries.select_related("incident")[:LOG_ENTRIES],
        "unsubscribe_token": make_token(subscription.pk, "unsubscribe"),
        "signature_header": SIGNATURE_HEADER,
        "replay_window": REPLAY_WINDOW_SECONDS,
        "states": SubscriptionState,
        "languages": settings.LANGUAGES,
        "time_zones": actions.zone_choices(subscription),
    }
    return render(request, "notify/manage.html", context)


@require_GET
def delivery_log(request: HttpRequest, token: str) -> JsonResponse:
    """Return the subscription's newest deliveries as JSON, for tools watching a webhook."""
    subscription = _subscription(token, "manage")
    rows = subscription.deliveries.select_related("incident")[:LOG_ENTRIES]
    return JsonResponse({"state": subscription.state, "deliveries": [_log_row(d) for d in rows]})


def _log_row(delivery) -> dict:
    def iso(value):
        return value.isoformat().replace("+00:00", "Z") if value else None

    return {
        "id": delivery.pk,
        "event": delivery.event,
        "incident": delivery.incident.slug if delivery.incident else None,
        "state": delivery.state,
        "attempts": delivery.attempts,
        "created_at": iso(delivery.created_at),
        "sent_at": iso(delivery.sent_at),
        "next_attempt_at": iso(delivery.next_attempt_at),
        "response_status": delivery.response_status,
        "error": delivery.error,
    }


# RFC 8058: the mail provider POSTs "List-Unsubscribe=One-Click" with no cookie and no CSRF
# token; the signed token in the URL is the authority.
@csrf_exempt
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """Unsubscribe on POST (one click, RFC 8058); on GET, show the button to do it."""
    subscription = _subscription(token, "unsubscribe")
    if request.method == "POST":
        subscription.unsubscribe()
        return render(request, "notify/unsubscribed.html", {"subscription": subscription})
    return render(request, "notify/unsubscribe.html", {"subscription": subscription})


@require_GET
def webhook_docs(request: HttpRequest) -> HttpResponse:
    """Explain the webhook body and how to check its signature."""
    context = {"signature_header": SIGNATURE_HEADER, "replay_window": REPLAY_WINDOW_SECONDS}
    return render(request, "notify/webhooks.html", context)


@require_GET
def calendar(request: HttpRequest) -> HttpResponse:
    """Return the iCalendar feed of the timeline view the query names, its search and dates too."""
    filters, form = parse_filters(request.GET)
    if form.errors:
        errors = "; ".join(f"{k}: {' '.join(map(str, v))}" for k, v in form.errors.items())
        return HttpResponse(errors, status=400, content_type="text/plain; charset=utf-8")
    response = HttpResponse(build_calendar(filters), content_type="text/calendar")
    response["Content-Disposition"] = 'inline; filename="outages.ics"'
    return response
