"""The cachet2 and cachet3 parsers against payloads modelled on Cachet's two APIs."""

import datetime as dt
from pathlib import Path

import pytest

from incidents.ingest.parsers import ParseError, get_parser
from incidents.ingest.parsers.cachet import Cachet2Parser, Cachet3Parser

FIXTURES = Path(__file__).parent.parent / "fixtures"


def utc(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=dt.UTC)


def parse(kind: str, name: str):
    return get_parser(kind).parse((FIXTURES / kind / name).read_bytes())


def test_they_are_registered_as_cachet2_and_cachet3():
    assert isinstance(get_parser("cachet2"), Cachet2Parser)
    assert isinstance(get_parser("cachet3"), Cachet3Parser)


def test_cachet2_reads_a_created_incident_with_its_message_as_first_update():
    [incident] = parse("cachet2", "incident_created.json")

    assert (incident.external_id, incident.title) == ("42", "Webhooks delayed")
    # Cachet writes its zone's wall time without an offset: UTC unless the instance says.
    assert incident.started_at == utc(2026, 11, 26, 8, 30)
    assert (incident.status, incident.impact, incident.ended_at) == ("investigating", "major", None)
    assert [u.body for u in incident.updates] == [
        "Webhook deliveries are delayed by up to 20 minutes."
    ]


def test_cachet2_reads_an_updated_incident():
    [incident] = parse("cachet2", "incident_updated.json")

    assert incident.status == "identified"
    assert [(u.external_id, u.status) for u in incident.updates] == [
        ("message", ""),
        ("101", "identified"),
    ]


def test_cachet2_ends_a_fixed_incident_at_its_fixed_update():
    [incident] = parse("cachet2", "incident_resolved.json")

    assert incident.status == "resolved"
    assert incident.ended_at == utc(2026, 11, 26, 9, 40)
    assert [u.external_id for u in incident.updates] == ["message", "101", "102"]


def test_cachet3_reads_a_created_incident():
    [incident] = parse("cachet3", "incident_created.json")

    assert (incident.external_id, incident.title) == ("7", "Login failures for SSO users")
    assert incident.started_at == utc(2026, 11, 27, 11, 5)
    assert (incident.status, incident.ended_at) == ("investigating", None)


def test_cachet3_joins_included_updates_to_their_incident():
    [incident] = parse("cachet3", "incident_updated.json")

    assert incident.status == "identified"
    assert [(u.external_id, u.status, u.posted_at) for u in incident.updates] == [
        ("message", "", utc(2026, 11, 27, 11, 5)),
        ("31", "identified", utc(2026, 11, 27, 11, 40)),
    ]


def test_cachet3_ends_a_fixed_incident_at_its_fixed_update():
    [incident] = parse("cachet3", "incident_resolved.json")

    assert (incident.status, incident.ended_at) == ("resolved", utc(2026, 11, 27, 12, 10))


@pytest.mark.parametrize("kind", ["cachet2", "cachet3"])
@pytest.mark.parametrize("name", ["incidents_empty.json", "components_quiet.json"])
def test_an_empty_list_and_the_components_endpoint_give_no_incidents(kind, name):
    assert parse(kind, name) == []


def test_cachet2_refuses_an_incident_without_any_time_saying_which():
    with pytest.raises(ParseError, match="Cachet 2 incident 42: no 'occurred_at'"):
        parse("cachet2", "hostile_missing_fields.json")


def test_cachet3_refuses_a_status_that_is_not_an_object():
    with pytest.raises(ParseError, match="Cachet 3 incident 7: 'status' should be an object"):
        parse("cachet3", "hostile_missing_fields.json")


@pytest.mark.parametrize("kind", ["cachet2", "cachet3"])
def test_it_refuses_an_empty_body(kind):
    with pytest.raises(ParseError, match="empty body"):
        parse(kind, "empty_body_error.json")


@pytest.mark.parametrize(
    ("kind", "payload", "message"),
    [
        ("cachet2", b"[]", "expected an object with 'data'"),
        ("cachet2", b'{"data": [{"id": 1, "name": "x", "status": 9}]}', "unknown status 9"),
        ("cachet2", b'{"data": [{"id": 1, "name": "x", "status": true}]}', "unknown status"),
        (
            "cachet2",
            b'{"data": [{"id": 1, "name": "x", "status": 1, "created_at": 5}]}',
            "'created_at' should be a string",
        ),
        ("cachet3", b'{"data": {}}', "'data' should be a list"),
        ("cachet3", b'{"data": [{"id": "1"}]}', "'attributes'"),
        (
            "cachet3",
            b'{"data": [], "included": [{"type": "updates", "id": "1", "attributes": {}}]}',
            "no 'created' time",
        ),
    ],
)
def test_it_rejects_malformed_payloads_with_a_clear_error(kind, payload, message):
    with pytest.raises(ParseError, match=message):
        get_parser(kind).parse(payload)
