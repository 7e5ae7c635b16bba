"""The sitemap: every public page a search engine should find, split into sections."""

from __future__ import annotations

from typing import Any

from django.contrib.sitemaps import Sitemap
from django.db.models import QuerySet
from django.urls import reverse

from incidents.models import Incident, Person, Product, Provider


class PageSitemap(Sitemap):
    def items(self) -> list[str]:
        return ["timeline", "charts", "now", "provider-index", "product-index", "person-index"]

    def location(self, item: str) -> str:
        return reverse(item)


class IncidentSitemap(Sitemap):
    # Django splits the section into pages of `limit` URLs; the index lists every page.
    limit = 10_000

    def items(self) -> QuerySet:
        return Incident.objects.published().only("slug", "updated_at").order_by("-started_at", "pk")

    def location(self, item: Incident) -> str:
        # Built by hand: reverse() per URL costs more than the query at this size.
        return f"/incidents/{item.slug}/"

    def lastmod(self, item: Incident):
        return item.updated_at


class SlugSitemap(Sitemap):
    model: Any = Provider
    prefix = "/providers/"

    def items(self) -> QuerySet:
        return self.model.objects.only("slug").order_by("slug")

    def location(self, item) -> str:
        return f"{self.prefix}{item.slug}/"


class ProductSitemap(SlugSitemap):
    model, prefix = Product, "/products/"


class PersonSitemap(SlugSitemap):
    model, prefix = Person, "/people/"


SITEMAPS = {
    "pages": PageSitemap,
    "incidents": IncidentSitemap,
    "providers": SlugSitemap,
    "products": ProductSitemap,
    "people": PersonSitemap,
}
