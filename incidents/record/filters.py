"""The timeline's filters: parse GET parameters into them, and apply them to incidents.

The timeline, its feeds and the calendar feeds read the same names through this one form.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from incidents.models import Impact, Incident, Product, ProductImpact, Provider, Region
from incidents.models.validators import parse_flag
from incidents.record.search import search_incidents

# Long texts the timeline never shows; skipping them keeps big pages cheap.
LIST_DEFERRED = (
    "summary",
    "summary_en",
    "summary_zh_hans",
    "summary_zh_hant",
    "root_cause",
    "edited_fields",
)
ENTRY_KINDS = [
    ("incidents", _("Incidents")),
    ("leadership", _("Leadership changes")),
    ("events", _("Corporate events")),
]
IMPACT_CHOICES = [
    ("", _("Any impact")),
    (Impact.MINOR, _("Minor or worse")),
    (Impact.MAJOR, _("Major or worse")),
    (Impact.CRITICAL, _("Critical only")),
]


class FlagInput(forms.CheckboxInput):
    """A checkbox that hands its field the word sent, so a bad one can be refused."""

    def value_from_datadict(self, data, files, name: str):
        return data.get(name)


class FlagField(forms.BooleanField):
    """A checkbox refusing the words the API refuses ("maybe") instead of taking them as on."""

    widget = FlagInput

    def to_python(self, value) -> bool:
        return bool(parse_flag(value))

    def prepare_value(self, value) -> bool:
        try:
            return bool(parse_flag(value))
        except ValidationError:
            return False


class TimelineForm(forms.Form):
    q = forms.CharField(required=False, max_length=200, label=_("Search"))
    provider = forms.SlugField(required=False, label=_("Provider"))
    product = forms.SlugField(required=False, label=_("Product"))
    region = forms.SlugField(required=False, label=_("Region"))
    impact = forms.ChoiceField(required=False, choices=IMPACT_CHOICES, label=_("Impact"))
    year = forms.IntegerField(required=False, min_value=1990, max_value=2100, label=_("Year"))
    since = forms.DateField(required=False, label=_("From"))
    until = forms.DateField(required=False, label=_("To"))
    ongoing = FlagField(required=False, label=_("Ongoing only"))
    show = forms.MultipleChoiceField(required=False, choices=ENTRY_KINDS, label=_("Show"))

    def clean_provider(self) -> Provider | None:
        providers = Provider.objects.select_related("organization__parent__parent")
        return self._lookup(providers, "provider", _("No provider is called “%(slug)s”."))

    def clean_product(self) -> Product | None:
        products = Product.objects.select_related("owner__parent__parent")
        return self._lookup(products, "product", _("No product is called “%(slug)s”."))

    def clean_region(self) -> str:
        slug = self.cleaned_data.get("region", "")
        if slug and not Region.objects.filter(slug=slug).exists():
            raise forms.ValidationError(_("No region is called “%(slug)s”."), params={"slug": slug})
        return slug

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        since, until = data.get("since"), data.get("until")
        if since and until and until < since:
            self.add_error("until", _("The end date is before the start date."))
        return data

    def _lookup(self, queryset: QuerySet, name: str, message: Any) -> Any:
        slug = self.cleaned_data.get(name, "")
        if not slug:
            return None
        found = queryset.filter(slug=slug).first()
        if found is None:
            raise forms.ValidationError(message, params={"slug": slug})
        return found


@dataclass
class TimelineFilters:
    q: str = ""
    provider: Provider | None = None
    product: Product | None = None
    region: str = ""
    impact: str = ""
    since: dt.date | None = None
    until: dt.date | None = None
    ongoing: bool = False
    kinds: set[str] = field(default_factory=lambda: {k for k, _ in ENTRY_KINDS})

    @property
    def shows_events(self) -> bool:
        """Say whether company events fit these filters (they have no region or end)."""
        return not (self.region or self.ongoing)


def parse_filters(params: dict) -> tuple[TimelineFilters, TimelineForm]:
    """Validate GET parameters; on errors the filters match nothing and the form says why."""
    form = TimelineForm(params)
    if not form.is_valid():
        return TimelineFilters(kinds=set()), form
    data = form.cleaned_data
    since, until = data["since"], data["until"]
    if data["year"]:
        since = max(since or dt.date.min, dt.date(data["year"], 1, 1))
        until = min(until or dt.date.max, dt.date(data["year"], 12, 31))
    filters = TimelineFilters(
        q=data["q"].strip(),
        provider=data["provider"],
        product=data["product"],
        region=data["region"],
        impact=data["impact"],
        since=since,
        until=until,
        ongoing=data["ongoing"],
    )
    if data["show"]:
        filters.kinds = set(data["show"])
    return filters, form


def filter_incidents(filters: TimelineFilters) -> QuerySet:
    """Apply the timeline filters to the published incidents."""
    qs = Incident.objects.published().select_related("provider").defer(*LIST_DEFERRED)
    if filters.provider:
        qs = qs.filter(provider=filters.provider)
    if filters.product:
        hit = ProductImpact.objects.affected().filter(
            incident=OuterRef("pk"), product=filters.product
        )
        qs = qs.filter(Exists(hit))
    if filters.region:
        in_region = Incident.regions.through.objects.filter(
            incident=OuterRef("pk"), region__slug=filters.region
        )
        qs = qs.filter(Exists(in_region))
    if filters.impact:
        qs = qs.filter(impact__in=Impact.at_least(filters.impact))
    if filters.ongoing:
        qs = qs.ongoing()
    if filters.since:
        qs = qs.filter(started_at__gte=start_of(filters.since))
    if filters.until:
        qs = qs.filter(started_at__lt=start_of(filters.until + dt.timedelta(days=1)))
    return search_incidents(qs, filters.q)


def start_of(day: dt.date) -> dt.datetime:
    """Return midnight of `day` in the reader's zone."""
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))
