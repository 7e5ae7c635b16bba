"""The generic feed parser against recorded RSS and Atom payloads, and hostile ones."""

import datetime as dt
from pathlib import Path

import pytest

from incidents.ingest.parsers import ParsedUpdate, ParseError, get_parser
from incidents.ingest.parsers.common import parse_xml
from incidents.ingest.parsers.feed import FeedParser

FIXTURES = Path(__file__).parent.parent / "fixtures" / "feed"


def utc(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=dt.UTC)


def parse(name: str):
    return FeedParser().parse((FIXTURES / name).read_bytes())


def test_it_is_registered_as_feed():
    assert isinstance(get_parser("feed"), FeedParser)


def test_it_reads_an_incidentio_atom_entry_and_collapses_its_double_slash():
    ongoing, resolved = parse("incidentio_feed.atom")

    assert ongoing.external_id == "https://status.openai.com/incidents/01K5TQ3H7QZ8M6C4V2X0B9N1RT"
    assert ongoing.title == "Increased latency for image generation"
    assert ongoing.started_at == utc(2026, 9, 23, 10, 29, 40)  # published
    assert ongoing.ended_at is None
    assert ongoing.status == "investigating"  # "<b>Status: Investigating</b>"
    assert ongoing.impact == "major"
    assert ongoing.url == "https://status.openai.com/incidents/01K5TQ3H7QZ8M6C4V2X0B9N1RT"
    assert ongoing.products == ()
    [update] = ongoing.updates
    assert update.posted_at == utc(2026, 9, 23, 10, 31, 2)  # updated
    assert update.status == "investigating"
    assert update.body.startswith("<b>Status: Investigating</b><br/><br/>We are investigating")

    assert resolved.external_id == "https://status.openai.com/incidents/01M36RMC01ZFWQ861WYJKC4XE1"
    assert resolved.title == "Elevated Error Rates for ChatGPT across Plus & Pro plans."
    assert resolved.started_at == utc(2026, 9, 23, 9, 13)
    assert resolved.ended_at == utc(2026, 9, 23, 9, 54, 16)
    assert resolved.status == "resolved"
    assert resolved.updates[0].body.endswith(
        "<ul><li>Conversations (Operational)</li><li>Login (Operational)</li></ul>"
    )


def test_it_reads_rss_items_keyed_by_guid_with_offsets_in_utc():
    active, resolved = parse("slack_feed.rss")

    assert active.external_id == "https://slack-status.com/2025-12/6b0d4e2f8a1c3e95"
    assert active.title == "Incident: Issues loading or viewing threads"
    assert active.started_at == utc(2025, 12, 18, 16, 44, 51)  # 08:44:51 -0800
    assert active.ended_at is None
    assert active.status == "investigating"
    assert active.url == "https://slack-status.com/2025-12/6b0d4e2f8a1c3e95"
    assert active.updates == (
        ParsedUpdate(
            posted_at=utc(2025, 12, 18, 16, 44, 51),
            body="<p>Some users may be having trouble loading or viewing threads.&nbsp;We're"
            " investigating and will share an update as soon as we can.</p>",
            status="investigating",
        ),
    )

    assert resolved.external_id == "https://slack-status.com/2025-12/1e3f5a7c9b2d4f60"
    assert resolved.title == "Resolved: Notifications delayed for some users"
    assert resolved.status == "resolved"  # from the title
    assert resolved.started_at == utc(2025, 12, 16, 1, 5, 12)
    assert resolved.ended_at == utc(2025, 12, 16, 1, 5, 12)


def test_it_keys_an_item_without_guid_by_its_link_and_reads_pst():
    [incident] = parse("rss_link_only_pst.rss")

    link = "https://status.example-cloud.com/events/2026-02-17-object-storage"
    assert incident.external_id == link
    assert incident.url == link
    assert incident.title == "Object storage: elevated error rates in us-west"
    assert incident.started_at == utc(2026, 2, 18, 5, 14)  # 21:14 PST
    assert incident.updates[0].body == (
        "<p>We are investigating elevated 5xx responses from object storage in us-west.</p>"
    )


def test_it_reads_an_empty_channel_as_no_incidents():
    assert parse("empty_channel.rss") == []


def test_it_recovers_what_it_can_from_a_malformed_feed():
    with pytest.raises(ParseError, match="not well-formed"):
        parse_xml((FIXTURES / "recoverable_broken_markup.rss").read_bytes())

    [incident] = parse("recoverable_broken_markup.rss")

    assert incident.external_id == "acme-incident-8812"
    assert incident.title == "DNS resolution failures in AMS & FRA"
    assert incident.started_at == utc(2026, 3, 4, 5, 20)
    assert incident.url == "https://status.acme-hosting.example/incident/8812"
    assert incident.updates[0].body == "Resolvers in AMS & FRA return SERVFAIL for some zones."


@pytest.mark.parametrize(
    "name",
    ["hostile_billion_laughs.rss", "hostile_xxe.atom", "hostile_entity_in_broken_xml.rss"],
)
def test_it_refuses_entity_attacks(name):
    with pytest.raises(ParseError, match="refused unsafe XML"):
        parse(name)


def test_it_uses_the_feed_date_for_an_undated_item():
    payload = (
        b'<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>S</title>'
        b"<updated>2026-03-01T10:00:00Z</updated><entry><id>urn:uuid:1</id><title>Down</title>"
        b"</entry></feed>"
    )

    [incident] = FeedParser().parse(payload)

    assert incident.external_id == "urn:uuid:1"
    assert incident.started_at == utc(2026, 3, 1, 10, 0)
    assert incident.url == ""


@pytest.mark.parametrize(
    ("payload", "message"),
    [
        (b"<!DOCTYPE html><html><body>Bad gateway</body></html>", "HTML page"),
        (b'{"incidents": []}', "not an RSS or Atom feed"),
        (b"", "not an RSS or Atom feed"),
        (b'<?xml version="1.0"?><rss version="2.0"><channel><item><title>Tr', "malformed"),
        (
            b'<rss version="2.0"><channel><item><title>No id</title>'
            b"<pubDate>Tue, 17 Feb 2026 21:14:00 PST</pubDate></item></channel></rss>",
            "neither a guid/id nor a link",
        ),
        (
            b'<rss version="2.0"><channel><item><title>No date</title>'
            b"<guid>x-1</guid></item></channel></rss>",
            "has no date",
        ),
    ],
)
def test_it_rejects_malformed_feeds_with_a_clear_error(payload, message):
    with pytest.raises(ParseError, match=message):
        FeedParser().parse(payload)
