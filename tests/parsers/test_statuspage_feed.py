"""The statuspage-feed parser against recorded history.atom and history.rss payloads."""

import datetime as dt
from pathlib import Path

import pytest

from incidents.ingest.parsers import ParsedUpdate, ParseError, get_parser
from incidents.ingest.parsers.statuspage_feed import StatuspageFeedParser

FIXTURES = Path(__file__).parent.parent / "fixtures" / "statuspage-feed"


def utc(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=dt.UTC)


def parse(name: str):
    return StatuspageFeedParser().parse((FIXTURES / name).read_bytes())


def rss(description: str, pub_date: str = "Fri, 10 Dec 2021 18:19:00 +0000") -> bytes:
    return (
        '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>T</title>'
        f"<item><title>Outage</title><description>{description}</description>"
        f"<pubDate>{pub_date}</pubDate>"
        "<link>https://status.example.com/incidents/abc123def456</link></item>"
        "</channel></rss>"
    ).encode()


def paragraph(month: str, day: int, time: str, zone: str, label: str, body: str) -> str:
    return (
        f"&lt;p&gt;&lt;small&gt;{month} &lt;var data-var='date'&gt;{day}&lt;/var&gt;, "
        f"&lt;var data-var='time'&gt;{time}&lt;/var&gt; {zone}&lt;/small&gt;&lt;br&gt;"
        f"&lt;strong&gt;{label}&lt;/strong&gt; - {body}&lt;/p&gt;"
    )


def test_it_is_registered_as_statuspage_feed():
    assert isinstance(get_parser("statuspage-feed"), StatuspageFeedParser)


def test_it_reads_an_atom_entry_keyed_by_the_code_in_its_link_not_its_id():
    incident, _ = parse("history.atom")

    assert incident.external_id == "x8c3v5b7n9m1"  # <id> says Incident/31000001
    assert incident.title == "Incident with Issues"
    assert incident.started_at == utc(2026, 6, 18, 16, 44)
    # <updated> is three days later (an edit); the end is the Resolved update.
    assert incident.ended_at == utc(2026, 6, 18, 18, 2)
    assert incident.status == "resolved"
    assert incident.impact == "major"  # the feed says nothing of impact
    assert incident.url == "https://www.githubstatus.com/incidents/x8c3v5b7n9m1"
    assert incident.products == ()
    assert incident.updates == (
        ParsedUpdate(
            posted_at=utc(2026, 6, 18, 16, 44),
            body="We are investigating reports of degraded performance for Issues.",
            status="investigating",
        ),
        ParsedUpdate(
            posted_at=utc(2026, 6, 18, 17, 20),
            body="We have rolled back a change to the issues search index and are seeing"
            ' recovery. See <a href="https://github.blog/changelog/">the changelog</a>.',
            status="",  # "Update": a body without a status change
        ),
        ParsedUpdate(
            posted_at=utc(2026, 6, 18, 18, 2),
            body="This incident has been resolved.",
            status="resolved",
        ),
    )


def test_it_infers_the_year_across_new_year_in_atom():
    _, incident = parse("history.atom")

    assert incident.external_id == "n7q2w9e4r6ty"
    assert incident.title == "Disruption with some GitHub services"
    assert incident.started_at == utc(2025, 12, 31, 23, 40)
    assert incident.ended_at == utc(2026, 1, 1, 0, 35)
    assert incident.status == "resolved"
    assert [(update.posted_at, update.status) for update in incident.updates] == [
        (utc(2025, 12, 31, 23, 40), "investigating"),
        (utc(2026, 1, 1, 0, 10), "monitoring"),
        (utc(2026, 1, 1, 0, 35), "resolved"),
    ]


def test_it_reads_an_rss_item_with_a_postmortem():
    postmortem, _ = parse("history.rss")

    assert postmortem.external_id == "8m2x4c6v0b9n"
    assert postmortem.title == "Postmortem for delayed GitHub Actions jobs"
    assert postmortem.started_at == utc(2021, 12, 12, 20, 31)
    assert postmortem.ended_at == utc(2021, 12, 12, 21, 47)  # resolved, not the postmortem
    assert postmortem.status == "postmortem"
    assert postmortem.impact == "major"
    assert postmortem.url == "https://www.githubstatus.com/incidents/8m2x4c6v0b9n"
    assert [(update.posted_at, update.status) for update in postmortem.updates] == [
        (utc(2021, 12, 12, 20, 31), "identified"),
        (utc(2021, 12, 12, 21, 47), "resolved"),
        (utc(2021, 12, 14, 8, 3), "postmortem"),
    ]
    assert postmortem.updates[2].body == (
        "On December 12 a configuration change to the job queue reduced capacity."
        "<br /><br />The change has been reverted and a check added."
    )


