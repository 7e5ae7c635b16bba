"""The statusio parser against public status API payloads modelled on status.io's."""

import datetime as dt
from pathlib import Path

import pytest

from incidents.ingest.parsers import ParsedImpact, ParseError, get_parser
from incidents.ingest.parsers.statusio import StatusioParser

FIXTURES = Path(__file__).parent.parent / "fixtures" / "statusio"
ID = "6744a1c0e1f2a3b4c5d6e700"


def utc(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=dt.UTC)


def parse(name: str):
    return StatusioParser().parse((FIXTURES / name).read_bytes())


def test_it_is_registered_as_statusio():
    assert isinstance(get_parser("statusio"), StatusioParser)


def test_it_reads_a_created_incident_with_its_components():
    [incident] = parse("incident_created.json")

    assert (incident.external_id, incident.title) == (ID, "API errors in US East")
    assert incident.started_at == utc(2026, 11, 28, 16, 18)
    assert (incident.status, incident.impact, incident.ended_at) == ("investigating", "major", None)
    assert incident.products == (ParsedImpact(product="API"),)
    assert [u.status for u in incident.updates] == ["investigating"]


def test_it_reads_an_updated_incident_at_its_worst_status_and_an_upcoming_maintenance():
    incident, maintenance = parse("incident_updated.json")

    assert [u.posted_at for u in incident.updates] == [
        utc(2026, 11, 28, 16, 20),
        utc(2026, 11, 28, 16, 45),
    ]
    assert (incident.status, incident.impact) == ("identified", "critical")  # 500
    assert maintenance.started_at == utc(2026, 12, 5, 2, 0)  # the planned start
    assert (maintenance.status, maintenance.impact) == ("identified", "maintenance")


def test_it_ends_an_incident_whose_last_message_is_operational():
    [incident] = parse("incident_resolved.json")

    assert (incident.status, incident.ended_at) == ("resolved", utc(2026, 11, 28, 17, 10))
    assert incident.updates[-1].status == "resolved"


def test_it_reads_an_operational_page_as_no_incidents():
    assert parse("status_quiet.json") == []


def test_it_refuses_an_incident_without_its_open_time_saying_which():
    with pytest.raises(ParseError, match=f"status.io incident {ID}: no 'datetime_open'"):
        parse("hostile_missing_fields.json")


def test_it_refuses_an_empty_body():
    with pytest.raises(ParseError, match="empty body"):
        parse("empty_body_error.json")


@pytest.mark.parametrize(
    ("payload", "message"),
    [
        (b'{"status": {"error": "yes", "message": "Not found"}}', "'result.status_overall'"),
        (b'{"result": {"status_overall": {}, "incidents": {}}}', "'incidents' should be a list"),
        (b'{"result": {"status_overall": {}, "incidents": [{"name": "x"}]}}', "'_id'"),
        (
            b'{"result": {"status_overall": {}, "incidents": [{"_id": "a", "name": "x",'
            b' "datetime_open": "2026-01-01T00:00:00Z", "messages": [{"details": "y"}]}]}}',
            "no 'datetime' time",
        ),
        (
            b'{"result": {"status_overall": {}, "maintenance": {"active": [{"_id": "a",'
            b' "name": "x", "datetime_open": "2026-01-01T00:00:00Z",'
            b' "messages": [{"datetime": "2026-01-01T00:00:00Z", "status": "up"}]}]}}}',
            "'status' should be a number",
        ),
    ],
)
def test_it_rejects_malformed_payloads_with_a_clear_error(payload, message):
    with pytest.raises(ParseError, match=message):
        StatusioParser().parse(payload)
