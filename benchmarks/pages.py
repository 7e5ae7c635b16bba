"""Public pages on PostgreSQL: timeline, filtered timeline, incident page, against a floor.

Run: DATABASE_URL=postgres://... REDIS_URL=redis://... python -m benchmarks pages
It creates and drops its own database (bench_pages_<pid>) next to DATABASE_URL's, fills it
with BENCH_PAGES_INCIDENTS (or BENCH_INCIDENTS; default 100,000) incidents, five updates
each, 2,000 products, then requests each page in-process through the whole middleware
stack. Cold: the cache is cleared before every request. Warm: served from the cache.
Targets: warm p50 within 2x the floor, cold p50 within 10x, at most 10 queries, < 200 KB.
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
    """Print p50/p95 per page, cold and warm, with queries and size, against the floor."""
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
            'resolved', (ARRAY['minor','major','critical','none'])[1 + (g / %(providers)s) %% 4],
            timestamptz '2010-01-01 00:00Z' + g * interval '131 minutes',
            CASE WHEN g %% 500 = 0 THEN NULL
                 ELSE timestamptz '2010-01-01 00:00Z' + g * interval '131 minutes'
                      + (15 + g %% 900) * interval '1 minute' END,
            'UTC', 'A configuration change.', 'en', '', '', '', '',
            CASE WHEN g %% 50 = 0 THEN 'draft' ELSE 'published' END, '[]', now(), now(), NULL
        FROM generate_series(1, %(incidents)s) g
        """,
        """
        INSERT INTO incidents_incidentupdate (incident_id, posted_at, status, body, external_id,
            language, body_en, body_zh_hans, body_zh_hant)
        SELECT i, timestamptz '2010-01-01 00:00Z' + i * interval '131 minutes'
            + u * interval '10 minutes',
            (ARRAY['investigating', 'identified', 'monitoring', 'resolved', 'resolved'])[u],
            'Update ' || u || ': engineers are working on <b>mitigation</b>. ' ||
            repeat('More detail follows. ', 5), '', 'en', '', '', ''
        FROM generate_series(1, %(incidents)s) i, generate_series(1, %(updates)s) u
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
            cursor.execute(sql, sizes if "%(" in sql else None)


def run() -> None:
    from django.core.cache import cache
    from django.test import Client
    from django.test.utils import override_settings

    from incidents.models import Incident

    target = Incident.objects.published().order_by("-started_at")[10]
    pages = {
        "floor": "/__floor__",
        "timeline": "/",
        "filtered": "/?provider=provider-3&impact=major",
        "incident": target.get_absolute_url(),
    }
    with override_settings(ROOT_URLCONF=__name__, ALLOWED_HOSTS=["testserver"],
                           SECURE_SSL_REDIRECT=False):  # fmt: skip
        client = Client()
        first, statements = {}, {}
        for name, url in pages.items():
            cache.clear()
            response, queries = _counted(client, url, statements.setdefault(name, []))
            assert response.status_code == 200, (url, response.status_code)
            # A filter that matches nothing would time a page with no entries.
            assert name in ("floor", "incident") or b'class="entry incident"' in response.content
            first[name] = (queries, len(response.content))
        cold = _interleaved(client, pages, COLD_RUNS, cache.clear)
        warm = _interleaved(client, pages, WARM_RUNS, None)
        _report({name: (cold[name], warm[name], *first[name]) for name in pages})
        _report_sql_alone(statements, statistics.median(warm["floor"]))
        _check_invalidation(client, target)


def _counted(client, url: str, executed: list):
    from django.db import connection

    def count(execute, sql, params, many, context):
        executed.append((sql, params))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        response = client.get(url)
    return response, len(executed)


def _report_sql_alone(statements: dict, floor: float) -> None:
    # What the cold target leaves for everything else: the page's own queries, replayed
    # through a bare cursor with no ORM, template or middleware around them.
    from django.db import connection

    for name, executed in statements.items():
        if not executed:
            continue
        samples = []
        with connection.cursor() as cursor:
            for _ in range(COLD_RUNS):
                start = time.perf_counter()
                for sql, params in executed:
                    cursor.execute(sql, params)
                    cursor.fetchall()
                samples.append((time.perf_counter() - start) * 1000)
        p50 = statistics.median(samples)
        print(f"{name}: its {len(executed)} queries alone, raw cursor: {p50:.2f} ms "
              f"({p50 / floor:.1f}x the floor)")  # fmt: skip


def _interleaved(client, pages: dict, runs: int, before) -> dict[str, list[float]]:
    # Every round times the floor and each page back to back, so a busy machine slows
    # them alike and the ratios stay fair.
    samples: dict[str, list[float]] = {name: [] for name in pages}
    for url in pages.values():
        client.get(url)
    for _ in range(runs):
        for name, url in pages.items():
            if before:
                before()
            start = time.perf_counter()
            client.get(url)
            samples[name].append((time.perf_counter() - start) * 1000)
    return samples


def _p(samples: list[float], q: int) -> float:
    return statistics.quantiles(samples, n=100)[q - 1]


def _report(rows: dict) -> None:
    floor = statistics.median(rows["floor"][1])
    print(f"{'page':10} {'cold p50':>9} {'cold p95':>9} {'warm p50':>9} {'warm p95':>9} "
          f"{'cold/floor':>10} {'warm/floor':>10} {'queries':>7} {'KB':>6}")  # fmt: skip
    for name, (cold, warm, queries, size) in rows.items():
        print(
            f"{name:10} {_p(cold, 50):9.2f} {_p(cold, 95):9.2f} {_p(warm, 50):9.2f} "
            f"{_p(warm, 95):9.2f} {_p(cold, 50) / floor:10.1f} {_p(warm, 50) / floor:10.1f} "
            f"{queries:7d} {size / 1024:6.1f}"
        )
    for name, (cold, warm, queries, size) in rows.items():
        if name == "floor":
            continue
        checks = {
            "warm <= 2x": _p(warm, 50) <= 2 * floor,
            "cold <= 10x": _p(cold, 50) <= 10 * floor,
            "<= 10 queries": queries <= 10,
            "< 200 KB": size < 200 * 1024,
        }
        verdicts = ", ".join(f"{check} {'met' if ok else 'MISSED'}" for check, ok in checks.items())
        print(f"{name}: {verdicts}")


def _check_invalidation(client, incident) -> None:
    url = incident.get_absolute_url()
    client.get(url)
    incident.title = "Renamed during the benchmark"
    incident.save(update_fields=["title", "updated_at"])
    fresh = "Renamed during the benchmark" in client.get(url).content.decode()
    print(f"invalidation: an edited incident shows at once: {'yes' if fresh else 'NO'}")


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
