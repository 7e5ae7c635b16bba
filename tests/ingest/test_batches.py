"""Due sources are claimed and polled in batches; an unchanged poll writes no rows."""

from __future__ import annotations

import pytest
from django.apps import apps

from incidents.ingest import tasks
from incidents.models import Provider, Snapshot, Source
from incidents.site import pagecache
from tests.ingest_payloads import incident, payload

pytestmark = pytest.mark.django_db


@pytest.fixture
def upstream(local_server, settings):
    settings.INGEST_ALLOW_PRIVATE_NETWORKS = True
    return local_server


def make_sources(server, count: int, **route) -> list[Source]:
    provider, _ = Provider.objects.get_or_create(slug="github", defaults={"name": "GitHub"})
    made = []
    for n in range(count):
        path = f"/s{n}.json"
        server.route(
            path, body=payload(incident(f"i{n}")), content_type="application/json", **route
        )
        made.append(
            Source(name=f"s{n}", kind="statuspage", provider=provider, url=server.url(path))
        )
    return Source.objects.bulk_create(made)


def history_rows() -> int:
    models = [
        m
        for m in apps.get_app_config("incidents").get_models()
        if m.__name__.startswith("Historical")
    ]
    return sum(model.objects.count() for model in models)


def test_it_queues_due_sources_in_batches(
    upstream, django_capture_on_commit_callbacks, monkeypatch
):
    monkeypatch.setattr(tasks, "BATCH_SIZE", 4)
    make_sources(upstream, 10)
    sent = []
    monkeypatch.setattr(tasks.poll_batch, "delay", lambda ids: sent.append(ids))

    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.enqueue_due_polls() == 10

    assert [len(ids) for ids in sent] == [4, 4, 2]
    assert sorted(sum(sent, [])) == sorted(Source.objects.values_list("pk", flat=True))


def test_a_batch_polls_each_source_and_an_unchanged_round_writes_no_rows(eager, upstream):
    sources = make_sources(upstream, 5, etag='"v1"', last_modified="Tue, 01 Dec 2026 10:00:00 GMT")
    ids = [source.pk for source in sources]

    assert tasks.poll_batch(ids) == 5
    snapshots, history = Snapshot.objects.count(), history_rows()
    version = pagecache.current_version()
    tasks.poll_batch(ids)
    upstream.route("/s0.json", body=payload(incident("i0")), content_type="application/json")
    tasks.poll_batch(ids)  # s0 answers 200 with the same bytes: the hash, no rows either

    assert snapshots == 5
    assert (Snapshot.objects.count(), history_rows()) == (snapshots, history)
    assert pagecache.current_version() == version  # cached pages outlive unchanged polls
    conditional = [r for r in upstream.requests[5:10]]
    assert all(r.headers["If-None-Match"] == '"v1"' for r in conditional)
    assert all(r.headers["If-Modified-Since"] for r in conditional)
    assert Source.objects.filter(last_error="").count() == 5


def test_a_batch_hands_a_transient_failure_to_the_retrying_task(upstream, monkeypatch):
    sources = make_sources(upstream, 3)
    upstream.route("/s1.json", status=503, headers={"Retry-After": "120"})
    retried = []
    monkeypatch.setattr(
        tasks.poll_source, "apply_async", lambda args, **options: retried.append((args, options))
    )

    tasks.poll_batch([source.pk for source in sources])

    assert [args for args, _ in retried] == [(sources[1].pk,)]
    assert retried[0][1]["countdown"] >= 120
    assert Source.objects.exclude(last_success_at=None).count() == 2


def test_a_batch_past_its_budget_hands_the_rest_on(upstream, monkeypatch):
    sources = make_sources(upstream, 3)
    monkeypatch.setattr(tasks, "BATCH_BUDGET", -1.0)  # already past it after none
    handed = []
    monkeypatch.setattr(tasks.poll_batch, "delay", lambda ids: handed.append(ids))

    assert tasks.poll_batch([source.pk for source in sources]) == 0

    assert handed == [[source.pk for source in sources]]
    assert not Source.objects.exclude(last_success_at=None).exists()
