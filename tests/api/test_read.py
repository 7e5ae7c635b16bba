"""Read endpoints: every resource's list and detail, and what anonymous readers may see."""

import datetime as dt

import pytest

from incidents.models import (
    Citation,
    CorporateEvent,
    IncidentLink,
    LeadershipChange,
    Person,
    ReviewState,
    ValueSourcing,
)
from incidents.record.builder import RECORD_KEYS, incident_record, public_incidents

from .conftest import T0

pytestmark = pytest.mark.django_db

API = "/api/v1"


@pytest.fixture
def events(catalog):
    person = Person.objects.create(slug="eddie-wu", name="Eddie Wu", name_native="吴泳铭")
    cite = Citation.objects.create(url="https://example.org/reorg", title="Reorganisation")
    change = LeadershipChange.objects.create(
        slug="eddie-wu-ceo",
        person=person,
        organization=catalog["org"],
        role="CEO",
        action="appointed",
        announced_on=dt.date(2023, 9, 10),
    )
    change.citations.add(cite)
    event = CorporateEvent.objects.create(
        slug="spin-off-halted",
        organization=catalog["org"],
        kind="spin_off_halted",
        title="Cloud spin-off halted",
        occurred_on=dt.date(2023, 11, 16),
    )
    event.citations.add(cite)
    return {"person": person, "change": change, "event": event, "citation": cite}


def test_the_incident_list_items_are_the_export_records(anon, make_incident):
    incident = make_incident()
    data = anon.get(f"{API}/incidents/").json()
    [item] = data["results"]
    expected = incident_record(public_incidents().get(pk=incident.pk))
    assert item == expected
    assert tuple(item) == RECORD_KEYS


def test_list_and_detail_carry_each_values_confidence_and_its_source(anon, make_incident):
    incident = make_incident()
    pir = Citation.objects.create(url="https://example.org/pir", title="PIR", official=True)
    ValueSourcing.objects.create(
        incident=incident, field="ended_at", level="unverified", note="None"
    )
    ValueSourcing.objects.create(
        incident=incident, field="started_at", level="official", citation=pir
    )
    detail = anon.get(f"{API}/incidents/{incident.slug}/").json()
    assert detail["confidence"] == [
        {"field": "started_at", "level": "official", "citation": pir.url, "note": ""},
        {"field": "ended_at", "level": "unverified", "citation": None, "note": "None"},
    ]
    [item] = anon.get(f"{API}/incidents/").json()["results"]
    assert item["confidence"] == detail["confidence"]


def test_it_lists_only_published_unmerged_incidents_to_anonymous_readers(anon, make_incident):
    shown = make_incident()
    make_incident(review_state=ReviewState.DRAFT)
    make_incident(review_state=ReviewState.HIDDEN)
    make_incident(merged_into=shown)
    ids = [i["id"] for i in anon.get(f"{API}/incidents/").json()["results"]]
    assert ids == [shown.slug]


def test_it_hides_an_unpublished_incident_from_anonymous_readers(anon, make_incident):
    draft = make_incident(review_state=ReviewState.DRAFT)
    response = anon.get(f"{API}/incidents/{draft.slug}/")
    assert response.status_code == 404
    assert response.json()["errors"][0]["field"] is None


def test_anonymous_readers_asking_for_drafts_get_none(anon, make_incident):
    make_incident(review_state=ReviewState.DRAFT)
    response = anon.get(f"{API}/incidents/", {"review_state": "draft"})
    assert response.status_code == 200
    assert response.json()["results"] == []
    export = anon.get(f"{API}/export/incidents.ndjson", {"review_state": "draft"})
    assert b"".join(export.streaming_content) == b""


def test_editors_can_list_and_read_drafts(editor_client, make_incident):
    published = make_incident()
    draft = make_incident(review_state=ReviewState.DRAFT)
    listed = editor_client.get(f"{API}/incidents/", {"review_state": "draft"}).json()
    assert [i["id"] for i in listed["results"]] == [draft.slug]
    default = editor_client.get(f"{API}/incidents/").json()
    assert [i["id"] for i in default["results"]] == [published.slug]
    detail = editor_client.get(f"{API}/incidents/{draft.slug}/").json()
    assert detail["review_state"] == "draft"


