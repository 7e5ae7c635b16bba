"""A fleet of local sources polled on schedule by the real worker: lag, CPU, memory, growth.

Every source serves a recorded payload of one parser kind (round robin over the registry)
from one loopback server with ETag and Last-Modified; each poll brings a change with
probability BENCH_FLEET_CHANGE (a revision mark in one incident's text). After a first round
that ingests every source, due times are spread evenly over one interval (the steady state of
a fleet that has run a while) and the benchmark ticks the dispatcher as beat does.

BENCH_FLEET_SOURCES (6000), BENCH_FLEET_INTERVAL (300 s), BENCH_FLEET_TICK (60 s, beat's),
BENCH_FLEET_SECONDS (two intervals), BENCH_FLEET_CHANGE (0.01), BENCH_CONCURRENCY (2);
BENCH_FLEET_LOG keeps the worker's log in that file.
"""

from __future__ import annotations

import datetime as dt
import os
import random
import statistics
import tempfile
import threading
import time
from email.utils import formatdate
from pathlib import Path

FIXTURES = Path(__file__).resolve().parent.parent / "tests" / "fixtures"
SOURCES = int(os.environ.get("BENCH_FLEET_SOURCES", "6000"))
INTERVAL = int(os.environ.get("BENCH_FLEET_INTERVAL", "300"))
TICK = float(os.environ.get("BENCH_FLEET_TICK", "60"))
SECONDS = float(os.environ.get("BENCH_FLEET_SECONDS", str(2 * INTERVAL)))
CHANGE = float(os.environ.get("BENCH_FLEET_CHANGE", "0.01"))
CONCURRENCY = int(os.environ.get("BENCH_CONCURRENCY", "2"))
CLOCK = os.sysconf("SC_CLK_TCK")


def run() -> None:
    """Print lag percentiles, CPU and memory per process and database growth per day."""
    from django.conf import settings

    from tests.httpserver import LocalServer

    settings.INGEST_ALLOW_PRIVATE_NETWORKS = True
    kinds = recorded_payloads()
    server = LocalServer()
    server.start()
    try:
        fleet = Fleet(server, kinds)
        with tempfile.TemporaryDirectory() as tmp:
            log = Path(os.environ.get("BENCH_FLEET_LOG") or Path(tmp) / "worker.log")
            fleet.run(log)
    finally:
        server.close()


def recorded_payloads() -> dict[str, tuple[bytes, list[bytes]]]:
    """Return per kind a fixture that parses to incidents, and its text to mark revisions."""
    from incidents.ingest.parsers import PARSERS, get_parser

    found = {}
    for kind in sorted(PARSERS):
        for path in sorted((FIXTURES / kind).glob("*")):
            if path.name.startswith(("fuzz_", "hostile_")):
                continue
            body = path.read_bytes()
            try:
                parsed = get_parser(kind).parse(body)
            except Exception:  # noqa: S112 (an error fixture: try the next)
                continue
            marks = _revision_marks(kind, body, parsed)
            if marks:
                found[kind] = (body, marks)
                break
    return found


def _revision_marks(kind, body: bytes, parsed) -> list[bytes]:
    """Return encoded texts of the payload whose change the parser sees (one is enough)."""
    from incidents.ingest.parsers import get_parser

    encodings = ["utf-16-le", "utf-16-be"] if body[:2] in (b"\xff\xfe", b"\xfe\xff") else ["utf-8"]
    texts = [i.title for i in parsed] + [u.body for i in parsed for u in i.updates]
    for text in texts:
        for word in text.split():
            if len(word) < 5 or not word.isalpha():
                continue
            for encoding in encodings:
                encoded = word.encode(encoding)
                if encoded in body:
                    changed = body.replace(encoded, (word + " rev").encode(encoding), 1)
                    try:
                        if repr(get_parser(kind).parse(changed)) != repr(parsed):
                            return [encoded, (" rev").encode(encoding)]
                    except Exception:  # noqa: S112 (this word broke the payload: try the next)
                        continue
    return []


