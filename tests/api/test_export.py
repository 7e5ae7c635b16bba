"""Bulk export: streamed NDJSON and CSV, the list's filters, a checkable count and date."""

import csv
import datetime as dt
import io
import json

import pytest
from django.http import StreamingHttpResponse

from incidents.api import downloads as export
from incidents.models import ReviewState
from incidents.record.builder import incident_record, public_incidents
from tests.record_schema import SCHEMA, validate_record

pytestmark = pytest.mark.django_db

NDJSON = "/api/v1/export/incidents.ndjson"
CSV = "/api/v1/export/incidents.csv"


def body(response) -> str:
    assert isinstance(response, StreamingHttpResponse)
    return b"".join(response.streaming_content).decode()


def list_count(client, params) -> int:
    total, url, params = 0, "/api/v1/incidents/", {**params, "page_size": 500}
    while url:
        data = client.get(url, params).json()
        total += len(data["results"])
        url, params = data["next"], {}
    return total


@pytest.fixture
def mixed(make_incident, catalog):
    for i in range(4):
        make_incident(impact="critical" if i % 2 else "minor")
    make_incident(provider=catalog["aws"], regions=[catalog["aws_hk"]], products=[])
    make_incident(review_state=ReviewState.DRAFT)
    make_incident(review_state=ReviewState.HIDDEN, impact="critical")


def test_every_ndjson_line_is_an_incident_record(anon, mixed):
    response = anon.get(NDJSON)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/x-ndjson; charset=utf-8"
    lines = body(response).splitlines()
    records = [json.loads(line) for line in lines]
    for record in records:
        validate_record(record)
    assert len(records) == int(response["X-Total-Count"]) == 5
    expected = [incident_record(i) for i in public_incidents().order_by("pk")]
    assert records == json.loads(json.dumps(expected))


def test_the_csv_parses_with_one_header_and_a_row_per_incident(anon, mixed):
    response = anon.get(CSV)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.reader(io.StringIO(body(response))))
    assert rows[0] == list(SCHEMA["properties"])
    assert len(rows) - 1 == int(response["X-Total-Count"]) == 5
    record = dict(zip(rows[0], rows[1], strict=True))
    assert json.loads(record["products"])[0]["slug"] in {"ecs", "oss"}


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"provider": "aws"},
        {"impact_min": "major"},
        {"impact": "minor", "product": "ecs"},
        {"region": "cn-hongkong"},
        {"q": "number"},
        {"ongoing": "true", "started_after": "2000-01-01T00:00:00Z"},
        {"review_state": "draft"},
    ],
)
def test_export_row_counts_equal_the_list_count_for_the_same_filters(anon, mixed, params):
    expected = list_count(anon, params)
    ndjson = anon.get(NDJSON, params)
    assert len(body(ndjson).splitlines()) == int(ndjson["X-Total-Count"]) == expected
    csv_response = anon.get(CSV, params)
    rows = list(csv.reader(io.StringIO(body(csv_response))))
    assert len(rows) - 1 == int(csv_response["X-Total-Count"]) == expected


def test_it_names_the_file_with_the_date_and_says_when_it_was_made(anon, mixed):
    response = anon.get(CSV)
    today = dt.datetime.now(dt.UTC).date().isoformat()
    assert response["Content-Disposition"] == f'attachment; filename="incidents-{today}.csv"'
    generated = dt.datetime.fromisoformat(response["X-Generated-At"].replace("Z", "+00:00"))
    assert abs(dt.datetime.now(dt.UTC) - generated) < dt.timedelta(minutes=1)
    assert anon.get(NDJSON)["Content-Disposition"].endswith(f'-{today}.ndjson"')


def test_an_empty_export_is_a_header_only_csv_and_an_empty_ndjson(anon, db):
    assert body(anon.get(CSV)).splitlines() == [",".join(list(SCHEMA["properties"]))]
    response = anon.get(NDJSON)
    assert body(response) == ""
    assert response["X-Total-Count"] == "0"


def test_it_streams_in_chunks_with_the_csv_header_once(anon, mixed, monkeypatch):
    chunks = list(export.stream(public_incidents(), "csv", chunk_size=2))
    assert len(chunks) == 4  # the header, then 5 rows two at a time
    text = b"".join(chunks).decode()
    assert text.count("id,title,provider") == 1
    assert len(list(csv.reader(io.StringIO(text)))) == 6
    lines = b"".join(export.stream(public_incidents(), "ndjson", chunk_size=2)).splitlines()
    assert len(lines) == 5


def test_the_export_ignores_the_accept_header(anon, mixed):
    response = anon.get(NDJSON, HTTP_ACCEPT="text/html")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/x-ndjson")
