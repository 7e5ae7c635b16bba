"""Load on gunicorn while ingestion writes: timeline, an incident page and the API list.

Run: DATABASE_URL=postgres://... REDIS_URL=redis://... python -m benchmarks load
It creates and drops its own database (bench_load_<pid>), fills it like the pages benchmark
(BENCH_LOAD_INCIDENTS, default 20,000 incidents), starts gunicorn (BENCH_LOAD_WORKERS, default
4) on a free loopback port, and a thread polling BENCH_LOAD_SOURCES local sources (default 3)
every BENCH_LOAD_POLL seconds (default 3), each poll changing what it stores, so every poll
retires the cached pages. wrk (Debian's `wrk`) then sends BENCH_LOAD_CONNECTIONS (16) connections
for BENCH_LOAD_SECONDS (10) at each URL in turn, /healthz first: requests/s and p50/p99 are
reported as ratios to /healthz in the same run. Target: the API list's p99 under 10x its p50.
Loopback only; bounded by the counts and durations above.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

from benchmarks._scratch import scratch_database

INCIDENTS = int(os.environ.get("BENCH_LOAD_INCIDENTS", "20000"))
WORKERS = int(os.environ.get("BENCH_LOAD_WORKERS", "4"))
SOURCES = int(os.environ.get("BENCH_LOAD_SOURCES", "3"))
POLL_SECONDS = float(os.environ.get("BENCH_LOAD_POLL", "3"))
CONNECTIONS = int(os.environ.get("BENCH_LOAD_CONNECTIONS", "16"))
SECONDS = int(os.environ.get("BENCH_LOAD_SECONDS", "10"))
# DRF keeps one timestamp per request in the window: a per-minute limit high enough to stay
# out of the way would grow that list to every request of the last minute, pickled each time.
THROTTLE = os.environ.get("BENCH_LOAD_THROTTLE", "1000000/second")
INCIDENTS_PER_SOURCE = 200
ROOT = Path(__file__).resolve().parent.parent
WRK = shutil.which("wrk")


def main() -> None:
    """Print requests/s, p50 and p99 per URL, and each as a ratio to /healthz."""
    if WRK is None:
        print("skipped: the load benchmark needs wrk (apt-get install wrk)")
        return
    with scratch_database("load") as ready:
        if not ready:
            return
        import logging

        from django.core.management import call_command

        logging.getLogger("httpx").setLevel(logging.WARNING)  # one INFO line per poll
        from benchmarks import pages

        call_command("collectstatic", interactive=False, verbosity=0)
        pages.INCIDENTS = INCIDENTS
        started = time.perf_counter()
        pages.generate()
        print(f"dataset: {pages.counts()} in {time.perf_counter() - started:.0f} s")
        run()


def run() -> None:
    from incidents.models import Incident

    incident = Incident.objects.published().order_by("-started_at")[10]
    urls = {
        "healthz": "/healthz",
        "timeline": "/",
        "incident": incident.get_absolute_url(),
        "api list": "/api/v1/incidents/",
    }
    with Ingestion() as ingestion, gunicorn() as base:
        for url in urls.values():
            _check(base + url)
            # Every worker imports and builds what a URL needs on its first request.
            wrk(base + url, seconds=2)
        results = {name: wrk(base + url) for name, url in urls.items()}
    print(f"ingestion during the run: {ingestion.polls} polls, {ingestion.errors} errors")
    report(results)


# --- gunicorn -------------------------------------------------------------------------------


class gunicorn:
    """gunicorn on the benchmark's database, on a free loopback port, until the block ends."""

    def __enter__(self) -> str:
        from django.db import connection

        db = connection.settings_dict
        port = _free_port()
        env = os.environ | {
            "DATABASE_URL": (
                f"postgres://{db['USER']}{':' + db['PASSWORD'] if db['PASSWORD'] else ''}"
                f"@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
            ),
            "DEBUG": "0",
            "SECRET_KEY": os.environ.get("SECRET_KEY", "benchmark-only-secret-key"),
            "ALLOWED_HOSTS": "127.0.0.1",
            "SECURE_SSL_REDIRECT": "0",
            # One client is many readers here; the limit is not what is measured.
            "API_THROTTLE_ANON": THROTTLE,
            "LOG_LEVEL": "WARNING",
        }
        command = [
            str(Path(sys.executable).parent / "gunicorn"),
            "tracker.wsgi",
            f"--workers={WORKERS}",
            f"--bind=127.0.0.1:{port}",
            "--log-level=warning",
        ]
        self.process = subprocess.Popen(command, cwd=ROOT, env=env)  # noqa: S603 - our own
        self.base = f"http://127.0.0.1:{port}"
        _wait_until_up(self.base + "/healthz", self.process)
        return self.base

    def __exit__(self, *exc) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_until_up(url: str, process: subprocess.Popen, seconds: float = 60) -> None:
    import urllib.request

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError("gunicorn exited")
        try:
            with urllib.request.urlopen(url, timeout=2):  # noqa: S310 - loopback
                return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError("gunicorn did not answer")


