"""A real Celery worker outliving its Redis: killed mid-task, restarted, and the worker goes on.

Needs PostgreSQL (the worker and the test share the test database); Redis is a private
redis-server on a free port that the test starts, kills and restarts (never the machine's own).
"""

from __future__ import annotations

import time

import pytest

from incidents.ingest import tasks
from incidents.models import Provider, Source
from tests.ingest_payloads import incident, payload
from tests.test_worker_e2e import celery_worker, wait_for
from tracker.celery import app

pytestmark = pytest.mark.django_db(transaction=True)


def publish_poll(redis_url: str, source: Source) -> None:
    """Enqueue a poll on the private Redis, retrying while it comes back up."""
    deadline = time.monotonic() + 30
    while True:
        try:
            with app.connection_for_write(redis_url) as connection:
                tasks.poll_source.apply_async((source.pk,), connection=connection, retry=False)
            return
        except Exception:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.5)


def test_a_worker_reconnects_after_redis_dies_mid_task_and_runs_the_next_task(
    postgres, private_redis, local_server, tmp_path
):
    body = payload(incident("abc123"))
    local_server.route("/slow.json", body=body, content_type="application/json", delay=4)
    local_server.route("/after.json", body=body, content_type="application/json")
    github = Provider.objects.create(slug="github", name="GitHub")
    slow, after = (
        Source.objects.create(
            name=name, kind="statuspage", provider=github, url=local_server.url(path)
        )
        for name, path in [("Slow", "/slow.json"), ("After", "/after.json")]
    )
    log = tmp_path / "worker.log"

    # The prefork pool, as in production: the task runs in a child while the parent's
    # connection to Redis breaks under its unacknowledged message.
    with celery_worker(private_redis.url, log, "--concurrency=2") as worker:
        publish_poll(private_redis.url, slow)
        wait_for(lambda: local_server.hits("/slow.json"), log=log)
        private_redis.kill()
        wait_for(lambda: Source.objects.get(pk=slow.pk).last_success_at, log=log)
        wait_for(lambda: b"Cannot connect to" in log.read_bytes(), log=log)
        assert worker.poll() is None, log.read_text()[-3000:]

        private_redis.start()
        publish_poll(private_redis.url, after)
        wait_for(lambda: Source.objects.get(pk=after.pk).last_success_at, timeout=90, log=log)

        assert worker.poll() is None
    output = log.read_text()
    assert "Unrecoverable error" not in output
    assert output.count("Connected to") >= 2
