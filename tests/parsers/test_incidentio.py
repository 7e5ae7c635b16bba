"""The incidentio parser against recorded widget API (/api/v1/summary) payloads."""

import datetime as dt
from pathlib import Path

import pytest

from incidents.ingest.parsers import ParsedImpact, ParsedUpdate, ParseError, get_parser
from incidents.ingest.parsers.incidentio import IncidentioParser

FIXTURES = Path(__file__).parent.parent / "fixtures" / "incidentio"


def utc(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=dt.UTC)


def parse(name: str):
    return IncidentioParser().parse((FIXTURES / name).read_bytes())


def test_it_is_registered_as_incidentio():
    assert isinstance(get_parser("incidentio"), IncidentioParser)


def test_it_reads_a_quiet_page_as_no_incidents():
    assert parse("widget_summary_quiet.json") == []


def test_it_reads_an_ongoing_incident_with_its_components():
    incident, *_ = parse("widget_summary.json")

    assert incident.external_id == "01JDQ8W3F5T0A7X9C2M4N6B8RZ"
    assert incident.title == "Terraform Cloud runs failing to start"
    # No start time in this API: the last update is the earliest time known.
    assert incident.started_at == utc(2026, 11, 26, 14, 52, 8, 113000)
    assert incident.ended_at is None
    assert incident.status == "identified"
    assert incident.impact == "major"  # current_worst_impact partial_outage
    assert incident.url == ("https://status.hashicorp.com/incidents/01JDQ8W3F5T0A7X9C2M4N6B8RZ")
    assert incident.products == (
        ParsedImpact(product="Terraform Runs", impact="major"),
        ParsedImpact(product="VCS Integrations", impact="minor"),
    )
    assert incident.updates == (
        ParsedUpdate(
            posted_at=utc(2026, 11, 26, 14, 52, 8, 113000),
            body="We have identified a problem with the run scheduler and are deploying a fix."
            " Queued runs will start once it is out.",
            status="identified",
        ),
    )


def test_it_reads_an_ongoing_incident_without_components():
    _, incident, *_ = parse("widget_summary.json")

    assert incident.external_id == "01JDQB2M7K9V4C6X8Z0P1R3T5Y"
    assert incident.title == "Delayed audit log delivery"
    assert incident.started_at == utc(2026, 11, 26, 15, 20, 41)
    assert incident.status == "investigating"
    assert incident.impact == "minor"  # degraded_performance
    assert incident.products == ()
    assert [update.body for update in incident.updates] == [
        "We are investigating delays in delivering audit logs to streaming destinations."
    ]


def test_it_reads_a_maintenance_in_progress():
    _, _, maintenance, _ = parse("widget_summary.json")

    assert maintenance.external_id == "01JD9T4Y6U8I0O2P4A6S8D0F2G"
    assert maintenance.title == "Vault Dedicated database upgrade"
    assert maintenance.started_at == utc(2026, 11, 26, 14, 0)
    assert maintenance.ended_at is None  # scheduled_end_at is a plan, not an end
    assert maintenance.status == "identified"
    assert maintenance.impact == "maintenance"
    assert maintenance.url == "https://status.hashicorp.com/incidents/01JD9T4Y6U8I0O2P4A6S8D0F2G"
    assert maintenance.products == (ParsedImpact(product="Vault Dedicated", impact="maintenance"),)
    assert [(update.posted_at, update.status) for update in maintenance.updates] == [
        (utc(2026, 11, 26, 14, 0, 5), "identified")
    ]


def test_it_reads_a_scheduled_maintenance_from_its_start():
    *_, scheduled = parse("widget_summary.json")

    assert scheduled.external_id == "01JDF6H8J0K2L4Z6X8C0V2B4N6"
    assert scheduled.title == "HCP portal maintenance"
    assert scheduled.started_at == utc(2026, 12, 3, 8, 0)
    assert scheduled.ended_at is None
    assert scheduled.status == "identified"
    assert scheduled.impact == "maintenance"
    assert scheduled.products == (ParsedImpact(product="HCP Portal", impact="maintenance"),)
    assert scheduled.updates[0].body == "The HCP portal will be read-only during this window."


def test_it_ends_a_completed_maintenance_at_its_end():
    payload = (
        b'{"ongoing_incidents": null, "scheduled_maintenances": [{"id": "01JDF6", "name": "M",'
        b' "status": "maintenance_complete", "starts_at": "2026-12-03T08:00:00Z",'
        b' "ends_at": "2026-12-03T10:00:00Z"}]}'
    )

    [maintenance] = IncidentioParser().parse(payload)

    assert maintenance.status == "resolved"
    assert maintenance.ended_at == utc(2026, 12, 3, 10, 0)
    assert maintenance.updates == ()


@pytest.mark.parametrize(
    ("payload", "message"),
    [
        (b'{"page_title": "HashiCorp Status", "ongoing_incidents": [{"id"', "not valid JSON"),
        (b"<!doctype html><html><title>Sign in</title></html>", "HTML page"),
        (b'{"page": {}, "incidents": []}', "expected an object with 'ongoing_incidents'"),
        (b"[]", "got a list"),
        (b'{"ongoing_incidents": "none"}', "'ongoing_incidents' should be a list"),
        (b'{"ongoing_incidents": [7]}', "expected an object, got a number"),
        (b'{"ongoing_incidents": [{"id": "01J", "status": "identified"}]}', "'name'"),
        (b'{"ongoing_incidents": [{"id": "01J", "name": "x"}]}', "no 'started_at'"),
        (b'{"ongoing_incidents": [{"id": "01J", "name": "x", "last_update_at": "now"}]}', "ISO"),
        (
            b'{"ongoing_incidents": [{"id": "01J", "name": "x",'
            b' "last_update_at": "2026-01-01T00:00:00Z", "affected_components": ["Login"]}]}',
            "an affected component is a string",
        ),
    ],
)
def test_it_rejects_malformed_payloads_with_a_clear_error(payload, message):
    with pytest.raises(ParseError, match=message):
        IncidentioParser().parse(payload)
