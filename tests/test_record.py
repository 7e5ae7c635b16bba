"""The record's data dictionary (JSON Schema) and the provenance every interface carries."""

import copy
import csv
import io
import json

import pytest
from django.core.cache import cache
from django.core.management import call_command
from jsonschema import ValidationError

from incidents.demo.load import load
from incidents.models import Confidence, Impact, Incident, ReportedTime, Status
from incidents.record.builder import iter_records, record_schema
from tests.record_schema import SCHEMA, errors_of, validate_record

pytestmark = pytest.mark.django_db

AK = "ali-global-2023-11-12"
FAULT_REPORT = "https://www.51cto.com/article/775806.html"
STATUS_PAGE = "https://status.aliyun.com/#/eventDetail?eventId=16"


@pytest.fixture
def demo():
    load()
    cache.clear()


def exported(fmt: str) -> str:
    out = io.StringIO()
    call_command("export", format=fmt, stdout=out)
    return out.getvalue()


def from_csv_row(row: dict[str, str]) -> dict:
    """Read a CSV row back into a record: JSON cells, "|" lists, empty nullable cells as null."""
    record = {}
    for key, cell in row.items():
        kind = json.dumps(SCHEMA["properties"][key])
        if key == "regions":
            record[key] = cell.split("|") if cell else []
        elif '"array"' in kind or '"object"' in kind:
            record[key] = json.loads(cell)
        elif cell == "" and ("null" in kind):
            record[key] = None
        elif '"integer"' in kind:
            record[key] = int(cell)
        else:
            record[key] = cell
    return record


def by_id(records: list[dict]) -> dict[str, dict]:
    return {record["id"]: record for record in records}


def test_every_record_the_export_command_writes_validates_against_the_schema(demo):
    ndjson = [json.loads(line) for line in exported("ndjson").splitlines()]
    array = json.loads(exported("json"))
    rows = list(csv.DictReader(io.StringIO(exported("csv"), newline="")))
    assert len(ndjson) == len(array) == len(rows) == Incident.objects.published().count() > 0
    for record in [*ndjson, *array]:
        assert errors_of(record) == [], record["id"]
    for row in rows:
        assert list(row) == list(SCHEMA["properties"])
        assert errors_of(from_csv_row(row)) == [], row["id"]
    assert by_id(ndjson) == by_id(array)


def test_every_record_the_download_and_the_api_serve_validates_against_the_schema(demo, client):
    response = client.get("/api/v1/export/incidents.ndjson")
    lines = b"".join(response.streaming_content).decode().splitlines()
    listed = client.get("/api/v1/incidents/", {"page_size": 100}).json()["results"]
    assert len(lines) == len(listed) > 0
    for record in [*map(json.loads, lines), *listed]:
        validate_record(record)


def test_the_schema_refuses_a_record_missing_a_key_or_carrying_an_unknown_one(demo):
    record = next(iter_records())
    validate_record(record)
    for broken in (
        {k: v for k, v in record.items() if k != "root_cause"},
        {**record, "surprise": 1},
        {**record, "started_at": "2023-11-12 09:39"},  # not UTC ISO 8601 with Z
        {**record, "products": [{**p, "started_at": "soon"} for p in record["products"]]},
    ):
        with pytest.raises(ValidationError):
            validate_record(broken)
    reported = copy.deepcopy(record)
    reported["reported"] = [{"field": "ended_at", "value": "2023-11-12T11:20:00Z"}]
    assert any("citation" in error for error in errors_of(reported))


def test_the_schema_is_served_at_a_stable_url(client):
    response = client.get("/api/v1/schema/record.json")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/schema+json"
    assert response.json() == SCHEMA == record_schema()


def test_the_schemas_choices_are_the_models(demo):
    properties, defs = SCHEMA["properties"], SCHEMA["$defs"]
    assert properties["status"]["enum"] == Status.values
    assert defs["impact"]["enum"] == Impact.values
    assert properties["reported"]["items"]["properties"]["field"]["enum"] == (
        ReportedTime.Field.values
    )
    link = properties["links"]["items"]["properties"]
    assert link["confidence"]["enum"] == Confidence.values


def test_the_export_and_api_carry_each_disagreeing_value_with_what_it_measures_and_its_source(
    demo, client
):
    record = by_id(iter_records())[AK]
    api = client.get(f"/api/v1/incidents/{AK}/").json()
    listed = by_id(client.get("/api/v1/incidents/", {"page_size": 100}).json()["results"])[AK]
    for got in (record, api, listed):
        core = next(r for r in got["reported"] if r["value"] == "2023-11-12T11:20:00Z")
        assert core["field"] == "ended_at"
        assert core["citation"] == FAULT_REPORT
        assert "core recovery" in core["measures"]
        assert {r["value"] for r in got["reported"]} == {
            "2023-11-12T09:39:00Z", "2023-11-12T09:44:00Z",
            "2023-11-12T11:20:00Z", "2023-11-12T13:11:00Z",
        }  # fmt: skip
        assert got["time_zone"] == "Asia/Shanghai"
        assert got["language"] == "zh-Hans"
        assert got["title_en"] and got["summary_en"]
    assert api["reported"] == record["reported"] == listed["reported"]


def test_citations_carry_publisher_date_language_and_whether_official(demo, client):
    record = by_id(iter_records())[AK]
    status = next(c for c in record["citations"] if c["url"] == STATUS_PAGE)
    assert status == {**status, "publisher": "Alibaba Cloud", "published_on": "2023-11-12",
                      "language": "zh-Hans", "official": True}  # fmt: skip
    press = next(c for c in record["citations"] if c["url"] == FAULT_REPORT)
    assert (press["official"], press["published_on"]) == (False, None)
    detail = client.get(f"/api/v1/incidents/{AK}/").json()
    assert detail["citations"] == record["citations"]


def test_a_products_times_are_null_unless_a_source_gives_them_in_export_and_api(demo, client):
    hk = by_id(iter_records())["ali-hk-2022-12"]
    times = {p["slug"]: (p["started_at"], p["ended_at"]) for p in hk["products"]}
    assert times["aliyun-ecs"] == ("2022-12-18T01:23:00Z", None)  # its own, from the report
    assert times["aliyun-oss"] == (None, None)  # not the incident's 00:56 alarm
    ak = by_id(iter_records())[AK]
    ecs = next(p for p in ak["products"] if p["slug"] == "aliyun-ecs")
    assert (ecs["impact"], ecs["started_at"], ecs["ended_at"]) == ("none", None, None)
    api = client.get("/api/v1/incidents/ali-hk-2022-12/").json()
    assert api["products"] == hk["products"]
    api_oss = next(i for i in api["impacts"] if i["product"] == "aliyun-oss")
    assert (api_oss["started_at"], api_oss["ended_at"]) == (None, None)


def test_csv_flattens_the_provenance_lists_into_json_cells(demo):
    rows = by_id(csv.DictReader(io.StringIO(exported("csv"), newline="")))
    ak = rows[AK]
    assert ak["time_zone"] == "Asia/Shanghai"
    assert FAULT_REPORT in {r["citation"] for r in json.loads(ak["reported"])}
    assert json.loads(ak["citations"])[0]["official"] is True
    assert json.loads(ak["duration_range"]) == {"min_seconds": 6060, "max_seconds": 12420}
    assert rows["ali-db-console-2023-11-27"]["duration_range"] == "null"
