"""docker-compose.yml cannot run here (no Docker engine): check it against the settings."""

import re
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
SETTINGS_VARS = set(
    re.findall(r'env\.\w+\(\s*"([A-Z_]+)"', (ROOT / "tracker/settings.py").read_text())
)


@pytest.fixture(scope="module")
def compose() -> dict:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def test_it_defines_the_five_services_with_health_checks(compose):
    services = compose["services"]
    assert set(services) == {"postgres", "redis", "web", "worker", "beat"}
    for name, service in services.items():
        assert service.get("healthcheck", {}).get("test"), f"{name} has no health check"


def test_it_keeps_the_database_on_a_volume(compose):
    mounts = compose["services"]["postgres"]["volumes"]
    assert any(m.endswith(":/var/lib/postgresql/data") for m in mounts)
    assert mounts[0].split(":")[0] in compose["volumes"]


def test_dataset_releases_outlive_the_containers_on_a_shared_volume(compose):
    dockerfile = (ROOT / "Dockerfile").read_text()
    target = "/home/tracker/var/releases"  # TRACKER_VAR_DIR's default releases folder
    assert "TRACKER_VAR_DIR=/home/tracker/var" in dockerfile
    assert f"mkdir -p {target}" in dockerfile and "chown -R tracker:tracker" in dockerfile
    for name in ("web", "worker", "beat"):
        mounts = compose["services"][name]["volumes"]
        assert f"releases:{target}" in mounts, name
    assert "releases" in compose["volumes"]


def test_app_services_share_one_image_and_differ_by_command(compose):
    services = compose["services"]
    apps = [services[name] for name in ("web", "worker", "beat")]
    assert len({(s["build"], s["image"]) for s in apps}) == 1
    commands = [
        " ".join(s["command"]) if isinstance(s["command"], list) else s["command"] for s in apps
    ]
    assert "gunicorn tracker.wsgi" in commands[0] and "migrate" in commands[0]
    assert "celery -A tracker worker" in commands[1]
    assert "celery -A tracker beat" in commands[2]


def test_app_environment_matches_what_settings_read(compose):
    for name in ("web", "worker", "beat"):
        service = compose["services"][name]
        env = service["environment"]
        unknown = set(env) - SETTINGS_VARS
        assert not unknown, f"{name} sets variables settings.py never reads: {unknown}"
        assert {"SECRET_KEY", "DATABASE_URL", "REDIS_URL", "DEBUG"} <= set(env)
        assert env["DEBUG"] == "0"
        assert "@postgres:5432/" in env["DATABASE_URL"]
        assert env["REDIS_URL"].startswith("redis://redis:6379")
        assert set(service["depends_on"]) == {"postgres", "redis"}


def test_database_credentials_match_the_postgres_service(compose):
    pg = compose["services"]["postgres"]["environment"]
    url = compose["services"]["web"]["environment"]["DATABASE_URL"]
    expected = f"postgres://{pg['POSTGRES_USER']}:{pg['POSTGRES_PASSWORD']}@postgres:5432/"
    assert url == expected + pg["POSTGRES_DB"]


def test_env_example_lists_every_setting_variable():
    listed = set(re.findall(r"^([A-Z_]+)=", (ROOT / ".env.example").read_text(), re.M))
    assert listed >= SETTINGS_VARS, f"missing from .env.example: {SETTINGS_VARS - listed}"
