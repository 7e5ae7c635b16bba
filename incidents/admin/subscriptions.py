"""Subscriptions for editors: counts and health, never addresses without the permission for it."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from ..models import Subscription

ADDRESS_PERMISSION = "incidents.view_subscriber_address"
ADDRESS_FIELDS = ("email", "url", "owner_email")


@admin.register(Subscription)
class SubscriptionAdmin(admin.ModelAdmin):
    list_display = ["id", "channel", "provider", "product", "region", "impact_min", "state"]
    list_filter = ["channel", "state", "digest", "provider"]
    # Counts beside every filter: how many subscribe to what, without naming anyone.
    show_facets = admin.ShowFacets.ALWAYS
    fields = [
        "channel",
        "provider",
        "product",
        "region",
        "impact_min",
        ("on_new", "on_update", "on_resolve", "on_postmortem", "on_events", "on_component"),
        "digest",
        "language",
        "time_zone",
        "state",
        "consecutive_failures",
        "disabled_reason",
        "created_at",
        "confirmed_at",
    ]

    def get_list_display(self, request: HttpRequest):
        shown = list(super().get_list_display(request))
        return [*shown, "address"] if request.user.has_perm(ADDRESS_PERMISSION) else shown

    def get_fields(self, request: HttpRequest, obj: Subscription | None = None) -> list:
        fields = list(super().get_fields(request, obj))
        return [*fields, *ADDRESS_FIELDS] if request.user.has_perm(ADDRESS_PERMISSION) else fields

    def get_readonly_fields(self, request: HttpRequest, obj: Subscription | None = None) -> list:
        # Subscribers own their subscriptions through their signed links; the admin only looks.
        return self.get_fields(request, obj)

    def get_search_fields(self, request: HttpRequest) -> list[str]:
        # Searching by address would tell whether someone subscribes: the permission again.
        return list(ADDRESS_FIELDS) if request.user.has_perm(ADDRESS_PERMISSION) else []

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    @admin.display(description="address")
    def address(self, obj: Subscription) -> str:
        return obj.address
