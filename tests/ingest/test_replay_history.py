"""manage.py replay_history: successive snapshots through the parser and the normal upsert."""

from __future__ import annotations

import datetime as dt
import io
import os
import subprocess
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from incidents.models import ExternalRef, Incident, Provider, Snapshot, Source
from tests.ingest_payloads import incident, payload

pytestmark = pytest.mark.django_db
START = dt.datetime(2022, 6, 1, 9, 0, tzinfo=dt.UTC)


@pytest.fixture
def source() -> Source:
    github = Provider.objects.create(slug="github", name="GitHub")
    return Source.objects.create(
        name="GitHub",
        kind="statuspage",
        provider=github,
        url="https://www.githubstatus.com/api/v2/incidents.json",
    )


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("replay_history", *args, stdout=out)
    return out.getvalue()


def window(*ids: str) -> bytes:
    """The live window as it stood: the newest incidents only, like incidents.json."""
    return payload(*(incident(i, f"Incident {i}", started=START) for i in ids))


def test_it_recovers_incidents_that_left_the_window_stamped_with_their_snapshot_time(
    source, tmp_path
):
    (tmp_path / "0000_2022-06-01T100000").write_bytes(window("a", "b"))
    (tmp_path / "0001_2022-06-15T100000").write_bytes(window("b", "c"))
    (tmp_path / "0002_2022-07-01T100000").write_bytes(window("c", "d"))

    out = run("GitHub", str(tmp_path))

    assert out.splitlines()[0] == (
        "3 snapshots: 3 changed, 0 unchanged, 0 skipped; incidents new 4, updated 0"
    )
    assert set(ExternalRef.objects.values_list("external_id", flat=True)) == {"a", "b", "c", "d"}
    first = ExternalRef.objects.get(external_id="a")
    assert first.first_seen_at == first.last_seen_at == dt.datetime(2022, 6, 1, 10, tzinfo=dt.UTC)
    assert ExternalRef.objects.get(external_id="b").last_seen_at == dt.datetime(
        2022, 6, 15, 10, tzinfo=dt.UTC
    )
    assert Snapshot.objects.filter(source=source).count() == 3


def test_an_empty_file_is_reported_and_skipped_keeping_the_last_good_data(source, tmp_path):
    (tmp_path / "0000_2023-04-18T070814").write_bytes(window("a", "b"))
    (tmp_path / "0001_2023-04-26T134737").write_bytes(b"")
    (tmp_path / "0002_2023-04-27T000000").write_bytes(b"{not json")
    (tmp_path / "0003_2023-04-28T000000").write_bytes(window("a", "b"))

    out = run("GitHub", str(tmp_path))

    lines = out.splitlines()
    assert lines[0] == "4 snapshots: 1 changed, 1 unchanged, 2 skipped; incidents new 2, updated 0"
    assert lines[1] == (
        "0001_2023-04-26T134737: empty file (0 bytes), skipped; the last good data kept"
    )
    assert lines[2].startswith("0002_2023-04-27T000000: parse error:")
    assert Incident.objects.count() == 2
    assert ExternalRef.objects.get(external_id="a").last_seen_at == dt.datetime(
        2023, 4, 28, tzinfo=dt.UTC
    )


def git(repo: Path, *args: str, when: str = "") -> None:
    env = {**os.environ, "GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when} if when else None
    subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True, env=env)


def test_it_replays_one_files_git_history_in_commit_order(source, tmp_path):
    git(tmp_path, "init", "-q")
    git(tmp_path, "config", "user.email", "scraper@example.org")
    git(tmp_path, "config", "user.name", "Scraper")
    feed = tmp_path / "incidents.json"
    for ids, when in [(("a",), "2022-06-01T10:00:00Z"), (("a", "b"), "2022-06-02T10:00:00Z")]:
        feed.write_bytes(window(*ids))
        (tmp_path / "other.txt").write_text(when)
        git(tmp_path, "add", "-A")
        git(tmp_path, "commit", "-qm", f"Scrape {when}", when=when)
    git(tmp_path, "commit", "-qm", "Unrelated", "--allow-empty", when="2022-06-03T10:00:00Z")

    out = run("GitHub", str(tmp_path), "--file", "incidents.json")

    assert out.splitlines()[0].startswith("2 snapshots: 2 changed")
    assert ExternalRef.objects.get(external_id="b").first_seen_at == dt.datetime(
        2022, 6, 2, 10, tzinfo=dt.UTC
    )


def test_it_refuses_an_unknown_source_or_a_folder_that_is_no_repository(source, tmp_path):
    with pytest.raises(CommandError, match="no source named 'Nope'"):
        run("Nope", str(tmp_path))
    with pytest.raises(CommandError, match="not a git repository"):
        run("GitHub", str(tmp_path), "--file", "incidents.json")