def test_it_reads_an_rss_item_as_in_the_github_sample():
    _, incident = parse("history.rss")

    assert incident.external_id == "tc051c121cs7"
    assert incident.title == "Incident with GitHub Actions"
    assert incident.started_at == utc(2021, 12, 10, 17, 21)
    assert incident.ended_at == utc(2021, 12, 10, 18, 19)
    assert incident.status == "resolved"
    assert incident.url == "https://www.githubstatus.com/incidents/tc051c121cs7"
    assert [update.body for update in incident.updates] == [
        "We are investigating reports of degraded performance for GitHub Actions.",
        "Actions jobs are starting normally again; queued jobs are draining.",
        "This incident has been resolved.",
    ]
    assert [update.status for update in incident.updates] == ["investigating", "", "resolved"]


def test_it_converts_pacific_times_and_infers_the_year_across_new_year():
    incident, _ = parse("history_pacific.rss")

    assert incident.external_id == "v3c5x7z9b1qw"
    assert incident.title == "Meeting join failures"
    assert incident.started_at == utc(2026, 1, 1, 6, 28)  # Dec 31 22:28 PST, in 2025
    assert incident.ended_at == utc(2026, 1, 1, 16, 17)  # Jan 1 08:17 PST
    assert incident.status == "resolved"
    assert incident.url == "https://www.zoomstatus.com/incidents/v3c5x7z9b1qw"
    assert [update.body for update in incident.updates] == [
        "Some users cannot join meetings. We are investigating.",
        "Meetings can be joined normally again.",
    ]


def test_it_reads_a_scheduled_event_as_a_maintenance():
    _, maintenance = parse("history_pacific.rss")

    assert maintenance.external_id == "h6j8k0l2m4np"
    assert maintenance.title == "Scheduled maintenance of the web portal"
    assert maintenance.started_at == utc(2025, 10, 26, 5, 0)  # Oct 25 22:00 PDT
    assert maintenance.ended_at == utc(2025, 10, 26, 6, 31)  # Completed, 23:31 PDT
    assert maintenance.status == "resolved"
    assert maintenance.impact == "maintenance"
    assert [(update.posted_at, update.status) for update in maintenance.updates] == [
        (utc(2025, 10, 18, 17, 5), "identified"),  # Scheduled
        (utc(2025, 10, 26, 5, 0), "identified"),  # In progress
        (utc(2025, 10, 26, 6, 31), "resolved"),  # Completed
    ]
    assert maintenance.updates[0].body == "The web portal will be unavailable for up to 90 minutes."


def test_it_reads_an_incidentio_history_entry_without_a_dated_trail():
    [incident] = parse("incidentio_history.atom")

    assert incident.external_id == "01M36RMC01ZFWQ861WYJKC4XE1"
    assert incident.title == "Elevated Error Rates for ChatGPT across Plus and Pro plans."
    assert incident.started_at == utc(2026, 9, 23, 9, 13)  # published
    assert incident.ended_at == utc(2026, 9, 23, 9, 54, 16)  # updated
    assert incident.status == "resolved"  # "<b>Status: Resolved</b>"
    assert incident.url == "https://status.openai.com//incidents/01M36RMC01ZFWQ861WYJKC4XE1"
    [update] = incident.updates
    assert update.posted_at == utc(2026, 9, 23, 9, 54, 16)
    assert update.status == "resolved"
    assert update.body.startswith("<b>Status: Resolved</b><br/><br/>All impacted services")


def test_it_reads_an_empty_history_as_no_incidents():
    assert parse("history_empty.atom") == []


def test_it_infers_the_year_backwards_from_a_january_entry():
    trail = paragraph("Jan", 2, "01:00", "UTC", "Resolved", "Fixed.") + paragraph(
        "Dec", 30, "23:00", "UTC", "Investigating", "Looking."
    )

    [incident] = StatuspageFeedParser().parse(rss(trail, "Fri, 02 Jan 2026 01:00:00 +0000"))

    assert incident.started_at == utc(2025, 12, 30, 23, 0)
    assert incident.ended_at == utc(2026, 1, 2, 1, 0)


