"""Serializers with explicit fields; the incident list item is incidents.record.builder's record."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import models
from django.utils import timezone
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from incidents.models import (
    Citation,
    CorporateEvent,
    Impact,
    Incident,
    IncidentLink,
    IncidentUpdate,
    LeadershipChange,
    Person,
    Product,
    ProductImpact,
    Provider,
    Region,
    Relation,
    ReportedTime,
    ReviewState,
    Source,
    SourcingLevel,
    Status,
    ValueSourcing,
)
from incidents.record.builder import incident_record, records_of
from incidents.record.sanitize import clean_html
from incidents.record.stored import record_of


def slug_of(field: str = "slug", **options: Any) -> serializers.SlugRelatedField[Any]:
    """A related row shown by its slug (or another unique field)."""
    return serializers.SlugRelatedField(slug_field=field, **options)


class CitationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Citation
        fields = ["url", "title", "publisher", "published_on", "language", "quote", "official"]


class ProviderSerializer(serializers.ModelSerializer):
    organization = slug_of(read_only=True, allow_null=True)

    class Meta:
        model = Provider
        fields = [
            "slug",
            "name",
            "aliases",
            "organization",
            "time_zone",
            "website",
            "status_page",
        ]


class ProductSerializer(serializers.ModelSerializer):
    owner = slug_of(read_only=True, allow_null=True)
    provider = slug_of(read_only=True, allow_null=True)
    depends_on = slug_of(many=True, read_only=True)

    class Meta:
        model = Product
        fields = [
            "slug",
            "name",
            "name_native",
            "aliases",
            "kind",
            "owner",
            "provider",
            "depends_on",
            "description",
        ]


class RegionSerializer(serializers.ModelSerializer):
    provider = slug_of(read_only=True)
    # A field named "parent" shadows Field.parent in the stubs; at run time DRF keeps both.
    parent = slug_of(read_only=True, allow_null=True)  # type: ignore[assignment]

    class Meta:
        model = Region
        fields = ["id", "provider", "slug", "name", *Region.TRANSLATIONS, "kind", "parent"]


class PersonSerializer(serializers.ModelSerializer):
    class Meta:
        model = Person
        fields = ["slug", "name", "name_native", "name_zh_hant", "bio"]


class LeadershipChangeSerializer(serializers.ModelSerializer):
    person = slug_of(read_only=True)
    organization = slug_of(read_only=True)
    citations = CitationSerializer(many=True, read_only=True)

    class Meta:
        model = LeadershipChange
        fields = [
            "slug",
            "person",
            "organization",
            "role",
            "action",
            "acting",
            "leaves_organization",
            "announced_on",
            "effective_on",
            "note",
            "citations",
        ]


class CorporateEventSerializer(serializers.ModelSerializer):
    organization = slug_of(read_only=True)
    citations = CitationSerializer(many=True, read_only=True)

    class Meta:
        model = CorporateEvent
        fields = [
            "slug",
            "organization",
            "kind",
            "title",
            "occurred_on",
            "summary",
            *CorporateEvent.TRANSLATIONS,
            "citations",
        ]


HEALTH_CHOICES = ["ok", "failing", "stale", "pending", "disabled"]


def source_health(source: Source, now: dt.datetime | None = None) -> str:
    """Return how a source is doing: ok, failing, stale, pending (never polled) or disabled."""
    now = now or timezone.now()
    if not source.enabled:
        return "disabled"
    if source.consecutive_failures:
        return "failing"
    if source.last_success_at is None:
        return "pending"
    # Three missed intervals without a success means the poller itself has stopped.
    if now - source.last_success_at > dt.timedelta(seconds=3 * source.poll_interval):
        return "stale"
    return "ok"


class SourceSerializer(serializers.ModelSerializer):
    """A status page polled; ingestion internals (ETag, error text) stay private."""

    provider = slug_of(read_only=True)
    health = serializers.SerializerMethodField()

    class Meta:
        model = Source
        fields = [
            "id",
            "name",
            "kind",
            "url",
            "provider",
            "poll_interval",
            "enabled",
            "health",
            "last_polled_at",
            "last_success_at",
            "last_error_at",
            "consecutive_failures",
        ]

    @extend_schema_field(serializers.ChoiceField(choices=HEALTH_CHOICES))
    def get_health(self, source: Source) -> str:
        return source_health(source)


# --- Incidents: the list item is incidents.record.builder's record, described field by field;
# the JSON Schema docs/record.schema.json says the same (a test holds the two together).


LINK_KINDS = [("leadership_change", "Leadership change"), ("corporate_event", "Corporate event")]


class RecordProductSerializer(serializers.Serializer):
    slug = serializers.SlugField()
    name = serializers.CharField()
    name_native = serializers.CharField(allow_blank=True)
    impact = serializers.ChoiceField(choices=Impact.choices)
    started_at = serializers.DateTimeField(
        allow_null=True, help_text="Null when no source gives this product its own start."
    )
    ended_at = serializers.DateTimeField(
        allow_null=True, help_text="Null when no source gives this product its own end."
    )
    note = serializers.CharField(allow_blank=True)


class RecordRefSerializer(serializers.Serializer):
    source = serializers.CharField(help_text="The Source's name.")  # type: ignore[assignment]
    external_id = serializers.CharField()
    url = serializers.CharField(allow_blank=True, help_text="The vendor's http(s) link, or empty.")


RAW_BODY = (
    "Raw as the vendor sent it: HTML or plain text, unsanitised. Never render it as HTML; "
    "use body_html."
)
SAFE_BODY = "The body sanitised as the public pages show it: safe tags, http(s)/mailto links."


class RecordUpdateSerializer(serializers.Serializer):
    posted_at = serializers.DateTimeField()
    status = serializers.CharField(allow_blank=True)
    body = serializers.CharField(allow_blank=True, help_text=RAW_BODY)
    body_html = serializers.CharField(allow_blank=True, help_text=SAFE_BODY)


class RecordLinkSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=LINK_KINDS)
    target = serializers.CharField(allow_null=True, help_text="The target's slug.")
    relation = serializers.ChoiceField(choices=Relation.choices)
    lag_days = serializers.IntegerField(allow_null=True)
    confidence = serializers.CharField()
    note = serializers.CharField(allow_blank=True)
    citation = serializers.CharField(allow_null=True, help_text="URL of the supporting source.")


class RecordCitationSerializer(serializers.Serializer):
    url = serializers.CharField()
    title = serializers.CharField()
    publisher = serializers.CharField(allow_blank=True)
    published_on = serializers.DateField(allow_null=True)
    language = serializers.CharField(allow_blank=True, help_text="BCP 47 tag: en, zh-Hans...")
    official = serializers.BooleanField(help_text="Published by the company itself.")
    quote = serializers.CharField(allow_blank=True, help_text="The passage that supports it.")


class RecordReportedSerializer(serializers.Serializer):
    field = serializers.ChoiceField(choices=ReportedTime.Field.choices)
    value = serializers.DateTimeField()
    measures = serializers.CharField(allow_blank=True, help_text="What this value measures.")
    citation = serializers.CharField(help_text="URL of the source that gives this value.")


class RecordWindowSerializer(serializers.Serializer):
    started_at = serializers.DateTimeField()
    ended_at = serializers.DateTimeField()
    citation = serializers.CharField(
        allow_null=True, help_text="URL of the one source both come from; null: the record's own."
    )


class RecordRangeSerializer(serializers.Serializer):
    min_seconds = serializers.IntegerField()
    max_seconds = serializers.IntegerField()


class RecordListSerializer(serializers.ListSerializer):
    """A page of records, built together by the one builder (a fixed number of queries)."""

    def to_representation(self, data) -> list[dict[str, Any]]:
        return records_of(list(data))


class RecordConfidenceSerializer(serializers.Serializer):
    field = serializers.ChoiceField(choices=ValueSourcing.Field.choices)
    level = serializers.ChoiceField(choices=SourcingLevel.choices)
    citation = serializers.CharField(
        allow_null=True, help_text="URL of the source checked against; null when not verified."
    )
    note = serializers.CharField(allow_blank=True)


class IncidentRecordSerializer(serializers.Serializer):
    """The export record of DESIGN.md; values come from incidents.record.builder."""

    id = serializers.SlugField(help_text="Stable public id.")
    title = serializers.CharField(help_text="As the vendor wrote it, in `language`.")
    provider = serializers.SlugField(help_text="Provider slug.")
    status = serializers.ChoiceField(choices=Status.choices)
    impact = serializers.ChoiceField(choices=Impact.choices)
    started_at = serializers.DateTimeField()
    ended_at = serializers.DateTimeField(allow_null=True)
    duration_seconds = serializers.IntegerField(
        allow_null=True, help_text="Length of `duration_window`: one source's start and end."
    )
    regions = serializers.ListField(child=serializers.SlugField())
    products = RecordProductSerializer(many=True)
    root_cause = serializers.CharField(allow_blank=True)
    refs = RecordRefSerializer(many=True)
    updates = RecordUpdateSerializer(many=True)
    links = RecordLinkSerializer(many=True)
    citations = RecordCitationSerializer(many=True)
    confidence = RecordConfidenceSerializer(
        many=True, help_text="How well each value is sourced: official, secondary, unverified."
    )
    updated_at = serializers.DateTimeField()
    time_zone = serializers.CharField(help_text="The vendor's own zone (IANA name).")
    language = serializers.CharField(help_text="Language of the original title and summary.")
    summary = serializers.CharField(allow_blank=True)
    title_en = serializers.CharField(allow_blank=True)
    summary_en = serializers.CharField(allow_blank=True)
    title_zh_hans = serializers.CharField(allow_blank=True)
    summary_zh_hans = serializers.CharField(allow_blank=True)
    title_zh_hant = serializers.CharField(allow_blank=True)
    summary_zh_hant = serializers.CharField(allow_blank=True)
    root_cause_language = serializers.CharField(help_text="Language of the original root cause.")
    root_cause_en = serializers.CharField(allow_blank=True)
    root_cause_zh_hans = serializers.CharField(allow_blank=True)
    root_cause_zh_hant = serializers.CharField(allow_blank=True)
    postmortem_url = serializers.CharField(allow_blank=True)
    reported = RecordReportedSerializer(many=True, help_text="Values where sources disagree.")
    duration_window = RecordWindowSerializer(allow_null=True)
    duration_range = RecordRangeSerializer(
        allow_null=True, help_text="Shortest and longest window across sources; null if agreed."
    )

    class Meta:
        list_serializer_class = RecordListSerializer

    def to_representation(self, instance: Incident) -> dict[str, Any]:
        return incident_record(instance)


class UtcDateTimeField(serializers.DateTimeField):
    """A time in UTC, whatever zone the reader picked on the pages."""

    # In the reader's zone, a stored time near year 1 or 9999 overflows Python's datetime.
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("default_timezone", dt.UTC)
        super().__init__(*args, **kwargs)


UTC_FIELD_MAPPING = {
    **serializers.ModelSerializer.serializer_field_mapping,
    models.DateTimeField: UtcDateTimeField,
}


class DetailUpdateSerializer(serializers.ModelSerializer):
    body = serializers.CharField(allow_blank=True, help_text=RAW_BODY)
    body_html = serializers.SerializerMethodField(help_text=SAFE_BODY)
    serializer_field_mapping = UTC_FIELD_MAPPING

    class Meta:
        model = IncidentUpdate
        fields = [
            "id",
            "posted_at",
            "status",
            "body",
            "body_html",
            "external_id",
            "language",
            *IncidentUpdate.TRANSLATIONS,
        ]

    def get_body_html(self, update: IncidentUpdate) -> str:
        return clean_html(update.body)


class DetailImpactSerializer(serializers.ModelSerializer):
    product = slug_of(read_only=True)
    serializer_field_mapping = UTC_FIELD_MAPPING

    class Meta:
        model = ProductImpact
        fields = ["id", "product", "impact", "started_at", "ended_at", "note"]


class DetailLinkSerializer(serializers.ModelSerializer):
    kind = serializers.ChoiceField(choices=LINK_KINDS)
    target = serializers.SerializerMethodField()
    lag_days = serializers.IntegerField(allow_null=True)
    citation = slug_of("url", read_only=True, allow_null=True)

    class Meta:
        model = IncidentLink
        fields = [
            "id",
            "kind",
            "target",
            "relation",
            "confidence",
            "note",
            *IncidentLink.TRANSLATIONS,
            "citation",
            "lag_days",
        ]

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_target(self, link: IncidentLink) -> str | None:
        return link.target.slug if link.target else None


class IncidentDetailSerializer(IncidentRecordSerializer):
    """The record plus everything else public about one incident; ids for editors' writes."""

    review_state = serializers.ChoiceField(choices=ReviewState.choices)
    merged_into = serializers.CharField(
        source="merged_into.slug", allow_null=True, help_text="The surviving incident's id."
    )
    created_at = UtcDateTimeField()
    updates = DetailUpdateSerializer(many=True)  # type: ignore[assignment]
    impacts = DetailImpactSerializer(many=True)
    links = DetailLinkSerializer(many=True)  # type: ignore[assignment]

    # Keys the detail adds to, or widens in, the record.
    EXTRA = ("review_state", "merged_into", "created_at", "updates", "impacts", "links")

    class Meta:
        list_serializer_class = serializers.ListSerializer

    def to_representation(self, instance: Incident) -> dict[str, Any]:
        data = record_of(instance)
        for name in self.EXTRA:
            field = self.fields[name]
            value = field.get_attribute(instance)
            data[name] = None if value is None else field.to_representation(value)
        return data
