"""CI runs against real services: prove they are the ones in use."""

import pytest
from django.conf import settings
from django.core.cache import cache


def test_it_uses_postgresql_when_services_are_required(postgres):
    assert postgres.vendor == "postgresql"
    with postgres.cursor() as cursor:
        cursor.execute("SHOW server_version_num")
        assert int(cursor.fetchone()[0]) >= 140000


def test_it_uses_redis_for_broker_and_cache(redis_url):
    assert redis_url == settings.CELERY_BROKER_URL
    assert "RedisCache" in settings.CACHES["default"]["BACKEND"]
    cache.set("services-check", "yes", 5)
    assert cache.get("services-check") == "yes"


@pytest.mark.django_db
def test_it_answers_healthz(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["status"] == "ok"
    assert set(response.json()["checks"].values()) == {"ok"}


def test_it_reuses_one_redis_client_for_every_cache_call(redis_url):
    from tracker.cache import ReusingRedisCache

    backend = ReusingRedisCache(redis_url, {})
    assert backend._cache.get_client() is backend._cache.get_client(write=True)
    backend.set("reuse-check", {"n": 1}, 5)
    assert backend.get_many(["reuse-check", "absent"]) == {"reuse-check": {"n": 1}}
    backend.delete("reuse-check")
