"""The releases in the API: list and detail, file URLs and checksums, read-only, throttled."""

import hashlib

import pytest
from django.core.cache import cache

from incidents.models import DatasetRelease
from incidents.record.curation import merge_incidents
from incidents.record.releases import release_dataset
from tests.public_factories import incident, make_world, utc

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def releases_dir(settings, tmp_path):
    settings.RELEASES_DIR = tmp_path / "releases"


@pytest.fixture
def world():
    return make_world()


def test_it_lists_releases_newest_first_with_file_urls_and_checksums(anon, world):
    first = release_dataset()
    second = release_dataset()
    body = anon.get("/api/v1/releases/").json()
    versions = [item["version"] for item in body["results"]]
    assert versions == [second.version, first.version]
    latest = body["results"][0]
    assert latest["previous"] == first.version and latest["incidents"] == 3
    assert {"added", "changed", "merged", "retracted", "redirects", "citation"} <= set(latest)
    assert latest["license"] == "https://creativecommons.org/licenses/by/4.0/"
    files = {entry["name"]: entry for entry in latest["files"]}
    assert files["incidents.ndjson.gz"]["url"] == (
        f"http://testserver/releases/{second.version}/incidents.ndjson.gz"
    )
    download = anon.get(files["incidents.ndjson.gz"]["url"])
    content = b"".join(download.streaming_content)
    assert hashlib.sha256(content).hexdigest() == files["incidents.ndjson.gz"]["sha256"]


def test_the_detail_is_found_by_version_and_an_unknown_one_is_404(anon, world):
    first = release_dataset()
    second = release_dataset()
    detail = anon.get(f"/api/v1/releases/{second.version}/")
    assert detail.status_code == 200 and detail.json()["version"] == second.version
    assert detail.json()["previous"] == first.version
    assert anon.get("/api/v1/releases/2001-01-01/").status_code == 404
    assert anon.get("/api/v1/releases/..%2F..%2Fetc/").status_code == 404


def test_the_release_list_queries_do_not_grow_with_releases(
    anon, world, django_assert_max_num_queries
):
    release_dataset()
    with django_assert_max_num_queries(1):
        anon.get("/api/v1/releases/")
    release_dataset()
    release_dataset()
    with django_assert_max_num_queries(1):
        assert len(anon.get("/api/v1/releases/").json()["results"]) == 3


def test_releases_are_read_only(reviewer_client, world):
    release = release_dataset()
    path = f"/api/v1/releases/{release.version}/"
    # Refused by the model permissions (nobody holds them) or for want of a method.
    assert reviewer_client.post("/api/v1/releases/", {"version": "x"}).status_code in (403, 405)
    assert reviewer_client.delete(path).status_code in (403, 405)
    assert reviewer_client.patch(path, {"incidents": 0}).status_code in (403, 405)
    release.refresh_from_db()
    assert release.incidents == 3 and DatasetRelease.objects.count() == 1


def test_releases_share_the_apis_rate_limit(anon, settings, world):
    cache.clear()
    rates = {"anon": "2/minute", "user": "2/minute"}
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": rates}
    statuses = [anon.get("/api/v1/releases/").status_code for _ in range(3)]
    assert statuses == [200, 200, 429]
    cache.clear()


def test_a_once_public_merged_incident_redirects_to_its_survivor_in_the_api(anon, world):
    second = incident(world.alibaba, "ali-hk-second-report", utc(2022, 12, 18, 3))
    merge_incidents(world.hk, [second])
    response = anon.get("/api/v1/incidents/ali-hk-second-report/")
    assert response.status_code == 302
    assert response.headers["Location"] == "http://testserver/api/v1/incidents/ali-hk-2022-12/"
    assert response.json()["merged_into"] == "ali-hk-2022-12"
    assert anon.get(response.headers["Location"]).status_code == 200


def test_a_merged_incident_nobody_saw_is_404_in_the_api(anon, world):
    draft = incident(world.alibaba, "never-public-dup", utc(2022, 12, 18, 2), review_state="draft")
    merge_incidents(world.hk, [draft])
    response = anon.get("/api/v1/incidents/never-public-dup/")
    unknown = anon.get("/api/v1/incidents/no-such-incident/")
    assert response.status_code == unknown.status_code == 404
    assert "ali-hk-2022-12" not in response.content.decode()
