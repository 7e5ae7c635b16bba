"""The aws-rss parser against recorded per-service RSS feeds."""

import datetime as dt
import re
from pathlib import Path

import pytest

from incidents.ingest.parsers import ParsedImpact, ParseError, get_parser
from incidents.ingest.parsers.aws_rss import AwsRssParser

FIXTURES = Path(__file__).parent.parent / "fixtures" / "aws-rss"


def utc(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=dt.UTC)


def parse(name: str):
    return AwsRssParser().parse((FIXTURES / name).read_bytes())


def feed(*items: str) -> bytes:
    return (
        "<rss version='2.0'><channel><title>AWS</title>" + "".join(items) + "</channel></rss>"
    ).encode()


def item(title: str, date: str, guid: str) -> str:
    return (
        f"<item><title><![CDATA[{title}]]></title><pubDate>{date}</pubDate>"
        f"<guid isPermaLink='false'>{guid}</guid><description>d</description></item>"
    )


def test_it_is_registered_as_aws_rss():
    assert isinstance(get_parser("aws-rss"), AwsRssParser)


def test_it_reads_an_empty_channel_as_no_incidents():
    assert parse("all_empty.rss") == []


def test_it_makes_one_incident_of_the_posts_of_one_event():
    [incident] = parse("ec2-us-east-1_updates.rss")

    assert incident.external_id == "ec2-us-east-1_1781370151"
    assert incident.title == "Increased API Error Rates and Latencies"
    # 10:02:31 PDT is 17:02:31 UTC.
    assert incident.started_at == utc(2026, 6, 13, 17, 2, 31)
    assert incident.ended_at == utc(2026, 6, 13, 20, 15, 44)
    assert incident.status == "resolved"
    assert incident.impact == "major"  # one post said "Service disruption"
    assert incident.url == "http://status.aws.amazon.com/"
    assert incident.language == "en"
    assert incident.regions == ("us-east-1",)
    assert incident.products == (ParsedImpact(product="ec2"),)


def test_it_lists_the_posts_as_updates_oldest_first():
    [incident] = parse("ec2-us-east-1_updates.rss")

    assert [(u.external_id, u.posted_at, u.status) for u in incident.updates] == [
        ("ec2-us-east-1_1781370151", utc(2026, 6, 13, 17, 2, 31), "investigating"),
        ("ec2-us-east-1_1781372885", utc(2026, 6, 13, 17, 48, 5), "investigating"),
        ("ec2-us-east-1_1781381744", utc(2026, 6, 13, 20, 15, 44), "resolved"),
    ]
    assert incident.updates[0].body == (
        "We are investigating increased API error rates and latencies in the US-EAST-1 Region."
    )
    assert incident.updates[2].body.startswith("Between 9:41 AM and 12:58 PM PDT, we experienced")


def test_it_starts_a_new_incident_after_a_resolution_on_the_same_service():
    first, second = parse("s3-us-west-2_two_events.rss")

    assert first.external_id == "s3-us-west-2_1764661212"
    assert first.title == "Increased Error Rates"
    # 11:40:12 PM PST on 1 December is 07:40:12 UTC on 2 December.
    assert first.started_at == utc(2025, 12, 2, 7, 40, 12)
    assert first.ended_at == utc(2025, 12, 2, 9, 5, 50)
    assert first.status == "resolved"
    assert first.impact == "major"
    assert first.url == "https://status.aws.amazon.com/"
    assert first.regions == ("us-west-2",)
    assert first.products == (ParsedImpact(product="s3"),)
    assert [u.external_id for u in first.updates] == [
        "s3-us-west-2_1764661212",
        "s3-us-west-2_1764666350",
    ]
    assert second.external_id == "s3-us-west-2_1764695520"
    assert second.title == "Elevated PUT Latencies"
    assert second.started_at == utc(2025, 12, 2, 17, 12)
    assert second.ended_at is None
    assert second.status == "investigating"
    assert second.impact == "minor"  # "Informational message"
    assert [u.status for u in second.updates] == ["investigating"]


def test_it_keeps_services_apart_in_the_all_feed():
    cloudfront, directory, connectivity = parse("all_mixed_services.rss")

    assert cloudfront.external_id == "cloudfront_1640002382"
    assert cloudfront.title == "Elevated Error Rates"
    assert cloudfront.started_at == utc(2021, 12, 20, 12, 13, 2)
    assert cloudfront.status == "investigating"
    assert cloudfront.impact == "minor"  # "Performance issues"
    assert cloudfront.regions == ()  # a global service
    assert cloudfront.products == (ParsedImpact(product="cloudfront"),)

    assert directory.external_id == "directoryservice-us-east-1_1640224660"
    assert directory.title == (
        "Increased Error Rates with Directory Services AD Connector or Managed AD"
    )
    assert directory.started_at == directory.ended_at == utc(2021, 12, 23, 1, 57, 40)
    assert directory.status == "resolved"
    assert directory.impact == "minor"
    assert directory.regions == ("us-east-1",)
    assert directory.products == (ParsedImpact(product="directoryservice"),)

    assert connectivity.external_id == "internetconnectivity-ap-south-1_1640371277"
    assert connectivity.title == "Internet connectivity"
    assert connectivity.started_at == utc(2021, 12, 24, 18, 41, 17)
    assert connectivity.status == "resolved"
    assert connectivity.impact == "minor"  # "Informational message"
    assert connectivity.regions == ("ap-south-1",)
    [update] = connectivity.updates
    assert update.body.startswith("Between 8:59 AM and 9:32 AM PST")


