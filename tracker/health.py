"""Health of the services the tracker needs: one check per dependency, for /healthz."""

from __future__ import annotations

import functools
from collections.abc import Callable

import redis
from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache
from django.db import connection

# A health check must answer before the load balancer's own timeout gives up on it.
REDIS_TIMEOUT_SECONDS = 2


def check_database() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")


def check_cache() -> None:
    # The Redis cache hides an outage from pages (they render uncached), so ask the server.
    cache = caches["default"]
    if isinstance(cache, RedisCache):
        cache._cache.get_client().ping()
    else:
        cache.get("healthz")


def check_broker() -> None:
    broker_client(settings.CELERY_BROKER_URL).ping()


@functools.lru_cache(maxsize=4)
def broker_client(url: str) -> redis.Redis:
    # One client (and its pool) per URL: /healthz is polled often, a connect per call adds up.
    return redis.Redis.from_url(
        url, socket_connect_timeout=REDIS_TIMEOUT_SECONDS, socket_timeout=REDIS_TIMEOUT_SECONDS
    )


def checks() -> dict[str, Callable[[], None]]:
    """Return the checks that apply: the broker only when it is a Redis server to reach."""
    found = {"database": check_database, "cache": check_cache}
    if settings.CELERY_BROKER_URL.startswith(("redis://", "rediss://")):
        found["broker"] = check_broker
    return found


def run_checks() -> tuple[dict[str, str], dict[str, str]]:
    """Run every check; return each one's status and, for those that failed, why."""
    status, errors = {}, {}
    for name, check in checks().items():
        try:
            check()
        except Exception as exc:  # noqa: BLE001 - any failure of a dependency means unhealthy
            status[name], errors[name] = "error", f"{type(exc).__name__}: {exc}"
        else:
            status[name] = "ok"
    return status, errors
