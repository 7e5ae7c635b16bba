"""Enter and show an incident's times in its vendor's zone, labelled, with UTC beside them.

An editor copying "10:00" from a Chinese status page means 10:00 Beijing time; with the
admin's UTC inputs that stored 18:00 Beijing time.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo

from django.contrib.admin.utils import unquote
from django.contrib.admin.widgets import AdminSplitDateTime
from django.db import models
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.html import format_html

from incidents.record.zones import describe_zone, zone_label

from ..models import Incident


class VendorZoneSplitDateTime(AdminSplitDateTime):
    """The admin's date and time inputs, followed by their zone and the value in UTC."""

    def render(self, name, value, attrs=None, renderer=None) -> str:
        html = super().render(name, value, attrs, renderer)
        moment = value if isinstance(value, dt.datetime) else None
        local = timezone.localtime(moment) if moment else timezone.localtime()
        label = zone_label(local)
        if moment is None:
            return format_html('{} <span class="vendor-zone">{}</span>', html, label)
        utc = moment.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
        return format_html('{} <span class="vendor-zone">{} = {}</span>', html, label, utc)


VENDOR_ZONE_FIELDS = {models.DateTimeField: {"widget": VendorZoneSplitDateTime}}


class VendorZoneMixin:
    """Run a change form in the incident's vendor zone: inputs are read and shown in it."""

    def vendor_zone(self, request: HttpRequest, obj: models.Model | None) -> str:
        """Return the zone of the incident being edited (or the one the form posts)."""
        raise NotImplementedError

    def changeform_view(
        self, request: HttpRequest, object_id=None, form_url="", extra_context=None
    ) -> HttpResponse:
        obj = self.get_object(request, unquote(object_id)) if object_id else None
        zone = self.vendor_zone(request, obj)
        extra = {
            **(extra_context or {}),
            "vendor_zone": zone,
            "vendor_zone_text": describe_zone(zone),
        }
        with timezone.override(zoneinfo.ZoneInfo(zone)):
            response = super().changeform_view(request, object_id, form_url, extra)
            # A TemplateResponse renders after the view returns: render it in the zone.
            if hasattr(response, "render") and not response.is_rendered:
                response.render()
        return response


def valid_zone(*candidates: str | None) -> str:
    """Return the first candidate that is a real zone name, UTC if none is."""
    # An invalid posted zone is the form's error to show; the inputs fall back meanwhile.
    known = zoneinfo.available_timezones()
    return next((c for c in candidates if c and c in known), "UTC")


def incident_zone(request: HttpRequest, incident: Incident | None) -> str:
    """The zone posted with the incident form (the editor may just have set it), else its own."""
    posted = request.POST.get("time_zone") if request.method == "POST" else None
    return valid_zone(posted, incident.time_zone if incident else None)


class ChildZoneMixin(VendorZoneMixin):
    """For a row of an incident (update, impact, reported time): the incident's zone."""

    def vendor_zone(self, request: HttpRequest, obj: models.Model | None) -> str:
        return child_zone(request, obj)


def child_zone(request: HttpRequest, obj: models.Model | None) -> str:
    """The zone of the incident a row belongs to (the one posted, when it changes)."""
    incident = getattr(obj, "incident", None)
    posted = request.POST.get("incident") or request.GET.get("incident")
    if posted and str(posted).isdigit() and (incident is None or str(incident.pk) != posted):
        incident = Incident.objects.filter(pk=posted).only("time_zone").first()
    return valid_zone(incident.time_zone if incident else None)