class Fleet:
    def __init__(self, server, kinds) -> None:
        self.server = server
        self.kinds = kinds
        self.order = list(kinds)
        self.requests: dict[str, list[float]] = {}
        self.changes = 0
        self.lock = threading.Lock()
        self.measuring = False

    def path(self, n: int) -> str:
        return f"/f{n}"

    def serve(self, n: int) -> None:
        kind = self.order[n % len(self.order)]
        body, _ = self.kinds[kind]
        route = self.server.route(
            self.path(n),
            body=body,
            etag=f'"{n}-0"',
            last_modified=formatdate(time.time() - 86400, usegmt=True),
        )
        route.revision = 0
        route.on_request = lambda request, n=n, route=route, kind=kind: self.hit(n, route, kind)

    def hit(self, n: int, route, kind: str) -> None:
        if not self.measuring:
            return
        with self.lock:
            self.requests.setdefault(self.path(n), []).append(time.time())
            if random.random() >= CHANGE:  # noqa: S311 (a benchmark's dice)
                return
            self.changes += 1
        route.revision += 1
        body, (mark, suffix) = self.kinds[kind]
        route.body = body.replace(mark, mark + suffix * route.revision, 1)
        route.etag = f'"{n}-{route.revision}"'
        route.last_modified = formatdate(time.time(), usegmt=True)

    def create_sources(self) -> list:
        from incidents.models import Provider, Source

        # A provider per source, as 6,000 status pages are 6,000 vendors' pages: sources of one
        # provider would share incidents (one slug), and one's revision would be another's.
        providers = Provider.objects.bulk_create(
            [Provider(slug=f"fleet-{n}", name=f"Fleet {n}") for n in range(SOURCES)],
            batch_size=1000,
        )
        made = []
        for n in range(SOURCES):
            self.serve(n)
            kind = self.order[n % len(self.order)]
            made.append(
                Source(
                    name=f"fleet {n}",
                    kind=kind,
                    provider=providers[n],
                    url=self.server.url(self.path(n)),
                    poll_interval=INTERVAL,
                )
            )
        return Source.objects.bulk_create(made, batch_size=1000)

    def run(self, log: Path) -> None:
        from incidents.ingest import tasks
        from incidents.models import Source
        from tests.ingest.workers import celery_worker

        sources = self.create_sources()
        args = ("--pool=prefork", f"--concurrency={CONCURRENCY}", "--purge")
        with celery_worker(os.environ["REDIS_URL"], log, *args) as worker:
            start = time.perf_counter()
            tasks.enqueue_due_polls.delay()
            _wait(lambda: not Source.objects.filter(last_success_at=None).exists(), log, 3600)
            first = time.perf_counter() - start
            due = self.spread(sources)
            before = Reading.take()
            sampler = Sampler(worker.pid)
            self.measuring = True
            began = time.time()
            self.tick(tasks, sampler, began)
            ended = time.time()
            self.measuring = False
            sampler.sample()
            _wait(lambda: _queue_empty(), log, 300)
            after = Reading.take()
        self.report(first, due, began, ended, before, after, sampler)

    def spread(self, sources) -> dict[str, float]:
        from incidents.models import Source

        now = dt.datetime.now(dt.UTC) + dt.timedelta(seconds=5)
        due = {}
        for n, source in enumerate(sources):
            source.next_poll_at = now + dt.timedelta(seconds=INTERVAL * n / SOURCES)
            due[self.path(n)] = source.next_poll_at.timestamp()
        Source.objects.bulk_update(sources, ["next_poll_at"], batch_size=1000)
        return due

    def tick(self, tasks, sampler: Sampler, began: float) -> None:
        while time.time() - began < SECONDS:
            tasks.enqueue_due_polls.delay()
            next_tick = time.time() + TICK
            while time.time() < min(next_tick, began + SECONDS):
                # Often: a Celery task closes its database connection when it ends, so each
                # backend lives about as long as one batch.
                sampler.sample()
                time.sleep(0.25)

    def report(self, first, due, began, ended, before, after, sampler) -> None:
        lags, late, polls = [], 0, 0
        for path, first_due in due.items():
            times = sorted(t for t in self.requests.get(path, []) if t >= began)
            expected = first_due
            for at in times:
                lags.append(at - expected)
                expected = at + INTERVAL
                polls += 1
            # Due before the last tick and never asked for: late by at least this much.
            if expected < ended - TICK:
                lags.append(ended - expected)
                late += 1
        window = ended - began
        lags.sort()
        quantile = statistics.quantiles(lags, n=100) if len(lags) > 1 else lags * 99
        print(
            f"fleet: {SOURCES} sources of {len(self.order)} kinds ({', '.join(self.order)}),"
            f" every {INTERVAL} s, beat tick {TICK:.0f} s, {CONCURRENCY} prefork processes"
        )
        print(f"  first round (every source ingested): {first:.1f} s = {SOURCES / first:.0f}/s")
        print(
            f"  measured {window:.0f} s: {polls} polls = {polls / window:.1f}/s"
            f" (schedule asks {SOURCES / INTERVAL:.1f}/s), {self.changes} brought a change"
        )
        print(
            f"  lag behind due time: p50 {quantile[49]:.1f} s, p95 {quantile[94]:.1f} s,"
            f" max {lags[-1]:.1f} s; {sum(lag > INTERVAL for lag in lags)} polls later than"
            f" one interval; {late} due polls not made by the end"
        )
        sampler.print(window)
        after.print_against(before, window, polls, self.changes)


