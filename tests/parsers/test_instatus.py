"""The instatus parser against summary.json and v2/components.json modelled on Instatus."""

import datetime as dt
from pathlib import Path

import pytest

from incidents.ingest.parsers import ParseError, get_parser
from incidents.ingest.parsers.instatus import InstatusParser

FIXTURES = Path(__file__).parent.parent / "fixtures" / "instatus"
ID = "cm3xk2f9a00012abcd9x7y6z5"


def utc(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=dt.UTC)


def parse(name: str):
    return InstatusParser().parse((FIXTURES / name).read_bytes())


def test_it_is_registered_as_instatus():
    assert isinstance(get_parser("instatus"), InstatusParser)


def test_it_reads_a_created_incident():
    [incident] = parse("incident_created.json")

    assert incident.external_id == ID
    assert incident.title == "Builds stuck in queue"
    assert incident.started_at == utc(2026, 11, 25, 14, 2, 11)
    assert (incident.status, incident.impact, incident.ended_at) == ("investigating", "major", None)
    assert incident.url == f"https://status.railway.com/incident/{ID}"


def test_it_reads_an_updated_incident_and_a_maintenance_in_progress():
    incident, maintenance = parse("incident_updated.json")

    assert (incident.external_id, incident.status, incident.impact) == (ID, "monitoring", "major")
    assert maintenance.title == "Postgres plugin upgrade"
    assert (maintenance.status, maintenance.impact) == ("identified", "maintenance")
    assert maintenance.started_at == utc(2026, 11, 25, 15, 0)


def test_it_ends_a_resolved_incident_at_its_last_change():
    [incident] = parse("incident_resolved.json")

    assert incident.status == "resolved"
    assert incident.ended_at == utc(2026, 11, 25, 15, 20)


@pytest.mark.parametrize("name", ["summary_quiet.json", "components_quiet.json"])
def test_it_reads_a_quiet_summary_and_the_components_list_as_no_incidents(name):
    assert parse(name) == []


def test_it_refuses_an_incident_without_its_start_saying_which():
    with pytest.raises(ParseError, match=f"Instatus incident {ID}: no 'started' time"):
        parse("hostile_missing_fields.json")


def test_it_refuses_an_empty_body():
    with pytest.raises(ParseError, match="empty body"):
        parse("empty_body_error.json")


@pytest.mark.parametrize(
    ("payload", "message"),
    [
        (b'{"page": {}}', "expected an object with 'activeIncidents'"),
        (b'{"components": {}}', "'components' should be a list"),
        (b'{"activeIncidents": [1]}', "expected an object, got a number"),
        (b'{"activeIncidents": [{"id": "a", "started": "yesterday", "name": "x"}]}', "ISO"),
        (b'{"activeIncidents": [], "activeMaintenances": "none"}', "should be a list"),
    ],
)
def test_it_rejects_malformed_payloads_with_a_clear_error(payload, message):
    with pytest.raises(ParseError, match=message):
        InstatusParser().parse(payload)
