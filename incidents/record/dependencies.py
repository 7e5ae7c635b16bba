"""Which products depended on which, when and where: the blast radius the record supports."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q
from django.db.models.expressions import RawSQL

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


# The edges a walk of at most MAX_DEPTH steps from some products can use, in the database:
# a page then loads the few edges near its products, not the whole graph as ORM objects.
_REACH = """
    WITH RECURSIVE reach(product_id, depth) AS (
        SELECT id, 0 FROM {product} WHERE id IN ({starts})
        UNION
        SELECT d.{to}, r.depth + 1 FROM {dependency} d JOIN reach r ON d.{step} = r.product_id
        WHERE r.depth < %s
    )
    SELECT d.id FROM {dependency} d WHERE d.{step} IN (SELECT product_id FROM reach)
"""


def near(products: set[int], upstream: bool) -> Q:
    """Match the edges a walk of MAX_DEPTH steps from `products` can use, valid or not."""
    step, to = (
        ("from_product_id", "to_product_id") if upstream else ("to_product_id", "from_product_id")
    )
    sql = _REACH.format(
        product=Product._meta.db_table,
        dependency=ProductDependency._meta.db_table,
        starts=", ".join(["%s"] * len(products)),
        step=step,
        to=to,
    )
    return Q(pk__in=RawSQL(sql, [*sorted(products), MAX_DEPTH - 1]))  # noqa: S611


def dependencies_at(
    day: dt.date, regions: list[Region], around: set[int] | None = None
) -> list[ProductDependency]:
    """Return the dependencies true on `day` in one of `regions` (or scoped to no region).

    With `around`, only those a walk from these products to what depends on them can use.
    """
    if around is not None and not around:
        return []
    places = {r.pk for r in regions} | {r.parent_id for r in regions if r.parent_id}
    rows = (
        ProductDependency.objects.filter(
            Q(valid_from__isnull=True) | Q(valid_from__lte=day),
            Q(valid_to__isnull=True) | Q(valid_to__gte=day),
            near(around, upstream=False) if around is not None else Q(),
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
    frontier: list[tuple[int, Product | None]] = [(pk, None) for pk in affected]
    for depth in range(1, MAX_DEPTH + 1):
        following: list[tuple[int, Product | None]] = []
        for pk, _via in frontier:
            for edge in by_upstream.get(pk, []):
                dependent = edge.from_product_id
                if dependent in reported or dependent in found:
                    continue
                found[dependent] = Dependent(edge.from_product, edge.to_product, edge, depth)
                following.append((dependent, edge.to_product))
        frontier = following
    return sorted(found.values(), key=lambda d: (d.depth, d.product.name))


def all_edges(condition: Q | None = None) -> list[ProductDependency]:
    """Return the dependencies matching `condition` (all by default), in two queries."""
    return list(
        ProductDependency.objects.filter(condition or Q())
        .select_related("from_product", "to_product", "citation")
        .prefetch_related("regions")
        .order_by("from_product__name", "to_product__name", "pk")
    )


def upstream_paths(
    product: Product, edges: list[ProductDependency] | None = None
) -> list[list[ProductDependency]]:
    """Return every chain of dependencies from `product` outward, each edge with its validity."""
    by_start: dict[int, list[ProductDependency]] = {}
    for edge in all_edges() if edges is None else edges:
        by_start.setdefault(edge.from_product_id, []).append(edge)
    paths: list[list[ProductDependency]] = []
    frontier: list[list[ProductDependency]] = [[]]
    for _depth in range(MAX_DEPTH):
        following = []
        for path in frontier:
            seen = {product.pk, *(e.to_product_id for e in path)}
            start = path[-1].to_product_id if path else product.pk
            for edge in by_start.get(start, []):
                if edge.to_product_id not in seen:
                    following.append([*path, edge])
        paths.extend(following)
        frontier = following
        if not frontier:
            break
    return paths


def incidents_through(path: list[ProductDependency]) -> Q:
    """Match incidents that hit the end of `path` while every edge of it held, where it held."""
    starts = [e.valid_from for e in path if e.valid_from]
    ends = [e.valid_to for e in path if e.valid_to]
    condition = Q()
    # Instants, not started_at__date: a date lookup converts every stored row to the reader's
    # zone, which overflows for a time near year 1 or 9999.
    if starts:
        condition &= Q(started_at__gte=_midnight(max(starts)))
    if ends:
        condition &= Q(started_at__lt=_midnight(min(ends) + dt.timedelta(days=1)))
    for edge in path:
        scoped = [r.pk for r in edge.regions.all()]
        if scoped:
            # Scoped to some regions: the incident must be in one, or in one of its zones.
            condition &= Q(regions__in=scoped) | Q(regions__parent__in=scoped)
    return condition


def _midnight(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time.min, tzinfo=dt.UTC)
