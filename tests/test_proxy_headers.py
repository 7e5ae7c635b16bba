"""Forwarded headers are trusted only when the operator says a proxy sets them."""

import pytest
import yaml

from tests.test_deploy import PRODUCTION, ROOT, manage


def setting(name: str, **env: str) -> str:
    code = f"from django.conf import settings; print(settings.{name})"
    result = manage("shell", "-v0", "-c", code, env={**PRODUCTION, **env})
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_it_trusts_no_forwarded_header_by_default():
    assert setting("SECURE_PROXY_SSL_HEADER") == "None"
    assert setting("REST_FRAMEWORK['NUM_PROXIES']") == "0"


def test_an_operator_opts_in_behind_a_proxy():
    assert setting("SECURE_PROXY_SSL_HEADER", TRUST_X_FORWARDED_PROTO="1") == (
        "('HTTP_X_FORWARDED_PROTO', 'https')"
    )
    assert setting("REST_FRAMEWORK['NUM_PROXIES']", NUM_PROXIES="2") == "2"


@pytest.mark.django_db
def test_a_spoofed_x_forwarded_proto_does_not_skip_the_https_redirect(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    response = client.get("/", HTTP_X_FORWARDED_PROTO="https")
    assert response.status_code == 301
    assert response["Location"].startswith("https://")


def test_compose_trusts_no_forwarded_header_unless_told():
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    env = compose["services"]["web"]["environment"]
    assert env["NUM_PROXIES"] == "${NUM_PROXIES:-0}"
    assert env["TRUST_X_FORWARDED_PROTO"] == "${TRUST_X_FORWARDED_PROTO:-0}"


def test_the_nginx_deployment_trusts_the_headers_its_proxy_sets():
    env = (ROOT / "contrib/env.example").read_text().splitlines()
    site = (ROOT / "contrib/nginx/tracker.conf").read_text()
    assert "proxy_set_header X-Forwarded-Proto $scheme;" in site
    assert {"NUM_PROXIES=1", "TRUST_X_FORWARDED_PROTO=1"} <= set(env)
