"""Every public page on PostgreSQL, cold and warm, against its own queries and a floor.

Run: DATABASE_URL=postgres://... REDIS_URL=redis://... python -m benchmarks pages
It creates and drops its own database (bench_pages_<pid>) next to DATABASE_URL's, fills it
with BENCH_PAGES_INCIDENTS (or BENCH_INCIDENTS; default 100,000) incidents, five updates
each, 2,000 products, then requests each page in-process through the whole middleware
stack. Cold: the cache is cleared before every request. Warm: served from the cache. Each
page's own queries (captured on its first request) are replayed on a bare cursor in the
same rounds. Targets: cold p50 within 2x its own queries, those within 8x the floor (a
constant template), at most 10 queries, < 200 KB, warm p50 within 2x the floor.
"""

from __future__ import annotations

import os
import statistics
import time

from benchmarks._scratch import scratch_database

INCIDENTS = int(
    os.environ.get("BENCH_PAGES_INCIDENTS", os.environ.get("BENCH_INCIDENTS", "100000"))
)
UPDATES_EACH = 5
PRODUCTS = 2000
PROVIDERS = 20
REGIONS_EACH = 10
COLD_RUNS = int(os.environ.get("BENCH_COLD_RUNS", "30"))
WARM_RUNS = int(os.environ.get("BENCH_WARM_RUNS", "300"))
FLOOR_TEMPLATE = "<!DOCTYPE html><html lang=en><title>floor</title><p>{{ request.path }}</p>"


def main() -> None:
    """Print p50 per page, cold, warm and its queries alone, with size, against the floor."""
    with scratch_database("pages") as ready:
        if not ready:
            return
        from django.core.management import call_command

        # The pages link their CSS through the static manifest, which a fresh clone lacks.
        call_command("collectstatic", interactive=False, verbosity=0)
        started = time.perf_counter()
        generate()
        print(f"dataset: {counts()} in {time.perf_counter() - started:.0f} s")
        run()


def counts() -> str:
    from incidents.models import Incident, IncidentUpdate, Product

    return (
        f"{Incident.objects.count():,} incidents, {IncidentUpdate.objects.count():,} updates, "
        f"{Product.objects.count():,} products"
    )


def generate() -> None:
    """Fill the catalogue with the ORM and the big tables with set-based SQL."""
    import datetime as dt

    from incidents.models import (
        CorporateEvent,
        IncidentLink,
        LeadershipChange,
        Organization,
        Person,
        Product,
        Provider,
        Region,
    )

    orgs = Organization.objects.bulk_create(
        Organization(slug=f"org-{n}", name=f"Organization {n}") for n in range(PROVIDERS)
    )
    providers = Provider.objects.bulk_create(
        Provider(slug=f"provider-{n}", name=f"Provider {n}", organization=orgs[n],
                 time_zone="Asia/Shanghai" if n % 2 else "America/Los_Angeles")
        for n in range(PROVIDERS)
    )  # fmt: skip
    Region.objects.bulk_create(
        Region(provider=p, slug=f"region-{n}", name=f"Region {n}")
        for p in providers
        for n in range(REGIONS_EACH)
    )
    products = Product.objects.bulk_create(
        Product(slug=f"product-{n}", name=f"Product {n}", owner=orgs[n % PROVIDERS])
        for n in range(PRODUCTS)
    )
    through = Product.depends_on.through
    through.objects.bulk_create(
        through(from_product=products[n], to_product=products[(n * 7) % (n or 1)])
        for n in range(2, PRODUCTS)
    )
    people = Person.objects.bulk_create(
        Person(slug=f"p-{n}", name=f"Person {n}") for n in range(50)
    )
    _sql_incidents()
    changes = LeadershipChange.objects.bulk_create(
        LeadershipChange(slug=f"lc-{n}", person=people[n % 50], organization=orgs[n % PROVIDERS],
                         role="President", action="departed", announced_on=_day(n))
        for n in range(200)
    )  # fmt: skip
    # A tenure that opens as the incidents begin, so the person page lists some.
    LeadershipChange.objects.create(
        slug="lc-appointed", person=people[0], organization=orgs[0], role="President",
        action="appointed", announced_on=_day(0) + dt.timedelta(days=1),
    )  # fmt: skip
    events = CorporateEvent.objects.bulk_create(
        CorporateEvent(slug=f"ce-{n}", organization=orgs[n % PROVIDERS], kind="earnings",
                       title=f"Results {n}", occurred_on=_day(n * 2 + 1))
        for n in range(100)
    )  # fmt: skip
    IncidentLink.objects.bulk_create(
        [IncidentLink(incident_id=n * 400 + 1, leadership_change=c, relation="press_reported")
         for n, c in enumerate(changes) if n * 400 + 1 <= INCIDENTS]
        + [IncidentLink(incident_id=n * 900 + 7, corporate_event=e, relation="speculated")
           for n, e in enumerate(events) if n * 900 + 7 <= INCIDENTS]
    )  # fmt: skip


