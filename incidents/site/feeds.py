"""Atom and RSS feeds of published incidents, filterable like the timeline."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.contrib.syndication.views import Feed
from django.db.models import Prefetch
from django.http import Http404, HttpRequest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from incidents.models import Incident, IncidentUpdate
from incidents.record.bounds import showable, strip_control_characters
from incidents.record.durations import attach_durations
from incidents.site.filters import TimelineFilters, parse_filters
from incidents.site.timeline import filter_incidents

FEED_ITEMS = 50


@dataclass
class FeedScope:
    filters: TimelineFilters
    query: str


class IncidentFeed(Feed):
    feed_type = Rss201rev2Feed

    def get_object(self, request: HttpRequest) -> FeedScope:
        filters, form = parse_filters(request.GET)
        if form.errors:
            raise Http404(" ".join(str(e) for errors in form.errors.values() for e in errors))
        return FeedScope(filters, request.GET.urlencode())

    def title(self, scope: FeedScope) -> str:
        name = scope.filters.provider or scope.filters.product
        return _("Cloud outages: %(name)s") % {"name": name} if name else _("Cloud outages")

    def link(self, scope: FeedScope) -> str:
        return reverse("timeline") + (f"?{scope.query}" if scope.query else "")

    def description(self) -> str:
        return _("Published incidents from the cloud outage tracker, newest first.")

    def items(self, scope: FeedScope) -> list[Incident]:
        updates = IncidentUpdate.objects.order_by("posted_at", "id")
        incidents = filter_incidents(scope.filters).defer(None)
        items = incidents.prefetch_related(Prefetch("updates", queryset=updates))[:FEED_ITEMS]
        return attach_durations(list(items))

    # Stored rows may predate the ingestion edge's checks: XML cannot carry a control
    # character, and Django's feed writer answers 500 for one.
    def item_title(self, item: Incident) -> str:
        title = item.localized_title(get_language() or "en")
        return strip_control_characters(f"[{item.provider.name}] {title}")

    def item_description(self, item: Incident) -> str:
        html = render_to_string("incidents/_feed_item.html", {"incident": item})
        return strip_control_characters(html)

    def item_link(self, item: Incident) -> str:
        return item.get_absolute_url()

    def item_guid(self, item: Incident) -> str:
        return f"incident:{item.slug}"

    item_guid_is_permalink = False

    # Clamped: the Last-Modified header rounds a time of 9999-12-31 into year 10000.
    def item_pubdate(self, item: Incident) -> dt.datetime:
        return showable(item.started_at)

    def item_updateddate(self, item: Incident) -> dt.datetime:
        return showable(item.updated_at)

    def item_categories(self, item: Incident) -> list[str]:
        return [item.provider.slug, item.impact]


class IncidentAtomFeed(IncidentFeed):
    feed_type = Atom1Feed  # type: ignore[assignment]  # both are SyndicationFeeds
    subtitle = IncidentFeed.description
