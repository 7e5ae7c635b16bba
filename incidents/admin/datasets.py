"""Admin screens for backfill: proposed duplicates (merged with the incident merge), raw records."""

from __future__ import annotations

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html
from django.utils.http import urlencode

from ..models import DuplicateProposal, ImportedRecord


@admin.register(DuplicateProposal)
class DuplicateProposalAdmin(admin.ModelAdmin):
    list_display = ["incident", "candidate", "similarity", "reason", "dismissed", "merge_link"]
    list_filter = ["dismissed", "incident__provider"]
    list_select_related = ["incident", "candidate"]
    readonly_fields = ["incident", "candidate", "similarity", "reason", "proposed_at"]
    fields = [*readonly_fields, "dismissed", "merge_link"]
    actions = ["dismiss_selected"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    @admin.display(description="merge")
    def merge_link(self, obj: DuplicateProposal) -> str:
        # The incident list narrowed to the pair: select both, then "Merge selected into one",
        # the one merge, which keeps every ref of both.
        query = urlencode({"id__in": f"{obj.incident_id},{obj.candidate_id}"})
        url = f"{reverse('admin:incidents_incident_changelist')}?{query}"
        return format_html('<a href="{}">Review the pair and merge</a>', url)

    @admin.action(description="Dismiss: not the same incident")
    def dismiss_selected(self, request: HttpRequest, queryset: QuerySet) -> None:
        count = queryset.update(dismissed=True)
        self.message_user(request, f"{count} proposal(s) dismissed.")


@admin.register(ImportedRecord)
class ImportedRecordAdmin(admin.ModelAdmin):
    list_display = ["external_id", "source", "incident", "location", "imported_at"]
    list_filter = ["source"]
    list_select_related = ["source", "incident"]
    search_fields = ["external_id", "location", "notes"]
    fields = readonly_fields = (
        "source", "external_id", "incident", "location", "sha256", "notes", "raw"
    )  # fmt: skip

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False
