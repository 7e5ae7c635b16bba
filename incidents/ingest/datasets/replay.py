"""Replay successive snapshots of a status page (a folder, or a git history) through the upsert."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from incidents.models import Source

from ..fetch import FetchResult
from ..parsers import ParseError, get_parser
from ..poll import store

# Scrapers name snapshots by time: "0007_2021-04-24T071826", "2024-05-01T04:31:34Z.json".
_STAMP = re.compile(r"(\d{4}-\d{2}-\d{2})[T_ ]?(\d{2}):?(\d{2}):?(\d{2})")


@dataclass(frozen=True)
class Snapshot:
    label: str
    taken_at: dt.datetime
    body: bytes


@dataclass
class ReplaySummary:
    snapshots: int = 0
    changed: int = 0
    unchanged: int = 0
    new: int = 0
    updated: int = 0
    problems: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        """Return the report the command prints: the counts, then one line per problem."""
        head = (
            f"{self.snapshots} snapshots: {self.changed} changed, {self.unchanged} unchanged,"
            f" {len(self.problems)} skipped; incidents new {self.new}, updated {self.updated}"
        )
        return [head, *self.problems]


def folder_snapshots(folder: Path) -> Iterator[Snapshot]:
    """Yield each file of a folder in name order, stamped by the time in its name, else mtime."""
    for path in sorted(p for p in folder.iterdir() if p.is_file()):
        found = _STAMP.search(path.name)
        if found:
            day, hour, minute, second = found.groups()
            when = dt.datetime.fromisoformat(f"{day}T{hour}:{minute}:{second}+00:00")
        else:
            when = dt.datetime.fromtimestamp(path.stat().st_mtime, dt.UTC)
        yield Snapshot(path.name, when, path.read_bytes())


def git_snapshots(repo: Path, file: str) -> Iterator[Snapshot]:
    """Yield each committed version of `file`, oldest first, stamped with its commit time."""
    log = _git(repo, "log", "--reverse", "--format=%H %cI", "--", file).decode()
    for line in log.splitlines():
        commit, when = line.split(" ", 1)
        try:
            body = _git(repo, "show", f"{commit}:{file}")
        except subprocess.CalledProcessError:
            continue  # the commit deleted the file: nothing was served
        stamp = dt.datetime.fromisoformat(when).astimezone(dt.UTC)
        yield Snapshot(f"{commit[:12]} {stamp:%Y-%m-%dT%H:%M:%SZ}", stamp, body)


def _git(repo: Path, *args: str) -> bytes:
    command = ["git", "-C", str(repo), *args]
    return subprocess.run(command, check=True, capture_output=True, timeout=120).stdout  # noqa: S603


def replay(source: Source, snapshots: Iterator[Snapshot]) -> ReplaySummary:
    """Parse and store each snapshot in order; a bad one is reported, the last good data kept."""
    parser = get_parser(source.kind)
    summary = ReplaySummary()
    last = Source.objects.values_list("content_sha256", flat=True).get(pk=source.pk)
    # A run of unchanged snapshots is stored once, as its last one: each would only restamp
    # the same refs as seen, and the last stamp is the one that stays.
    pending: FetchResult | None = None
    pending_at = None
    for snapshot in snapshots:
        summary.snapshots += 1
        if not snapshot.body:
            summary.problems.append(
                f"{snapshot.label}: empty file (0 bytes), skipped; the last good data kept"
            )
            continue
        fetched = _fetched(snapshot, source.url)
        if fetched.sha256 == last:
            pending, pending_at = fetched, snapshot.taken_at
            summary.unchanged += 1
            continue
        try:
            parsed = parser.parse(snapshot.body)
        except ParseError as exc:
            summary.problems.append(f"{snapshot.label}: parse error: {exc}; skipped")
            continue
        except Exception as exc:  # a parser bug skips this snapshot, never the replay
            summary.problems.append(f"{snapshot.label}: parser crashed: {exc!r}; skipped")
            continue
        if pending is not None:
            store(source.pk, pending, [], now=pending_at)
            pending = None
        result = store(source.pk, fetched, parsed, now=snapshot.taken_at)
        last = fetched.sha256
        summary.changed += 1
        summary.new += result.new
        summary.updated += result.updated
    if pending is not None:
        store(source.pk, pending, [], now=pending_at)
    return summary


def _fetched(snapshot: Snapshot, url: str) -> FetchResult:
    return FetchResult(
        status=200,
        body=snapshot.body,
        etag="",
        last_modified="",
        content_type="",
        final_url=url,
        not_modified=False,
        sha256=hashlib.sha256(snapshot.body).hexdigest(),
    )