def _wait(predicate, log: Path, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.5)
    raise RuntimeError(f"timed out after {timeout}s:\n{log.read_text()[-3000:]}")


def _queue_empty() -> bool:
    from tracker.celery import app

    with app.connection_for_read() as connection:
        return connection.default_channel.client.llen("celery") == 0


def _processes(worker_pid: int) -> dict[int, str]:
    """Return the worker, its children, this process and this database's backends."""
    found = {worker_pid: "worker (main)", os.getpid(): "benchmark (dispatcher + HTTP server)"}
    for child in _children(worker_pid):
        found[child] = "worker (child)"
    for pid in _backends():
        found[pid] = "postgres backend"
    return found


def _children(pid: int) -> list[int]:
    try:
        tasks = os.listdir(f"/proc/{pid}/task")
        text = " ".join(Path(f"/proc/{pid}/task/{t}/children").read_text() for t in tasks)
    except OSError:
        return []
    return [int(p) for p in text.split()]


def _backends() -> list[int]:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = current_database()"
            " AND pid <> pg_backend_pid()"
        )
        return [row[0] for row in cursor.fetchall()]


def _cpu_seconds(pid: int) -> float:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / CLOCK


def _rss(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


class Sampler:
    """CPU seconds and peak RSS of every process of the fleet, sampled while it runs."""

    def __init__(self, worker_pid: int) -> None:
        self.worker_pid = worker_pid
        self.names: dict[int, str] = {}
        self.baseline: dict[int, float] = {}
        self.last: dict[int, float] = {}
        self.peak: dict[int, int] = {}
        for pid in _processes(worker_pid):
            self.baseline[pid] = _cpu_seconds(pid)
        self.sample()

    def sample(self) -> None:
        for pid, name in _processes(self.worker_pid).items():
            cpu, rss = _cpu_seconds(pid), _rss(pid)
            if cpu or rss:
                self.names[pid] = name
                self.last[pid] = max(cpu, self.last.get(pid, 0.0))
                self.peak[pid] = max(rss, self.peak.get(pid, 0))

    def print(self, window: float) -> None:
        print(f"  CPU over the {window:.0f} s window (1.0 = one core), peak RSS:")
        kinds: dict[str, list[int]] = {}
        for pid, name in self.names.items():
            kinds.setdefault(name, []).append(pid)
        for name, pids in sorted(kinds.items()):
            used = [(self.last[p] - self.baseline.get(p, 0.0)) / window for p in pids]
            rss = max(self.peak[p] for p in pids) / 2**20
            print(
                f"    {name:38} {len(pids):4} seen: {sum(used):.3f} cores in all"
                f" ({max(used):.3f} the busiest), peak RSS {rss:.0f} MB"
            )
        print("    (backends: CPU seen by the last sample of each, so a lower bound)")


class Reading:
    """The database's size and its ingest rows at one moment."""

    def __init__(self, size: int, rows: dict[str, int]):
        self.size, self.rows = size, rows

    @classmethod
    def take(cls) -> Reading:
        from django.db import connection

        tables = ["incidents_snapshot", "incidents_incident", "incidents_incidentupdate"]
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_database_size(current_database())")
            size = cursor.fetchone()[0]
            cursor.execute(
                "SELECT relname FROM pg_class WHERE relkind = 'r'"
                " AND relname LIKE 'incidents_historical%%'"
            )
            tables += sorted(row[0] for row in cursor.fetchall())
            rows = {}
            for table in tables:
                cursor.execute(f"SELECT count(*) FROM {table}")  # noqa: S608 (catalogue names)
                rows[table] = cursor.fetchone()[0]
        return cls(size, rows)

    def print_against(self, before: Reading, window: float, polls: int, changes: int) -> None:
        per_day = 86400 / window
        full = 6000 * 86400 / 300 * CHANGE  # changes a day at 6,000 sources every 5 min
        print(
            f"  database size: {(self.size - before.size) * per_day / 2**20:+,.1f} MB/day at"
            " this rate (pg_database_size, so row versions autovacuum reclaims count too)"
        )
        for table, count in self.rows.items():
            grew = count - before.rows.get(table, 0)
            if grew:
                each = grew / max(changes, 1)
                print(
                    f"    {table:40} +{grew * per_day:,.0f} rows/day here,"
                    f" {each:.2f} per change = {each * full:,.0f} rows/day at 6,000 sources"
                )
        snapshots = self.rows["incidents_snapshot"] - before.rows["incidents_snapshot"]
        verdict = "wrote no snapshot" if snapshots <= changes else "WROTE SNAPSHOTS"
        print(f"  {polls - changes} polls without a change: {verdict} ({snapshots} in all)")
