"""The slack parser against recorded Slack status API v2.0.0 payloads."""

import datetime as dt
from pathlib import Path

import pytest

from incidents.ingest.parsers import ParsedImpact, ParsedUpdate, ParseError, get_parser
from incidents.ingest.parsers.slack import SlackParser

FIXTURES = Path(__file__).parent.parent / "fixtures" / "slack"


def utc(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=dt.UTC)


def parse(name: str):
    return SlackParser().parse((FIXTURES / name).read_bytes())


def test_it_is_registered_as_slack():
    assert isinstance(get_parser("slack"), SlackParser)


def test_it_reads_a_quiet_current_status_as_no_incidents():
    assert parse("current_ok.json") == []


def test_it_reads_an_active_incident_with_notes_newest_first_upstream():
    [incident] = parse("current_active.json")

    assert incident.external_id == "1604"
    assert incident.title == "Some users are having trouble loading threads"
    assert incident.started_at == utc(2026, 11, 24, 14, 41, 7)  # 06:41:07-08:00
    assert incident.ended_at is None
    assert incident.status == "investigating"
    assert incident.impact == "minor"  # type incident
    assert incident.url == "https://slack-status.com/2026-11/9c1e2f7a5b3d4e60"
    assert incident.products == (
        ParsedImpact(product="Messaging"),
        ParsedImpact(product="Connectivity"),
    )
    assert incident.updates == (
        ParsedUpdate(
            posted_at=utc(2026, 11, 24, 14, 41, 7),
            body="<p>Some users may be having trouble loading or viewing threads.&nbsp;We're"
            " investigating and will share an update as soon as we can.</p>",
        ),
        ParsedUpdate(
            posted_at=utc(2026, 11, 24, 15, 28, 55),
            body="<p>We've identified the cause and are rolling out a fix. Threads may still"
            " load slowly for some users.</p>",
        ),
    )


def test_it_reads_a_resolved_outage_from_history():
    outage, *_ = parse("history.json")

    assert outage.external_id == "1603"
    assert outage.title == "Workflows delayed"
    assert outage.started_at == utc(2026, 11, 20, 17, 5, 44)
    assert outage.ended_at == utc(2026, 11, 20, 21, 40, 12)  # date_updated
    assert outage.status == "resolved"
    assert outage.impact == "major"  # type outage
    assert outage.url == "https://slack-status.com/2026-11/2a8b6c4d0e1f3a57"
    assert outage.products == (
        ParsedImpact(product="Workflows"),
        ParsedImpact(product="Apps/Integrations/APIs"),
    )
    assert [update.posted_at for update in outage.updates] == [
        utc(2026, 11, 20, 17, 5, 44),
        utc(2026, 11, 20, 18, 12, 30),
        utc(2026, 11, 20, 19, 58, 3),
    ]
    assert outage.updates[1].body == (
        "<p>We've identified an issue with a backend queue and are working on a fix.<br>"
        "Scheduled workflows will run once the queue recovers.</p>"
    )


def test_it_reads_the_real_history_sample_without_services():
    _, incident, *_ = parse("history.json")

    assert incident.external_id == "1571"
    assert incident.title == "Chat functionality unavailable on Slack Help page"
    assert incident.started_at == utc(2026, 6, 26, 9, 12, 20)
    assert incident.ended_at == utc(2026, 6, 26, 10, 9, 39)
    assert incident.status == "resolved"
    assert incident.impact == "minor"
    assert incident.products == ()
    assert [update.body for update in incident.updates] == [
        "<p>We're aware of an issue where chat on the Slack Help page is unavailable."
        " We're looking into it.&nbsp;</p>",
        "<p>Chat on the Slack Help page is available again.&nbsp;</p>",
    ]


def test_it_reads_a_completed_maintenance():
    _, _, maintenance, _ = parse("history.json")

    assert maintenance.external_id == "1588"
    assert maintenance.title == "Scheduled maintenance of Slack Calls"
    assert maintenance.started_at == utc(2026, 9, 30, 23, 0)
    assert maintenance.ended_at == utc(2026, 10, 1, 1, 2, 41)
    assert maintenance.status == "resolved"
    assert maintenance.impact == "maintenance"
    assert maintenance.products == (ParsedImpact(product="Calls"),)
    assert len(maintenance.updates) == 2


def test_it_reads_a_notice_as_no_impact():
    *_, notice = parse("history.json")

    assert notice.external_id == "1269"
    assert notice.title == "Slack Marketplace updates"
    assert notice.impact == "none"
    assert notice.status == "resolved"
    assert notice.started_at == utc(2025, 2, 26, 15, 51, 2)
    assert notice.ended_at == utc(2025, 2, 26, 16, 0, 31)
    assert [update.posted_at for update in notice.updates] == [utc(2025, 2, 26, 15, 51, 2)]


def test_it_accepts_the_documented_string_id():
    [incident] = parse("docs_example_string_id.json")

    assert incident.external_id == "546"
    assert incident.title == "Slack’s forked up"
    assert incident.started_at == utc(2018, 9, 7, 21, 35)
    assert incident.status == "investigating"
    assert incident.url == "https://status.slack.com/2018-09/7d5e4f4b2e5a2"
    assert incident.updates == (
        ParsedUpdate(
            posted_at=utc(2018, 9, 8, 1, 34, 15), body="Team Rocket's blasting off again."
        ),
    )


@pytest.mark.parametrize(
    ("payload", "message"),
    [
        (b'{"status":"ok","active_incidents":[{"id":1604,"ti', "not valid JSON"),
        (b"<html><body><h1>Service Unavailable</h1></body></html>", "HTML page"),
        (b'{"status": "ok"}', "expected /api/v2.0.0/current"),
        (b'"ok"', "got a string"),
        (b'{"active_incidents": {"id": 1}}', "'active_incidents' should be a list"),
        (b"[1604]", "expected an object, got a number"),
        (b'[{"id": true, "title": "x", "date_created": "2026-01-01T00:00:00Z"}]', "'id'"),
        (b'[{"id": 1, "date_created": "2026-01-01T00:00:00Z"}]', "'title' should be"),
        (b'[{"id": 1, "title": "x"}]', "'date_created' should be a string, got missing"),
        (b'[{"id": 1, "title": "x", "date_created": "26/06/2026"}]', "ISO 8601"),
        (
            b'[{"id": 1, "title": "x", "date_created": "2026-01-01T00:00:00Z", "notes": ["hi"]}]',
            "a note is a string",
        ),
    ],
)
def test_it_rejects_malformed_payloads_with_a_clear_error(payload, message):
    with pytest.raises(ParseError, match=message):
        SlackParser().parse(payload)
