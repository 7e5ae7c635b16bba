"""The new kinds through the real fetcher and the normal upsert, served from a local server.

Each kind's recorded scenarios are served in turn on one URL: created, then updated, then
resolved. The stored incident follows them, and a hostile payload leaves the last good data
in place with its ParseError on the Source, where the admin shows it to an editor.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from incidents.ingest import poll as ingest
from incidents.models import Incident, Provider, Source
from tests.admin_factory import make_user

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).parent / "fixtures"
# kind -> (path served, external id of the incident that goes through its life)
KINDS = {
    "betterstack": ("/index.json", "552201"),
    "instatus": ("/summary.json", "cm3xk2f9a00012abcd9x7y6z5"),
    "cachet2": ("/api/v1/incidents", "42"),
    "cachet3": ("/api/incidents", "7"),
    "statusio": ("/1.0/status/5a1f0c2b9d8e7f0011000000", "6744a1c0e1f2a3b4c5d6e700"),
}


@pytest.fixture
def serve(local_server, settings):
    settings.INGEST_ALLOW_PRIVATE_NETWORKS = True

    def serve(kind: str, scenario: str) -> Source:
        path, _ = KINDS[kind]
        body = (FIXTURES / kind / f"{scenario}.json").read_bytes()
        local_server.route(path, body=body, content_type="application/json")
        provider, _ = Provider.objects.get_or_create(slug="vendor", name="Vendor")
        source, _ = Source.objects.get_or_create(
            name=f"Vendor {kind}",
            defaults={"kind": kind, "url": local_server.url(path), "provider": provider},
        )
        return source

    return serve


def incident_of(kind: str) -> Incident:
    return Incident.objects.get(refs__source__kind=kind, refs__external_id=KINDS[kind][1])


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_it_follows_an_incident_from_created_to_resolved(serve, kind):
    source = serve(kind, "incident_created")
    assert ingest.poll(source).new >= 1
    created = incident_of(kind)
    assert created.status == "investigating" and created.ended_at is None

    ingest.poll(serve(kind, "incident_updated"))
    updated = incident_of(kind)
    assert updated.pk == created.pk
    assert updated.status in {"identified", "monitoring", "investigating"}

    ingest.poll(serve(kind, "incident_resolved"))
    resolved = incident_of(kind)
    assert resolved.pk == created.pk
    assert resolved.status == "resolved" and resolved.ended_at is not None
    source.refresh_from_db()
    assert source.last_error == "" and source.consecutive_failures == 0


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_it_writes_nothing_when_the_same_payload_is_polled_again(serve, kind):
    source = serve(kind, "incident_updated")
    ingest.poll(source)
    updates = sorted(incident_of(kind).updates.values_list("pk", "body"))

    result = ingest.poll(serve(kind, "incident_updated"))

    assert (result.new, result.updated) == (0, 0)
    assert sorted(incident_of(kind).updates.values_list("pk", "body")) == updates


@pytest.mark.parametrize("kind", sorted(KINDS))
@pytest.mark.parametrize("scenario", ["hostile_missing_fields", "empty_body_error"])
def test_a_hostile_payload_keeps_the_last_good_data_and_records_why(serve, kind, scenario):
    ingest.poll(serve(kind, "incident_created"))
    before = incident_of(kind)

    result = ingest.poll(serve(kind, scenario))

    assert result.error
    source = Source.objects.get(kind=kind)
    assert source.consecutive_failures == 1
    if scenario == "empty_body_error":
        # Zero bytes are refused by the fetch seam before any parser sees them.
        assert "empty body" in source.last_error
    else:
        assert source.last_error.startswith("parse error: ")
    assert incident_of(kind).status == before.status


def test_an_editor_sees_a_parse_error_on_the_sources_list(serve, client):
    source = serve("statusio", "hostile_missing_fields")
    ingest.poll(source)
    client.force_login(make_user("eddie", "Editors"))

    page = client.get("/admin/incidents/source/").content.decode()

    assert "no &#x27;datetime_open&#x27; time" in page or "no 'datetime_open' time" in page
