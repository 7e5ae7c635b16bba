"""Enter and show an incident's times in its vendor's zone, labelled, with UTC beside them.

An editor copying "10:00" from a Chinese status page means 10:00 Beijing time; with the
admin's UTC inputs that stored 18:00 Beijing time.
"""

from __future__ import annotations

import datetime as dt
import functools
import zoneinfo
from typing import TYPE_CHECKING

from django import forms
from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.contrib.admin.widgets import AdminSplitDateTime
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models
from django.db.models import Max, Min
from django.http import HttpRequest, HttpResponse
from django.utils import formats, timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString

from incidents.record.zones import describe_zone, zone_label

from ..models import Incident


def _local(moment: dt.datetime) -> dt.datetime | None:
    """Return `moment` in the current zone, or None where the zone would leave years 1-9999."""
    try:
        return timezone.localtime(moment)
    except OverflowError:
        return None


class VendorZoneSplitDateTime(AdminSplitDateTime):
    """The admin's date and time inputs, followed by their zone and the value in UTC."""

    def decompress(self, value):
        # A time stored before the ingestion edge checked times (0001-01-01, 9999-12-31) may
        # not exist in the form's zone: show it in UTC rather than answer 500.
        if isinstance(value, dt.datetime) and timezone.is_aware(value) and _local(value) is None:
            utc = value.astimezone(dt.UTC)
            return [utc.date(), utc.time()]
        return super().decompress(value)

    def render(self, name, value, attrs=None, renderer=None) -> SafeString:
        html = super().render(name, value, attrs, renderer)
        moment = value if isinstance(value, dt.datetime) else None
        local = _local(moment) if moment else timezone.localtime()
        if local is None:
            return format_html(
                '{} <span class="vendor-zone">{}</span>',
                html,
                "UTC: this time is out of range in the vendor zone; correct it",
            )
        label = zone_label(local)
        if moment is None:
            return format_html('{} <span class="vendor-zone">{}</span>', html, label)
        utc = moment.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
        return format_html('{} <span class="vendor-zone">{} = {}</span>', html, label, utc)


class InRangeSplitDateTimeField(forms.SplitDateTimeField):
    """A date and time that must exist in UTC once read in the form's zone."""

    def compress(self, data_list):
        try:
            value = super().compress(data_list)
            if value is not None:
                value.astimezone(dt.UTC)
        except OverflowError:
            raise ValidationError(
                "This time is out of range once read in the vendor zone.", code="out_of_range"
            ) from None
        return value


VENDOR_ZONE_FIELDS = {
    models.DateTimeField: {
        "widget": VendorZoneSplitDateTime,
        "form_class": InRangeSplitDateTimeField,
    }
}


# The mixin's methods call ModelAdmin's: say so to the type checker alone.
_AdminBase: type = admin.ModelAdmin if TYPE_CHECKING else object


class VendorZoneMixin(_AdminBase):
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

    def get_list_display(self, request: HttpRequest):
        return [_zone_safe_column(self.model, name) for name in super().get_list_display(request)]

    def get_changelist_instance(self, request: HttpRequest):
        changelist = super().get_changelist_instance(request)
        # The date drill-down reads the first and last stored times in the reader's zone: a
        # time stored before the ingestion edge checked times may not exist there.
        field = changelist.date_hierarchy
        if field:
            bounds = changelist.queryset.aggregate(first=Min(field), last=Max(field))
            if any(v is not None and _local(v) is None for v in bounds.values()):
                changelist.date_hierarchy = None
        return changelist


@functools.cache
def _zone_safe_column(model: type[models.Model], name):
    """Return a list column that shows a stored time in UTC where the reader's zone cannot."""
    try:
        field = model._meta.get_field(name) if isinstance(name, str) else None
    except FieldDoesNotExist:  # a method or property name
        return name
    if not isinstance(field, models.DateTimeField):
        return name

    @admin.display(description=field.verbose_name, ordering=name)
    def column(obj):
        value = getattr(obj, name)
        if value is None:
            return "-"
        local = _local(value)
        if local is None:
            return value.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
        return formats.localize(local)

    return column


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
