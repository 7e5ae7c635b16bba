"""Admin screens for the catalogue: organisations, providers, regions, products, citations."""

from django.contrib import admin
from django.db import models
from simple_history.admin import SimpleHistoryAdmin

from ..models import Citation, Organization, Product, ProductDependency, Provider, Region


class HistoryAdmin(SimpleHistoryAdmin):
    """Every editor screen: django-simple-history keeps each change and offers revert."""

    # Vendors' pages are https; also Django 6's default, without its deprecation warning.
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}


@admin.register(Organization)
class OrganizationAdmin(HistoryAdmin):
    list_display = ["name", "name_native", "slug", "parent"]
    list_select_related = ["parent"]
    search_fields = ["name", "name_native", "slug"]
    list_filter = [("parent", admin.RelatedOnlyFieldListFilter)]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["parent"]


@admin.register(Provider)
class ProviderAdmin(HistoryAdmin):
    list_display = ["name", "slug", "organization", "time_zone", "status_page"]
    list_select_related = ["organization"]
    search_fields = ["name", "slug"]
    list_filter = ["time_zone", ("organization", admin.RelatedOnlyFieldListFilter)]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["organization"]


@admin.register(Region)
class RegionAdmin(HistoryAdmin):
    list_display = ["slug", "name", "kind", "provider", "parent"]
    list_select_related = ["provider", "parent"]
    search_fields = ["slug", "name", "provider__name"]
    list_filter = ["kind", "provider"]
    autocomplete_fields = ["provider", "parent"]


class ProductDependencyInline(admin.TabularInline):
    """What a product depends on, when and where that held, and the source that says so."""

    model = ProductDependency
    fk_name = "from_product"
    extra = 0
    fields = ["to_product", "valid_from", "valid_to", "regions", "citation", "note"]
    autocomplete_fields = ["to_product", "regions", "citation"]
    verbose_name = "dependency"
    verbose_name_plural = "depends on (with validity and citation)"


@admin.register(Product)
class ProductAdmin(HistoryAdmin):
    list_display = ["name", "name_native", "slug", "kind", "owner", "provider"]
    list_select_related = ["owner", "provider"]
    search_fields = ["name", "name_native", "slug"]
    list_filter = ["kind", "provider", ("owner", admin.RelatedOnlyFieldListFilter)]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["owner", "provider"]
    inlines = [ProductDependencyInline]


@admin.register(Citation)
class CitationAdmin(HistoryAdmin):
    list_display = ["title", "publisher", "published_on", "language", "official"]
    search_fields = ["title", "publisher", "url", "quote"]
    list_filter = ["official", "language", "publisher"]
    date_hierarchy = "published_on"
