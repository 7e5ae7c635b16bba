"""Bulk export and the API list on PostgreSQL, each against a floor measured in the same run.

Run: DATABASE_URL=postgres://... python -m benchmarks export
It creates and drops its own database (bench_export_<pid>) next to DATABASE_URL's and fills
it with BENCH_EXPORT_N incidents (default 1,000,000), each with 2 products, 1 region and
1 external ref, using set-based SQL. Then:
- NDJSON and CSV through /api/v1/export/ (the whole middleware stack, streamed), rows/s,
  against `COPY (SELECT ...) TO STDOUT` of the same columns, aggregated the same way;
- peak memory at two sizes (N/10 and N): the process's ru_maxrss after each, and the
  tracemalloc peak of the stream alone over N/100 and N/10 rows;
- the API list (page of 50, of 500, a filtered page, a deep cursor page) p50 against a
  floor: /healthz through the same stack (one `SELECT 1`).
Targets (issue 5): export >= 1/5 of COPY's rows/s; peak < 150 MB and not growing with N.
"""

from __future__ import annotations

import os
import resource
import statistics
import time
import tracemalloc

from benchmarks._scratch import scratch_database

N = int(os.environ.get("BENCH_EXPORT_N", "1000000"))
PROVIDERS = 20
PRODUCTS = 500
REGIONS_EACH = 10
LIST_RUNS = int(os.environ.get("BENCH_EXPORT_LIST_RUNS", "50"))


def main() -> None:
    """Print export rows/s against COPY, peak memory at two sizes, list p50 against a floor."""
    with scratch_database("export") as ready:
        if not ready:
            return
        started = time.perf_counter()
        generate()
        print(f"dataset: {N:,} incidents in {time.perf_counter() - started:.0f} s", flush=True)
        with _http_settings():
            run()


