"""Forms the editors' admin uses where the model's own validation is not enough."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db import models

from incidents.models import Incident, IncidentLink, ProductImpact
from incidents.record.curation import validate_merge

RELATION_REQUIRED = "Say how the incident and the event are related."


def _https_urls(field: models.Field, **kwargs) -> forms.Field | None:
    # Vendors' pages are https; also Django 6's default, without its deprecation warning.
    if isinstance(field, models.URLField):
        kwargs["assume_scheme"] = "https"
    return field.formfield(**kwargs)


class IncidentAdminForm(forms.ModelForm):
    class Meta:
        model = Incident
        formfield_callback = _https_urls
        fields = [
            "slug",
            "provider",
            "regions",
            "language",
            "title",
            "summary",
            *Incident.TRANSLATIONS,
            "status",
            "impact",
            "started_at",
            "ended_at",
            "time_zone",
            "duration_source",
            "root_cause",
            "postmortem_url",
            "review_state",
            "merged_into",
        ]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        survivor = cleaned.get("merged_into")
        # Merging into itself is refused by Incident.clean(); here the other merge rules.
        if survivor and "merged_into" in self.changed_data and survivor.pk != self.instance.pk:
            duplicate = Incident(pk=self.instance.pk, provider=cleaned.get("provider"))
            try:
                validate_merge(survivor, [duplicate])
            except ValidationError as exc:
                self.add_error("merged_into", exc)
        return cleaned


class IncidentLinkForm(forms.ModelForm):
    class Meta:
        model = IncidentLink
        fields = [
            "incident",
            "leadership_change",
            "corporate_event",
            "relation",
            "confidence",
            "note",
            "citation",
        ]
        error_messages = {"relation": {"required": RELATION_REQUIRED}}


class ProductImpactFormSet(forms.BaseInlineFormSet):
    """Check each impact against the incident as edited on the same page."""

    def clean(self) -> None:
        super().clean()
        for form in self.forms:
            if not hasattr(form, "cleaned_data") or self._should_delete_form(form):  # type: ignore[attr-defined]
                continue
            data = form.cleaned_data
            # self.instance carries the incident form's cleaned values, saved or not yet.
            errors = ProductImpact.window_errors(
                self.instance, data.get("started_at"), data.get("ended_at")
            )
            for field, message in errors.items():
                if message not in form.errors.get(field, []):
                    form.add_error(field, message)