def test_it_reads_guids_of_either_scheme_alike():
    http = AwsRssParser().parse(
        feed(item("Service disruption: X", "Mon, 20 Dec 2021 04:13:02 PST",
                  "http://status.aws.amazon.com/#sqs-eu-west-1_1640002382"))
    )  # fmt: skip
    https = AwsRssParser().parse(
        feed(item("Service disruption: X", "Mon, 20 Dec 2021 04:13:02 PST",
                  "https://status.aws.amazon.com/#sqs-eu-west-1_1640002382"))
    )  # fmt: skip

    assert http == https
    assert http[0].external_id == "sqs-eu-west-1_1640002382"
    assert http[0].regions == ("eu-west-1",)


def test_it_keeps_a_title_change_within_an_open_event():
    [incident] = AwsRssParser().parse(
        feed(
            item("Performance issues: Elevated latencies", "Mon, 20 Dec 2021 04:00:00 PST",
                 "http://status.aws.amazon.com/#sqs-eu-west-1_1640001600"),
            item("Service disruption: Increased error rates", "Mon, 20 Dec 2021 05:00:00 PST",
                 "http://status.aws.amazon.com/#sqs-eu-west-1_1640005200"),
        )
    )  # fmt: skip

    assert incident.title == "Increased error rates"
    assert len(incident.updates) == 2
    assert incident.impact == "major"


def test_it_splits_posts_a_long_quiet_spell_apart():
    incidents = AwsRssParser().parse(
        feed(
            item("Performance issues: Elevated latencies", "Mon, 20 Dec 2021 04:00:00 PST",
                 "http://status.aws.amazon.com/#sqs-eu-west-1_1640001600"),
            item("Performance issues: Elevated latencies", "Wed, 22 Dec 2021 04:00:00 PST",
                 "http://status.aws.amazon.com/#sqs-eu-west-1_1640174400"),
        )
    )  # fmt: skip

    assert [i.external_id for i in incidents] == [
        "sqs-eu-west-1_1640001600",
        "sqs-eu-west-1_1640174400",
    ]


def test_it_does_not_take_a_colon_in_a_title_for_a_prefix():
    [incident] = AwsRssParser().parse(
        feed(item("EC2: [RESOLVED] API errors", "Mon, 20 Dec 2021 04:00:00 PST",
                  "http://status.aws.amazon.com/#ec2-us-east-1_1640001600"))
    )  # fmt: skip

    assert incident.title == "EC2: API errors"
    assert incident.status == "resolved"


@pytest.mark.parametrize(
    ("payload", "message"),
    [
        (b"", "not well-formed"),
        (b"<!DOCTYPE html><html><head><title>Error</title></head></html>", "HTML page"),
        (b"<feed xmlns='http://www.w3.org/2005/Atom'></feed>", "expected an RSS feed"),
        (feed(item("X", "Mon, 20 Dec 2021 04:00:00 PST", "http://status.aws.amazon.com/")),
         "expected '...#<service>-<region>_<epoch>'"),
        (feed(item("X", "", "http://status.aws.amazon.com/#ec2-us-east-1_1")), "no pubDate"),
        (feed(item("X", "last Tuesday", "http://status.aws.amazon.com/#ec2-us-east-1_1")),
         "bad RFC 822 date"),
        (feed("<item><title>unclosed</item>"), "not well-formed"),
    ],
)  # fmt: skip
def test_it_rejects_malformed_feeds(payload, message):
    with pytest.raises(ParseError, match=re.escape(message)):
        AwsRssParser().parse(payload)


def test_it_refuses_a_billion_laughs():
    bomb = (
        b'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY a "aaaaaaaaaa">'
        b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
        b'<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>'
        b"<rss><channel><title>&c;</title></channel></rss>"
    )

    with pytest.raises(ParseError, match="unsafe XML"):
        AwsRssParser().parse(bomb)


def test_it_refuses_an_external_entity():
    xxe = (
        b'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        b"<rss><channel><item><title>&x;</title></item></channel></rss>"
    )

    with pytest.raises(ParseError, match="unsafe XML"):
        AwsRssParser().parse(xxe)
