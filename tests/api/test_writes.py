"""Editors' writes through the API: token auth, the admin's validation, history, groups."""

import datetime as dt

import pytest
from django.contrib.auth.models import User
from rest_framework.test import APIClient

from incidents.models import (
    ApiToken,
    CorporateEvent,
    Incident,
    IncidentLink,
    ProductImpact,
    ReviewState,
)

from .conftest import T0

pytestmark = pytest.mark.django_db

URL = "/api/v1/incidents/"


def new_incident(**overrides) -> dict:
    return {
        "slug": "aliyun-hk-zone-c",
        "provider": "alibaba-cloud",
        "title": "Hong Kong Zone C outage",
        "started_at": "2022-12-18T02:09:00Z",
        "impact": "critical",
        **overrides,
    }


def test_anonymous_clients_cannot_write(anon, make_incident):
    incident = make_incident()
    assert anon.post(URL, new_incident(), format="json").status_code == 401
    assert anon.patch(f"{URL}{incident.slug}/", {"title": "x"}, format="json").status_code == 401
    updates = f"{URL}{incident.slug}/updates/"
    assert anon.post(updates, {"body": "x"}, format="json").status_code == 401


def test_a_user_outside_the_groups_cannot_write(catalog):
    user = User.objects.create_user("nobody", password="not-used-here-123")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {ApiToken.issue(user, 'tests', 'write')[1]}")
    assert client.post(URL, new_incident(), format="json").status_code == 403


def test_an_editor_creates_a_draft_and_history_records_them(editor_client, editor, catalog):
    payload = new_incident(regions=[catalog["zone_c"].pk])
    response = editor_client.post(URL, payload, format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["id"] == "aliyun-hk-zone-c"
    assert body["review_state"] == "draft"
    assert body["regions"] == ["cn-hongkong-c"]
    incident = Incident.objects.get(slug="aliyun-hk-zone-c")
    assert {h.history_user for h in incident.history.all()} == {editor}


def test_an_end_before_the_start_is_a_400_on_ended_at(editor_client, catalog):
    payload = new_incident(ended_at="2022-12-17T00:00:00Z")
    response = editor_client.post(URL, payload, format="json")
    assert response.status_code == 400
    assert response.json()["errors"] == [
        {"field": "ended_at", "reason": "The end cannot be before the start.", "code": "invalid"}
    ]
    assert not Incident.objects.exists()


def test_a_patch_is_validated_against_the_stored_fields(editor_client, make_incident):
    incident = make_incident(started_at=T0)
    response = editor_client.patch(
        f"{URL}{incident.slug}/", {"ended_at": "2020-01-01T00:00:00Z"}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "ended_at"


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"provider": "no-such-cloud"}, "provider"),
        ({"time_zone": "Mars/Olympus"}, "time_zone"),
        ({"started_at": "not a date"}, "started_at"),
        ({"impact": "apocalyptic"}, "impact"),
        ({"regions": [999999]}, "regions"),
    ],
)
def test_bad_incident_fields_get_a_400_naming_the_field(editor_client, catalog, overrides, field):
    response = editor_client.post(URL, new_incident(**overrides), format="json")
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == field


def test_a_duplicate_slug_is_a_400(editor_client, make_incident):
    make_incident(slug="aliyun-hk-zone-c")
    response = editor_client.post(URL, new_incident(), format="json")
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "slug"


def test_an_editor_cannot_publish(editor_client, make_incident, catalog):
    created = editor_client.post(URL, new_incident(review_state="published"), format="json")
    assert created.status_code == 403
    assert created.json()["errors"][0]["field"] == "review_state"
    assert not Incident.objects.filter(slug="aliyun-hk-zone-c").exists()
    draft = make_incident(review_state=ReviewState.DRAFT)
    response = editor_client.patch(
        f"{URL}{draft.slug}/", {"review_state": "published"}, format="json"
    )
    assert response.status_code == 403
    assert "reviewers" in response.json()["detail"].lower()
    draft.refresh_from_db()
    assert draft.review_state == ReviewState.DRAFT


def test_an_editor_cannot_hide_a_published_incident(editor_client, make_incident):
    incident = make_incident()
    response = editor_client.patch(
        f"{URL}{incident.slug}/", {"review_state": "hidden"}, format="json"
    )
    assert response.status_code == 403


