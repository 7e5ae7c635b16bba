"""Dataset releases: files, checksums, datapackage, changelog, immutability, page, downloads."""

import csv
import datetime as dt
import gzip
import hashlib
import io
import json
import tracemalloc
from pathlib import Path

import pytest
import yaml
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from incidents.models import DatasetRelease, ReviewState
from incidents.record import release_metadata as metadata
from incidents.record.curation import merge_incidents
from incidents.record.releases import content_hash, release_dataset
from tests.public_factories import incident, make_world, utc
from tests.record_schema import validate_record
from tests.test_export import make_incidents

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def releases_dir(settings, tmp_path) -> Path:
    settings.RELEASES_DIR = tmp_path / "releases"
    settings.NOTIFY_BASE_URL = "https://tracker.example"
    return settings.RELEASES_DIR


@pytest.fixture
def world():
    return make_world()


def folder_of(release: DatasetRelease) -> Path:
    from django.conf import settings

    return Path(settings.RELEASES_DIR) / release.version


def ndjson(release: DatasetRelease) -> list[dict]:
    with gzip.open(folder_of(release) / metadata.RECORDS_NDJSON, "rt", encoding="utf-8") as fp:
        return [json.loads(line) for line in fp]


def csv_rows(release: DatasetRelease, name: str) -> list[dict]:
    path = folder_of(release) / name
    opener = gzip.open if name.endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8", newline="") as fp:
        return list(csv.DictReader(fp))


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_it_writes_the_record_as_ndjson_and_csv_with_every_file_the_release_describes(world):
    release = release_dataset()
    names = {entry["name"] for entry in release.files}
    assert names == set(metadata.MEDIA_TYPES)
    assert names == {path.name for path in folder_of(release).iterdir()}
    records = ndjson(release)
    assert [r["id"] for r in records] and release.incidents == len(records) == 3
    for record in records:
        validate_record(record)
    assert {"draft-secret", "hidden-secret", "ali-hk-dup"}.isdisjoint(r["id"] for r in records)
    rows = csv_rows(release, metadata.RECORDS_CSV)
    assert [row["id"] for row in rows] == [r["id"] for r in records]
    assert rows[0]["regions"] == "|".join(records[0]["regions"])


def test_every_file_matches_sha256sums_and_the_row(world):
    release = release_dataset()
    folder = folder_of(release)
    lines = (folder / metadata.CHECKSUMS).read_text().splitlines()
    listed = dict(reversed(line.split("  ", 1)) for line in lines)
    assert set(listed) == {p.name for p in folder.iterdir()} - {metadata.CHECKSUMS}
    for name, digest in listed.items():
        assert sha256(folder / name) == digest
    for entry in release.files:
        assert sha256(folder / entry["name"]) == entry["sha256"]
        assert (folder / entry["name"]).stat().st_size == entry["bytes"]
    call_command("release_dataset", verify=release.version, stdout=io.StringIO())


def test_verify_reports_an_altered_file(world):
    release = release_dataset()
    path = folder_of(release) / metadata.REDIRECTS
    path.chmod(0o644)
    path.write_text("id,merged_into\nsomething,else\n")
    with pytest.raises(CommandError, match="redirects.csv: checksum differs"):
        call_command("release_dataset", verify=release.version)


def test_the_datapackage_passes_its_own_check_and_describes_each_table(world):
    release = release_dataset()
    folder = folder_of(release)
    assert metadata.check_datapackage(folder) == []
    package = json.loads((folder / metadata.DATAPACKAGE).read_text())
    assert package["version"] == release.version
    assert package["licenses"][0]["name"] == "CC-BY-4.0"
    resources = {r["path"]: r for r in package["resources"]}
    header = list(csv_rows(release, metadata.RECORDS_CSV)[0])
    fields = resources[metadata.RECORDS_CSV]["schema"]["fields"]
    assert [f["name"] for f in fields] == header
    types = {f["name"]: f["type"] for f in fields}
    assert types["started_at"] == "datetime" and types["regions"] == "string"
    assert types["products"] == "array" and types["duration_seconds"] == "integer"
    ndjson_fields = resources[metadata.RECORDS_NDJSON]["schema"]["fields"]
    assert {f["name"]: f["type"] for f in ndjson_fields}["regions"] == "array"
    impact = next(f for f in fields if f["name"] == "impact")
    assert impact["constraints"]["enum"] == ["none", "minor", "major", "critical", "maintenance"]


