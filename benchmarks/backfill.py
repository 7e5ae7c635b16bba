"""Backfill on PostgreSQL: dataset import against json.loads, replayed snapshots, unchanged cost.

Run: DATABASE_URL=postgres://... python -m benchmarks backfill
It creates and drops its own database (bench_backfill_<pid>) next to DATABASE_URL's.
BENCH_RECORDS (10,000), BENCH_SNAPSHOTS (1,000) and BENCH_FEED (25 incidents) change the sizes.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import time
from collections.abc import Iterator

from benchmarks._scratch import scratch_database

RECORDS = int(os.environ.get("BENCH_RECORDS", "10000"))
SNAPSHOTS = int(os.environ.get("BENCH_SNAPSHOTS", "1000"))
FEED = int(os.environ.get("BENCH_FEED", "25"))
# One snapshot in CHANGE_EVERY brings a new incident, as a daily scrape of a busy page does.
CHANGE_EVERY = 10
START = dt.datetime(2015, 1, 1, tzinfo=dt.UTC)


def main() -> None:
    """Print the figures; skip without PostgreSQL."""
    with scratch_database("backfill") as ready:
        if not ready:
            return
        bench_import()
        bench_replay()


def dataset(count: int) -> bytes:
    """An ISSRE 2022-shaped file of `count` AWS post-mortems, one a day."""
    entries = {
        f"aws-{n}": {
            "title": f"Summary of the service event number {n} in the US-EAST-1 Region",
            "link": [f"https://aws.amazon.com/message/{n:06d}/"],
            "time": f"{START + dt.timedelta(days=n % 3650):%m/%d/%Y}",
            "summary": f"Between the hours of the event {n}, requests failed.",
            "service_name": ["Amazon EC2"],
            "duration": 30 + n % 600,
            "root cause": {"label": [{"layer-1": "internal causes"}], "details": "A change."},
        }
        for n in range(count)
    }
    return json.dumps(entries).encode()


def bench_import() -> None:
    from incidents.ingest.datasets import Issre22
    from incidents.ingest.datasets.importer import import_records
    from incidents.models import Provider

    Provider.objects.create(slug="aws", name="AWS")
    body = dataset(RECORDS)
    floor = min(_timed(json.loads, body)[0] for _ in range(3))
    reader = Issre22()
    read, rows = _timed(reader.read, body, "AWS/aws.json")
    first, summary = _timed(import_records, reader, rows, reader.citation)
    whole = first + read
    assert summary.new == RECORDS, summary.lines()[0]
    again, summary = _timed(lambda: import_records(reader, reader.read(body, "x"), reader.citation))
    assert summary.unchanged == RECORDS, summary.lines()[0]
    print(
        "\n".join(
            [
                f"dataset: {RECORDS} records, {len(body) / 1e6:.1f} MB",
                f"json.loads floor:          {floor * 1000:8.1f} ms"
                f" = {RECORDS / floor:,.0f} records/s",
                f"read (parse and clean):    {read * 1000:8.1f} ms ({read / floor:.1f}x floor)",
                f"first import, whole:       {whole * 1000:8.1f} ms"
                f" = {RECORDS / whole:,.0f} records/s ({whole / floor:.0f}x floor)",
                f"re-import, unchanged:      {again * 1000:8.1f} ms ({again / whole:.3f} of first)",
            ]
        )
    )


def bench_replay() -> None:
    from incidents.ingest.datasets.replay import Snapshot, replay
    from incidents.models import Provider, Source
    from tests.ingest_payloads import incident, payload

    github = Provider.objects.create(slug="github", name="GitHub")
    source = Source.objects.create(
        name="GitHub", kind="statuspage", provider=github, url="https://www.githubstatus.com/"
    )

    def window(newest: int) -> bytes:
        ids = range(max(0, newest - FEED + 1), newest + 1)
        return payload(*(incident(f"i{n}", f"Incident {n}", started=START) for n in ids))

    snapshots = [
        Snapshot(f"{n:04d}", START + dt.timedelta(days=n), window(FEED + n // CHANGE_EVERY))
        for n in range(SNAPSHOTS)
    ]
    costs: list[float] = []
    total, summary = _timed(replay, source, _clocked(snapshots, costs))
    changed = [c for n, c in enumerate(costs) if n % CHANGE_EVERY == 0]
    unchanged = [c for n, c in enumerate(costs) if n % CHANGE_EVERY != 0]
    mean_changed = sum(changed) / len(changed)
    mean_unchanged = sum(unchanged) / max(1, len(unchanged))
    body = snapshots[0].body
    floor = min(_timed(json.loads, body)[0] for _ in range(3))
    print(
        "\n".join(
            [
                f"replay: {SNAPSHOTS} snapshots of a {FEED}-incident feed, {len(body) / 1e3:.0f} KB"
                f" each: {summary.lines()[0]}",
                f"whole replay:              {total:8.2f} s = {SNAPSHOTS / total:,.0f} snapshots/s",
                f"json.loads of one snapshot:{floor * 1000:8.2f} ms",
                f"changed snapshot:          {mean_changed * 1000:8.2f} ms"
                f" ({mean_changed / floor:.0f}x floor)",
                f"unchanged snapshot:        {mean_unchanged * 1000:8.2f} ms"
                f" ({mean_unchanged / mean_changed:.3f} of changed; target <= 0.050)",
            ]
        )
    )


def _clocked(snapshots: list, costs: list[float]) -> Iterator:
    """Yield each snapshot, recording how long the replay spent on the one before."""
    for snapshot in snapshots:
        began = time.perf_counter()
        yield snapshot
        costs.append(time.perf_counter() - began)


def _timed(function, *args):
    start = time.perf_counter()
    value = function(*args)
    return time.perf_counter() - start, value


if __name__ == "__main__":
    main()
