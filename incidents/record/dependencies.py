"""Which products depended on which, when and where: the blast radius the record supports."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q

from incidents.models import Product, ProductDependency, Region

MAX_DEPTH = 4


@dataclass
class Upstream:
    """A product a failed product depends on, itself failed in the same incident."""

    product: Product
    dependency: ProductDependency


@dataclass
class Dependent:
    """A product that depends on what failed but that no source reports affected."""

    product: Product
    via: Product
    dependency: ProductDependency
    depth: int


def dependencies_at(day: dt.date, regions: list[Region]) -> list[ProductDependency]:
    """Return the dependencies true on `day` in one of `regions` (or scoped to no region)."""
    places = {r.pk for r in regions} | {r.parent_id for r in regions if r.parent_id}
    rows = (
        ProductDependency.objects.filter(
            Q(valid_from__isnull=True) | Q(valid_from__lte=day),
            Q(valid_to__isnull=True) | Q(valid_to__gte=day),
        )
        .select_related("from_product", "to_product", "citation")
        .prefetch_related("regions")
    )
    # A dependency scoped to some regions holds only there: Hong Kong's single-zone control
    # plane says nothing about an outage in every region.
    return [d for d in rows if not d.regions.all() or {r.pk for r in d.regions.all()} & places]


def upstream_failures(
    affected: set[int], edges: list[ProductDependency]
) -> dict[int, list[Upstream]]:
    """Map each failed product to the failed products it depends on, with their sources."""
    chain: dict[int, list[Upstream]] = {}
    for edge in edges:
        if edge.from_product_id in affected and edge.to_product_id in affected:
            chain.setdefault(edge.from_product_id, []).append(Upstream(edge.to_product, edge))
    return chain


def unreported_dependents(
    affected: set[int], reported: set[int], edges: list[ProductDependency]
) -> list[Dependent]:
    """Return products depending, directly or not, on what failed that no source reports on."""
    by_upstream: dict[int, list[ProductDependency]] = {}
    for edge in edges:
        by_upstream.setdefault(edge.to_product_id, []).append(edge)
    found: dict[int, Dependent] = {}
    frontier = [(pk, None) for pk in affected]
    for depth in range(1, MAX_DEPTH + 1):
        following = []
        for pk, _via in frontier:
            for edge in by_upstream.get(pk, []):
                dependent = edge.from_product_id
                if dependent in reported or dependent in found:
                    continue
                found[dependent] = Dependent(edge.from_product, edge.to_product, edge, depth)
                following.append((dependent, edge.to_product))
        frontier = following
    return sorted(found.values(), key=lambda d: (d.depth, d.product.name))
