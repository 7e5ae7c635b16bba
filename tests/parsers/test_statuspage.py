"""The statuspage parser against recorded Statuspage v2 and incident.io compat payloads."""

import datetime as dt
import json
from pathlib import Path

import pytest

from incidents.ingest.parsers import ParsedImpact, ParsedUpdate, ParseError, get_parser
from incidents.ingest.parsers.statuspage import StatuspageParser

FIXTURES = Path(__file__).parent.parent / "fixtures" / "statuspage"


def utc(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=dt.UTC)


def parse(name: str):
    return StatuspageParser().parse((FIXTURES / name).read_bytes())


def parse_json(value) -> list:
    return StatuspageParser().parse(json.dumps(value).encode())


def by_id(incidents) -> dict:
    return {incident.external_id: incident for incident in incidents}


def test_it_is_registered_as_statuspage():
    assert isinstance(get_parser("statuspage"), StatuspageParser)


def test_it_reads_a_quiet_summary_as_no_incidents():
    assert parse("summary_ok.json") == []


def test_it_reads_an_active_incident_with_local_offsets_in_utc():
    [incident] = parse("incidents_active_minor.json")

    assert incident.external_id == "p9x3vq1lk8rd"
    assert incident.title == "Delays sending campaigns"  # trailing space dropped
    assert incident.started_at == utc(2026, 1, 14, 15, 38)  # started_at 09:38-06:00
    assert incident.started_at.tzinfo is dt.UTC
    assert incident.ended_at is None
    assert incident.status == "investigating"
    assert incident.impact == "minor"
    assert incident.url == "http://stspg.io/7a0d3a4d2"
    assert incident.summary == ""
    assert incident.regions == ()
    assert incident.products == (ParsedImpact(product="Campaign sending", impact="minor"),)
    assert incident.updates == (
        ParsedUpdate(
            posted_at=utc(2026, 1, 14, 15, 41, 12, 397000),
            body="We are investigating delays in sending scheduled campaigns. "
            "Campaigns are queued and will be sent.",
            status="investigating",
            external_id="h2k8d7m1q0zt",
        ),
    )


def test_it_keeps_the_incident_id_and_adds_the_next_update_oldest_first():
    [before] = parse("incidents_active_minor.json")
    [incident] = parse("incidents_same_incident_next_poll.json")

    assert incident.external_id == before.external_id
    assert incident.started_at == before.started_at
    assert incident.status == "identified"
    assert [update.external_id for update in incident.updates] == [
        "h2k8d7m1q0zt",
        "w6bq0r3y5n7s",
    ]
    assert incident.updates[0] == before.updates[0]
    assert incident.updates[1].posted_at == utc(2026, 1, 14, 16, 2, 47, 580000)
    assert incident.updates[1].status == "identified"
    assert incident.updates[1].body.startswith("The issue has been identified: a mail relay")
    # The component got worse between the two updates: the worst level is kept.
    assert incident.products == (ParsedImpact(product="Campaign sending", impact="major"),)


def test_it_reports_an_edited_body_under_the_same_update_id():
    [before] = parse("incidents_active_minor.json")
    [incident] = parse("incidents_body_edited.json")

    [update] = incident.updates
    assert update.external_id == before.updates[0].external_id
    assert update.posted_at == before.updates[0].posted_at
    assert update.body == (
        "We are investigating delays in sending scheduled and automated campaigns. "
        "No campaign has been lost; queued campaigns will be sent."
    )


def test_it_reads_a_resolved_incident_with_a_postmortem():
    incident, older = parse("incidents_resolved_then_postmortem.json")

    assert incident.external_id == "x0ljvc9m1wxj"
    assert incident.title == "Disruption with some GitHub services"
    assert incident.started_at == utc(2026, 3, 2, 20, 58)  # started_at, before created_at
    assert incident.ended_at == utc(2026, 3, 2, 22, 40, 2, 219000)  # resolved_at
    assert incident.status == "postmortem"
    assert incident.impact == "major"
    assert incident.url == "https://stspg.io/4yq8h2kt1z3m"
    assert incident.products == (ParsedImpact(product="Webhooks", impact="major"),)
    assert [(update.external_id, update.status) for update in incident.updates] == [
        ("z5v7b1n3m9ct", "investigating"),
        ("r8g2h6y4u0wp", "investigating"),
        ("m4f1j9s0d2ke", "monitoring"),
        ("b3n5c8x2v6lq", "resolved"),
        ("9t7wq3kpm1zd", "postmortem"),
    ]
    assert [update.posted_at for update in incident.updates] == [
        utc(2026, 3, 2, 21, 4, 33, 502000),
        utc(2026, 3, 2, 21, 31, 10, 644000),
        utc(2026, 3, 2, 22, 5, 47, 318000),
        utc(2026, 3, 2, 22, 40, 2, 207000),
        utc(2026, 3, 5, 17, 12, 44, 855000),
    ]
    assert incident.updates[3].body == "This incident has been resolved."
    assert incident.updates[4].body.startswith("<p>On March 2, 2026, between 20:58 and 22:40 UTC")


