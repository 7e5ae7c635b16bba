"""Citable dataset releases: dated, immutable snapshots of the public record.

`release_dataset()` writes one folder under settings.RELEASES_DIR, named by its version (the
UTC date, then `.2`, `.3`... for later releases the same day), and then its row
(`DatasetRelease`). A folder is reserved with an exclusive mkdir and every file is created
exclusively, so nothing an earlier release wrote is ever overwritten; the app serves only the
files a row lists.

The records are read once, in one snapshot on PostgreSQL, and streamed: NDJSON through the
export writer as the builder yields them, each record's content hash and its change against
the previous release on the way, then the CSV through the CSV writer from the NDJSON just
written. What stays in memory is the previous release's id -> hash map (about 150 bytes an
incident) and the merged ids, never the records.

A record's content hash is SHA-256 of its canonical JSON (sorted keys, no whitespace, UTF-8)
without `updated_at`, so "changed" means the content changed, not that someone saved it.
"""

from __future__ import annotations

import csv
import datetime as dt
import gzip
import hashlib
import io
import itertools
import json
import re
import shutil
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from incidents.models import DatasetRelease
from incidents.record import release_metadata as metadata
from incidents.record.builder import iter_records
from incidents.record.curation import merge_redirects
from incidents.record.formats import write_csv, write_ndjson
from incidents.record.release_metadata import file_sha256

VERSION_RE = re.compile(r"\d{4}-\d{2}-\d{2}(\.[1-9][0-9]{0,3})?")
CHANGE_KINDS = ("added", "changed", "merged", "retracted")


class ReleaseError(Exception):
    """A release cannot be made: the previous one's files are missing or altered."""


@dataclass
class Tally:
    """What a release holds and how it differs from the previous one."""

    incidents: int = 0
    changes: dict[str, int] = field(default_factory=lambda: dict.fromkeys(CHANGE_KINDS, 0))
    redirects: int = 0
    first_start: str | None = None
    last_start: str | None = None


def releases_dir() -> Path:
    return Path(settings.RELEASES_DIR)


def release_dataset(*, now: dt.datetime | None = None, chunk_size: int = 500) -> DatasetRelease:
    """Write a new release of the public record and return its row; never overwrite one."""
    now = now or timezone.now()
    previous = DatasetRelease.objects.first()
    previous_hashes = read_hashes(previous) if previous else {}
    root = releases_dir()
    root.mkdir(parents=True, exist_ok=True)
    version, folder = _reserve(root, now.astimezone(dt.UTC).date())
    try:
        with _snapshot():
            tally = _write_records(folder, previous_hashes, chunk_size)
        release = DatasetRelease(
            version=version,
            released_on=now.astimezone(dt.UTC).date(),
            created_at=now,
            previous=previous,
            incidents=tally.incidents,
            redirects=tally.redirects,
            **tally.changes,
        )
        metadata.write_metadata(folder, release, tally)
        release.files = _checksums(folder)
        _freeze(folder)
        release.save(force_insert=True)
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    return release


def _reserve(root: Path, day: dt.date) -> tuple[str, Path]:
    taken = set(DatasetRelease.objects.values_list("version", flat=True))
    for n in itertools.count(1):
        version = day.isoformat() if n == 1 else f"{day.isoformat()}.{n}"
        if version in taken:
            continue
        try:
            (root / version).mkdir()
        except FileExistsError:  # another run's, or a stray folder: never reuse it
            continue
        return version, root / version
    raise AssertionError("unreachable")


@contextmanager
def _snapshot() -> Iterator[None]:
    # One snapshot for the records and the merge redirects, so a merge committed mid-release
    # cannot list an id both as a record and as merged. SQLite reads without one.
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        yield
        return
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
        yield


def _write_records(folder: Path, previous: dict[str, str], chunk_size: int) -> Tally:
    tally = Tally()
    with (
        _created(folder / metadata.CHANGES) as changes_fp,
        _gzip_text(folder / metadata.HASHES) as hashes_fp,
    ):
        changes = csv.writer(changes_fp)
        changes.writerow(metadata.CHANGES_COLUMNS)
        hashes = csv.writer(hashes_fp)
        hashes.writerow(metadata.HASHES_COLUMNS)

        def observed(records: Iterable[dict[str, Any]]) -> Iterator[dict[str, Any]]:
            for record in records:
                digest = content_hash(record)
                hashes.writerow([record["id"], digest])
                before = previous.pop(record["id"], None)
                change = "added" if before is None else "changed" if before != digest else ""
                if change:
                    tally.changes[change] += 1
                    changes.writerow([change, record["id"], "", before or "", digest])
                _widen(tally, record["started_at"])
                yield record

        with _gzip_text(folder / metadata.RECORDS_NDJSON) as fp:
            tally.incidents = write_ndjson(observed(iter_records(chunk_size=chunk_size)), fp)
        redirects = merge_redirects()
        for slug in sorted(previous):
            survivor = redirects.get(slug, "")
            change = "merged" if survivor else "retracted"
            tally.changes[change] += 1
            changes.writerow([change, slug, survivor, previous[slug], ""])
    _write_redirects(folder, redirects)
    tally.redirects = len(redirects)
    _csv_from_ndjson(folder)
    return tally


