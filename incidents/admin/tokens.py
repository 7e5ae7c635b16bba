"""Admin screen for API tokens: issue (the key is shown once), expire, revoke by deleting."""

from __future__ import annotations

from django.contrib import admin, messages
from django.http import HttpRequest

from ..models import ApiToken


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = [
        "key_prefix",
        "user",
        "name",
        "scope",
        "created_at",
        "expires_at",
        "last_used_at",
    ]
    list_select_related = ["user"]
    list_filter = ["scope"]
    search_fields = ["name", "key_prefix", "user__username"]
    autocomplete_fields = ["user"]
    fields = ["user", "name", "scope", "expires_at", "key_prefix", "created_at", "last_used_at"]
    readonly_fields = ["key_prefix", "created_at", "last_used_at"]

    def get_readonly_fields(self, request: HttpRequest, obj: ApiToken | None = None) -> list[str]:
        # A token stays with the user it was issued to; issue another for someone else.
        return [*self.readonly_fields, "user"] if obj else self.readonly_fields

    def save_model(self, request: HttpRequest, obj: ApiToken, form, change: bool) -> None:
        key = None if change else obj.set_new_key()
        super().save_model(request, obj, form, change)
        if key:
            self.message_user(
                request,
                f"Token for {obj.user}: {key} (copy it now: only its hash is kept).",
                messages.WARNING,
            )
