"""contrib/: the systemd units, nginx site and upgrade script for deployments without Docker."""

import configparser
import re
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CONTRIB = ROOT / "contrib"
SETTINGS_VARS = set(
    re.findall(r'env\.\w+\(\s*"([A-Z_]+)"', (ROOT / "tracker/settings.py").read_text())
)
UNITS = ("tracker-web", "tracker-worker", "tracker-beat")


def unit(name: str) -> configparser.ConfigParser:
    parser = configparser.ConfigParser(strict=False, interpolation=None)
    parser.optionxform = str  # systemd keys are case-sensitive
    parser.read(CONTRIB / "systemd" / f"{name}.service")
    return parser


@pytest.mark.parametrize("name", UNITS)
def test_each_unit_runs_a_program_of_the_projects_virtualenv_as_the_tracker_user(name):
    service = unit(name)["Service"]
    program = service["ExecStart"].split()[0]
    assert program.startswith(service["WorkingDirectory"] + "/.venv/bin/")
    assert (ROOT / ".venv/bin" / Path(program).name).exists(), f"{program} is not installed"
    assert service["User"] == "tracker"
    assert service["EnvironmentFile"] == "/etc/tracker/env"
    assert service["Restart"] in {"always", "on-failure"}


def test_the_units_start_what_docker_compose_starts():
    commands = {name: unit(name)["Service"]["ExecStart"] for name in UNITS}
    assert "gunicorn tracker.wsgi:application" in commands["tracker-web"]
    assert "celery -A tracker worker" in commands["tracker-worker"]
    assert "celery -A tracker beat" in commands["tracker-beat"]


def test_nginx_proxies_to_the_address_the_web_unit_binds():
    bind = re.search(r"--bind (\S+)", unit("tracker-web")["Service"]["ExecStart"]).group(1)
    site = (CONTRIB / "nginx/tracker.conf").read_text()
    assert f"server {bind};" in site
    # Overwriting the header is what makes a client's own X-Forwarded-For worthless.
    assert "proxy_set_header X-Forwarded-For $remote_addr;" in site


def test_the_environment_file_sets_only_variables_that_settings_read():
    text = (CONTRIB / "env.example").read_text()
    names = set(re.findall(r"^([A-Z_]+)=", text, re.M))
    assert names - SETTINGS_VARS == set()
    assert {"SECRET_KEY", "DATABASE_URL", "REDIS_URL", "ALLOWED_HOSTS"} <= names
    assert re.search(r"^DEBUG=0$", text, re.M)


def test_the_upgrade_script_migrates_collects_static_and_clears_stale_content_types():
    script = (CONTRIB / "upgrade.sh").read_text()
    steps = ["migrate --noinput", "collectstatic --noinput", "remove_stale_contenttypes"]
    positions = [script.index(step) for step in steps]
    assert positions == sorted(positions)
    assert script.index("migrate --noinput") < script.index("systemctl restart")
    if shutil.which("bash"):
        subprocess.run(["bash", "-n", str(CONTRIB / "upgrade.sh")], check=True)
