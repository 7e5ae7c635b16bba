"""Hostile values in one vendor incident: that incident is refused and named, the rest store."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from incidents.ingest import poll as ingest
from incidents.models import ExternalRef, Incident, Provider, Source
from tests.ingest_payloads import incident, payload

pytestmark = pytest.mark.django_db
PATH = "/api/v2/incidents.json"


@pytest.fixture
def upstream(local_server, settings):
    settings.INGEST_ALLOW_PRIVATE_NETWORKS = True
    return local_server


@pytest.fixture
def source(upstream) -> Source:
    github = Provider.objects.create(slug="github", name="GitHub")
    return Source.objects.create(
        name="GitHub", kind="statuspage", url=upstream.url(PATH), provider=github
    )


def serve(upstream, *incidents: dict) -> None:
    upstream.route(PATH, body=payload(*incidents), content_type="application/json")


def poll(source: Source) -> ingest.PollResult:
    result = ingest.poll(Source.objects.get(pk=source.pk))
    source.refresh_from_db()
    return result


def stored_ids() -> set[str]:
    return set(ExternalRef.objects.values_list("external_id", flat=True))


def at(when: dt.datetime, item: dict) -> dict:
    """Move an incident and its whole trail to `when` (the vendor's clock gone wrong)."""
    stamp = when.isoformat().replace("+00:00", "Z")
    item = {**item, "created_at": stamp, "started_at": stamp, "updated_at": stamp}
    item["incident_updates"] = [
        {**u, "created_at": stamp, "display_at": stamp, "updated_at": stamp}
        for u in item["incident_updates"]
    ]
    return item


def test_it_refuses_an_incident_dated_9999_or_year_1_and_stores_the_others(upstream, source):
    latest = dt.datetime(9999, 12, 31, 23, 59, 59, tzinfo=dt.UTC)
    earliest = dt.datetime(1, 1, 1, tzinfo=dt.UTC)
    serve(upstream, incident("good1"), at(latest, incident("future")),
          at(earliest, incident("ancient")), incident("good2"))  # fmt: skip

    result = poll(source)

    assert (result.new, result.refused, result.error) == (2, 2, "")
    assert result.summary() == "GitHub: new 2, updated 0, unchanged 0, refused 2"
    assert stored_ids() == {"good1", "good2"}
    lines = source.refused.splitlines()
    assert len(lines) == 2
    assert lines[0].startswith("incident 'future' ('Incident with Git operations'): its start")
    assert "9999-12-31T23:59:59+00:00 is outside 1990-01-01 to " in lines[0]
    assert lines[1].startswith("incident 'ancient'") and "0001-01-01T00:00:00+00:00" in lines[1]
    assert source.last_error == "" and source.consecutive_failures == 0


def test_it_refuses_an_update_time_past_a_year_ahead(upstream, source):
    item = incident("late-update")
    newest = item["incident_updates"][0]
    newest.update(dict.fromkeys(("created_at", "display_at", "updated_at"), "2099-01-01T00:00:00Z"))
    serve(upstream, item, incident("good"))

    assert poll(source).refused == 1
    assert stored_ids() == {"good"}
    assert "the time of update 2 of 2 2099-01-01T00:00:00+00:00 is outside" in source.refused


def test_it_accepts_a_maintenance_scheduled_months_ahead(upstream, source):
    ahead = dt.datetime.now(dt.UTC).replace(microsecond=0) + dt.timedelta(days=120)
    serve(upstream, at(ahead, incident("maintenance")))

    assert (poll(source).new, source.refused) == (1, "")


@pytest.mark.parametrize(
    ("bad", "what"),
    [("\x00", "a NUL byte"), ("\ud800", "a lone UTF-16 surrogate")],
    ids=["nul", "surrogate"],
)
def test_it_refuses_only_the_incident_with_an_unstorable_character(upstream, source, bad, what):
    bad_body = incident("badbody", bodies={0: f"We are{bad} investigating."})
    serve(upstream, incident("good1"), incident("bad", f"Git{bad} operations"), bad_body,
          incident("good2"))  # fmt: skip

    result = poll(source)

    assert (result.new, result.refused, result.error) == (2, 2, "")
    assert stored_ids() == {"good1", "good2"}
    assert f"incident 'bad' ('Git{bad!r}"[:-1] not in source.refused  # repr() escaped it
    assert f"the title holds {what}, which no database can store" in source.refused
    assert f"update 1 of 2 holds {what}" in source.refused
    source.refused.encode("utf-8")  # the message itself stores anywhere


def test_it_strips_control_characters_from_vendor_text(upstream, source, client):
    serve(upstream, incident("ctl", "Git\x0b operations\x01 degraded",
                             bodies={0: "Investigating\x1f now.\nMore\tsoon."}))  # fmt: skip

    assert poll(source).new == 1
    stored = Incident.objects.get()
    assert stored.title == "Git operations degraded"
    assert stored.updates.order_by("posted_at").first().body == "Investigating now.\nMore\tsoon."
    for url in ("/feed.atom", "/feed.rss"):
        response = client.get(url)
        assert response.status_code == 200
        assert "Git operations degraded" in response.content.decode()


def test_it_clears_the_refusals_once_the_vendor_fixes_the_incident(upstream, source):
    serve(upstream, incident("fixed", "Broken\x00 title"))
    poll(source)
    assert "incident 'fixed'" in source.refused

    serve(upstream, incident("fixed", "Fixed title"))
    assert poll(source).new == 1
    assert source.refused == ""
    assert Incident.objects.get().title == "Fixed title"


def test_it_keeps_the_stored_incident_when_a_later_version_of_it_is_refused(upstream, source):
    serve(upstream, incident("abc", "Git operations degraded"))
    poll(source)
    later = at(dt.datetime(9999, 12, 31, tzinfo=dt.UTC), incident("abc", "Git operations down"))
    serve(upstream, later)

    result = poll(source)

    assert (result.refused, result.updated) == (1, 0)
    stored = Incident.objects.get()
    assert stored.title == "Git operations degraded"
    assert stored.started_at.year == 2026


def test_it_refuses_an_upstream_id_longer_than_a_reference_holds(upstream, source):
    serve(upstream, incident("x" * 301), incident("good"))

    assert poll(source).refused == 1
    assert stored_ids() == {"good"}
    assert "its upstream id is longer than 300 characters" in source.refused


def test_it_shows_an_editor_the_refused_incidents_on_the_source_page(
    upstream, source, admin_client
):
    serve(upstream, incident("bad", json.loads('"Git\\u0000 down"')))
    poll(source)

    body = admin_client.get(f"/admin/incidents/source/{source.pk}/change/").content.decode()
    assert "which no database can store" in body
