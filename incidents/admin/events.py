"""Admin screens for people, leadership changes, corporate events and incident links."""

from django.contrib import admin

from ..models import CorporateEvent, IncidentLink, LeadershipChange, Person
from .catalog import HistoryAdmin
from .forms import IncidentLinkForm


@admin.register(Person)
class PersonAdmin(HistoryAdmin):
    list_display = ["name", "name_native", "slug"]
    search_fields = ["name", "name_native", "slug"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(LeadershipChange)
class LeadershipChangeAdmin(HistoryAdmin):
    list_display = ["__str__", "organization", "action", "acting", "announced_on", "effective_on"]
    list_select_related = ["person", "organization"]
    search_fields = ["person__name", "person__name_native", "role", "slug", "note"]
    list_filter = ["action", "acting", ("organization", admin.RelatedOnlyFieldListFilter)]
    date_hierarchy = "announced_on"
    autocomplete_fields = ["person", "organization", "citations"]


@admin.register(CorporateEvent)
class CorporateEventAdmin(HistoryAdmin):
    list_display = ["title", "kind", "organization", "occurred_on"]
    list_select_related = ["organization"]
    search_fields = ["title", "summary", "slug", "organization__name"]
    list_filter = ["kind", ("organization", admin.RelatedOnlyFieldListFilter)]
    date_hierarchy = "occurred_on"
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["organization", "citations"]


@admin.register(IncidentLink)
class IncidentLinkAdmin(HistoryAdmin):
    form = IncidentLinkForm
    list_display = ["incident", "relation", "target_display", "confidence", "lag_days"]
    list_select_related = [
        "incident",
        "leadership_change__person",
        "corporate_event",
        "citation",
    ]
    search_fields = [
        "incident__title",
        "incident__title_en",
        "incident__slug",
        "leadership_change__person__name",
        "corporate_event__title",
        "note",
    ]
    list_filter = ["relation", "confidence"]
    autocomplete_fields = ["incident", "leadership_change", "corporate_event", "citation"]

    @admin.display(description="target")
    def target_display(self, obj: IncidentLink) -> str:
        return str(obj.target or "")
