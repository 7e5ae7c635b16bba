"""Query filters for incidents: the list and both exports share them."""

from __future__ import annotations

import datetime as dt

import django_filters as filters
from django import forms
from django.db.models import Exists, OuterRef, QuerySet
from django_filters.fields import IsoDateTimeField
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework.exceptions import ValidationError
from rest_framework.filters import OrderingFilter

from incidents.models import (
    Impact,
    Incident,
    IncidentQuerySet,
    Product,
    ProductImpact,
    Provider,
    Region,
    ReviewState,
    Status,
)
from incidents.models.validators import parse_flag
from incidents.record.search import ranked, search_incidents


@extend_schema_field(OpenApiTypes.STR)
class SlugsFilter(filters.ModelMultipleChoiceFilter):
    """Any of several slugs (repeat the parameter); an unknown slug is a 400."""


class FlagField(forms.Field):
    """A yes/no parameter: the timeline's words (1/0, true/false, on/off, yes/no), else a 400."""

    def to_python(self, value):
        return parse_flag(value)


@extend_schema_field(OpenApiTypes.BOOL)
class FlagFilter(filters.Filter):
    field_class = FlagField


class UTCDateTimeField(IsoDateTimeField):
    """An ISO 8601 date-time converted to UTC before it reaches the database."""

    def clean(self, value):
        value = super().clean(value)
        if value is None:
            return None
        # PostgreSQL refuses offsets past 15:59 that Python accepts (up to 23:59).
        try:
            return value.astimezone(dt.UTC)
        except OverflowError:
            raise forms.ValidationError("The date is out of range.", code="overflow") from None


class UTCDateTimeFilter(filters.IsoDateTimeFilter):
    field_class = UTCDateTimeField


ORDERINGS = ("started_at", "-started_at", "updated_at", "-updated_at", "relevance")


class IncidentFilter(filters.FilterSet):
    """Filter incidents; an unknown slug or a malformed date is a 400 naming the parameter."""

    provider = filters.ModelChoiceFilter(
        queryset=Provider.objects.all(), to_field_name="slug", help_text="Provider slug."
    )
    product = SlugsFilter(
        queryset=Product.objects.all(),
        to_field_name="slug",
        method="filter_product",
        help_text="Product slug; repeat for any of several.",
    )
    # Region slugs are the provider's own ids, so one slug can name regions of two providers.
    region = SlugsFilter(
        queryset=Region.objects.all(),
        to_field_name="slug",
        method="filter_region",
        help_text="Region slug; repeat for any of several.",
    )
    impact = filters.ChoiceFilter(choices=Impact.choices, help_text="Exactly this impact.")
    impact_min = filters.ChoiceFilter(
        choices=Impact.choices, method="filter_impact_min", help_text="This impact or worse."
    )
    status = filters.ChoiceFilter(choices=Status.choices)
    ongoing = FlagFilter(
        method="filter_ongoing",
        help_text="Not ended yet: true/1/on/yes, or false/0/off/no for ended ones.",
    )
    started_after = UTCDateTimeFilter(
        field_name="started_at", lookup_expr="gte", help_text="ISO 8601; started at or after."
    )
    started_before = UTCDateTimeFilter(
        field_name="started_at", lookup_expr="lt", help_text="ISO 8601; started before."
    )
    updated_since = UTCDateTimeFilter(
        field_name="updated_at",
        lookup_expr="gte",
        help_text="ISO 8601; changed at or after (incremental sync, with ordering=updated_at).",
    )
    review_state = filters.ChoiceFilter(
        choices=ReviewState.choices,
        help_text="Editors only: list drafts or hidden incidents (others see published only).",
    )
    q = filters.CharFilter(
        method="filter_search",
        help_text="Words that must all appear in a title, summary or update, or in the "
        "provider's or a product's names and aliases, in any language. With "
        "ordering=relevance, best match first (ranked on PostgreSQL).",
    )

    class Meta:
        model = Incident
        fields: list[str] = []

    def filter_product(self, queryset: QuerySet, name: str, value) -> QuerySet:
        if not value:
            return queryset
        impacts = ProductImpact.objects.affected().filter(
            incident=OuterRef("pk"), product__in=value
        )
        return queryset.filter(Exists(impacts))

    def filter_region(self, queryset: QuerySet, name: str, value) -> QuerySet:
        if not value:
            return queryset
        links = Incident.regions.through.objects.filter(incident=OuterRef("pk"), region__in=value)
        return queryset.filter(Exists(links))

    def filter_impact_min(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(impact__in=Impact.at_least(value))

    def filter_ongoing(
        self, queryset: IncidentQuerySet, name: str, value: bool | None
    ) -> IncidentQuerySet:
        if value is None:
            return queryset
        ongoing = queryset.ongoing()
        return ongoing if value else queryset.exclude(pk__in=ongoing.values("pk"))

    def filter_search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        # The timeline's and the feeds' search; "ordering=relevance" sorts by its rank.
        return ranked(search_incidents(queryset, value), value)


class StrictOrderingFilter(OrderingFilter):
    """DRF's ordering filter, but an unknown ordering is a 400 instead of being ignored."""

    def get_ordering(self, request, queryset, view):
        raw = request.query_params.get(self.ordering_param)
        if raw:
            terms = [term.strip() for term in raw.split(",") if term.strip()]
            unknown = [t for t in terms if t not in ORDERINGS]
            if unknown or len(terms) != 1:
                raise ValidationError(
                    {self.ordering_param: [f"Order by one of: {', '.join(ORDERINGS)}."]}
                )
            if terms[0] == "relevance":
                return self._by_relevance(request)
            return (terms[0], "-id" if terms[0].startswith("-") else "id")
        return super().get_ordering(request, queryset, view)

    def _by_relevance(self, request) -> tuple[str, str]:
        if not request.query_params.get("q", "").strip():
            raise ValidationError({self.ordering_param: ["Order by relevance needs q."]})
        return ("-search_rank", "-id")
