"""Scale-out: two dispatchers and two real worker processes claim and poll each source once.

Needs PostgreSQL and Redis (skipped without them, failed under REQUIRE_SERVICES=1).
"""

from __future__ import annotations

import threading
import time
from collections import Counter

import pytest
from django.core.cache import cache
from django.db import connection, transaction

from incidents.ingest import tasks
from incidents.models import Provider, Source
from incidents.site import pagecache
from tests.ingest.workers import celery_worker
from tests.ingest_payloads import incident, payload
from tracker.celery import app

pytestmark = pytest.mark.django_db(transaction=True)
SOURCES = 120


@pytest.fixture
def sources(local_server, settings):
    settings.INGEST_ALLOW_PRIVATE_NETWORKS = True
    provider = Provider.objects.create(slug="github", name="GitHub")
    made = []
    for n in range(SOURCES):
        path = f"/s{n}/incidents.json"
        local_server.route(path, body=payload(incident(f"s{n}")), content_type="application/json")
        made.append(
            Source(name=f"s{n}", kind="statuspage", provider=provider, url=local_server.url(path))
        )
    return Source.objects.bulk_create(made)


def _in_thread(function):
    """Run function in a transaction of a thread of its own (its own connection); return it."""
    box = {}

    def run():
        try:
            with transaction.atomic():
                box["value"] = function()
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    thread.join(timeout=60)
    return box["value"]


def test_a_second_dispatcher_skips_the_sources_the_first_is_claiming(postgres, sources):
    half = [source.pk for source in sources[: SOURCES // 2]]
    Source.objects.filter(pk__in=half).update(next_poll_at=None)

    with transaction.atomic():
        # The first dispatcher holds its claim on half the sources, uncommitted.
        first = list(
            Source.objects.filter(pk__in=half).select_for_update().values_list("pk", flat=True)
        )
        second = _in_thread(tasks.claim_due_sources)
    third = _in_thread(tasks.claim_due_sources)

    assert sorted(first) == sorted(half)
    assert set(second).isdisjoint(first)
    assert sorted(second) == sorted(s.pk for s in sources[SOURCES // 2 :])
    assert third == half  # what the first held but never moved on is still due, once


def test_two_dispatchers_at_once_claim_every_due_source_exactly_once(postgres, sources):
    barrier = threading.Barrier(2)
    claims: list[list[int]] = [[], []]

    def dispatcher(index: int) -> None:
        try:
            with transaction.atomic():
                barrier.wait(timeout=10)
                claims[index] = tasks.claim_due_sources()
        finally:
            connection.close()

    threads = [threading.Thread(target=dispatcher, args=(i,)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    counts = Counter(claims[0] + claims[1])
    assert sorted(counts) == sorted(s.pk for s in sources)
    assert set(counts.values()) == {1}


def test_two_worker_processes_share_the_polling_and_poll_each_source_once(
    postgres, redis_url, sources, local_server, tmp_path
):
    assert app.conf.broker_url == redis_url, "the test must publish where the workers listen"
    app.control.purge()
    logs = [tmp_path / "a" / "worker.log", tmp_path / "b" / "worker.log"]
    for log in logs:
        log.parent.mkdir()
    options = ("--pool=prefork", "--concurrency=1")
    list_generation = pagecache.scope_key(pagecache.LIST)
    before = cache.get(list_generation)

    with (
        celery_worker(redis_url, logs[0], *options, name="a"),
        celery_worker(redis_url, logs[1], *options, name="b"),
    ):
        # Two beats ticking at once (a second machine started with its own beat by mistake).
        tasks.enqueue_due_polls.delay()
        tasks.enqueue_due_polls.delay()
        _wait_all_polled(logs)
        time.sleep(1)  # a double poll, if there were one, would land now

    hits = Counter(local_server.hits(f"/s{n}/incidents.json") for n in range(SOURCES))
    assert hits == Counter({1: SOURCES})
    polled = [log.read_text().count("polled s") for log in logs]
    assert sum(polled) == SOURCES
    assert min(polled) > 0, f"one worker did all the polling: {polled}"
    # The workers' writes retired this process's cached lists through the shared Redis.
    assert cache.get(list_generation) not in (None, before)


def _wait_all_polled(logs, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not Source.objects.filter(last_success_at__isnull=True).exists():
            return
        time.sleep(0.25)
    detail = "\n".join(log.read_text()[-2000:] for log in logs)
    pytest.fail(f"not every source was polled within {timeout}s\n{detail}")
