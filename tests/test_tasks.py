"""Celery tasks: the beat task finds due sources; the poll task retries only what may pass."""

from __future__ import annotations

import datetime as dt

import pytest
from django.conf import settings
from django.utils import timezone

from incidents.ingest import tasks
from incidents.models import Incident, Provider, Source
from tests.ingest_payloads import incident, payload
from tracker.celery import app

pytestmark = pytest.mark.django_db
PATH = "/api/v2/incidents.json"


@pytest.fixture
def upstream(local_server, settings):
    settings.INGEST_ALLOW_PRIVATE_NETWORKS = True
    local_server.route(PATH, body=payload(incident("abc123")), content_type="application/json")
    return local_server


def make_source(name: str, url: str, **fields) -> Source:
    provider, _ = Provider.objects.get_or_create(slug="github", defaults={"name": "GitHub"})
    return Source.objects.create(name=name, kind="statuspage", url=url, provider=provider, **fields)


def test_beat_runs_the_enqueue_task_every_minute():
    entry = settings.CELERY_BEAT_SCHEDULE["enqueue-due-polls"]
    assert entry["schedule"] == 60.0
    assert entry["task"] in app.tasks
    assert entry["task"] == tasks.enqueue_due_polls.name


def test_it_polls_due_enabled_sources_only(eager, upstream, django_capture_on_commit_callbacks):
    later = timezone.now() + dt.timedelta(minutes=3)
    due = make_source("due", upstream.url(PATH))
    make_source("not due", upstream.url("/not-due"), next_poll_at=later)
    make_source("disabled", upstream.url("/disabled"), enabled=False)

    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.enqueue_due_polls.delay().get() == 1

    assert upstream.hits(PATH) == 1
    assert upstream.hits("/not-due") == upstream.hits("/disabled") == 0
    assert Incident.objects.get().refs.get().source == due


def test_it_claims_a_due_source_so_the_next_tick_does_not_enqueue_it_again(
    django_capture_on_commit_callbacks,
):
    source = make_source("due", "https://www.githubstatus.com/api/v2/incidents.json")

    with django_capture_on_commit_callbacks() as first:
        tasks.enqueue_due_polls()
    with django_capture_on_commit_callbacks() as second:
        tasks.enqueue_due_polls()

    assert (len(first), len(second)) == (1, 0)
    source.refresh_from_db()
    assert source.next_poll_at > timezone.now() + dt.timedelta(seconds=290)


def test_poll_source_returns_quietly_for_a_missing_or_disabled_source(eager, upstream):
    disabled = make_source("off", upstream.url(PATH), enabled=False)

    assert tasks.poll_source.delay(disabled.pk + 1000).get() is None
    assert tasks.poll_source.delay(disabled.pk).get() is None
    assert upstream.hits(PATH) == 0


def test_poll_source_returns_the_summary(eager, upstream):
    source = make_source("GitHub", upstream.url(PATH))
    assert tasks.poll_source.delay(source.pk).get() == "GitHub: new 1, updated 0, unchanged 0"


def test_it_retries_a_transient_fetch_error_then_gives_up(eager, upstream):
    upstream.route(PATH, status=503, body=b"busy", headers={"Retry-After": "120"})
    source = make_source("GitHub", upstream.url(PATH))

    summary = tasks.poll_source.delay(source.pk).get(propagate=False)

    assert upstream.hits(PATH) == 1 + tasks.MAX_RETRIES
    assert "HTTP 503" in str(summary)
    source.refresh_from_db()
    assert source.consecutive_failures == 1 + tasks.MAX_RETRIES


@pytest.mark.parametrize(
    ("status", "body"), [(200, b"<html>maintenance page</html>"), (404, b"not found")]
)
def test_it_never_retries_a_parse_error_or_a_permanent_fetch_error(eager, upstream, status, body):
    upstream.route(PATH, status=status, body=body, content_type="text/html")
    source = make_source("GitHub", upstream.url(PATH))

    summary = tasks.poll_source.delay(source.pk).get()

    assert upstream.hits(PATH) == 1
    assert summary.startswith("GitHub: error: ")


def test_it_waits_at_least_as_long_as_retry_after(eager, upstream, monkeypatch):
    upstream.route(PATH, status=429, body=b"slow down", headers={"Retry-After": "600"})
    source = make_source("GitHub", upstream.url(PATH))
    countdowns = []
    real = tasks.retry_countdown
    monkeypatch.setattr(
        tasks, "retry_countdown", lambda n, after: countdowns.append(real(n, after)) or 0
    )

    tasks.poll_source.delay(source.pk).get(propagate=False)

    assert countdowns[0] == 600


@pytest.mark.parametrize(
    ("retries", "retry_after", "expected"),
    [(0, None, 30), (1, None, 60), (3, 5.0, 240), (0, 600.0, 600), (10, None, 900)],
)
def test_retry_countdown_backs_off_exponentially_and_honours_retry_after(
    retries, retry_after, expected
):
    assert tasks.retry_countdown(retries, retry_after) == expected
