"""Admin screens for incidents: review workflow, merge, inlines, full history."""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, QuerySet
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse

from incidents.record import curation
from incidents.record.curation import merge_incidents, validate_group

from ..models import (
    ExternalRef,
    Incident,
    IncidentCitation,
    IncidentLink,
    IncidentUpdate,
    ProductImpact,
    ReportedTime,
    ValueSourcing,
)
from .catalog import HistoryAdmin
from .forms import IncidentAdminForm, IncidentLinkForm, ProductImpactFormSet
from .vendor_zone import VENDOR_ZONE_FIELDS, ChildZoneMixin, VendorZoneMixin, incident_zone

# Date and time inputs read and shown in the incident's vendor zone, labelled, UTC beside.
ZONED_FIELDS: dict[Any, dict[str, Any]] = {
    **HistoryAdmin.formfield_overrides,
    **VENDOR_ZONE_FIELDS,
}

INCIDENT_FIELDS = {field.name for field in Incident._meta.concrete_fields}


class IncidentUpdateInline(admin.StackedInline):
    formfield_overrides = ZONED_FIELDS
    model = IncidentUpdate
    extra = 0
    fields = [
        ("posted_at", "status", "language", "external_id"),
        "body",
        *IncidentUpdate.TRANSLATIONS,
    ]


class ProductImpactInline(admin.TabularInline):
    formfield_overrides = ZONED_FIELDS
    model = ProductImpact
    formset = ProductImpactFormSet
    extra = 0
    fields = ["product", "impact", "started_at", "ended_at", "note"]
    autocomplete_fields = ["product"]


class IncidentLinkInline(admin.StackedInline):
    model = IncidentLink
    form = IncidentLinkForm
    fk_name = "incident"
    extra = 0
    fields = [
        ("leadership_change", "corporate_event"),
        ("relation", "confidence"),
        "citation",
        "note",
        *IncidentLink.TRANSLATIONS,
    ]
    autocomplete_fields = ["leadership_change", "corporate_event", "citation"]


class IncidentCitationInline(admin.TabularInline):
    model = IncidentCitation
    extra = 0
    fields = ["citation", "position", "note"]
    autocomplete_fields = ["citation"]


class ReportedTimeInline(admin.TabularInline):
    formfield_overrides = ZONED_FIELDS
    model = ReportedTime
    extra = 0
    fields = ["field", "value", "citation", "note"]
    autocomplete_fields = ["citation"]


class ValueSourcingInline(admin.TabularInline):
    """How well each value is sourced; shown to readers beside the value."""

    model = ValueSourcing
    extra = 0
    fields = ["field", "level", "citation", "note"]
    autocomplete_fields = ["citation"]


class ExternalRefInline(admin.TabularInline):
    """Upstream ids, shown so a merge can be checked; ingestion owns them."""

    model = ExternalRef
    extra = 0
    fields = readonly_fields = ("source", "external_id", "url", "first_seen_at", "last_seen_at")
    can_delete = False

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return super().get_queryset(request).select_related("source")

    def has_add_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


class MergedFilter(admin.SimpleListFilter):
    title = "duplicate"
    parameter_name = "merged"

    def lookups(self, request: HttpRequest, model_admin: admin.ModelAdmin) -> list:
        return [("no", "Not merged"), ("yes", "Merged into another")]

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        if self.value() in ("yes", "no"):
            return queryset.filter(merged_into__isnull=self.value() == "no")
        return queryset