def _check(url: str) -> None:
    import urllib.request

    with urllib.request.urlopen(url, timeout=30) as response:  # noqa: S310 - loopback
        assert response.status == 200, (url, response.status)


# --- Ingestion: local sources whose payload changes on every poll ----------------------------


class Ingestion:
    """A thread polling local sources every POLL_SECONDS; each poll stores something new."""

    def __init__(self) -> None:
        self.polls = 0
        self.errors = 0
        self._stop = threading.Event()

    def __enter__(self) -> Ingestion:
        from django.conf import settings

        from incidents.models import Provider, Source
        from tests.httpserver import LocalServer

        settings.INGEST_ALLOW_PRIVATE_NETWORKS = True
        self.server = LocalServer()
        self.server.start()
        provider = Provider.objects.order_by("id").first()
        self.sources = [
            Source.objects.create(
                name=f"load-{n}",
                kind="statuspage",
                provider=provider,
                url=self.server.url(f"/load-{n}.json"),
            )
            for n in range(SOURCES)
        ]
        for n in range(SOURCES):
            self._serve(n, 0)
        self._thread = threading.Thread(target=self._loop, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join(timeout=60)
        self.server.close()

    def _serve(self, n: int, cycle: int) -> None:
        from tests.ingest_payloads import START, incident, payload

        items = [
            incident(
                f"load{n}-{k}",
                # One title changes every cycle: each poll writes, and retires cached pages.
                f"Load incident {k}" + (f" (edit {cycle})" if k == 0 else ""),
                started=START.replace(year=2025) - _hours(k),
                updates=3,
            )
            for k in range(INCIDENTS_PER_SOURCE)
        ]
        self.server.route(f"/load-{n}.json", body=payload(*items), content_type="application/json")

    def _loop(self) -> None:
        from django.db import connection

        from incidents.ingest.poll import poll
        from incidents.models import Source

        cycle = 0
        try:
            while not self._stop.wait(0 if cycle == 0 else POLL_SECONDS):
                for n, source in enumerate(self.sources):
                    result = poll(Source.objects.select_related("provider").get(pk=source.pk))
                    self.polls += 1
                    self.errors += not result.ok
                    self._serve(n, cycle + 1)
                cycle += 1
        finally:
            connection.close()


def _hours(k: int):
    import datetime as dt

    return dt.timedelta(hours=k)


# --- wrk and the report ------------------------------------------------------------------------


UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def wrk(url: str, seconds: int = SECONDS) -> dict[str, float]:
    """Run wrk on url; return requests/s, p50 and p99 in milliseconds, and non-2xx count."""
    out = subprocess.run(  # noqa: S603 - fixed arguments and a loopback URL
        [WRK, f"--connections={CONNECTIONS}", "--threads=2", f"--duration={seconds}s",
         "--timeout=10s", "--latency", url],
        capture_output=True, text=True, check=True, timeout=seconds + 60,
    ).stdout  # fmt: skip
    latency = dict(re.findall(r"^\s+(50|99)%\s+([\d.]+\w+)", out, re.M))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
        "p50": _ms(latency["50"]),
        "p99": _ms(latency["99"]),
        "bad": int(errors.group(1)) if errors else 0,
    }


def _ms(value: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(\w+)", value).groups()
    return float(number) * UNITS[unit]


def report(results: dict[str, dict[str, float]]) -> None:
    floor = results["healthz"]
    print(f"{CONNECTIONS} connections, {SECONDS} s per URL, {WORKERS} gunicorn workers, "
          f"{SOURCES} sources polled every {POLL_SECONDS:g} s, API limit {THROTTLE}")  # fmt: skip
    print(f"{'url':10} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'rps/hz':>7} "
          f"{'p50/hz':>7} {'p99/hz':>7} {'p99/p50':>7} {'non-2xx':>7}")  # fmt: skip
    for name, r in results.items():
        print(
            f"{name:10} {r['rps']:8.0f} {r['p50']:8.2f} {r['p99']:8.2f} "
            f"{r['rps'] / floor['rps']:7.3f} {r['p50'] / floor['p50']:7.1f} "
            f"{r['p99'] / floor['p99']:7.1f} {r['p99'] / r['p50']:7.1f} {r['bad']:7d}"
        )
    api = results["api list"]
    verdict = "met" if api["p99"] < 10 * api["p50"] else "MISSED"
    print(f"api list p99 < 10x its p50: {verdict} ({api['p99'] / api['p50']:.1f}x)")
