"""Bulk export and the API list on PostgreSQL, each against a floor measured in the same run.

Run: DATABASE_URL=postgres://... python -m benchmarks export
It creates and drops its own database (bench_export_<pid>) next to DATABASE_URL's and fills
it with BENCH_EXPORT_N incidents (default 1,000,000), each with 2 products, 1 region and
1 external ref, using set-based SQL. Then:
- every stored record built (incidents.record.stored.rebuild_all), records/s;
- NDJSON and CSV through /api/v1/export/ (the whole middleware stack, streamed), rows/s,
  against two floors read by this process: the floor, `COPY (WITH prod AS (SELECT
  incident_id, json_agg(...) ... GROUP BY 1), ... SELECT ... FROM incidents_incident i LEFT
  JOIN prod ...) TO STDOUT`, the record's columns with each child table hash-aggregated once;
  and the limit, a flat `COPY (SELECT * FROM incidents_incident WHERE published) TO STDOUT`;
- peak memory at two sizes (N/10 and N): the process's ru_maxrss after each, and the
  tracemalloc peak of the stream alone over N/100 and N/10 rows;
- the API list (page of 50, of 500, a filtered page, a deep cursor page) p50 against a
  floor: /healthz through the same stack (one `SELECT 1`).
Targets (issue 12): export >= 1.0x the hash-aggregated COPY and >= 0.25x the flat COPY; peak
< 150 MB and not growing with N; every list page within 10x /healthz at p50.
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
    from incidents.record.stored import rebuild_all

    started = time.perf_counter()
    stored = rebuild_all()
    elapsed = time.perf_counter() - started
    print(f"stored records: {stored:,} built in {elapsed:.0f} s ({stored / elapsed:,.0f}/s)")
    hashed = measure_copy(HASH_COPY_SQL.format(translations=_translations()))
    print(f"floor  hash-aggregated COPY of the record's columns: {hashed:,.0f} rows/s")
    flat = measure_copy(FLAT_COPY_SQL)
    print(f"limit  flat COPY of the incident rows: {flat:,.0f} rows/s", flush=True)
    small = {"started_before": _start_of(N // 10 + 1)}
    for fmt in ("ndjson", "csv"):
        rows, rate = measure_export(fmt, small)
        rss_small = _maxrss_mb()
        rows_all, rate_all = measure_export(fmt, {})
        rss_all = _maxrss_mb()
        print(
            f"export {fmt:6} {rows_all:,} rows: {rate_all:,.0f} rows/s "
            f"({rate_all / hashed:.2f}x hash-aggregated COPY, target >= 1.0; "
            f"{rate_all / flat:.2f}x flat COPY, target >= 0.25; {rate:,.0f} rows/s over "
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
        root_cause_en, root_cause_zh_hans, root_cause_zh_hant, postmortem_url,
        review_state, edited_fields, created_at, updated_at, merged_into_id)
    SELECT g, 'bench-' || g, (SELECT min(id) FROM incidents_provider) + g %% %(providers)s,
        'en', 'Elevated error rates for service ' || (g %% 97) || ' in region ' || (g %% 10),
        '', '', '', '', '', '', '', 'resolved',
        (ARRAY['minor','major','critical','none'])[1 + (g / %(providers)s) %% 4],
        timestamptz '2000-01-01 00:00Z' + g * interval '10 minutes',
        CASE WHEN g %% 500 = 0 THEN NULL
             ELSE timestamptz '2000-01-01 00:00Z' + g * interval '10 minutes'
                  + (15 + g %% 900) * interval '1 minute' END,
        'UTC', 'A configuration change.', 'en', '', '', '', '', 'published', '[]', now(),
        now(), NULL
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


def _translations() -> str:
    from incidents.models import Incident

    return ", ".join(f"i.{name}" for name in Incident.TRANSLATIONS)


# The floor: the record's columns, each child table aggregated once (a hash aggregate per
# table) and joined to the incidents, as fast as PostgreSQL itself writes the same values.
HASH_COPY_SQL = """
COPY (
WITH reg AS (
    SELECT ir.incident_id, string_agg(r.slug, '|' ORDER BY r.slug) AS v
    FROM incidents_incident_regions ir JOIN incidents_region r ON r.id = ir.region_id GROUP BY 1
), prod AS (
    SELECT pi.incident_id, json_agg(json_build_object('slug', pr.slug, 'name', pr.name,
        'name_native', pr.name_native, 'impact', pi.impact, 'started_at', pi.started_at,
        'ended_at', pi.ended_at, 'note', pi.note) ORDER BY pr.name, pi.id) AS v
    FROM incidents_productimpact pi JOIN incidents_product pr ON pr.id = pi.product_id GROUP BY 1
), refs AS (
    SELECT e.incident_id, json_agg(json_build_object('source', s.name,
        'external_id', e.external_id, 'url', e.url) ORDER BY s.name, e.external_id, e.id) AS v
    FROM incidents_externalref e JOIN incidents_source s ON s.id = e.source_id GROUP BY 1
), upd AS (
    SELECT u.incident_id, json_agg(json_build_object('posted_at', u.posted_at,
        'status', u.status, 'body', u.body) ORDER BY u.posted_at, u.id) AS v
    FROM incidents_incidentupdate u GROUP BY 1
), links AS (
    SELECT l.incident_id, json_agg(json_build_object('relation', l.relation,
        'confidence', l.confidence, 'note', l.note, 'target', coalesce(lc.slug, ce.slug),
        'citation', c.url) ORDER BY l.id) AS v
    FROM incidents_incidentlink l
    LEFT JOIN incidents_leadershipchange lc ON lc.id = l.leadership_change_id
    LEFT JOIN incidents_corporateevent ce ON ce.id = l.corporate_event_id
    LEFT JOIN incidents_citation c ON c.id = l.citation_id GROUP BY 1
), cit AS (
    SELECT ic.incident_id, json_agg(json_build_object('url', c.url, 'title', c.title,
        'publisher', c.publisher, 'published_on', c.published_on, 'language', c.language,
        'official', c.official, 'quote', c.quote) ORDER BY ic.position, ic.id) AS v
    FROM incidents_incidentcitation ic JOIN incidents_citation c ON c.id = ic.citation_id
    GROUP BY 1
), conf AS (
    SELECT vs.incident_id, json_agg(json_build_object('field', vs.field, 'level', vs.level,
        'citation', c.url, 'note', vs.note)) AS v
    FROM incidents_valuesourcing vs LEFT JOIN incidents_citation c ON c.id = vs.citation_id
    GROUP BY 1
), rep AS (
    SELECT rt.incident_id, json_agg(json_build_object('field', rt.field, 'value', rt.value,
        'measures', rt.note, 'citation', c.url) ORDER BY rt.field, rt.value, rt.id) AS v
    FROM incidents_reportedtime rt JOIN incidents_citation c ON c.id = rt.citation_id GROUP BY 1
)
SELECT i.slug, i.title, p.slug, i.status, i.impact, i.started_at, i.ended_at,
    extract(epoch FROM i.ended_at - i.started_at)::bigint, reg.v, prod.v, i.root_cause,
    refs.v, upd.v, links.v, cit.v, conf.v, i.updated_at, i.time_zone, i.language, i.summary,
    {translations}, i.postmortem_url, rep.v
FROM incidents_incident i JOIN incidents_provider p ON p.id = i.provider_id
LEFT JOIN reg ON reg.incident_id = i.id LEFT JOIN prod ON prod.incident_id = i.id
LEFT JOIN refs ON refs.incident_id = i.id LEFT JOIN upd ON upd.incident_id = i.id
LEFT JOIN links ON links.incident_id = i.id LEFT JOIN cit ON cit.incident_id = i.id
LEFT JOIN conf ON conf.incident_id = i.id LEFT JOIN rep ON rep.incident_id = i.id
WHERE i.review_state = 'published' AND i.merged_into_id IS NULL
ORDER BY i.id
) TO STDOUT
"""

# The physical limit: the published incident rows themselves, no child table at all.
FLAT_COPY_SQL = """
COPY (SELECT * FROM incidents_incident i
WHERE i.review_state = 'published' AND i.merged_into_id IS NULL) TO STDOUT
"""


def measure_copy(sql: str) -> float:
    """Rows per second of PostgreSQL's own COPY of `sql`, read by this process."""
    rows = 0
    started = time.perf_counter()
    with _cursor() as cursor, cursor.cursor.copy(sql) as copy:
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
    deep = _deep_page(client, {"ordering": "started_at"})
    filtered = {"provider": "provider-3", "impact_min": "major"}
    deep_filtered = _deep_page(client, filtered)
    cases = [
        ("list page of 50", "/api/v1/incidents/", {}),
        ("list page of 500", "/api/v1/incidents/", {"page_size": "500"}),
        ("filtered page", "/api/v1/incidents/", filtered),
        ("deep cursor page", deep, {}),
        ("deep filtered page", deep_filtered, {}),
        ("updated_since slice", "/api/v1/incidents/",
         {"updated_since": "2000-01-01T00:00:00Z", "ordering": "updated_at"}),
    ]  # fmt: skip
    for label, path, params in cases:
        p50 = _p50(client, path, params)
        print(f"api    {label:20} p50 {p50:7.2f} ms ({p50 / floor:.1f}x floor; target <= 10)")


def _deep_page(client, params: dict[str, str], pages: int = 20) -> str:
    """Return the link of the 21st cursor page (or the last one a small dataset has)."""
    link = client.get("/api/v1/incidents/", params).json()["next"]
    for _ in range(pages):
        following = client.get(link).json()["next"]
        if following is None:
            break
        link = following
    return link


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
