"""Ingestion on PostgreSQL: first ingest, unchanged re-polls, json.loads floor, worker sources/s.

Run: DATABASE_URL=postgres://... REDIS_URL=redis://... python -m benchmarks ingest
It creates and drops its own database (bench_ingest_<pid>) next to DATABASE_URL's.
BENCH_INCIDENTS, BENCH_UPDATES_EACH, BENCH_SOURCES and BENCH_CONCURRENCY change the sizes.
Then the fleet (benchmarks/_fleet.py): 6,000 scheduled sources through the real worker, with
lag, CPU, memory and database growth; `python -m benchmarks.ingest fleet` runs it alone,
BENCH_FLEET_* variables change its sizes.
"""

from __future__ import annotations

import json
import logging
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

from benchmarks._scratch import scratch_database

INCIDENTS = int(os.environ.get("BENCH_INCIDENTS", "1000"))
UPDATES_EACH = int(os.environ.get("BENCH_UPDATES_EACH", "5"))
SOURCES = int(os.environ.get("BENCH_SOURCES", "500"))
CONCURRENCY = int(os.environ.get("BENCH_CONCURRENCY", str(min(8, os.cpu_count() or 1))))


def main(parts: tuple[str, ...] = ("store", "worker", "fleet")) -> None:
    """Print the figures; skip what lacks PostgreSQL or Redis."""
    with scratch_database("ingest") as ready:
        if not ready:
            return
        logging.getLogger("httpx").setLevel(logging.WARNING)  # one INFO line per request
        if "store" in parts:
            bench_store()
        if "worker" in parts:
            bench_worker()
        if "fleet" in parts:
            bench_fleet()


def bench_fleet() -> None:
    if not os.environ.get("REDIS_URL"):
        print("fleet: skipped (set REDIS_URL=redis://...)")
        return
    from benchmarks import _fleet

    _fleet.run()


def timed(function, *args):
    start = time.perf_counter()
    value = function(*args)
    return time.perf_counter() - start, value


def bench_store() -> None:
    from django.conf import settings

    from incidents.ingest import poll as ingest
    from incidents.ingest.parsers import get_parser
    from incidents.models import IncidentUpdate, Provider, Source
    from tests.httpserver import LocalServer
    from tests.ingest_payloads import generated

    body = generated(INCIDENTS, UPDATES_EACH)
    total = INCIDENTS * UPDATES_EACH
    floor = min(timed(json.loads, body)[0] for _ in range(3))
    parse = min(timed(get_parser("statuspage").parse, body)[0] for _ in range(3))
    settings.INGEST_ALLOW_PRIVATE_NETWORKS = True
    server = LocalServer()
    server.start()
    server.route("/incidents.json", body=body, content_type="application/json", etag='"1"')
    github = Provider.objects.create(slug="github", name="GitHub")
    source = Source.objects.create(
        name="GitHub", kind="statuspage", provider=github, url=server.url("/incidents.json")
    )

    def poll() -> ingest.PollResult:
        return ingest.poll(Source.objects.select_related("provider").get(pk=source.pk))

    try:
        fetch = min(timed(ingest.fetch, source.url)[0] for _ in range(3))
        first, result = timed(poll)
        assert (result.new, IncidentUpdate.objects.count()) == (INCIDENTS, total), result
        not_modified, _ = timed(poll)
        Source.objects.filter(pk=source.pk).update(etag="")  # a full GET, then the hash
        same, _ = timed(poll)
        reformatted = body.replace(b", ", b",  ")
        server.route("/incidents.json", body=reformatted, content_type="application/json")
        differs, result = timed(poll)
        assert result.unchanged == INCIDENTS and result.new == 0, result
    finally:
        server.close()
    store = first - fetch - parse
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    lines = [
        f"payload: {INCIDENTS} incidents, {total} updates, {len(body) / 1e6:.1f} MB",
        f"json.loads floor:           {floor * 1000:8.1f} ms",
        f"fetch (local HTTP):         {fetch * 1000:8.1f} ms",
        f"parse:                      {parse * 1000:8.1f} ms ({parse / floor:.1f}x floor)",
        f"first ingest, whole poll:   {first * 1000:8.1f} ms = {total / first:,.0f} updates/s"
        f" ({first / floor:.0f}x floor)",
        f"  of which storing:         {store * 1000:8.1f} ms = {total / store:,.0f} updates/s",
        f"re-poll, 304 Not Modified:  {not_modified * 1000:8.1f} ms"
        f" ({not_modified / first:.3f} of first)",
        f"re-poll, same bytes (hash): {same * 1000:8.1f} ms ({same / first:.3f} of first)",
        f"re-poll, new bytes, same data: {differs * 1000:5.1f} ms ({differs / first:.3f} of first)",
        f"peak RSS:                   {peak:8.1f} MB",
    ]
    print("\n".join(lines))


def bench_worker() -> None:
    if not os.environ.get("REDIS_URL"):
        print("worker: skipped (set REDIS_URL=redis://...)")
        return
    from django.conf import settings

    from incidents.ingest import tasks
    from incidents.models import Provider, Source
    from tests.httpserver import LocalServer
    from tests.ingest.workers import celery_worker
    from tests.ingest_payloads import incident, payload

    settings.INGEST_ALLOW_PRIVATE_NETWORKS = True
    server = LocalServer()
    server.start()
    provider = Provider.objects.create(slug="bench", name="Bench")
    for n in range(SOURCES):
        path = f"/s{n}/incidents.json"
        server.route(
            path,
            body=payload(incident(f"s{n}a"), incident(f"s{n}b")),
            content_type="application/json",
        )
        Source.objects.create(
            name=f"bench {n}", kind="statuspage", provider=provider, url=server.url(path)
        )
    try:
        with tempfile.TemporaryDirectory() as tmp:
            log = Path(tmp) / "worker.log"
            args = ("--pool=prefork", f"--concurrency={CONCURRENCY}")
            with celery_worker(os.environ["REDIS_URL"], log, *args):
                start = time.perf_counter()
                tasks.enqueue_due_polls.delay()
                done = _wait_polled(provider, log)
                elapsed = time.perf_counter() - start
    finally:
        server.close()
    print(
        f"worker ({CONCURRENCY} prefork processes): {done} local sources in {elapsed:.1f} s"
        f" = {done / elapsed:.0f} sources/s"
    )


def _wait_polled(provider, log: Path, timeout: float = 600) -> int:
    from incidents.models import Source

    sources = Source.objects.filter(provider=provider)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        done = sources.filter(last_success_at__isnull=False).count()
        if done == SOURCES:
            return done
        time.sleep(0.05)
    raise RuntimeError(f"only {done}/{SOURCES} polled:\n{log.read_text()[-3000:]}")


if __name__ == "__main__":
    main(tuple(sys.argv[1:]) or ("store", "worker", "fleet"))
