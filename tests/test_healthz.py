"""/healthz: one status per dependency, 503 when one is down, reasons for staff only."""

import socket
import subprocess
import time
from collections.abc import Iterator

import pytest
import redis

from tests.admin_factory import make_user

pytestmark = pytest.mark.django_db


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def private_redis() -> Iterator[tuple[str, subprocess.Popen]]:
    """Start a redis-server of this test's own on a free port; never the machine's."""
    port = free_port()
    proc = subprocess.Popen(
        ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", ""],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"redis://127.0.0.1:{port}/0"
    deadline = time.monotonic() + 10
    while True:
        try:
            redis.Redis.from_url(url).ping()
            break
        except redis.ConnectionError:
            if time.monotonic() > deadline:
                proc.kill()
                raise
            time.sleep(0.05)
    yield url, proc
    proc.kill()
    proc.wait()


@pytest.fixture
def redis_backed(settings, private_redis) -> subprocess.Popen:
    url, proc = private_redis
    settings.REDIS_URL = settings.CELERY_BROKER_URL = url
    settings.CACHES = {"default": {"BACKEND": "tracker.cache.ReusingRedisCache", "LOCATION": url}}
    return proc


def stop(proc: subprocess.Popen) -> None:
    proc.kill()
    proc.wait()


def test_it_reports_every_dependency_ok(client, redis_backed):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "checks": {"database": "ok", "cache": "ok", "broker": "ok"},
    }


def test_it_answers_503_without_details_when_redis_is_down(client, redis_backed, private_redis):
    stop(redis_backed)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {
        "status": "error",
        "checks": {"database": "ok", "cache": "error", "broker": "error"},
    }
    port = private_redis[0].rsplit(":", 1)[1].split("/")[0]
    assert port not in response.content.decode()


def test_staff_see_why_a_dependency_is_down(client, redis_backed):
    client.force_login(make_user("opal"))
    stop(redis_backed)
    body = client.get("/healthz").json()
    assert body["checks"]["cache"] == "error"
    assert "ConnectionError" in body["errors"]["cache"]
    assert "ConnectionError" in body["errors"]["broker"]


def test_it_checks_no_broker_when_the_broker_is_embedded(client, settings):
    settings.CELERY_BROKER_URL = "filesystem://"
    assert client.get("/healthz").json()["checks"] == {"database": "ok", "cache": "ok"}
