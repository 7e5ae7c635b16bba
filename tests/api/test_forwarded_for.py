"""The API rate limit trusts X-Forwarded-For only behind the configured number of proxies."""

import pytest
from django.core.cache import cache

pytestmark = pytest.mark.django_db

# Documentation addresses (RFC 5737) keep these counters apart from other tests' clients.
CLIENT_IP = "192.0.2.88"
PROXY_IP = "198.51.100.9"
FORGED = [f"203.0.113.{n}" for n in range(1, 5)]


@pytest.fixture
def tight(settings):
    rates = {"anon": "3/minute", "user": "5/minute"}
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": rates}
    # DRF's user throttle keys anonymous clients by address too.
    ips = [CLIENT_IP, PROXY_IP, *FORGED]
    keys = [f"throttle_{scope}_{ip}" for scope in ("anon", "user") for ip in ips]
    cache.delete_many(keys)
    yield settings
    cache.delete_many(keys)


def codes(anon, forwarded: list[str], remote: str) -> list[int]:
    return [
        anon.get("/api/v1/providers/", REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=value).status_code
        for value in forwarded
    ]


def test_it_ignores_a_forged_x_forwarded_for_by_default(anon, catalog, tight):
    assert codes(anon, FORGED, remote=CLIENT_IP) == [200, 200, 200, 429]


def test_behind_one_proxy_it_limits_the_address_the_proxy_saw(anon, catalog, tight):
    tight.REST_FRAMEWORK = {**tight.REST_FRAMEWORK, "NUM_PROXIES": 1}
    # The client forges a first entry; the proxy appends the address it really saw.
    forwarded = [f"{forged}, {CLIENT_IP}" for forged in FORGED]
    assert codes(anon, forwarded, remote=PROXY_IP) == [200, 200, 200, 429]


def test_behind_one_proxy_distinct_clients_have_their_own_limits(anon, catalog, tight):
    tight.REST_FRAMEWORK = {**tight.REST_FRAMEWORK, "NUM_PROXIES": 1}
    assert codes(anon, FORGED, remote=PROXY_IP) == [200, 200, 200, 200]
