"""Editors' writes: the admin's validation (model full_clean) and history with the user."""

from __future__ import annotations

import copy
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import models, transaction
from rest_framework import serializers

from incidents.models import (
    Citation,
    CorporateEvent,
    Incident,
    IncidentLink,
    IncidentUpdate,
    LeadershipChange,
    Product,
    ProductImpact,
    Provider,
    Region,
)
from incidents.record import curation
from incidents.record.sanitize import clean_html

from .exceptions import as_serializer_error

HISTORY_USER = "history_user"


class ModelWriteSerializer(serializers.ModelSerializer):
    """Validate with the model's full_clean() as the admin does; record the editor in history."""

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        attrs = super().validate(attrs)
        candidate = copy.copy(self.instance) if self.instance else self._model()()
        for name, value in {**attrs, **self.context.get("parent", {})}.items():
            if not _is_many_to_many(candidate, name):
                setattr(candidate, name, value)
        try:
            # Uniqueness is the serializer's UniqueValidator's job; constraints still run.
            candidate.full_clean(validate_unique=False)
            self.check_related(candidate)
        except DjangoValidationError as exc:
            raise serializers.ValidationError(as_serializer_error(exc)) from exc
        return attrs

    def check_related(self, candidate: models.Model) -> None:
        """Check the candidate against stored rows the admin edits on the same page."""

    @transaction.atomic
    def create(self, validated_data: dict[str, Any]) -> models.Model:
        user = validated_data.pop(HISTORY_USER, None)
        many = {k: validated_data.pop(k) for k in list(validated_data) if self._many(k)}
        instance = self._model()(**validated_data)
        instance._history_user = user  # read by django-simple-history's history row
        instance.save()
        for name, value in many.items():
            getattr(instance, name).set(value)
        return instance

    @transaction.atomic
    def update(self, instance: models.Model, validated_data: dict[str, Any]) -> models.Model:
        # Read by django-simple-history when it writes the history row.
        setattr(instance, "_history_user", validated_data.pop(HISTORY_USER, None))  # noqa: B010
        return super().update(instance, validated_data)

    def _model(self) -> type[Any]:
        return self.Meta.model

    def _many(self, name: str) -> bool:
        return _is_many_to_many(self._model()(), name)


def _is_many_to_many(instance: models.Model, name: str) -> bool:
    try:
        return bool(instance._meta.get_field(name).many_to_many)
    except Exception:  # noqa: BLE001 - not a model field at all
        return False


class IncidentWriteSerializer(ModelWriteSerializer):
    provider = serializers.SlugRelatedField(slug_field="slug", queryset=Provider.objects.all())
    regions = serializers.PrimaryKeyRelatedField(
        many=True, required=False, queryset=Region.objects.all(), help_text="Region ids."
    )

    class Meta:
        model = Incident
        fields = [
            "slug",
            "provider",
            "language",
            "title",
            "summary",
            *Incident.TRANSLATIONS,
            "regions",
            "status",
            "impact",
            "started_at",
            "ended_at",
            "time_zone",
            "root_cause",
            "postmortem_url",
            "review_state",
        ]

    def check_related(self, candidate: models.Model) -> None:
        assert isinstance(candidate, Incident)
        candidate.check_impacts()

    def update(self, instance: models.Model, validated_data: dict[str, Any]) -> models.Model:
        assert isinstance(instance, Incident)
        candidate = copy.copy(instance)
        for name, value in validated_data.items():
            if name != HISTORY_USER and not self._many(name):
                setattr(candidate, name, value)
        curation.mark_editor_changes(candidate, instance)
        instance.edited_fields = candidate.edited_fields
        return super().update(instance, validated_data)


class IncidentUpdateWriteSerializer(ModelWriteSerializer):
    body_html = serializers.SerializerMethodField(help_text="The body sanitised (read-only).")

    class Meta:
        model = IncidentUpdate
        fields = ["id", "posted_at", "status", "body", "body_html", "external_id", "language"]

    def get_body_html(self, update: IncidentUpdate) -> str:
        return clean_html(update.body)


class ProductImpactWriteSerializer(ModelWriteSerializer):
    product = serializers.SlugRelatedField(slug_field="slug", queryset=Product.objects.all())

    class Meta:
        model = ProductImpact
        fields = ["id", "product", "impact", "started_at", "ended_at", "note"]


class IncidentLinkWriteSerializer(ModelWriteSerializer):
    leadership_change = serializers.SlugRelatedField(
        slug_field="slug",
        queryset=LeadershipChange.objects.all(),
        required=False,
        allow_null=True,
    )
    corporate_event = serializers.SlugRelatedField(
        slug_field="slug", queryset=CorporateEvent.objects.all(), required=False, allow_null=True
    )
    citation = serializers.SlugRelatedField(
        slug_field="url",
        queryset=Citation.objects.all(),
        required=False,
        allow_null=True,
        help_text="URL of a citation already on file.",
    )
    kind = serializers.CharField(read_only=True)
    lag_days = serializers.IntegerField(read_only=True, allow_null=True)

    class Meta:
        model = IncidentLink
        fields = [
            "id",
            "leadership_change",
            "corporate_event",
            "kind",
            "relation",
            "confidence",
            "note",
            "citation",
            "lag_days",
        ]
