"""Readers on 10,000 distinct URLs in a Zipf distribution while ingestion keeps changing data.

Run: DATABASE_URL=postgres://... REDIS_URL=redis://... python -m benchmarks zipf
On the pages benchmark's data set (BENCH_ZIPF_INCIDENTS, default 100,000), one reader asks
for BENCH_ZIPF_URLS (10,000) distinct URLs (timeline filters and pages, incident, provider,
product and person pages, charts; each in one of three languages and four zones), the URL of
rank r with probability proportional to 1 / r ** BENCH_ZIPF_S (1.0), for BENCH_ZIPF_SECONDS
(120) after a warm-up of BENCH_ZIPF_WARMUP_SECONDS (20). Meanwhile ingestion (the real
poll store, one transaction per source) changes one provider's incident every
BENCH_ZIPF_CHANGE_SECONDS (10), a provider after another. Every tenth request times the
constant template instead. Reported: p50, p95, p99 and the hit rate, as ratios to the
constant template's p50 in the same run. Target: p95 within 10x. BENCH_ZIPF_GLOBAL=1 also
retires every page at each change, as the cache did before it retired by scope.
"""

from __future__ import annotations

import bisect
import hashlib
import itertools
import os
import random
import statistics
import threading
import time

from benchmarks import pages
from benchmarks._scratch import scratch_database

URLS = int(os.environ.get("BENCH_ZIPF_URLS", "10000"))
SECONDS = float(os.environ.get("BENCH_ZIPF_SECONDS", "120"))
WARMUP = float(os.environ.get("BENCH_ZIPF_WARMUP_SECONDS", "20"))
CHANGE_EVERY = float(os.environ.get("BENCH_ZIPF_CHANGE_SECONDS", "10"))
EXPONENT = float(os.environ.get("BENCH_ZIPF_S", "1.0"))
GLOBAL = os.environ.get("BENCH_ZIPF_GLOBAL") == "1"
LANGUAGES = ("en", "zh-hans", "zh-hant")
ZONES = ("UTC", "Asia/Shanghai", "America/Los_Angeles", "Europe/Berlin")
FLOOR_EVERY = 10


def main() -> None:
    """Print p50/p95/p99 and the hit rate of a Zipf read load under ingestion."""
    pages.INCIDENTS = int(os.environ.get("BENCH_ZIPF_INCIDENTS", pages.INCIDENTS))
    with scratch_database("zipf") as ready:
        if not ready:
            return
        from django.core.management import call_command

        call_command("collectstatic", interactive=False, verbosity=0)
        started = time.perf_counter()
        pages.generate()
        sources = _sources()
        print(f"dataset: {pages.counts()} in {time.perf_counter() - started:.0f} s")
        run(distinct_urls(random.Random(13)), sources)  # noqa: S311 (a fixed sample)


def _sources() -> list[int]:
    from incidents.models import Provider, Source

    return [
        Source.objects.create(name=f"live-{p.slug}", kind="statuspage", provider=p,
                              url=f"https://status.example/{p.slug}/api/v2/incidents.json").pk
        for p in Provider.objects.order_by("pk")
    ]  # fmt: skip


def _published(g: int) -> bool:
    # The pages benchmark makes one in 50 a draft, except every 500th (see its ONGOING).
    return not (g % 50 == 0 and g % 500 != 0) or g > pages.INCIDENTS - 5


def _path(rng: random.Random) -> str:
    family = rng.choices(("timeline", "incident", "provider", "product", "person", "charts"),
                         weights=(30, 40, 8, 15, 5, 2))[0]  # fmt: skip
    if family == "timeline":
        query = []
        if rng.random() < 0.6:
            query.append(f"provider=provider-{rng.randrange(pages.PROVIDERS)}")
        if rng.random() < 0.4:
            query.append(f"impact={rng.choice(('minor', 'major', 'critical'))}")
        if rng.random() < 0.2:
            query.append("ongoing=1")
        if rng.random() < 0.3:
            query.append(f"page={rng.randint(2, 3)}")
        return "/?" + "&".join(query) if query else "/"
    if family == "incident":
        g = rng.randint(1, pages.INCIDENTS)
        return f"/incidents/bench-{g if _published(g) else g - 1}/"
    if family == "provider":
        return f"/providers/provider-{rng.randrange(pages.PROVIDERS)}/"
    if family == "product":
        page = "" if rng.random() < 0.8 else "?page=2"
        return f"/products/product-{rng.randrange(pages.PRODUCTS)}/{page}"
    if family == "person":
        return f"/people/p-{rng.randrange(50)}/"
    return "/charts/"