def test_a_reviewer_can_publish(reviewer_client, reviewer, make_incident):
    draft = make_incident(review_state=ReviewState.DRAFT)
    response = reviewer_client.patch(
        f"{URL}{draft.slug}/", {"review_state": "published"}, format="json"
    )
    assert response.status_code == 200, response.json()
    draft.refresh_from_db()
    assert draft.review_state == ReviewState.PUBLISHED
    assert draft.history.latest().history_user == reviewer


def test_an_edit_is_remembered_so_ingestion_leaves_it_alone(editor_client, editor, make_incident):
    incident = make_incident(title="Vendor title")
    response = editor_client.patch(
        f"{URL}{incident.slug}/", {"title": "Editor's title"}, format="json"
    )
    assert response.status_code == 200
    assert response.json()["title"] == "Editor's title"
    incident.refresh_from_db()
    assert incident.edited_fields == ["title"]
    latest = incident.history.latest()
    assert latest.history_user == editor
    assert latest.title == "Editor's title"


def test_editors_cannot_delete_incidents(editor_client, make_incident):
    incident = make_incident()
    assert editor_client.delete(f"{URL}{incident.slug}/").status_code in (403, 405)
    assert Incident.objects.filter(pk=incident.pk).exists()


def test_an_editor_adds_and_corrects_an_update(editor_client, editor, make_incident):
    incident = make_incident(started_at=T0)
    before = incident.updated_at
    url = f"{URL}{incident.slug}/updates/"
    created = editor_client.post(
        url, {"posted_at": "2023-11-12T10:00:00Z", "status": "identified", "body": "Found it."}
    )
    assert created.status_code == 201, created.json()
    update = incident.updates.get(pk=created.json()["id"])
    assert update.history.get().history_user == editor
    fixed = editor_client.patch(f"{url}{update.pk}/", {"body": "Found it: a bad ACL push."})
    assert fixed.status_code == 200
    update.refresh_from_db()
    assert update.body == "Found it: a bad ACL push."
    incident.refresh_from_db()
    assert incident.updated_at > before
    bodies = [u["body"] for u in editor_client.get(url).json()["results"]]
    assert "Found it: a bad ACL push." in bodies


def test_an_update_needs_a_body(editor_client, make_incident):
    incident = make_incident()
    response = editor_client.post(
        f"{URL}{incident.slug}/updates/", {"posted_at": "2023-11-12T10:00:00Z"}
    )
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "body"


def test_an_impact_is_validated_like_the_admin(editor_client, make_incident, catalog):
    incident = make_incident(products=[], started_at=T0, ended_at=T0 + dt.timedelta(hours=5))
    url = f"{URL}{incident.slug}/impacts/"
    early = editor_client.post(
        url, {"product": "ecs", "started_at": "2023-11-11T00:00:00Z"}, format="json"
    )
    assert early.status_code == 400
    assert early.json()["errors"][0] == {
        "field": "started_at",
        "reason": "The impact cannot start before the incident starts.",
        "code": "invalid",
    }
    ok = editor_client.post(url, {"product": "ecs", "impact": "minor"}, format="json")
    assert ok.status_code == 201, ok.json()
    twice = editor_client.post(url, {"product": "ecs"}, format="json")
    assert twice.status_code == 400
    assert ProductImpact.objects.filter(incident=incident).count() == 1
    unknown = editor_client.post(url, {"product": "no-such-product"}, format="json")
    assert unknown.json()["errors"][0]["field"] == "product"


def test_an_editor_links_an_incident_to_a_corporate_event(editor_client, make_incident, catalog):
    incident = make_incident(started_at=T0)
    CorporateEvent.objects.create(
        slug="spin-off-halted",
        organization=catalog["org"],
        kind="spin_off_halted",
        title="Cloud spin-off halted",
        occurred_on=dt.date(2023, 11, 16),
    )
    url = f"{URL}{incident.slug}/links/"
    response = editor_client.post(
        url, {"corporate_event": "spin-off-halted", "relation": "press_reported"}, format="json"
    )
    assert response.status_code == 201, response.json()
    assert response.json()["lag_days"] == 4
    assert response.json()["kind"] == "corporate_event"
    assert IncidentLink.objects.get().incident == incident
    targetless = editor_client.post(url, {"relation": "speculated"}, format="json")
    assert targetless.status_code == 400
    assert targetless.json()["errors"][0]["field"] is None
    assert "exactly one target" in targetless.json()["detail"]


def test_rows_of_an_unpublished_incident_are_hidden_from_anonymous_readers(anon, make_incident):
    draft = make_incident(review_state=ReviewState.DRAFT)
    for rows in ("updates", "impacts", "links"):
        assert anon.get(f"{URL}{draft.slug}/{rows}/").status_code == 404
