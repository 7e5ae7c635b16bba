"""The 90-day availability strip of one provider, cold, against the timeline's cold page.

Run: DATABASE_URL=postgres://... REDIS_URL=redis://... python -m benchmarks availability
It creates and drops its own database (bench_availability_<pid>), fills it with the pages
benchmark's data set at BENCH_AVAILABILITY_INCIDENTS (or BENCH_INCIDENTS; default 1,000,000)
incidents, then moves every incident into the past, eight minutes apart and ending now, so
each provider's last 90 days hold hundreds of incidents and all of history is behind them.
Cold: the cache is cleared before every request. Target: the strip (the 90-day availability
badge, which computes the strip and nothing else) within 3x the timeline's cold page.
"""

from __future__ import annotations

import os
import statistics
import time

from benchmarks import pages
from benchmarks._scratch import scratch_database

INCIDENTS = int(
    os.environ.get("BENCH_AVAILABILITY_INCIDENTS", os.environ.get("BENCH_INCIDENTS", "1000000"))
)
RUNS = int(os.environ.get("BENCH_COLD_RUNS", "30"))
SPACING_MINUTES = 8


def main() -> None:
    """Print cold p50 of the timeline, the strip and the status documents, as ratios."""
    with scratch_database("availability") as ready:
        if not ready:
            return
        from django.core.management import call_command

        call_command("collectstatic", interactive=False, verbosity=0)
        started = time.perf_counter()
        pages.INCIDENTS = INCIDENTS
        pages.generate()
        _into_the_past()
        print(f"dataset: {pages.counts()} in {time.perf_counter() - started:.0f} s")
        run()


def _into_the_past() -> None:
    from django.db import connection

    # Incident g ends up (INCIDENTS - g) * 8 minutes before now; ends keep their duration.
    sql = """
        UPDATE incidents_incident SET
            started_at = now() - (%(n)s - id) * interval '%(spacing)s minutes',
            ended_at = CASE WHEN ended_at IS NULL THEN NULL
                ELSE now() - (%(n)s - id) * interval '%(spacing)s minutes'
                     + (ended_at - started_at) END
    """
    with connection.cursor() as cursor:
        cursor.execute(sql, {"n": INCIDENTS, "spacing": SPACING_MINUTES})
        cursor.execute("VACUUM ANALYZE incidents_incident")


def run() -> None:
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.test.utils import override_settings

    from incidents.models import Incident
    from incidents.record import availability, statuspage

    provider = "provider-3"
    urls = {
        "floor": "/__floor__",
        "timeline": "/",
        "strip (90d badge)": f"/status/{provider}/badge/availability-90d.svg",
        "status.json": f"/status/{provider}/api/v2/status.json",
        "incidents.json": f"/status/{provider}/api/v2/incidents.json",
    }
    with override_settings(ROOT_URLCONF=pages.__name__, ALLOWED_HOSTS=["testserver"],
                           SECURE_SSL_REDIRECT=False):  # fmt: skip
        client = Client()
        for url in urls.values():
            assert client.get(url).status_code == 200, url
        samples = pages._interleaved(client, urls, RUNS, cache.clear)
    page = statuspage.find_page(provider)
    window = availability.windowed(page.incidents, *_last_90_days())
    print(f"incidents in the provider's 90-day window: {window.count():,} "
          f"of {Incident.objects.filter(provider__slug=provider).count():,}")  # fmt: skip
    with connection.cursor() as cursor:
        sql, params = window.values("id").query.sql_with_params()
        cursor.execute("EXPLAIN " + sql, params)
        print("window plan:", " / ".join(row[0].strip() for row in cursor.fetchall()[:4]))
    _report(samples)


def _last_90_days():
    import datetime as dt

    from django.utils import timezone

    today = timezone.now().astimezone(dt.UTC).date()
    begin = dt.datetime.combine(today - dt.timedelta(days=89), dt.time(), tzinfo=dt.UTC)
    return begin, begin + dt.timedelta(days=90)


def _report(samples: dict[str, list[float]]) -> None:
    floor = statistics.median(samples["floor"])
    timeline = statistics.median(samples["timeline"])
    print(f"{'request':20} {'cold p50 ms':>11} {'x floor':>8} {'x timeline':>10}")
    for name, values in samples.items():
        p50 = statistics.median(values)
        print(f"{name:20} {p50:11.2f} {p50 / floor:8.1f} {p50 / timeline:10.2f}")
    strip = statistics.median(samples["strip (90d badge)"])
    verdict = "met" if strip <= 3 * timeline else "MISSED"
    print(f"strip cold within 3x the timeline's cold page: {verdict} ({strip / timeline:.2f}x)")