def test_it_reads_an_open_incident_whose_last_update_has_no_status():
    trail = paragraph("Dec", 10, "17:56", "CET", "Update", "Still looking.") + paragraph(
        "Dec", 10, "17:21", "CET", "Identified", "Found it."
    )

    [incident] = StatuspageFeedParser().parse(rss(trail))

    assert incident.status == "identified"
    assert incident.ended_at is None
    assert incident.started_at == utc(2021, 12, 10, 16, 21)


def test_it_keeps_an_undated_trail_as_one_update_at_the_entry_time():
    [incident] = StatuspageFeedParser().parse(rss("&lt;p&gt;Something happened.&lt;/p&gt;"))

    assert incident.started_at == utc(2021, 12, 10, 18, 19)
    assert incident.updates == (
        ParsedUpdate(posted_at=utc(2021, 12, 10, 18, 19), body="<p>Something happened.</p>"),
    )
    assert incident.status == "investigating"


@pytest.mark.parametrize("name", ["hostile_billion_laughs.rss", "hostile_xxe.atom"])
def test_it_refuses_entity_attacks(name):
    with pytest.raises(ParseError, match="refused unsafe XML"):
        parse(name)


@pytest.mark.parametrize(
    ("payload", "message"),
    [
        (b'<rss version="2.0"><channel><item><title>Trunc', "not well-formed"),
        (b"<!DOCTYPE html>\n<html><head><title>502</title></head></html>", "HTML page"),
        (b'{"incidents": []}', "not well-formed"),
        (b"<opml><body/></opml>", "got <opml>"),
        (rss(paragraph("Dec", 10, "17:21", "XYZ", "Identified", "x")), "'XYZ'.*kind 'statuspage'"),
        (rss(paragraph("Dec", 10, "17:21", "UTC", "Identified", "x"), "someday"), "RFC 822"),
        (rss(paragraph("Foo", 10, "17:21", "UTC", "Identified", "x")), "unknown month 'Foo'"),
        (rss(paragraph("Feb", 31, "17:21", "UTC", "Identified", "x")), "no valid date"),
        (rss("x").replace(b"/incidents/abc123def456", b"/blog/post"), "not to .../incidents"),
        (rss("x").replace(b"<pubDate>Fri, 10 Dec 2021 18:19:00 +0000</pubDate>", b""), "pubDate"),
    ],
)
def test_it_rejects_malformed_feeds_with_a_clear_error(payload, message):
    with pytest.raises(ParseError, match=message):
        StatuspageFeedParser().parse(payload)


def test_it_keeps_the_feeds_order_for_updates_posted_in_the_same_minute():
    codespaces, actions = parse("history_same_minute.atom")

    assert [u.status for u in codespaces.updates] == [
        "investigating", "", "monitoring", "resolved"
    ]  # fmt: skip
    assert (codespaces.status, codespaces.ended_at) == ("resolved", utc(2026, 3, 12, 14, 31))
    assert [u.status for u in actions.updates] == ["investigating", "monitoring", "", "resolved"]
    assert actions.status == "resolved"


def test_it_keeps_the_feeds_order_within_a_minute_in_rss_too():
    trail = (
        paragraph("Dec", 10, "18:19", "UTC", "Resolved", "Resolved.")
        + paragraph("Dec", 10, "18:19", "UTC", "Monitoring", "Fix deployed.")
        + paragraph("Dec", 10, "17:21", "UTC", "Investigating", "Looking.")
    )

    [incident] = StatuspageFeedParser().parse(rss(trail))

    assert [u.body for u in incident.updates] == ["Looking.", "Fix deployed.", "Resolved."]
    assert (incident.status, incident.ended_at) == ("resolved", utc(2021, 12, 10, 18, 19))


def test_it_keeps_an_oldest_first_trail_in_its_order():
    trail = (
        paragraph("Dec", 10, "17:21", "UTC", "Investigating", "Looking.")
        + paragraph("Dec", 10, "18:19", "UTC", "Monitoring", "Fix deployed.")
        + paragraph("Dec", 10, "18:19", "UTC", "Resolved", "Resolved.")
    )

    [incident] = StatuspageFeedParser().parse(rss(trail))

    assert [u.status for u in incident.updates] == ["investigating", "monitoring", "resolved"]
    assert incident.status == "resolved"


def test_it_dates_a_year_9999_update_at_the_calendars_end_for_the_edge_to_refuse():
    [incident] = parse("fuzz_year_9999_overflow.rss")

    assert incident.started_at == dt.datetime.max.replace(tzinfo=dt.UTC)


def test_it_names_an_entry_without_a_title_by_its_code():
    [incident] = parse("fuzz_year_9999_overflow.rss")

    assert incident.title == "Untitled incident w"