def _widen(tally: Tally, started_at: str) -> None:
    if tally.first_start is None or started_at < tally.first_start:
        tally.first_start = started_at
    if tally.last_start is None or started_at > tally.last_start:
        tally.last_start = started_at


def _write_redirects(folder: Path, redirects: dict[str, str]) -> None:
    with _created(folder / metadata.REDIRECTS) as fp:
        writer = csv.writer(fp)
        writer.writerow(metadata.REDIRECTS_COLUMNS)
        writer.writerows(redirects.items())


def _csv_from_ndjson(folder: Path) -> None:
    # The CSV is the NDJSON just written, so both files hold exactly the same records.
    with (
        gzip.open(folder / metadata.RECORDS_NDJSON, "rt", encoding="utf-8") as source,
        _gzip_text(folder / metadata.RECORDS_CSV) as fp,
    ):
        write_csv((json.loads(line) for line in source), fp)


def content_hash(record: dict[str, Any]) -> str:
    """Return the SHA-256 of a record's canonical JSON, `updated_at` left out."""
    content = {key: value for key, value in record.items() if key != "updated_at"}
    text = json.dumps(content, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def read_hashes(release: DatasetRelease) -> dict[str, str]:
    """Return a release's id -> content hash, after checking its file against the row."""
    entry = release.file(metadata.HASHES)
    path = releases_dir() / release.version / metadata.HASHES
    if entry is None or not path.is_file():
        raise ReleaseError(f"Release {release.version} has no {metadata.HASHES} in {path.parent}.")
    if file_sha256(path) != entry["sha256"]:
        raise ReleaseError(f"{path} does not match the checksum release {release.version} lists.")
    with gzip.open(path, "rt", encoding="utf-8", newline="") as fp:
        rows = csv.reader(fp)
        next(rows)
        return {slug: digest for slug, digest in rows}


def _checksums(folder: Path) -> list[dict[str, Any]]:
    """Write SHA256SUMS (as `sha256sum -c` reads it) and return every file's entry."""
    entries = [_entry(path) for path in sorted(folder.iterdir()) if path.name != metadata.CHECKSUMS]
    with _created(folder / metadata.CHECKSUMS) as fp:
        fp.writelines(f"{entry['sha256']}  {entry['name']}\n" for entry in entries)
    return [*entries, _entry(folder / metadata.CHECKSUMS)]


def _entry(path: Path) -> dict[str, Any]:
    return {
        "name": path.name,
        "bytes": path.stat().st_size,
        "sha256": file_sha256(path),
        "media_type": metadata.MEDIA_TYPES[path.name],
    }


def _freeze(folder: Path) -> None:
    for path in folder.iterdir():
        path.chmod(0o444)


@contextmanager
def _created(path: Path) -> Iterator[IO[str]]:
    # "x": create, or fail if the file exists; newline="" lets csv write its own line ends.
    with path.open("x", encoding="utf-8", newline="") as fp:
        yield fp


@contextmanager
def _gzip_text(path: Path) -> Iterator[IO[str]]:
    # No name or time in the gzip header: the same records give the same bytes.
    with (
        path.open("xb") as raw,
        gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0) as packed,
        io.TextIOWrapper(packed, encoding="utf-8", newline="") as text,
    ):
        yield text


def release_file(version: str, name: str) -> tuple[DatasetRelease, dict[str, Any], Path] | None:
    """Return a release's file to serve, or None: only names its row lists, inside its folder."""
    if not VERSION_RE.fullmatch(version):
        return None
    release = DatasetRelease.objects.filter(version=version).first()
    entry = release.file(name) if release else None
    if release is None or entry is None:
        return None
    root = releases_dir().resolve()
    path = (root / release.version / entry["name"]).resolve()
    if not path.is_relative_to(root / release.version) or not path.is_file():
        return None
    return release, entry, path


def verify(release: DatasetRelease) -> list[str]:
    """Return what is wrong with a release's files on disk (missing, altered), or nothing."""
    problems = []
    folder = releases_dir() / release.version
    for entry in release.files:
        path = folder / entry["name"]
        if not path.is_file():
            problems.append(f"{entry['name']}: missing")
        elif file_sha256(path) != entry["sha256"]:
            problems.append(f"{entry['name']}: checksum differs")
    return problems