def test_the_incident_detail_is_the_record_plus_everything_else(anon, make_incident, events):
    incident = make_incident(
        summary="Zone C cooling failed.", root_cause="Chiller failure", started_at=T0
    )
    IncidentLink.objects.create(
        incident=incident, corporate_event=events["event"], relation="press_reported"
    )
    detail = anon.get(f"{API}/incidents/{incident.slug}/").json()
    record = incident_record(public_incidents().get(pk=incident.pk))
    assert set(record) <= set(detail)
    for key in set(record) - {"updates", "links", "citations"}:
        assert detail[key] == record[key], key
    assert detail["summary"] == "Zone C cooling failed."
    assert detail["review_state"] == "published"
    assert detail["updates"][0]["id"] == incident.updates.get().id
    assert detail["updates"][0]["body"] == record["updates"][0]["body"]
    assert {i["product"] for i in detail["impacts"]} == {"ecs", "oss"}
    [link] = detail["links"]
    assert link["target"] == "spin-off-halted"
    assert link["lag_days"] == record["links"][0]["lag_days"] == 4


@pytest.mark.parametrize(
    ("path", "key", "value"),
    [
        ("providers", "slug", "alibaba-cloud"),
        ("products", "slug", "ecs"),
        ("people", "slug", "eddie-wu"),
        ("leadership-changes", "slug", "eddie-wu-ceo"),
        ("corporate-events", "slug", "spin-off-halted"),
    ],
)
def test_it_serves_each_catalogue_list_and_detail_by_slug(anon, events, path, key, value):
    listed = anon.get(f"{API}/{path}/").json()["results"]
    assert value in [item[key] for item in listed]
    detail = anon.get(f"{API}/{path}/{value}/")
    assert detail.status_code == 200
    assert detail.json()[key] == value


def test_it_serves_products_with_their_dependencies(anon, catalog):
    ecs = anon.get(f"{API}/products/ecs/").json()
    assert ecs == {
        "slug": "ecs",
        "name": "ECS",
        "name_native": "",
        "kind": "cloud_service",
        "owner": "alibaba-cloud-intelligence",
        "provider": "alibaba-cloud",
        "depends_on": ["oss"],
        "description": "",
    }


def test_it_serves_regions_with_provider_and_parent(anon, catalog):
    zone = anon.get(f"{API}/regions/{catalog['zone_c'].pk}/").json()
    assert zone["provider"] == "alibaba-cloud"
    assert zone["parent"] == "cn-hongkong"
    assert zone["kind"] == "zone"
    assert len(anon.get(f"{API}/regions/").json()["results"]) == 3


def test_it_serves_events_with_their_citations(anon, events):
    change = anon.get(f"{API}/leadership-changes/eddie-wu-ceo/").json()
    assert change["person"] == "eddie-wu"
    assert change["citations"][0]["url"] == "https://example.org/reorg"
    event = anon.get(f"{API}/corporate-events/spin-off-halted/").json()
    assert event["citations"][0]["title"] == "Reorganisation"


def test_sources_show_health_but_not_ingestion_internals(anon, catalog):
    source = catalog["source"]
    source.etag = '"secret-etag"'
    source.last_error = "connect to 10.0.0.5 refused"
    source.consecutive_failures = 2
    source.save()
    [item] = anon.get(f"{API}/sources/").json()["results"]
    assert item["health"] == "failing"
    assert item["name"] == "aliyun-status"
    assert "etag" not in item and "last_error" not in item
    assert "10.0.0.5" not in str(item)


def test_the_api_root_lists_every_resource(anon, db):
    root = anon.get(f"{API}/").json()
    for name in [
        "incidents",
        "providers",
        "products",
        "regions",
        "people",
        "leadership-changes",
        "corporate-events",
        "sources",
    ]:
        assert name in root


def test_an_unknown_slug_is_a_json_404(anon, db):
    response = anon.get(f"{API}/providers/nope/")
    assert response.status_code == 404
    assert response.json()["detail"]
