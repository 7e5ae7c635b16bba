"""Throttling: rates from settings, 429 with Retry-After and a JSON reason."""

import pytest
from django.core.cache import cache

pytestmark = pytest.mark.django_db

# A documentation address (RFC 5737) keeps these counters apart from other tests' clients.
CLIENT_IP = "192.0.2.77"


@pytest.fixture
def tight(settings):
    rates = {"anon": "3/minute", "user": "5/minute"}
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": rates}
    cache.delete_many([f"throttle_anon_{CLIENT_IP}", f"throttle_user_{CLIENT_IP}"])
    yield
    cache.delete_many([f"throttle_anon_{CLIENT_IP}", f"throttle_user_{CLIENT_IP}"])


def test_anonymous_clients_get_a_429_with_retry_after(anon, catalog, tight):
    codes = [anon.get("/api/v1/providers/", REMOTE_ADDR=CLIENT_IP).status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]
    response = anon.get("/api/v1/providers/", REMOTE_ADDR=CLIENT_IP)
    assert response.status_code == 429
    assert 0 < int(response["Retry-After"]) <= 60
    assert "throttled" in response.json()["detail"].lower()
    assert response.json()["errors"][0]["field"] is None


def test_authenticated_clients_get_the_user_rate(editor_client, editor, catalog, tight):
    cache.delete(f"throttle_user_{editor.pk}")
    codes = [editor_client.get("/api/v1/providers/").status_code for _ in range(6)]
    cache.delete(f"throttle_user_{editor.pk}")
    assert codes == [200] * 5 + [429]