@admin.register(Incident)
class IncidentAdmin(VendorZoneMixin, HistoryAdmin):
    form = IncidentAdminForm
    formfield_overrides = ZONED_FIELDS
    list_display = [
        "__str__",
        "provider",
        "status",
        "impact",
        "review_state",
        "started_at",
        "ended_at",
        "merged_into",
    ]
    list_select_related = ["provider", "merged_into"]
    list_filter = ["review_state", "status", "impact", "provider", MergedFilter, "started_at"]
    search_fields = [
        "slug",
        "title",
        "title_en",
        "title_zh_hans",
        "title_zh_hant",
        "summary",
        "root_cause",
        "refs__external_id",
    ]
    date_hierarchy = "started_at"
    autocomplete_fields = ["provider", "regions", "merged_into", "duration_source"]
    prepopulated_fields = {"slug": ["title_en"]}
    fieldsets = [
        (None, {"fields": ["slug", "provider", "regions", "language", "title", "summary"]}),
        (
            "Translations",
            {
                "classes": ["collapse"],
                "fields": Incident.TRANSLATIONS,
            },
        ),
        (
            "Status and times",
            {
                "description": "Times are entered and shown in the vendor's zone (the time "
                "zone field); the UTC value is shown beside each.",
                "fields": [
                    "status",
                    "impact",
                    "time_zone",
                    "started_at",
                    "ended_at",
                    "duration_source",
                ],
            },
        ),
        ("Cause", {"fields": ["root_cause", "postmortem_url"]}),
        (
            "Review",
            {
                "fields": [
                    "review_state",
                    "merged_into",
                    "edited_fields",
                    "created_at",
                    "updated_at",
                ]
            },
        ),
    ]
    inlines = [
        IncidentUpdateInline,
        ProductImpactInline,
        IncidentLinkInline,
        IncidentCitationInline,
        ReportedTimeInline,
        ValueSourcingInline,
        ExternalRefInline,
    ]
    actions = ["publish_selected", "hide_selected", "merge_selected"]

    def vendor_zone(self, request: HttpRequest, obj: models.Model | None) -> str:
        return incident_zone(request, obj if isinstance(obj, Incident) else None)

    def get_readonly_fields(self, request: HttpRequest, obj: Incident | None = None) -> list[str]:
        fields = ["edited_fields", "created_at", "updated_at"]
        # Without these permissions the fields are shown, never taken from the POST.
        if not curation.may_publish(request.user):
            fields.append("review_state")
        # A history revert saves the row alone, never the merge that moves refs and updates,
        # so merging and unmerging stay with the change form and the merge action.
        reverting = getattr(request, "history_version", None) is not None
        if not curation.may_merge(request.user) or reverting:
            fields.append("merged_into")
        return fields

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        request.history_version = version_id  # read by get_form
        return super().history_form_view(request, object_id, version_id, extra_context)

    def get_form(self, request: HttpRequest, obj: Incident | None = None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        version = getattr(request, "history_version", None)
        if version is None:
            return form
        # simple-history rebuilds a version's fields but not its many-to-many: without this the
        # restore form offers today's regions and a restore quietly keeps them.
        snapshots = apps.get_model("incidents", "HistoricalIncident_regions").objects
        regions = list(snapshots.filter(history_id=version).values_list("region_id", flat=True))

        class VersionForm(form):  # type: ignore[valid-type,misc]
            def __init__(self, *args, **kwargs) -> None:
                super().__init__(*args, **kwargs)
                self.initial["regions"] = regions

        return VersionForm

    def save_model(self, request: HttpRequest, obj: Incident, form, change: bool) -> None:
        current = Incident.objects.get(pk=obj.pk) if change else None
        if current is not None:
            self._keep_protected(request, obj, current)
        curation.mark_editor_changes(obj, current, form.changed_data)
        super().save_model(request, obj, form, change)

    def _keep_protected(self, request: HttpRequest, obj: Incident, current: Incident) -> None:
        """Keep what this user may not change; a history revert carries every old value."""
        protected = {"edited_fields", "created_at"} | set(self.get_readonly_fields(request, obj))
        for name in protected & INCIDENT_FIELDS:
            attname = Incident._meta.get_field(name).attname  # type: ignore[union-attr]
            setattr(obj, attname, getattr(current, attname))

    def save_related(self, request: HttpRequest, form, formsets, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        incident = form.instance
        if "merged_into" in form.changed_data and incident.merged_into_id:
            merge_incidents(incident.merged_into, [incident])

    def has_publish_permission(self, request: HttpRequest) -> bool:
        return curation.may_publish(request.user)

    def has_merge_permission(self, request: HttpRequest) -> bool:
        return curation.may_merge(request.user)

    @admin.action(description="Publish", permissions=["publish"])
    def publish_selected(self, request: HttpRequest, queryset: QuerySet) -> None:
        self._set_review_state(request, queryset, Incident.publish, "published")

    @admin.action(description="Hide", permissions=["publish"])
    def hide_selected(self, request: HttpRequest, queryset: QuerySet) -> None:
        self._set_review_state(request, queryset, Incident.hide, "hidden")

    def _set_review_state(self, request, queryset, change, done: str) -> None:
        incidents = list(queryset)
        for incident in incidents:
            # Saved one by one so each incident's history records the reviewer.
            change(incident)
        self.message_user(request, f"{len(incidents)} incident(s) {done}.", messages.SUCCESS)

    @admin.action(description="Merge selected into one", permissions=["merge"])
    def merge_selected(self, request: HttpRequest, queryset: QuerySet) -> HttpResponse | None:
        incidents = list(
            queryset.select_related("provider")
            .annotate(ref_count=Count("refs"))
            .order_by("started_at", "pk")
        )
        try:
            validate_group(incidents)
        except ValidationError as exc:
            return self._refuse(request, exc)
        if "survivor" not in request.POST:
            return self._merge_confirmation(request, incidents)
        survivor = next((i for i in incidents if str(i.pk) == request.POST["survivor"]), None)
        if survivor is None:
            return self._refuse(request, ValidationError("Pick the survivor among the selected."))
        duplicates = [incident for incident in incidents if incident.pk != survivor.pk]
        try:
            merge_incidents(survivor, duplicates)
        except ValidationError as exc:
            return self._refuse(request, exc)
        self.message_user(
            request, f"Merged {len(duplicates)} incident(s) into “{survivor}”.", messages.SUCCESS
        )
        return None

    def _refuse(self, request: HttpRequest, exc: ValidationError) -> HttpResponse | None:
        """Tell the editor why, and stay on the list (an action's None)."""
        self.message_user(request, " ".join(exc.messages), messages.ERROR)
        return None

    def _merge_confirmation(self, request: HttpRequest, incidents: list[Incident]) -> HttpResponse:
        context = {
            **self.admin_site.each_context(request),
            "title": "Merge incidents",
            "opts": self.model._meta,
            "incidents": incidents,
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(
            request, "admin/incidents/incident/merge_confirmation.html", context
        )


@admin.register(IncidentUpdate)
class IncidentUpdateAdmin(ChildZoneMixin, HistoryAdmin):
    formfield_overrides = ZONED_FIELDS
    list_display = ["incident", "posted_at", "status", "external_id"]
    list_select_related = ["incident"]
    search_fields = ["body", "external_id", "incident__title", "incident__slug"]
    list_filter = ["status"]
    date_hierarchy = "posted_at"
    autocomplete_fields = ["incident"]


@admin.register(ProductImpact)
class ProductImpactAdmin(ChildZoneMixin, HistoryAdmin):
    formfield_overrides = ZONED_FIELDS
    list_display = ["incident", "product", "impact", "started_at", "ended_at"]
    list_select_related = ["incident", "product"]
    search_fields = ["product__name", "product__slug", "incident__title", "incident__slug"]
    list_filter = ["impact", "product__kind"]
    autocomplete_fields = ["incident", "product"]


@admin.register(IncidentCitation)
class IncidentCitationAdmin(HistoryAdmin):
    list_display = ["incident", "citation", "position"]
    list_select_related = ["incident", "citation"]
    search_fields = ["citation__title", "citation__url", "incident__title", "incident__slug"]
    list_filter = ["citation__official"]
    autocomplete_fields = ["incident", "citation"]


@admin.register(ReportedTime)
class ReportedTimeAdmin(ChildZoneMixin, HistoryAdmin):
    formfield_overrides = ZONED_FIELDS
    list_display = ["incident", "field", "value", "citation"]
    list_select_related = ["incident", "citation"]
    search_fields = ["incident__title", "incident__slug", "citation__title", "note"]
    list_filter = ["field"]
    autocomplete_fields = ["incident", "citation"]


@admin.register(ValueSourcing)
class ValueSourcingAdmin(HistoryAdmin):
    list_display = ["incident", "field", "level", "citation"]
    list_select_related = ["incident", "citation"]
    search_fields = ["incident__title", "incident__slug", "citation__title", "note"]
    list_filter = ["level", "field"]
    autocomplete_fields = ["incident", "citation"]
