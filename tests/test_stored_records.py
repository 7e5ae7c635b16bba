"""Stored records equal the records built from the models, after every kind of change."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import call_command
from django.db import connection

from incidents.api import downloads
from incidents.ingest import poll as ingest
from incidents.ingest.parsers import get_parser
from incidents.models import (
    Citation,
    ExternalRef,
    Incident,
    Product,
    ProductImpact,
    Provider,
    Source,
    StoredRecord,
)
from incidents.record.builder import incident_record, iter_records, public_incidents, records_by_id
from incidents.record.curation import merge_incidents
from incidents.record.formats import csv_row, write_csv, write_ndjson
from incidents.record.stored import RECORD_VERSION
from tests.ingest_payloads import fetched, incident, payload

pytestmark = pytest.mark.django_db


@pytest.fixture
def commit():
    """Run the on_commit callbacks so far, as a commit would (each test is one transaction)."""

    def run() -> None:
        while connection.run_on_commit:
            _savepoints, callback, _robust = connection.run_on_commit.pop(0)
            callback()

    return run


@pytest.fixture
def demo(commit):
    call_command("seed_demo", stdout=io.StringIO())
    commit()


@pytest.fixture
def checked(commit):
    def check() -> None:
        commit()
        assert_every_stored_record_is_the_built_one()

    return check


def assert_every_stored_record_is_the_built_one() -> None:
    built = dict(records_by_id(Incident.objects.values_list("pk", flat=True)))
    stored = {row.incident_id: row for row in StoredRecord.objects.all()}
    assert set(stored) == set(built)
    for pk, record in built.items():
        assert stored[pk].version == RECORD_VERSION
        assert json.loads(stored[pk].json) == record, pk
        assert stored[pk].csv == csv_row(record), pk


def test_seed_demo_stores_the_record_of_every_incident(demo, checked):
    assert Incident.objects.count() > 5
    checked()


def test_an_edit_of_an_incident_rebuilds_its_record(demo, checked):
    target = public_incidents().first()
    target.title = "Renamed by an editor"
    target.save()
    checked()
    assert json.loads(target.stored_record.json)["title"] == "Renamed by an editor"


def test_a_change_to_a_row_of_the_record_rebuilds_it(demo, checked):
    impact = ProductImpact.objects.first()
    impact.note = "Checked again."
    impact.save()
    ProductImpact.objects.exclude(pk=impact.pk).first().delete()
    checked()


def test_renaming_catalogue_rows_rebuilds_the_records_that_show_them(demo, checked):
    product = Product.objects.filter(impacts__isnull=False).first()
    product.name = "A renamed product"
    product.save()
    citation = Citation.objects.first()
    citation.title = "A retitled citation"
    citation.save()
    provider = Provider.objects.filter(incidents__isnull=False).first()
    provider.slug = "renamed-provider"
    provider.save()
    source = Source.objects.filter(refs__isnull=False).first()
    if source:
        source.name = "Renamed source"
        source.save()
    checked()


def test_a_region_added_to_an_incident_rebuilds_its_record(demo, checked):
    target = Incident.objects.filter(provider__regions__isnull=False).first()
    target.regions.set(target.provider.regions.all())
    checked()


def test_a_merge_rebuilds_the_survivor_and_the_duplicate(demo, checked):
    survivor, duplicate = Incident.objects.filter(provider__slug="alibaba-cloud")[:2]
    merge_incidents(survivor, [duplicate])
    checked()
    assert json.loads(survivor.stored_record.json)["refs"] == incident_record(survivor)["refs"]


def test_ingestion_stores_the_records_it_creates_and_updates(checked):
    github = Provider.objects.create(slug="github", name="GitHub", time_zone="UTC")
    source = Source.objects.create(
        name="GitHub", kind="statuspage", url="https://www.githubstatus.com/", provider=github
    )
    parse = get_parser(source.kind).parse
    first = payload(incident("abc123", updates=2))
    ingest.store(source.pk, fetched(first), parse(first))
    checked()
    more = payload(incident("abc123", updates=4, status="resolved"), incident("def456"))
    ingest.store(source.pk, fetched(more), parse(more))
    checked()
    record = json.loads(ExternalRef.objects.get(external_id="abc123").incident.stored_record.json)
    assert len(record["updates"]) == 4


def test_restoring_a_version_from_history_rebuilds_the_record(demo, checked):
    target = public_incidents().first()
    original = target.title
    target.title = "A mistaken title"
    target.save()
    # What the admin's "revert" saves: the historical row's instance.
    target.history.earliest().instance.save()
    checked()
    assert json.loads(Incident.objects.get(pk=target.pk).stored_record.json)["title"] == original


def test_inside_a_transaction_a_changed_record_is_never_served_stale(
    django_capture_on_commit_callbacks,
):
    call_command("seed_demo", stdout=io.StringIO())
    call_command("rebuild_records", stdout=io.StringIO())
    target = public_incidents().first()
    with django_capture_on_commit_callbacks(execute=False):
        target.title = "Changed, not yet committed"
        target.save()
        text = b"".join(downloads.stream(public_incidents().filter(pk=target.pk), "ndjson"))
    assert json.loads(text)["title"] == "Changed, not yet committed"


@pytest.mark.parametrize("fmt", ["ndjson", "csv"])
def test_the_export_of_stored_records_is_the_built_export(demo, fmt):
    # Outdated and missing rows are built on the fly, never served as stored.
    StoredRecord.objects.filter(pk=StoredRecord.objects.first().pk).update(version="old", json="{}")
    StoredRecord.objects.filter(pk=StoredRecord.objects.last().pk).delete()
    streamed = b"".join(downloads.stream(public_incidents(), fmt)).decode()
    expected = io.StringIO()
    (write_csv if fmt == "csv" else write_ndjson)(iter_records(), expected)
    assert streamed == expected.getvalue()


def test_rebuild_records_restores_every_row(demo, checked):
    StoredRecord.objects.all().delete()
    out = io.StringIO()
    call_command("rebuild_records", "--missing", stdout=out)
    assert f"Stored {Incident.objects.count()} records." in out.getvalue()
    StoredRecord.objects.update(json="{}")
    call_command("rebuild_records", stdout=io.StringIO())
    checked()


def test_the_api_list_serves_stored_records_in_one_query(demo, client, django_assert_num_queries):
    with django_assert_num_queries(1):
        response = client.get("/api/v1/incidents/", {"page_size": "3"})
    assert response.status_code == 200
    page = response.json()
    slugs = [record["id"] for record in page["results"]]
    built = {incident.slug: incident_record(incident) for incident in public_incidents()}
    assert page["results"] == [built[slug] for slug in slugs]
    following = client.get(page["next"]).json()
    assert following["results"] and following["results"][0]["id"] not in slugs
    again = client.get(
        "/api/v1/incidents/", {"page_size": "3"}, HTTP_IF_NONE_MATCH=response["ETag"]
    )
    assert again.status_code == 304


def test_the_api_list_builds_a_record_whose_stored_row_is_missing(demo, client):
    StoredRecord.objects.all().delete()
    records = client.get("/api/v1/incidents/").json()["results"]
    built = {incident.slug: incident_record(incident) for incident in public_incidents()}
    assert records == [built[record["id"]] for record in records]


def test_the_api_detail_carries_the_stored_record(demo, client):
    target = public_incidents().first()
    detail = client.get(f"/api/v1/incidents/{target.slug}/").json()
    record = incident_record(target)
    assert {key: detail[key] for key in record if key not in ("updates", "links")} == {
        key: value for key, value in record.items() if key not in ("updates", "links")
    }
