"""iCalendar (RFC 5545) feeds of a saved view: outages and maintenance as events."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event

from incidents.models import Impact, Incident
from incidents.record.filters import TimelineFilters, filter_incidents

from .mail import mail_domain
from .saved_view import SavedView

MAX_EVENTS = 500


def build_calendar(filters: TimelineFilters, now: dt.datetime | None = None) -> bytes:
    """Return the iCalendar document of the newest incidents the timeline's `filters` show."""
    now = now or timezone.now()
    view = SavedView(filters.provider, filters.product, filters.region, filters.impact)
    calendar = Calendar()
    calendar.add("prodid", "-//cloud-outage-tracker//notify//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", f"Cloud outages: {_describe(view, filters)}")
    incidents = filter_incidents(filters).defer(None).order_by("-started_at", "-id")
    if "incidents" not in filters.kinds:
        incidents = incidents.none()
    for incident in incidents[:MAX_EVENTS]:
        calendar.add_component(_event(incident, now))
    return calendar.to_ical()


def _describe(view: SavedView, filters: TimelineFilters) -> str:
    parts = [view.describe()]
    if filters.q:
        parts.append(f"“{filters.q}”")
    if filters.since or filters.until:
        parts.append(f"{filters.since or '…'} to {filters.until or '…'}")
    if filters.ongoing:
        parts.append("ongoing")
    return ", ".join(parts)


def _event(incident: Incident, now: dt.datetime) -> Event:
    event = Event()
    event.add("uid", f"{incident.slug}@{mail_domain()}")
    event.add("dtstamp", now)
    event.add("dtstart", incident.started_at)
    # An ongoing outage has no end yet; a calendar event needs one, so it ends "now" until then.
    end = incident.ended_at or max(now, incident.started_at)
    event.add("dtend", end)
    event.add("last-modified", incident.updated_at)
    maintenance = incident.impact == Impact.MAINTENANCE
    prefix = "Maintenance" if maintenance else f"{incident.get_impact_display()} outage"
    event.add("summary", f"{prefix}: {incident.provider.name}: {incident}")
    event.add("description", _description(incident))
    # RFC 5545 STATUS: planned maintenance still ahead is tentative, anything reported is confirmed.
    event.add("status", "TENTATIVE" if maintenance and incident.started_at > now else "CONFIRMED")
    event.add("categories", ["maintenance" if maintenance else "outage", incident.impact])
    event.add("url", settings.NOTIFY_BASE_URL + incident.get_absolute_url())
    event.add("x-tracker-status", incident.status)
    return event


def _description(incident: Incident) -> str:
    lines = [f"Status: {incident.get_status_display()}", f"Impact: {incident.get_impact_display()}"]
    if incident.ended_at is None:
        lines.append("Ongoing: the end shown is the time this calendar was made.")
    if incident.summary:
        lines += ["", incident.summary]
    return "\n".join(lines)
