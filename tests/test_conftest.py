"""The suite's own switches: REQUIRE_SERVICES must never turn a failure into a skip by typo."""

import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import _flag

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize("value", ["1", "true", "YES", "on"])
def test_require_services_accepts_the_usual_true_values(monkeypatch, value):
    monkeypatch.setenv("REQUIRE_SERVICES", value)
    assert _flag("REQUIRE_SERVICES") is True


@pytest.mark.parametrize("value", ["", "0", "false", "No", "off"])
def test_require_services_accepts_the_usual_false_values(monkeypatch, value):
    monkeypatch.setenv("REQUIRE_SERVICES", value)
    assert _flag("REQUIRE_SERVICES") is False


def test_a_run_with_a_mistyped_require_services_stops_with_a_clear_error():
    env = {"REQUIRE_SERVICES": "ture", "PATH": "/usr/bin:/bin", "SECRET_KEY": "x"}
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests/test_conftest.py"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert run.returncode != 0
    assert "REQUIRE_SERVICES='ture'" in run.stdout + run.stderr