@pytest.mark.parametrize(
    ("breakage", "problem"),
    [
        (lambda p: p["resources"][0].update(hash="sha256:" + "0" * 64), "hash differs"),
        (lambda p: p["resources"][0].update(bytes=1), "bytes differ"),
        (lambda p: p["resources"][1].update(path="../../etc/passwd"), "must be relative"),
        (lambda p: p["resources"][1].update(path="/etc/passwd"), "must be relative"),
        (lambda p: p["resources"][2].update(name=p["resources"][3]["name"]), "name unique"),
        (lambda p: p["resources"][1]["schema"]["fields"][0].update(type="text"), "unknown type"),
        (lambda p: p["resources"][1]["schema"].update(primaryKey=["nope"]), "primaryKey"),
        (lambda p: p.update(name="Has Spaces"), "name: lower case"),
        (lambda p: p.pop("licenses"), "missing licenses"),
    ],
)
def test_the_datapackage_check_catches_a_broken_descriptor(world, breakage, problem):
    folder = folder_of(release_dataset())
    path = folder / metadata.DATAPACKAGE
    package = json.loads(path.read_text())
    breakage(package)
    path.chmod(0o644)
    path.write_text(json.dumps(package))
    assert any(problem in p for p in metadata.check_datapackage(folder))


def test_the_changelog_lists_an_added_a_changed_a_merged_and_a_retracted_incident(world):
    second = incident(world.alibaba, "ali-hk-second-report", utc(2022, 12, 18, 3))
    first = release_dataset()
    assert {row["change"] for row in csv_rows(first, metadata.CHANGES)} == {"added"}

    incident(world.aws, "aws-new-2024", utc(2024, 3, 1), title="A new outage")
    world.ak.root_cause = "A faulty whitelist change."
    world.ak.save()
    merge_incidents(world.hk, [second])
    world.aws_ongoing.hide()
    untouched = next(r for r in ndjson(first) if r["id"] == "ali-hk-2022-12")
    release = release_dataset()

    changes = {row["id"]: row for row in csv_rows(release, metadata.CHANGES)}
    assert changes["aws-new-2024"]["change"] == "added"
    assert changes[world.ak.slug]["change"] == "changed"
    assert changes[world.ak.slug]["previous_sha256"] != changes[world.ak.slug]["content_sha256"]
    assert changes["ali-hk-second-report"]["change"] == "merged"
    assert changes["ali-hk-second-report"]["merged_into"] == "ali-hk-2022-12"
    assert changes[world.aws_ongoing.slug]["change"] == "retracted"
    assert changes[world.aws_ongoing.slug]["merged_into"] == ""
    assert (release.added, release.changed, release.merged, release.retracted) == (1, 1, 1, 1)
    assert release.previous == first
    # The survivor gained nothing from its bare duplicate: unchanged, so not listed.
    assert untouched["id"] not in changes and len(changes) == 4
    hashes = {row["id"]: row["content_sha256"] for row in csv_rows(release, metadata.HASHES)}
    assert hashes == {r["id"]: content_hash(r) for r in ndjson(release)}


def test_saving_an_incident_unchanged_is_no_change(world):
    release_dataset()
    world.ak.save()  # updated_at moves, the content does not
    release = release_dataset()
    assert release.changed == 0 and csv_rows(release, metadata.CHANGES) == []