def _day(n: int):
    import datetime as dt

    # Spread over the span the incidents cover, so events fall between them on every page.
    span_days = max(INCIDENTS * 131 // (24 * 60), 1)
    return dt.date(2010, 1, 1) + dt.timedelta(days=(n * 97) % span_days)


# The newest five incidents (on every first page) and one in 5,000 (an old one never closed,
# like OVH's fire) are published, ongoing and unended, so ongoing rendering is measured;
# one in 500 is resolved with no end recorded.
ONGOING = "(g > %(incidents)s - 5 OR g %% 5000 = 1)"


def _sql_incidents() -> None:
    from django.db import connection

    # Incident g starts (g * 131 minutes) after 2010-01-01: about 25 years for 100,000.
    # Impact cycles with g / providers, not g, so each provider has every impact level.
    statements = [
        """
        INSERT INTO incidents_incident (id, slug, provider_id, language, title, summary,
            title_en, summary_en, title_zh_hans, summary_zh_hans, title_zh_hant, summary_zh_hant,
            status, impact, started_at, ended_at, time_zone, root_cause, root_cause_language,
            root_cause_en, root_cause_zh_hans, root_cause_zh_hant, postmortem_url,
            review_state, edited_fields, created_at, updated_at, merged_into_id)
        SELECT g, 'bench-' || g,
            (SELECT min(id) FROM incidents_provider) + g %% %(providers)s,
            'en', 'Elevated error rates for service ' || (g %% 97) || ' in region ' || (g %% 10),
            repeat('Customers saw errors and timeouts. ', 8), '', '', '', '', '', '',
            CASE WHEN {ONGOING} THEN 'investigating' ELSE 'resolved' END,
            (ARRAY['minor','major','critical','none'])[1 + (g / %(providers)s) %% 4],
            timestamptz '2010-01-01 00:00Z' + g * interval '131 minutes',
            CASE WHEN {ONGOING} OR g %% 500 = 0 THEN NULL
                 ELSE timestamptz '2010-01-01 00:00Z' + g * interval '131 minutes'
                      + (15 + g %% 900) * interval '1 minute' END,
            'UTC', 'A configuration change.', 'en', '', '', '', '',
            CASE WHEN g %% 50 = 0 AND g %% 500 <> 0 AND NOT {ONGOING} THEN 'draft'
                 ELSE 'published' END,
            '[]', now(), now(), NULL
        FROM generate_series(1, %(incidents)s) g
        """,
        """
        INSERT INTO incidents_incidentupdate (incident_id, posted_at, status, body, external_id,
            language, body_en, body_zh_hans, body_zh_hant)
        SELECT g, timestamptz '2010-01-01 00:00Z' + g * interval '131 minutes'
            + u * interval '10 minutes',
            (ARRAY['investigating', 'identified', 'monitoring', 'resolved', 'resolved'])
                [CASE WHEN {ONGOING} THEN least(u, 3) ELSE u END],
            'Update ' || u || ': engineers are working on <b>mitigation</b>. ' ||
            repeat('More detail follows. ', 5), '', 'en', '', '', ''
        FROM generate_series(1, %(incidents)s) g, generate_series(1, %(updates)s) u
        """,
        # Catalogue rows were bulk-created in order into a new database: their ids are dense.
        """
        INSERT INTO incidents_productimpact (incident_id, product_id, impact, note)
        SELECT i.id, (SELECT min(id) FROM incidents_product)
            + (i.id * 13 + k * 577) %% %(products)s, 'major', ''
        FROM incidents_incident i CROSS JOIN generate_series(0, 2) k
        """,
        """
        INSERT INTO incidents_incident_regions (incident_id, region_id)
        SELECT i.id, (SELECT min(id) FROM incidents_region)
            + (i.provider_id - (SELECT min(id) FROM incidents_provider)) * %(regions)s
            + i.id %% %(regions)s
        FROM incidents_incident i
        """,
        "SELECT setval(pg_get_serial_sequence('incidents_incident', 'id'), "
        "(SELECT max(id) FROM incidents_incident))",
        # Vacuum now, or autovacuum of 500,000 fresh rows competes with the measurements.
        "VACUUM ANALYZE",
    ]
    sizes = {
        "providers": PROVIDERS,
        "incidents": INCIDENTS,
        "updates": UPDATES_EACH,
        "products": PRODUCTS,
        "regions": REGIONS_EACH,
    }
    with connection.cursor() as cursor:
        for sql in statements:
            sql = sql.replace("{ONGOING}", ONGOING)
            cursor.execute(sql, sizes if "%(" in sql else None)


def public_pages() -> dict[str, tuple[str, list[bytes]]]:
    """Return each public page: its URL and what its body must hold to be worth timing."""
    from incidents.models import Incident

    published = Incident.objects.published().order_by("-started_at")
    newest = published.first()
    resolved = published.filter(ended_at__isnull=False)[10]
    provider = newest.provider.slug
    ongoing = [b"ongoing", f'href="/incidents/{newest.slug}/"'.encode()]
    listed = b'href="/incidents/bench-'
    return {
        "floor": ("/__floor__", [b"floor"]),
        "timeline": ("/", ongoing),
        "filtered": ("/?provider=provider-3&impact=major", [listed]),
        "ongoing": ("/?ongoing=1", ongoing),
        "incident": (resolved.get_absolute_url(), [resolved.title.encode(), b"UTC"]),
        "incident-ongoing": (newest.get_absolute_url(), [b"ongoing"]),
        "provider": (f"/providers/{provider}/", [b"<svg", listed]),
        "product": ("/products/product-7/", [listed]),
        "person": ("/people/p-0/", [b"President", listed]),
        "charts": ("/charts/", [b"<svg"]),
        "feed": (f"/feed.atom?provider={provider}", [b"<entry", newest.slug.encode()]),
        "now": ("/now/", ongoing[1:]),
        "status": (f"/status/{provider}/", [newest.slug.encode()]),
    }


def run() -> None:
    from django.core.cache import cache
    from django.test import Client
    from django.test.utils import override_settings

    from incidents.site import pagecache

    pages = public_pages()
    urls = {name: url for name, (url, _must) in pages.items()}

    def cold() -> None:
        cache.clear()
        pagecache.local_pages.clear()

    with override_settings(ROOT_URLCONF=__name__, ALLOWED_HOSTS=["testserver"],
                           SECURE_SSL_REDIRECT=False):  # fmt: skip
        client = Client()
        first, statements = {}, {}
        for name, (url, must) in pages.items():
            cold()
            response, statements[name] = captured(client, url)
            assert response.status_code == 200, (url, response.status_code)
            # A page missing what it claims to show would time an empty page.
            missing = [m for m in must if m not in response.content]
            assert not missing, (name, url, missing)
            cached = pagecache.HIT_HEADER in response
            first[name] = (len(statements[name]), len(response.content), cached)
        cold_runs = _interleaved(client, urls, COLD_RUNS, cold, statements)
        warm_runs = _interleaved(client, urls, WARM_RUNS, None, None)
        _report(cold_runs, warm_runs, first)
        _check_invalidation(client, urls)


def captured(client, url: str) -> tuple:
    """Request `url` and return the response with the SQL it ran, parameters inlined."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    return response, [q["sql"] for q in queries.captured_queries]


def replay(statements: list[str]) -> float:
    """Run a page's queries on a bare psycopg cursor (no ORM, template or middleware): ms."""
    from django.db import connection

    connection.ensure_connection()
    start = time.perf_counter()
    with connection.connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)
            if cursor.description is not None:
                cursor.fetchall()
    return (time.perf_counter() - start) * 1000