def test_it_reads_a_resolved_incident_without_components():
    _, incident = parse("incidents_resolved_then_postmortem.json")

    assert incident.external_id == "f6s0zk2w8p4j"
    assert incident.title == "Incident with Pages"
    assert incident.started_at == utc(2026, 2, 26, 8, 17, 51, 934000)
    assert incident.ended_at == utc(2026, 2, 26, 9, 2, 13, 688000)
    assert incident.status == "resolved"
    assert incident.impact == "minor"
    assert incident.url == "https://stspg.io/1c7kq9vx3n2b"
    assert incident.products == ()
    assert [update.body for update in incident.updates] == [
        "We are investigating reports of degraded performance for Pages.",
        "This incident has been resolved.",
    ]
    assert [update.external_id for update in incident.updates] == ["a1s3d5f7g9hj", "q2w4e6r8t0yu"]


def test_it_does_not_invent_an_incident_that_vanished_upstream():
    incidents = by_id(parse("incidents_deleted.json"))

    assert "p9x3vq1lk8rd" not in incidents
    incident = incidents["d4r8t2m6v0bx"]
    assert incident.title == "Reporting dashboard slow to load"
    assert incident.started_at == utc(2025, 12, 9, 20, 2, 10, 328000)
    assert incident.ended_at == utc(2025, 12, 9, 21, 30, 44, 101000)
    assert incident.status == "resolved"
    assert incident.impact == "none"
    assert incident.url == "http://stspg.io/5k2m9q7w1"
    assert [update.status for update in incident.updates] == ["investigating", "resolved"]


def test_it_reads_a_maintenance_in_progress_from_its_scheduled_start():
    [maintenance] = parse("maintenance_in_progress.json")

    assert maintenance.external_id == "8wz2kd4q6r0t"
    assert maintenance.title == "FRA (Frankfurt) on 2026-04-07"
    assert maintenance.started_at == utc(2026, 4, 7, 13, 0)  # scheduled_for, not started_at
    assert maintenance.ended_at is None
    assert maintenance.status == "identified"  # in_progress
    assert maintenance.impact == "maintenance"
    assert maintenance.url == "https://stspg.io/p0b7x2c9r4kd"
    # The component list names it without the group; the update with a "Europe - " prefix.
    assert maintenance.products == (
        ParsedImpact(product="Frankfurt, Germany - (FRA)", impact="maintenance"),
    )
    assert [(update.posted_at, update.status) for update in maintenance.updates] == [
        (utc(2026, 3, 31, 9, 12, 40, 388000), "identified"),  # scheduled
        (utc(2026, 4, 7, 13, 0, 3, 101000), "identified"),  # in_progress
    ]


def test_it_maps_the_maintenance_lifecycle_onto_incident_statuses():
    incidents = by_id(parse("scheduled_maintenances.json"))

    scheduled = incidents["c3x5z7v9b1nm"]
    assert scheduled.status == "identified"
    assert scheduled.started_at == utc(2026, 4, 21, 18, 0)
    assert scheduled.ended_at is None
    assert scheduled.impact == "maintenance"

    completed = incidents["8wz2kd4q6r0t"]
    assert completed.status == "resolved"
    assert completed.ended_at == utc(2026, 4, 7, 15, 0, 7, 652000)
    assert [update.status for update in completed.updates] == [
        "identified",  # scheduled
        "identified",  # in_progress
        "monitoring",  # verifying
        "resolved",  # completed
    ]

    verifying = incidents["j5k7l9z1x3cv"]
    assert verifying.status == "monitoring"
    assert verifying.products == ()  # components: null
    assert verifying.url == "https://stspg.io/e5r7t9y1u3iw"


def test_it_reads_unresolved_incidents_and_names_products_by_component():
    [incident] = parse("unresolved_monitoring.json")

    assert incident.external_id == "hq2v8n4c6x0z"
    assert incident.title == "Increased latency for Workers KV in Asia"
    assert incident.started_at == utc(2026, 5, 19, 6, 51, 9, 471000)
    assert incident.ended_at is None
    assert incident.status == "monitoring"
    assert incident.impact == "minor"
    assert incident.products == (ParsedImpact(product="Workers KV", impact="minor"),)
    assert [update.external_id for update in incident.updates] == [
        "k9j7h5g3f1ds",
        "u2i4o6p8a0sd",
        "s1d3f5g7h9jk",
    ]


