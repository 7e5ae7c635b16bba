"""Real Celery worker processes on this test database, for tests and the ingest benchmark."""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

from django.db import connection

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def database_url() -> str:
    """Return a URL for the database this process uses (the test database)."""
    db = connection.settings_dict
    auth = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


@contextlib.contextmanager
def celery_worker(
    redis_url: str, log: Path, *args: str, name: str = "worker"
) -> Iterator[subprocess.Popen]:
    """Run `python -m celery worker` from this checkout until the block ends."""
    # `-m` from the checkout's root: the worker imports this checkout's code, whichever
    # virtualenv's interpreter runs it.
    env = os.environ | {
        "DATABASE_URL": database_url(),
        "REDIS_URL": redis_url,
        "INGEST_ALLOW_PRIVATE_NETWORKS": "1",
        "CELERY_TASK_ALWAYS_EAGER": "0",
        "SECRET_KEY": os.environ.get("SECRET_KEY", "test-only-secret-key-not-for-production"),
        "TRACKER_VAR_DIR": str(log.parent),
    }
    command = [
        *(sys.executable, "-m", "celery", "-A", "tracker", "worker", "--loglevel=INFO"),
        *(f"--hostname={name}@%h", "--without-gossip", "--without-mingle", "--without-heartbeat"),
        *args,
    ]
    with log.open("wb") as out:
        worker = subprocess.Popen(command, cwd=BASE_DIR, env=env, stdout=out, stderr=out)
        try:
            wait_ready(worker, log)
            yield worker
        finally:
            worker.terminate()
            try:
                worker.wait(timeout=30)
            except subprocess.TimeoutExpired:
                worker.kill()
                worker.wait()


def wait_ready(worker: subprocess.Popen, log: Path, timeout: float = 90) -> None:
    """Return once the worker logs that it is ready; raise if it exits or never does."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if worker.poll() is not None:
            raise RuntimeError(f"the worker exited:\n{log.read_text()[-3000:]}")
        if b" ready." in log.read_bytes():
            return
        time.sleep(0.2)
    raise RuntimeError(f"the worker never became ready:\n{log.read_text()[-3000:]}")