def _interleaved(client, urls: dict, runs: int, before, statements) -> dict[str, list[float]]:
    # Every round times the floor, each page and each page's replayed queries back to back,
    # so a busy machine slows them alike and the ratios stay fair.
    samples: dict[str, list[float]] = {}
    for url in urls.values():
        client.get(url)
    for _ in range(runs):
        for name, url in urls.items():
            if before:
                before()
            start = time.perf_counter()
            client.get(url)
            samples.setdefault(name, []).append((time.perf_counter() - start) * 1000)
            if statements and statements[name]:
                samples.setdefault(f"{name}/sql", []).append(replay(statements[name]))
    return samples


def _p(samples: list[float], q: int) -> float:
    return statistics.quantiles(samples, n=100, method="inclusive")[q - 1]


def _report(cold: dict, warm: dict, first: dict) -> None:
    floor = _p(warm["floor"], 50)
    print(f"floor (constant template) p50 {floor:.3f} ms")
    print(f"{'page':16} {'cold p50':>8} {'sql p50':>8} {'warm p50':>8} {'cold/sql':>8} "
          f"{'sql/floor':>9} {'warm/floor':>10} {'queries':>7} {'KB':>6}")  # fmt: skip
    for name, (queries, size, _cached) in first.items():
        if name == "floor":
            continue
        c, w = _p(cold[name], 50), _p(warm[name], 50)
        sql = _p(cold[f"{name}/sql"], 50) if f"{name}/sql" in cold else float("nan")
        print(f"{name:16} {c:8.2f} {sql:8.2f} {w:8.2f} {c / sql:8.1f} {sql / floor:9.1f} "
              f"{w / floor:10.1f} {queries:7d} {size / 1024:6.1f}")  # fmt: skip
    for name, (queries, size, cached) in first.items():
        if name == "floor":
            continue
        c, w = _p(cold[name], 50), _p(warm[name], 50)
        sql = _p(cold[f"{name}/sql"], 50) if f"{name}/sql" in cold else 0.0
        checks = {
            "cold <= 2x its sql": c <= 2 * sql,
            "sql <= 8x floor": sql <= 8 * floor,
            "<= 10 queries": queries <= 10,
            "< 200 KB": size < 200 * 1024,
        }
        if cached:
            checks["warm <= 2x floor"] = w <= 2 * floor
        verdicts = ", ".join(f"{check} {'met' if ok else 'MISSED'}" for check, ok in checks.items())
        print(f"{name}: {verdicts}{'' if cached else ' (not page-cached)'}")