def test_a_merged_id_keeps_resolving_in_every_later_release(world):
    second = incident(world.alibaba, "ali-hk-second-report", utc(2022, 12, 18, 3))
    release_dataset()
    merge_incidents(world.hk, [second])
    release_dataset()
    third = release_dataset()
    redirects = {row["id"]: row["merged_into"] for row in csv_rows(third, metadata.REDIRECTS)}
    assert redirects == {"ali-hk-dup": "ali-hk-2022-12", "ali-hk-second-report": "ali-hk-2022-12"}
    assert third.redirects == 2


def test_a_duplicate_nobody_saw_gets_no_redirect(world):
    hidden = incident(world.alibaba, "never-public-dup", utc(2022, 12, 18, 2),
                      review_state=ReviewState.DRAFT)  # fmt: skip
    merge_incidents(world.hk, [hidden])
    release = release_dataset()
    assert "never-public-dup" not in {row["id"] for row in csv_rows(release, metadata.REDIRECTS)}
    assert "never-public-dup" not in {r["id"] for r in ndjson(release)}


def test_a_second_release_the_same_day_is_a_new_version_and_the_first_is_untouched(world):
    first = release_dataset()
    before = {p.name: sha256(p) for p in folder_of(first).iterdir()}
    world.ak.root_cause = "Edited after the first release."
    world.ak.save()
    second = release_dataset()
    assert second.version == f"{first.version}.2" and second.released_on == first.released_on
    assert {p.name: sha256(p) for p in folder_of(first).iterdir()} == before
    assert DatasetRelease.objects.count() == 2


def test_a_folder_already_there_is_skipped_never_written_into(world, releases_dir):
    first = release_dataset()
    stray = releases_dir / f"{first.version}.2"
    stray.mkdir()
    (stray / "note.txt").write_text("someone else's")
    second = release_dataset()
    assert second.version == f"{first.version}.3"
    assert [p.name for p in stray.iterdir()] == ["note.txt"]


def test_an_altered_previous_release_stops_the_next_one(world):
    first = release_dataset()
    path = folder_of(first) / metadata.HASHES
    path.chmod(0o644)
    path.write_bytes(gzip.compress(b"id,content_sha256\n"))
    with pytest.raises(CommandError, match="does not match the checksum"):
        call_command("release_dataset", stdout=io.StringIO())
    assert DatasetRelease.objects.count() == 1


def test_the_command_says_what_it_released(world):
    out = io.StringIO()
    call_command("release_dataset", stdout=out)
    assert "Released " in out.getvalue() and "3 incidents (3 added" in out.getvalue()


def test_citation_jsonld_and_licence_name_the_release(world):
    release = release_dataset()
    folder = folder_of(release)
    cff = yaml.safe_load((folder / metadata.CITATION).read_text())
    assert cff["cff-version"] == "1.2.0" and cff["type"] == "dataset"
    assert cff["version"] == release.version and cff["license"] == "CC-BY-4.0"
    assert str(cff["date-released"]) == release.released_on.isoformat()
    assert cff["authors"][0]["name"]
    ld = json.loads((folder / metadata.JSONLD).read_text())
    assert ld["@type"] == "Dataset" and ld["license"] == metadata.LICENSE_URL
    ndjson_entry = release.file(metadata.RECORDS_NDJSON)
    download = next(d for d in ld["distribution"] if d["name"] == metadata.RECORDS_NDJSON)
    assert download["sha256"] == ndjson_entry["sha256"]
    assert download["contentUrl"].startswith("https://tracker.example/releases/")
    licence = (folder / metadata.LICENCE).read_text()
    assert "CC BY 4.0" in licence and "stays the vendor's" in licence and "MIT" in licence


