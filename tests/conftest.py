"""Shared fixtures. Services: skip without them, fail under REQUIRE_SERVICES=1 (CI)."""

import os
import socket

import pytest
from django.db import connection

TRUE, FALSE = {"1", "true", "yes", "on"}, {"", "0", "false", "no", "off"}


def _flag(name: str) -> bool:
    value = os.environ.get(name, "").strip().lower()
    if value not in TRUE | FALSE:
        # A typo must not quietly turn failures into skips.
        raise pytest.UsageError(f"{name}={value!r}: use one of {sorted(TRUE | FALSE - {''})}")
    return value in TRUE


REQUIRE_SERVICES = _flag("REQUIRE_SERVICES")

pytest_plugins = ["tests.httpserver", "tests.private_redis"]


def _missing(what: str) -> None:
    if REQUIRE_SERVICES:
        pytest.fail(f"{what} is required (REQUIRE_SERVICES=1) but not available")
    pytest.skip(f"{what} not available")


@pytest.fixture
def postgres(db):
    """Require the test database to be PostgreSQL."""
    if connection.vendor != "postgresql":
        _missing("PostgreSQL (set DATABASE_URL=postgres://...)")
    return connection


@pytest.fixture
def redis_url() -> str:
    """Return REDIS_URL after checking the server answers."""
    url = os.environ.get("REDIS_URL", "")
    if not url:
        _missing("Redis (set REDIS_URL=redis://...)")
    import redis

    try:
        redis.Redis.from_url(url, socket_connect_timeout=2).ping()
    except redis.RedisError as exc:
        _missing(f"Redis at {url} ({exc})")
    return url


@pytest.fixture
def connections(monkeypatch):
    """Record every TCP connection attempt (address, port) and let it through."""
    made = []
    real = socket.create_connection

    def create_connection(address, *args, **kwargs):
        made.append(address)
        return real(address, *args, **kwargs)

    monkeypatch.setattr(socket, "create_connection", create_connection)
    return made


@pytest.fixture
def eager():
    """Run Celery tasks in this process, retries included."""
    from tracker.celery import app

    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = False
