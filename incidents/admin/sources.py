"""Admin screens for ingestion: sources and their health, snapshots, external refs."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.http import urlencode

from incidents.ingest.poll import validate_source
from incidents.ingest.push import PUSH_KINDS
from incidents.ingest.tasks import QueueUnavailable, enqueue_polls

from ..models import ExternalRef, Snapshot, Source
from . import directory
from .catalog import HistoryAdmin

PREVIEW_BYTES = 20_000
QUEUE_DOWN = (
    "No poll was enqueued: the task queue (Redis) cannot be reached ({error}). "
    "Try again once it is back, or run `manage.py poll_sources NAME` on the server."
)


class SourceAdminForm(forms.ModelForm):
    class Meta:
        model = Source
        fields = ["name", "kind", "url", "provider", "poll_interval", "enabled", "auto_publish"]

    def clean(self) -> dict[str, Any]:
        """Refuse a kind without a parser or a URL the fetcher would refuse, at save time."""
        data = super().clean() or {}
        if data.get("kind") and data.get("url"):
            try:
                validate_source(data["kind"], data["url"])
            except ValidationError as exc:
                for field, errors in exc.message_dict.items():
                    self.add_error(field, errors)
        return data


@admin.register(Source)
class SourceAdmin(HistoryAdmin):
    form = SourceAdminForm
    list_display = [
        "name",
        "kind",
        "provider",
        "enabled",
        "healthy",
        "last_success_at",
        "consecutive_failures",
        "short_error",
        "last_error_at",
        "next_poll_at",
        "snapshot_link",
    ]
    list_select_related = ["provider"]
    list_filter = ["enabled", "kind", "provider"]
    search_fields = ["name", "url", "provider__name"]
    autocomplete_fields = ["provider"]
    actions = ["poll_now", "issue_push_token"]
    readonly_fields = [
        "last_polled_at",
        "next_poll_at",
        "last_success_at",
        "consecutive_failures",
        "last_error_at",
        "last_error",
        "refused",
        "etag",
        "last_modified",
        "content_sha256",
        "snapshot_link",
    ]
    push_fields = ["push_endpoint", "push_received_at", "push_error_at", "push_error"]
    fieldsets = [
        (None, {"fields": ["name", "kind", "url", "provider", "poll_interval"]}),
        ("Publishing", {"fields": ["enabled", "auto_publish"]}),
        ("Health", {"fields": readonly_fields}),
        ("Push (Statuspage webhooks)", {"fields": push_fields}),
    ]

    def get_urls(self) -> list:
        def directory_view(request: HttpRequest):
            return directory.view(self, request)

        own = [
            path(
                "directory/",
                self.admin_site.admin_view(directory_view),
                name="incidents_source_directory",
            )
        ]
        return own + super().get_urls()

    def get_readonly_fields(self, request: HttpRequest, obj: Source | None = None) -> list[str]:
        return [*self.readonly_fields, *self.push_fields]

    def save_model(self, request: HttpRequest, obj: Source, form, change: bool) -> None:
        token = None if change or obj.kind not in PUSH_KINDS else obj.set_push_token()
        super().save_model(request, obj, form, change)
        if token:
            self._show_token(request, obj, token)

    def _show_token(self, request: HttpRequest, source: Source, token: str) -> None:
        url = request.build_absolute_uri(reverse("ingest-push", args=[source.name, token]))
        self.message_user(
            request,
            f"Push URL for {source.name}: {url} (copy it now: only the token's hash is kept). "
            "Give it to the status page as its webhook URL.",
            messages.WARNING,
        )

    @admin.display(description="push URL")
    def push_endpoint(self, source: Source) -> str:
        if source.kind not in PUSH_KINDS:
            return "This kind takes no pushes."
        if not source.push_token_hash:
            return "No token yet: use the action “Issue a new push token”."
        return f"/ingest/{source.name}/<token shown once when issued>/"

    @admin.action(
        description="Issue a new push token (the old one stops working)", permissions=["change"]
    )
    def issue_push_token(self, request: HttpRequest, queryset: QuerySet[Source]) -> None:
        for source in queryset.filter(kind__in=PUSH_KINDS):
            self._show_token(request, source, source.set_push_token())
        skipped = queryset.exclude(kind__in=PUSH_KINDS).count()
        if skipped:
            self.message_user(
                request, f"Skipped {skipped} source(s) of a kind that takes no pushes."
            )

    @admin.display(boolean=True, description="OK")
    def healthy(self, source: Source) -> bool | None:
        if source.last_polled_at is None:
            return None
        return source.consecutive_failures == 0

    @admin.display(description="last error")
    def short_error(self, source: Source) -> str:
        return source.last_error[:120] + ("…" if len(source.last_error) > 120 else "")

    @admin.display(description="snapshots")
    def snapshot_link(self, source: Source) -> str:
        if source.pk is None:
            return "-"
        url = reverse("admin:incidents_snapshot_changelist")
        query = urlencode({"source__id__exact": source.pk})
        return format_html('<a href="{}?{}">snapshots</a>', url, query)

    @admin.action(description="Poll now")
    def poll_now(self, request: HttpRequest, queryset: QuerySet[Source]) -> None:
        enabled = list(queryset.filter(enabled=True).values_list("pk", flat=True))
        try:
            enqueue_polls(enabled)
        except QueueUnavailable as exc:
            self.message_user(request, QUEUE_DOWN.format(error=exc), messages.ERROR)
            return
        skipped = queryset.count() - len(enabled)
        self.message_user(request, f"Enqueued {len(enabled)} poll(s).", messages.SUCCESS)
        if skipped:
            self.message_user(request, f"Skipped {skipped} disabled source(s).", messages.WARNING)


@admin.register(Snapshot)
class SnapshotAdmin(admin.ModelAdmin):
    list_display = ["fetched_at", "source", "http_status", "size", "content_type", "sha256"]
    list_select_related = ["source"]
    list_filter = [("source", admin.RelatedOnlyFieldListFilter), "http_status"]
    search_fields = ["sha256", "source__name"]
    date_hierarchy = "fetched_at"
    fields = readonly_fields = (
        "source", "fetched_at", "http_status", "sha256", "size", "content_type", "preview"
    )  # fmt: skip

    def get_queryset(self, request: HttpRequest) -> QuerySet[Snapshot]:
        # Payloads can be megabytes each; only the detail page reads one (a second query).
        return super().get_queryset(request).defer("body")

    @admin.display(description="payload (first 20 kB)")
    def preview(self, snapshot: Snapshot) -> str:
        text = bytes(snapshot.body[:PREVIEW_BYTES]).decode("utf-8", errors="replace")
        return format_html('<pre style="white-space: pre-wrap">{}</pre>', text)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


@admin.register(ExternalRef)
class ExternalRefAdmin(HistoryAdmin):
    list_display = ["external_id", "source", "incident", "first_seen_at", "last_seen_at"]
    list_select_related = ["source", "incident"]
    list_filter = [("source", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["external_id", "incident__title", "incident__slug"]
    autocomplete_fields = ["incident"]
    readonly_fields = ["first_seen_at", "last_seen_at"]