def test_it_reads_incidents_and_maintenances_from_a_summary():
    incident, maintenance = parse("summary_active.json")

    assert incident.external_id == "x8c3v5b7n9m1"
    assert incident.title == "Incident with Issues"
    assert incident.status == "investigating"
    assert incident.impact == "major"
    assert incident.started_at == utc(2026, 6, 18, 16, 44, 1, 800000)
    assert incident.products == (ParsedImpact(product="Issues", impact="major"),)
    assert len(incident.updates) == 1

    assert maintenance.external_id == "w9e7r5t3y1ua"
    assert maintenance.title == "Codespaces maintenance in West Europe"
    assert maintenance.status == "identified"
    assert maintenance.impact == "maintenance"
    assert maintenance.started_at == utc(2026, 6, 22, 6, 0)
    assert maintenance.url == "https://stspg.io/a2s4d6f8g0hj"


def test_it_reads_incidentio_compat_nulls_as_no_incidents():
    assert parse("compat_summary_nulls_quiet.json") == []


def test_it_reads_incidentio_compat_incidents_without_shortlinks_or_update_ids():
    ongoing, resolved = parse("compat_incidents.json")

    assert ongoing.external_id == "01K5TQ3H7QZ8M6C4V2X0B9N1RT"
    assert ongoing.title == "Increased latency for image generation"
    assert ongoing.started_at == utc(2026, 9, 23, 10, 29, 40)  # no started_at: created_at
    assert ongoing.ended_at is None
    assert ongoing.status == "investigating"
    assert ongoing.impact == "minor"
    assert ongoing.url == "https://status.openai.com/incidents/01K5TQ3H7QZ8M6C4V2X0B9N1RT"
    assert ongoing.products == ()

    assert resolved.external_id == "01M36RMC01ZFWQ861WYJKC4XE1"
    assert resolved.title == "Elevated Error Rates for ChatGPT across Plus and Pro plans."
    assert resolved.started_at == utc(2026, 9, 23, 9, 13)
    assert resolved.ended_at == utc(2026, 9, 23, 9, 54, 16)
    assert resolved.status == "resolved"
    assert resolved.url == "https://status.openai.com/incidents/01M36RMC01ZFWQ861WYJKC4XE1"
    assert resolved.updates == (
        ParsedUpdate(
            posted_at=utc(2026, 9, 23, 9, 13),
            body="We are seeing elevated error rates for ChatGPT users on Plus and Pro plans.",
            status="investigating",
        ),
        ParsedUpdate(
            posted_at=utc(2026, 9, 23, 9, 41, 5),
            body="We have applied a mitigation and are monitoring the recovery.",
            status="monitoring",
        ),
        ParsedUpdate(
            posted_at=utc(2026, 9, 23, 9, 54, 16),
            body="All impacted services have now fully recovered.",
            status="resolved",
        ),
    )


def test_it_falls_back_on_resolved_at_for_an_unknown_status():
    [incident] = parse_json(
        {
            "incidents": [
                {
                    "id": "abc123",
                    "name": "Odd",
                    "status": "mitigated",
                    "impact": "catastrophic",
                    "created_at": "2026-01-01T00:00:00Z",
                    "resolved_at": "2026-01-01T01:00:00Z",
                }
            ]
        }
    )

    assert incident.status == "resolved"
    assert incident.impact == "major"
    assert incident.url == ""
    assert incident.updates == ()


@pytest.mark.parametrize(
    ("payload", "message"),
    [
        (b'{"incidents": [{"id": "x0ljvc9m1wxj", "name": "Trunc', "not valid JSON"),
        (b"", "empty body"),
        (b"<!DOCTYPE html><html><body>Just a moment...</body></html>", "HTML page"),
        (b"\xff\xfe{\x00}\x00", "not UTF-8"),
        (b"[]", "got a list"),
        (b'{"page": {"id": "x"}, "status": {"indicator": "none"}}', "keys page, status"),
        (b'{"incidents": {"id": "x"}}', "'incidents' should be a list"),
        (b'{"incidents": ["x0ljvc9m1wxj"]}', "expected an object, got a string"),
        (b'{"incidents": [{"name": "No id", "created_at": "2026-01-01T00:00:00Z"}]}', "'id'"),
        (b'{"incidents": [{"id": 12, "name": "x"}]}', "'id' should be a string, got a number"),
        (b'{"incidents": [{"id": "a", "name": "No time"}]}', "no 'started_at' or 'created_at'"),
        (b'{"incidents": [{"id": "a", "name": "x", "created_at": "yesterday"}]}', "ISO 8601"),
        (
            b'{"incidents": [{"id": "a", "name": "x", "created_at": "2026-01-01T00:00:00Z",'
            b' "incident_updates": [{"id": "u", "body": "no time"}]}]}',
            "update u: no 'display_at'",
        ),
        (
            b'{"incidents": [{"id": "a", "name": "x", "created_at": "2026-01-01T00:00:00Z",'
            b' "incident_updates": [42]}]}',
            "an incident update is a number",
        ),
    ],
)
def test_it_rejects_malformed_payloads_with_a_clear_error(payload, message):
    with pytest.raises(ParseError, match=message):
        StatuspageParser().parse(payload)