def distinct_urls(rng: random.Random) -> list[tuple[str, str, str]]:
    """Return URLS distinct (path, language, zone) in rank order, the most asked first."""
    found: dict[tuple[str, str, str], None] = {}
    # The start of the timeline, in the default language and zone, is the most asked.
    found[("/", "en", "UTC")] = None
    while len(found) < URLS:
        found[(_path(rng), rng.choice(LANGUAGES), rng.choice(ZONES))] = None
    return list(found)


def run(urls: list[tuple[str, str, str]], sources: list[int]) -> None:
    from django.test import Client
    from django.test.utils import override_settings

    from incidents.site import pagecache

    rng = random.Random(7)  # noqa: S311 (a fixed sample, not a secret)
    weights = list(itertools.accumulate(1 / (rank**EXPONENT) for rank in range(1, len(urls) + 1)))
    stop = threading.Event()
    changer = threading.Thread(target=_ingest, args=(sources, stop), daemon=True)
    with override_settings(ROOT_URLCONF=pages.__name__, ALLOWED_HOSTS=["testserver"],
                           SECURE_SSL_REDIRECT=False):  # fmt: skip
        client = Client()
        changer.start()
        samples, floor, outcomes, asked = [], [], {}, set()
        began = time.perf_counter()
        for n in itertools.count():
            now = time.perf_counter() - began
            if now > WARMUP + SECONDS:
                break
            measuring = now > WARMUP
            if n % FLOOR_EVERY == 0:
                start = time.perf_counter()
                client.get("/__floor__")
                if measuring:
                    floor.append((time.perf_counter() - start) * 1000)
                continue
            url = urls[bisect.bisect(weights, rng.random() * weights[-1])]
            path, language, zone = url
            client.cookies["tz"] = zone
            start = time.perf_counter()
            response = client.get(path, HTTP_ACCEPT_LANGUAGE=language)
            took = (time.perf_counter() - start) * 1000
            if measuring:
                samples.append(took)
                asked.add(url)
                outcome = response.get(pagecache.HIT_HEADER, str(response.status_code))
                outcomes[outcome] = outcomes.get(outcome, 0) + 1
        stop.set()
        changer.join()
    _report(samples, floor, outcomes, len(asked), changes=_ingest.count)


def _ingest(sources: list[int], stop: threading.Event) -> None:
    """Change one provider's incident through the real poll store every CHANGE_EVERY s."""
    from django.db import connection
    from django.utils import timezone

    from incidents.ingest import poll
    from incidents.ingest.fetch import FetchResult
    from incidents.ingest.parsers.base import ParsedIncident
    from incidents.site import pagecache

    _ingest.count = 0
    try:
        for n in itertools.count():
            if stop.wait(CHANGE_EVERY):
                return
            source = sources[n % len(sources)]
            body = f"change {n}".encode()
            fetched = FetchResult(200, body, "", "", "application/json", "https://status.example/",
                                  False, hashlib.sha256(body).hexdigest())  # fmt: skip
            parsed = ParsedIncident(external_id="live", title=f"Live incident, change {n}",
                                    started_at=timezone.now(), status="investigating")  # fmt: skip
            poll.store(source, fetched, [parsed])
            if GLOBAL:
                pagecache.bump_version()
            _ingest.count += 1
    finally:
        connection.close()


_ingest.count = 0


def _p(samples: list[float], q: int) -> float:
    return statistics.quantiles(samples, n=100, method="inclusive")[q - 1]


def _report(samples: list[float], floor: list[float], outcomes: dict, asked: int, changes: int):
    base = statistics.median(floor)
    cached = outcomes.get("hit", 0) + outcomes.get("miss", 0)
    hits = outcomes.get("hit", 0) / cached if cached else 0.0
    print(f"{len(samples):,} requests over {SECONDS:.0f} s to {asked:,} distinct URLs "
          f"(of {URLS:,}), {changes} ingested changes, one every {CHANGE_EVERY:.0f} s"
          f"{' (each also retiring every page)' if GLOBAL else ''}")  # fmt: skip
    print(f"outcomes: {dict(sorted(outcomes.items()))}")
    print(f"floor (constant template): p50 {base:.3f} ms, p95 {_p(floor, 95):.3f} ms")
    for q in (50, 95, 99):
        value = _p(samples, q)
        print(f"p{q}: {value:.2f} ms = {value / base:.1f}x the floor's p50")
    print(f"hit rate: {hits:.1%} of page-cached responses")
    met = _p(samples, 95) <= 10 * base
    print(f"p95 <= 10x the constant template: {'met' if met else 'MISSED'}")
