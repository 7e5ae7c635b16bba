"""The API and export hand out raw vendor text beside a sanitised form, and only http(s) URLs."""

import json

import pytest

from incidents.models import ExternalRef, IncidentUpdate
from incidents.record.builder import iter_records

pytestmark = pytest.mark.django_db

RAW = '<p>Mitigated <a href="javascript:alert(1)">see</a></p><img src=x onerror=alert(2)>'


@pytest.fixture
def hostile(make_incident, catalog):
    incident = make_incident()
    IncidentUpdate.objects.filter(incident=incident).update(body=RAW)
    # Stored before ingestion refused other schemes.
    ExternalRef.objects.filter(incident=incident).update(url="javascript:alert(3)")
    return incident


def assert_safe_record(record: dict) -> None:
    assert [ref["url"] for ref in record["refs"]] == [""]
    (update,) = record["updates"]
    assert update["body"] == RAW
    assert "javascript:" not in update["body_html"] and "onerror" not in update["body_html"]
    assert update["body_html"].startswith("<p>Mitigated <a")


def test_the_api_list_and_detail_give_a_sanitised_body_and_no_javascript_url(anon, hostile):
    (record,) = anon.get("/api/v1/incidents/").json()["results"]
    assert_safe_record(record)
    detail = anon.get(f"/api/v1/incidents/{hostile.slug}/").json()
    assert [ref["url"] for ref in detail["refs"]] == [""]
    (update,) = detail["updates"]
    assert update["body"] == RAW and "onerror" not in update["body_html"]


def test_the_updates_endpoint_gives_a_sanitised_body(anon, hostile):
    (update,) = anon.get(f"/api/v1/incidents/{hostile.slug}/updates/").json()["results"]
    assert update["body"] == RAW and "javascript:" not in update["body_html"]


def test_the_export_gives_a_sanitised_body_and_no_javascript_url(anon, hostile):
    (record,) = list(iter_records())
    assert_safe_record(record)
    response = anon.get("/api/v1/export/incidents.ndjson")
    lines = b"".join(response.streaming_content).decode().splitlines()
    assert_safe_record(json.loads(lines[0]))


def test_the_schema_says_the_body_is_raw_and_offers_body_html(anon):
    schema = anon.get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    update = schema["components"]["schemas"]["RecordUpdate"]["properties"]
    assert "unsanitised" in update["body"]["description"]
    assert "body_html" in update
