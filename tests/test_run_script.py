"""`make run` on the embedded default: SQLite, filesystem broker, worker and beat, Ctrl-C."""

import os
import signal
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(url: str, proc: subprocess.Popen, seconds: float = 180) -> bytes:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail(f"scripts/run exited early with {proc.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 - loopback
                return response.read()
        except OSError:
            time.sleep(0.5)
    pytest.fail(f"{url} did not answer within {seconds}s")


@pytest.fixture
def running_tracker(tmp_path):
    port = free_port()
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DATABASE_URL", "REDIS_URL", "DEBUG", "SECRET_KEY"}
    }
    env.update(
        TRACKER_VAR_DIR=str(tmp_path / "var"),
        DATABASE_URL=f"sqlite:///{tmp_path}/db.sqlite3",
        PORT=str(port),
        EDITOR_PASSWORD="demo-editor-pass-123",
    )
    log = (tmp_path / "run.log").open("w+")
    # Own process group: Ctrl-C in a terminal signals the whole group, so the test does too.
    proc = subprocess.Popen(
        ["scripts/run"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    yield proc, port, tmp_path, log
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGKILL)


def test_make_run_serves_demo_data_and_stops_everything_on_ctrl_c(running_tracker):
    proc, port, tmp_path, log = running_tracker
    assert b'"ok"' in wait_for(f"http://127.0.0.1:{port}/healthz", proc)
    login = wait_for(f"http://127.0.0.1:{port}/admin/login/", proc)
    assert b"csrfmiddlewaretoken" in login
    assert (tmp_path / "db.sqlite3").exists()

    deadline = time.monotonic() + 60
    while b"celery@" not in _read(log) or b"ready" not in _read(log):
        assert time.monotonic() < deadline, _read(log).decode()[-3000:]
        time.sleep(0.5)

    os.killpg(proc.pid, signal.SIGINT)
    assert proc.wait(timeout=60) is not None
    time.sleep(1)
    leftovers = subprocess.run(
        ["pgrep", "-g", str(proc.pid)], capture_output=True, text=True
    ).stdout.split()
    assert leftovers == [], f"processes left after Ctrl-C: {leftovers}"
    output = _read(log).decode()
    assert "Editor account: editor" in output
    assert "First start: loading the demo data set." in output


def _read(log) -> bytes:
    log.flush()
    return Path(log.name).read_bytes()


def test_a_worker_that_dies_under_make_run_comes_back_and_the_web_keeps_serving(running_tracker):
    proc, port, tmp_path, log = running_tracker
    wait_for(f"http://127.0.0.1:{port}/healthz", proc)
    worker = _wait_for_worker(proc, log)

    os.kill(worker, signal.SIGKILL)

    deadline = time.monotonic() + 90
    while _read(log).count(b"celery@") < 2 or _worker_pid(proc) in (None, worker):
        assert proc.poll() is None, _read(log).decode()[-3000:]
        assert time.monotonic() < deadline, _read(log).decode()[-3000:]
        time.sleep(0.5)
    assert b"starting it again" in _read(log)
    assert b'"ok"' in wait_for(f"http://127.0.0.1:{port}/healthz", proc)

    os.killpg(proc.pid, signal.SIGINT)
    assert proc.wait(timeout=60) is not None
    time.sleep(1)
    leftovers = subprocess.run(
        ["pgrep", "-g", str(proc.pid)], capture_output=True, text=True
    ).stdout.split()
    assert leftovers == [], f"processes left after Ctrl-C: {leftovers}"


def _worker_pid(proc: subprocess.Popen) -> int | None:
    found = subprocess.run(
        ["pgrep", "-g", str(proc.pid), "-f", "celery -A tracker worker"],
        capture_output=True,
        text=True,
    ).stdout.split()
    return int(found[0]) if found else None


def _wait_for_worker(proc: subprocess.Popen, log) -> int:
    deadline = time.monotonic() + 60
    while (pid := _worker_pid(proc)) is None or b"ready" not in _read(log):
        assert time.monotonic() < deadline, _read(log).decode()[-3000:]
        time.sleep(0.5)
    return pid