def run() -> None:
    copy_rate = measure_copy()
    print(f"floor  COPY (SELECT ...) TO STDOUT: {copy_rate:,.0f} rows/s", flush=True)
    small = {"started_before": _start_of(N // 10 + 1)}
    for fmt in ("ndjson", "csv"):
        rows, rate = measure_export(fmt, small)
        rss_small = _maxrss_mb()
        rows_all, rate_all = measure_export(fmt, {})
        rss_all = _maxrss_mb()
        print(
            f"export {fmt:6} {rows_all:,} rows: {rate_all:,.0f} rows/s "
            f"({rate_all / copy_rate:.2f}x COPY; target >= 0.20; {rate:,.0f} rows/s over "
            f"{rows:,}); ru_maxrss {rss_small:.0f} MB after {rows:,} rows, {rss_all:.0f} MB "
            f"after {rows_all:,} (target < 150, flat)",
            flush=True,
        )
    for size in (max(N // 100, 1), max(N // 10, 1)):
        print(f"tracemalloc peak of the stream over {size:,} rows: {_traced_peak(size):.1f} MB")
    measure_list()


# --- Dataset ----------------------------------------------------------------------------


def generate() -> None:
    """Fill the catalogue with the ORM and the big tables with set-based SQL."""
    from incidents.models import Organization, Product, Provider, Region, Source

    org = Organization.objects.create(slug="org", name="Organization")
    providers = Provider.objects.bulk_create(
        Provider(slug=f"provider-{n}", name=f"Provider {n}", organization=org)
        for n in range(PROVIDERS)
    )
    Region.objects.bulk_create(
        Region(provider=p, slug=f"{p.slug}-region-{n}", name=f"Region {n}")
        for p in providers
        for n in range(REGIONS_EACH)
    )
    Product.objects.bulk_create(
        Product(slug=f"product-{n}", name=f"Product {n}", owner=org) for n in range(PRODUCTS)
    )
    Source.objects.bulk_create(
        Source(name=f"source-{n}", kind="statuspage", url=f"https://{p.slug}.example/", provider=p)
        for n, p in enumerate(providers)
    )
    with _cursor() as cursor:
        for sql in _STATEMENTS:
            cursor.execute(sql, {"n": N, "providers": PROVIDERS, "products": PRODUCTS,
                                 "regions": REGIONS_EACH})  # fmt: skip


# Catalogue rows were bulk-created in order into a new database: their ids are dense.
# Impact follows g / providers while the provider follows g % providers, so every provider
# has every impact level and the filtered API page has rows to show.
_STATEMENTS = [
    """
    INSERT INTO incidents_incident (id, slug, provider_id, language, title, summary,
        title_en, summary_en, title_zh_hans, summary_zh_hans, title_zh_hant, summary_zh_hant,
        status, impact, started_at, ended_at, time_zone, root_cause, root_cause_language,
        root_cause_en,
            root_cause_zh_hans, root_cause_zh_hant, postmortem_url,
        review_state, edited_fields, created_at, updated_at, merged_into_id)
    SELECT g, 'bench-' || g, (SELECT min(id) FROM incidents_provider) + g %% %(providers)s,
        'en', 'Elevated error rates for service ' || (g %% 97) || ' in region ' || (g %% 10),
        '', '', '', '', '', '', '', 'resolved',
        (ARRAY['minor','major','critical','none'])[1 + (g / %(providers)s) %% 4],
        timestamptz '2000-01-01 00:00Z' + g * interval '10 minutes',
        CASE WHEN g %% 500 = 0 THEN NULL
             ELSE timestamptz '2000-01-01 00:00Z' + g * interval '10 minutes'
                  + (15 + g %% 900) * interval '1 minute' END,
        'UTC', 'A configuration change.', 'en', '', '', '', '', 'published', '[]', now(), now(),
        NULL
    FROM generate_series(1, %(n)s) g
    """,
    """
    INSERT INTO incidents_productimpact (incident_id, product_id, impact, note)
    SELECT i, (SELECT min(id) FROM incidents_product) + (i * 13 + k * 211) %% %(products)s,
        'major', ''
    FROM generate_series(1, %(n)s) i CROSS JOIN generate_series(0, 1) k
    """,
    """
    INSERT INTO incidents_incident_regions (incident_id, region_id)
    SELECT i.id, (SELECT min(id) FROM incidents_region)
        + (i.provider_id - (SELECT min(id) FROM incidents_provider)) * %(regions)s
        + i.id %% %(regions)s
    FROM incidents_incident i
    """,
    """
    INSERT INTO incidents_externalref (source_id, external_id, incident_id, url, first_seen_at,
        last_seen_at)
    SELECT (SELECT min(id) FROM incidents_source)
        + (i.provider_id - (SELECT min(id) FROM incidents_provider)),
        'ext-' || i.id, i.id, 'https://status.example/incidents/' || i.id, now(), now()
    FROM incidents_incident i
    """,
    "SELECT setval(pg_get_serial_sequence('incidents_incident', 'id'), %(n)s)",
    "ANALYZE",
]


def _start_of(incident_id: int) -> str:
    import datetime as dt

    start = dt.datetime(2000, 1, 1, tzinfo=dt.UTC) + dt.timedelta(minutes=10 * incident_id)
    return start.isoformat()


# --- Floors and measurements ------------------------------------------------------------

# The record's columns, aggregated in SQL as the export aggregates them in Python.
COPY_SQL = """
COPY (
SELECT i.slug, i.title, p.slug, i.status, i.impact, i.started_at, i.ended_at,
    extract(epoch FROM i.ended_at - i.started_at)::bigint,
    (SELECT string_agg(r.slug, '|' ORDER BY r.slug) FROM incidents_incident_regions ir
        JOIN incidents_region r ON r.id = ir.region_id WHERE ir.incident_id = i.id),
    (SELECT json_agg(json_build_object('slug', pr.slug, 'name', pr.name, 'impact', pi.impact,
            'started_at', coalesce(pi.started_at, i.started_at),
            'ended_at', coalesce(pi.ended_at, i.ended_at)))
        FROM incidents_productimpact pi JOIN incidents_product pr ON pr.id = pi.product_id
        WHERE pi.incident_id = i.id),
    i.root_cause,
    (SELECT json_agg(json_build_object('source', s.name, 'external_id', e.external_id,
            'url', e.url))
        FROM incidents_externalref e JOIN incidents_source s ON s.id = e.source_id
        WHERE e.incident_id = i.id),
    (SELECT json_agg(json_build_object('posted_at', u.posted_at, 'status', u.status,
            'body', u.body) ORDER BY u.posted_at, u.id)
        FROM incidents_incidentupdate u WHERE u.incident_id = i.id),
    (SELECT json_agg(json_build_object('kind', l.relation)) FROM incidents_incidentlink l
        WHERE l.incident_id = i.id),
    (SELECT json_agg(json_build_object('url', c.url, 'title', c.title))
        FROM incidents_incidentcitation ic JOIN incidents_citation c ON c.id = ic.citation_id
        WHERE ic.incident_id = i.id),
    i.updated_at
FROM incidents_incident i JOIN incidents_provider p ON p.id = i.provider_id
WHERE i.review_state = 'published' AND i.merged_into_id IS NULL
ORDER BY i.id
) TO STDOUT
"""


def measure_copy() -> float:
    """Rows per second of PostgreSQL's own COPY of the same columns, read by this process."""
    rows = 0
    started = time.perf_counter()
    with _cursor() as cursor, cursor.cursor.copy(COPY_SQL) as copy:
        for block in copy:
            rows += bytes(block).count(b"\n")
    elapsed = time.perf_counter() - started
    assert rows == N, (rows, N)
    return rows / elapsed


def measure_export(fmt: str, params: dict[str, str]) -> tuple[int, float]:
    """Stream one export through the HTTP stack; return rows and rows per second."""
    from django.test import Client

    started = time.perf_counter()
    response = Client().get(f"/api/v1/export/incidents.{fmt}", params)
    newlines = 0
    for chunk in response.streaming_content:
        newlines += chunk.count(b"\n")
    elapsed = time.perf_counter() - started
    # Generated text has no newlines inside cells, so lines are rows (+ the CSV header).
    rows = newlines - (1 if fmt == "csv" else 0)
    assert rows == int(response["X-Total-Count"]), (rows, response["X-Total-Count"])
    return rows, rows / elapsed


def _traced_peak(rows: int) -> float:
    from incidents.api.downloads import stream
    from incidents.record.builder import public_incidents

    queryset = public_incidents().filter(pk__lte=rows)
    tracemalloc.start()
    for _chunk in stream(queryset, "ndjson"):
        pass
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak / 2**20


def measure_list() -> None:
    """p50 of API list pages against /healthz through the same middleware."""
    from django.test import Client

    client = Client()
    floor = _p50(client, "/healthz", {})
    print(f"floor  /healthz p50 {floor:.2f} ms", flush=True)
    deep = client.get("/api/v1/incidents/", {"ordering": "started_at"}).json()["next"]
    for _ in range(20):
        deep = client.get(deep).json()["next"]
    cases = [
        ("list page of 50", "/api/v1/incidents/", {}),
        ("list page of 500", "/api/v1/incidents/", {"page_size": "500"}),
        ("filtered page", "/api/v1/incidents/", {"provider": "provider-3", "impact_min": "major"}),
        ("21st cursor page", deep, {}),
        ("updated_since slice", "/api/v1/incidents/",
         {"updated_since": "2000-01-01T00:00:00Z", "ordering": "updated_at"}),
    ]  # fmt: skip
    for label, path, params in cases:
        p50 = _p50(client, path, params)
        print(f"api    {label:20} p50 {p50:7.2f} ms ({p50 / floor:.1f}x floor)", flush=True)


def _p50(client, path: str, params: dict[str, str]) -> float:
    timings = []
    for _ in range(LIST_RUNS):
        started = time.perf_counter()
        response = client.get(path, params)
        timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (path, response.status_code)
    return statistics.median(timings)


# --- Helpers ----------------------------------------------------------------------------


def _cursor():
    from django.db import connection

    return connection.cursor()


def _maxrss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _http_settings():
    from django.conf import settings
    from django.test.utils import override_settings

    rates = {"anon": "1000000/minute", "user": "1000000/minute"}
    return override_settings(
        ALLOWED_HOSTS=["testserver"],
        SECURE_SSL_REDIRECT=False,
        REST_FRAMEWORK={**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": rates},
    )
