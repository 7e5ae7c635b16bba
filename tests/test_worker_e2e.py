"""End to end: beat's task enqueues, a real Celery worker polls a local server, the export shows it.

Needs PostgreSQL and Redis (skipped without them, failed under REQUIRE_SERVICES=1).
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from incidents.ingest import tasks
from incidents.models import Provider, Source
from incidents.record.builder import iter_records
from tests.ingest import workers
from tests.ingest_payloads import START, incident, payload
from tracker.celery import app

PATH = "/api/v2/incidents.json"

pytestmark = pytest.mark.django_db(transaction=True)


def celery_worker(redis_url: str, log: Path, *args: str):
    """Run a real worker on this test database and `redis_url`, its queues purged first."""
    return workers.celery_worker(redis_url, log, "--purge", *args)


def wait_for(predicate, timeout: float = 60, log: Path | None = None):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.25)
    detail = log.read_text()[-3000:] if log else ""
    pytest.fail(f"timed out after {timeout}s\n{detail}")


def test_the_beat_task_enqueues_and_a_real_worker_ingests_into_the_export(
    postgres, redis_url, local_server, tmp_path
):
    assert app.conf.broker_url == redis_url, "the test must publish where the worker listens"
    local_server.route(
        PATH,
        body=payload(incident("abc123", updates=3), incident("def456")),
        content_type="application/json",
        etag='"v1"',
    )
    github = Provider.objects.create(slug="github", name="GitHub")
    source = Source.objects.create(
        name="GitHub", kind="statuspage", provider=github, url=local_server.url(PATH)
    )
    Source.objects.create(
        name="Off",
        kind="statuspage",
        provider=github,
        enabled=False,
        url=local_server.url("/off.json"),
    )
    log = tmp_path / "worker.log"

    with celery_worker(redis_url, log, "--pool=solo"):
        tasks.enqueue_due_polls.delay()
        records = wait_for(lambda: list(iter_records()), log=log)
        wait_for(lambda: Source.objects.get(pk=source.pk).last_success_at, log=log)

    assert sorted(r["refs"][0]["external_id"] for r in records) == ["abc123", "def456"]
    first = next(r for r in records if r["refs"][0]["external_id"] == "abc123")
    assert first["provider"] == "github"
    assert first["started_at"] == START.isoformat().replace("+00:00", "Z")
    assert len(first["updates"]) == 3
    assert local_server.hits(PATH) == 1
    assert local_server.hits("/off.json") == 0
    assert "incidents.tasks.poll_batch" in log.read_text()