def _check_invalidation(client, urls: dict) -> None:
    from incidents.models import Incident
    from incidents.site import pagecache

    for url in urls.values():
        client.get(url)
    incident = Incident.objects.get(slug=urls["incident"].rstrip("/").rsplit("/", 1)[-1])
    incident.title = "Renamed during the benchmark"
    incident.save(update_fields=["title", "updated_at"])
    fresh = "Renamed during the benchmark" in client.get(urls["incident"]).content.decode()
    print(f"invalidation: an edited incident shows at once: {'yes' if fresh else 'NO'}")
    kept = [name for name in ("product", "person") if client.get(urls[name]).get(
        pagecache.HIT_HEADER) == "hit"]  # fmt: skip
    print(f"invalidation: pages of other providers and products still cached: {kept}")


def _floor(request):
    from django.http import HttpResponse
    from django.template import engines

    template = engines["django"].from_string(FLOOR_TEMPLATE)
    return HttpResponse(template.render({}, request))


def _urlpatterns():
    from django.urls import include, path

    return [path("__floor__", _floor), path("", include("tracker.urls"))]


def __getattr__(name: str):
    # Django imports this module as the URLconf only after setup; build the patterns lazily.
    if name == "urlpatterns":
        return _urlpatterns()
    raise AttributeError(name)
