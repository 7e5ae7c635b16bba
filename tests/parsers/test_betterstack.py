"""The betterstack parser against index.json payloads modelled on Better Stack's format."""

import datetime as dt
from pathlib import Path

import pytest

from incidents.ingest.parsers import ParsedImpact, ParseError, get_parser
from incidents.ingest.parsers.betterstack import BetterStackParser

FIXTURES = Path(__file__).parent.parent / "fixtures" / "betterstack"


def utc(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=dt.UTC)


def parse(name: str):
    return BetterStackParser().parse((FIXTURES / name).read_bytes())


def test_it_is_registered_as_betterstack():
    assert isinstance(get_parser("betterstack"), BetterStackParser)


def test_it_reads_a_created_report_with_its_resources_and_first_update():
    [incident] = parse("incident_created.json")

    assert incident.external_id == "552201"
    assert incident.title == "Inference API returning 503s"
    assert incident.started_at == utc(2026, 11, 24, 9, 12)
    assert (incident.ended_at, incident.status, incident.impact) == (None, "investigating", "major")
    assert incident.url == "https://status.huggingface.co/incident/552201"
    assert incident.products == (
        ParsedImpact(product="Inference API", impact="major"),
        ParsedImpact(product="Hub", impact="minor"),
    )
    assert [(u.external_id, u.posted_at) for u in incident.updates] == [
        ("990011", utc(2026, 11, 24, 9, 15, 30))
    ]


def test_it_orders_the_updates_of_an_updated_report_oldest_first():
    [incident] = parse("incident_updated.json")

    assert [u.external_id for u in incident.updates] == ["990011", "990012"]
    assert incident.updates[1].body.startswith("A faulty load balancer pool")
    assert incident.ended_at is None


def test_it_ends_a_resolved_report_at_its_last_update_when_ends_at_is_null():
    incident, maintenance = parse("incident_resolved.json")

    assert incident.status == "resolved"
    assert incident.ended_at == utc(2026, 11, 24, 10, 5, 44)
    assert len(incident.updates) == 3
    # A planned window's ends_at is a plan, not an end, until the page says it is over.
    assert (maintenance.impact, maintenance.status, maintenance.ended_at) == (
        "maintenance",
        "identified",
        None,
    )
    assert maintenance.started_at == utc(2026, 12, 3, 6, 0)


def test_it_reads_states_in_any_case_and_automatic_reports():
    payload = (
        b'{"data": {}, "included": [{"type": "status_report", "id": 9, "attributes":'
        b' {"title": "Checkout down", "report_type": "automatic", "aggregate_state": "Operational",'
        b' "starts_at": "2026-11-24T09:12:00Z", "ends_at": "2026-11-24T09:30:00Z"}}]}'
    )

    [incident] = BetterStackParser().parse(payload)

    assert (incident.external_id, incident.status) == ("9", "resolved")
    assert incident.ended_at == utc(2026, 11, 24, 9, 30)


def test_it_reads_a_page_without_reports_as_no_incidents():
    assert parse("index_quiet.json") == []


def test_it_refuses_a_report_without_a_start_saying_which():
    with pytest.raises(ParseError, match="status report 552201: no 'starts_at'"):
        parse("hostile_missing_fields.json")


def test_it_refuses_an_empty_body():
    with pytest.raises(ParseError, match="empty body"):
        parse("empty_body_error.json")


@pytest.mark.parametrize(
    ("payload", "message"),
    [
        (b"[]", "expected a JSON:API object"),
        (b'{"data": {}, "included": {}}', "'included' should be a list"),
        (b'{"data": {}, "included": [3]}', "expected an object, got a number"),
        (b'{"data": {}, "included": [{"type": "status_report", "id": 1}]}', "'attributes'"),
        (
            b'{"data": {}, "included": [{"type": "status_report", "id": 1, "attributes":'
            b' {"title": "x", "report_type": "other", "starts_at": "2026-01-01T00:00:00Z"}}]}',
            "unknown report_type",
        ),
        (
            b'{"data": {}, "included": [{"type": "status_update", "id": 1, "attributes":'
            b' {"message": "x", "published_at": "2026-01-01T00:00:00Z"}}]}',
            "'status_report_id'",
        ),
    ],
)
def test_it_rejects_malformed_payloads_with_a_clear_error(payload, message):
    with pytest.raises(ParseError, match=message):
        BetterStackParser().parse(payload)