def test_the_releases_page_lists_each_release_with_downloads_and_citation(client, world):
    first = release_dataset()
    second = release_dataset()
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/releases/")
    assert response.status_code == 200
    html = response.content.decode()
    for release in (first, second):
        assert f'id="release-{release.version}"' in html
        assert f"/releases/{release.version}/incidents.ndjson.gz" in html
    assert f"/releases/{second.version}/CITATION.cff" in html
    assert second.file(metadata.RECORDS_CSV)["sha256"] in html
    assert "CC BY 4.0" in html and "Cloud outage record, version" in html
    assert len(queries) <= 4  # session-free page: the releases with their previous, one query
    release_dataset()
    with CaptureQueriesContext(connection) as more:
        client.get("/releases/")
    assert len(more) == len(queries)


def test_the_page_says_when_there_is_no_release(client, db):
    response = client.get("/releases/")
    assert response.status_code == 200
    assert "No release has been published yet." in response.content.decode()


def test_a_listed_file_downloads_with_its_checksum(client, world):
    release = release_dataset()
    entry = release.file(metadata.RECORDS_CSV)
    response = client.get(f"/releases/{release.version}/{metadata.RECORDS_CSV}")
    assert response.status_code == 200
    body = b"".join(response.streaming_content)
    assert hashlib.sha256(body).hexdigest() == entry["sha256"]
    assert response.headers["ETag"] == f'"{entry["sha256"]}"'
    assert "immutable" in response.headers["Cache-Control"]
    assert f"{release.version}-incidents.csv.gz" in response.headers["Content-Disposition"]


@pytest.mark.parametrize(
    "path",
    [
        "/releases/{v}/../../../../etc/passwd",
        "/releases/{v}/..%2F..%2F..%2Fetc%2Fpasswd",
        "/releases/{v}/%2e%2e%2fsettings.py",
        "/releases/..%2F{v}/SHA256SUMS",
        "/releases/{v}/stray.txt",
        "/releases/{v}/link.txt",
        "/releases/{v}.9/SHA256SUMS",
        "/releases/not-a-version/SHA256SUMS",
    ],
)
def test_a_download_refuses_anything_but_a_listed_file(client, world, releases_dir, path):
    release = release_dataset()
    folder = releases_dir / release.version
    folder.chmod(0o755)
    (folder / "stray.txt").write_text("not listed")
    (folder / "link.txt").symlink_to("/etc/passwd")
    response = client.get(path.format(v=release.version))
    assert response.status_code == 404
    assert b"root:" not in b"".join(getattr(response, "streaming_content", [response.content]))


def test_a_listed_name_that_became_a_symlink_out_is_refused(client, world, releases_dir):
    release = release_dataset()
    target = releases_dir / release.version / metadata.REDIRECTS
    target.unlink()
    target.symlink_to("/etc/passwd")
    assert client.get(f"/releases/{release.version}/{metadata.REDIRECTS}").status_code == 404


def peak_release_memory() -> int:
    tracemalloc.start()
    try:
        release_dataset(chunk_size=100)
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_a_release_streams_the_records_rather_than_holding_them(releases_dir, settings):
    make_incidents(200)
    peak_release_memory()  # warm caches (query compilation, imports) before measuring
    DatasetRelease.objects.all().delete()
    small = peak_release_memory()
    DatasetRelease.objects.all().delete()
    make_incidents(1800)
    large = peak_release_memory()
    # Ten times the incidents; a release that held its records would take about ten times.
    assert large < small * 3, (small, large)


def test_a_release_that_fails_leaves_no_folder_and_no_row(world, releases_dir, monkeypatch):
    from incidents.record import releases

    def broken(*args):
        raise OSError("disk full")

    monkeypatch.setattr(releases.metadata, "write_metadata", broken)
    with pytest.raises(OSError, match="disk full"):
        release_dataset()
    assert DatasetRelease.objects.count() == 0
    assert list(releases_dir.iterdir()) == []
    monkeypatch.undo()
    assert release_dataset().version == dt.datetime.now(dt.UTC).date().isoformat()
