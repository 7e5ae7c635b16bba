"""The embedded default as one system: every process shares the database and the page cache."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.test_run_script import free_port

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = ROOT / "tests" / "fixtures" / "statuspage" / "incidents_active_minor.json"


@pytest.fixture
def embedded(tmp_path) -> dict[str, str]:
    """Return an environment for the embedded default in a var/ folder that does not exist."""
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DATABASE_URL", "REDIS_URL", "CACHE_URL", "SECRET_KEY", "DEBUG"}
    }
    env.update(
        DEBUG="1",
        TRACKER_VAR_DIR=str(tmp_path / "fresh-clone" / "var"),
        INGEST_ALLOW_PRIVATE_NETWORKS="1",
    )
    return env


def manage(env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return result


def get(url: str, proc: subprocess.Popen, seconds: float = 60) -> str:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        assert proc.poll() is None, "the web process exited"
        try:
            with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 - loopback
                return response.read().decode()
        except OSError:
            time.sleep(0.3)
    pytest.fail(f"{url} did not answer within {seconds}s")


def test_debug_migrate_works_on_a_fresh_clone(embedded):
    manage(embedded, "migrate", "--noinput")
    assert (Path(embedded["TRACKER_VAR_DIR"]) / "db.sqlite3").is_file()


def test_a_hand_run_poll_sources_retires_the_web_processes_cached_pages_at_once(
    embedded, local_server
):
    local_server.route("/api/v2/incidents.json", body=FIXTURE.read_bytes())
    manage(embedded, "migrate", "--noinput")
    port = free_port()
    web = subprocess.Popen(
        [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"],
        cwd=ROOT,
        env=embedded,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        timeline = f"http://127.0.0.1:{port}/"
        assert "Delays sending campaigns" not in get(timeline, web)  # now cached
        url = local_server.url("/api/v2/incidents.json")
        manage(embedded, "add_source", "--name", "emma", "--kind", "statuspage", "--url", url,
               "--provider", "emma")  # fmt: skip
        assert "emma" in manage(embedded, "poll_sources", "emma").stdout
        assert "Delays sending campaigns" in get(timeline, web)
    finally:
        web.terminate()
        web.wait(timeout=30)
