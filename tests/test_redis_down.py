"""With Redis down, readers still get pages and the API, editors still save, and what needs
the broker says so. Redis is a private redis-server, killed before each test."""

from __future__ import annotations

import datetime as dt
import time

import pytest
from django.core.cache import cache
from django.urls import reverse

from incidents.ingest import poll as ingest
from incidents.models import Incident, Provider, ReviewState, Source
from tests.admin_factory import form_data, make_user
from tests.ingest_payloads import incident, payload
from tracker.celery import app

pytestmark = pytest.mark.django_db

START = dt.datetime(2026, 11, 20, 10, 0, tzinfo=dt.UTC)


@pytest.fixture
def redis_cache(settings, private_redis):
    """The cache on the private Redis, the way settings configure it for REDIS_URL."""
    settings.CACHES = {
        "default": {
            "BACKEND": "tracker.cache.ReusingRedisCache",
            "LOCATION": private_redis.url,
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1, "retry_seconds": 0.5},
        }
    }
    cache.clear()
    return private_redis


@pytest.fixture
def published(db) -> Incident:
    github = Provider.objects.create(slug="github", name="GitHub")
    return Incident.objects.create(
        slug="github-outage",
        provider=github,
        title="Git operations degraded",
        started_at=START,
        review_state=ReviewState.PUBLISHED,
    )


def test_pages_and_the_api_answer_while_redis_is_down(client, redis_cache, published):
    redis_cache.kill()

    for path in ["/", published.get_absolute_url(), "/api/v1/incidents/", "/feed.atom"]:
        response = client.get(path)
        assert response.status_code == 200, path
    assert b"Git operations degraded" in client.get("/").content
    assert client.get("/api/v1/incidents/").json()["results"][0]["id"] == "github-outage"


def test_pages_show_fresh_data_while_redis_is_down(client, redis_cache, published):
    redis_cache.kill()
    client.get("/")

    Incident.objects.filter(pk=published.pk).update(title="Git operations restored")

    # No version to check a copy against, so no copy is kept: the change shows at once.
    assert b"Git operations restored" in client.get("/").content


def test_an_editor_still_saves_an_incident_while_redis_is_down(client, redis_cache, published):
    redis_cache.kill()
    client.force_login(make_user("root", is_superuser=True))

    address = reverse("admin:incidents_incident_change", args=[published.pk])
    response = client.post(
        address, form_data(client.get(address)) | {"title": "Edited during the outage"}
    )

    assert response.status_code == 302, response.content.decode()[:2000]
    assert Incident.objects.get(pk=published.pk).title == "Edited during the outage"


def test_ingestion_stores_while_the_cache_is_down(redis_cache, local_server, settings):
    settings.INGEST_ALLOW_PRIVATE_NETWORKS = True
    local_server.route("/i.json", body=payload(incident("abc123")), content_type="application/json")
    github = Provider.objects.create(slug="github", name="GitHub")
    source = Source.objects.create(
        name="GitHub", kind="statuspage", provider=github, url=local_server.url("/i.json")
    )
    redis_cache.kill()

    result = ingest.poll(source)

    assert result.ok, result.error
    assert Incident.objects.count() == 1


def test_poll_now_says_clearly_that_the_queue_is_down(client, private_redis, monkeypatch):
    monkeypatch.setitem(app.conf, "broker_url", private_redis.url)
    monkeypatch.setitem(app.conf, "task_always_eager", False)
    github = Provider.objects.create(slug="github", name="GitHub")
    source = Source.objects.create(
        name="GitHub", kind="statuspage", provider=github, url="https://example.com/x.json"
    )
    private_redis.kill()
    client.force_login(make_user("root", is_superuser=True))

    response = client.post(
        reverse("admin:incidents_source_changelist"),
        {"action": "poll_now", "_selected_action": [source.pk]},
        follow=True,
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert "No poll was enqueued: the task queue (Redis) cannot be reached" in page
    assert "poll_sources NAME" in page
    assert "Enqueued" not in page


def test_the_cache_is_used_again_once_redis_is_back(redis_cache):
    redis_cache.kill()
    cache.set("probe", "lost")
    assert cache.get("probe") is None

    redis_cache.start()
    deadline = time.monotonic() + 10
    while cache.get("probe") != "kept" and time.monotonic() < deadline:
        cache.set("probe", "kept")
        time.sleep(0.1)

    assert cache.get("probe") == "kept"
