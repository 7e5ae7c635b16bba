"""ETag and Last-Modified on lists, details and exports; If-None-Match answers 304."""

import pytest
from django.utils.http import http_date

pytestmark = pytest.mark.django_db


def paths(incident) -> list[str]:
    return [
        "/api/v1/incidents/",
        f"/api/v1/incidents/{incident.slug}/",
        "/api/v1/export/incidents.ndjson",
        "/api/v1/export/incidents.csv",
    ]


def test_lists_details_and_exports_carry_validators(anon, make_incident):
    incident = make_incident()
    for path in paths(incident):
        response = anon.get(path)
        assert response["ETag"], path
        assert response["Last-Modified"] == http_date(int(incident.updated_at.timestamp())), path
        assert "Authorization" in response["Vary"]


def test_a_matching_if_none_match_is_a_304(anon, make_incident):
    incident = make_incident()
    for path in paths(incident):
        etag = anon.get(path)["ETag"]
        again = anon.get(path, HTTP_IF_NONE_MATCH=etag)
        assert again.status_code == 304, path
        assert again["ETag"] == etag
        assert not again.content


def test_a_change_gives_a_new_etag(anon, make_incident):
    incident = make_incident()
    before = {path: anon.get(path)["ETag"] for path in paths(incident)}
    incident.title = "Retitled"
    incident.save()
    for path in paths(incident):
        response = anon.get(path, HTTP_IF_NONE_MATCH=before[path])
        assert response.status_code == 200, path
        assert response["ETag"] != before[path]


def test_an_unchanged_catalogue_list_is_a_304(anon, catalog):
    etag = anon.get("/api/v1/providers/")["ETag"]
    assert anon.get("/api/v1/providers/", HTTP_IF_NONE_MATCH=etag).status_code == 304


def test_if_modified_since_is_honoured_on_a_detail(anon, make_incident):
    incident = make_incident()
    url = f"/api/v1/incidents/{incident.slug}/"
    stamp = anon.get(url)["Last-Modified"]
    assert anon.get(url, HTTP_IF_MODIFIED_SINCE=stamp).status_code == 304
