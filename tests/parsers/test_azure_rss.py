"""The azure-rss parser against recorded Azure status feeds."""

import datetime as dt
import re
from pathlib import Path

import pytest

from incidents.ingest.parsers import ParsedImpact, ParseError, get_parser
from incidents.ingest.parsers.azure_rss import AzureRssParser

FIXTURES = Path(__file__).parent.parent / "fixtures" / "azure-rss"
AFD_2022 = "azure-front-door-connectivity-issues@2022-09-07T16:10:40Z"


def utc(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=dt.UTC)


def parse(name: str):
    return AzureRssParser().parse((FIXTURES / name).read_bytes())


def feed(item: str) -> bytes:
    return f'<rss version="2.0"><channel><title>Azure Status</title>{item}</channel></rss>'.encode()


def test_it_is_registered_as_azure_rss():
    assert isinstance(get_parser("azure-rss"), AzureRssParser)


def test_it_reads_the_steady_empty_channel_as_no_incidents():
    assert parse("feed_empty.xml") == []


def test_it_reads_one_item_as_an_open_major_incident():
    [incident] = parse("feed_one_item.xml")

    assert incident.external_id == AFD_2022
    assert incident.title == "Azure Front Door - Connectivity issues"
    assert incident.started_at == utc(2022, 9, 7, 16, 10, 40)
    assert incident.ended_at is None
    assert incident.status == "investigating"
    assert incident.impact == "major"
    assert incident.url == "https://status.azure.com/en-us/status/"
    assert incident.language == "en"
    assert incident.summary == ""
    assert incident.regions == ("eastus", "eastus2", "global", "westeurope", "westus2")
    assert incident.products == (
        ParsedImpact(product="Content Delivery Network"),
        ParsedImpact(product="Microsoft Azure portal"),
    )
    [update] = incident.updates
    assert update.external_id == AFD_2022
    assert update.posted_at == utc(2022, 9, 7, 16, 10, 40)
    assert update.status == ""
    # The body stays raw HTML, entities decoded once by the XML parser.
    assert update.body.startswith("<p><strong>Impact statement: </strong>Starting at 16:10 UTC")
    assert update.body.endswith("or as events warrant.</p>")


def test_it_keeps_the_same_keys_when_azure_rewrites_the_item_in_place():
    [before] = parse("feed_one_item.xml")
    [after] = parse("feed_one_item_updated.xml")

    assert after.external_id == before.external_id
    assert after.updates[0].external_id == before.updates[0].external_id
    assert after.updates[0].posted_at == before.updates[0].posted_at
    assert after.updates[0].body != before.updates[0].body
    assert "We are recovering a number of nodes" in after.updates[0].body
    # A region category added mid-incident shows up.
    assert after.regions[0] == "australiaeast"


def test_it_tells_a_later_incident_reusing_the_guid_apart():
    afd, west_us = parse("feed_same_guid_new_incident.xml")
    [earlier] = parse("feed_one_item.xml")

    assert afd.external_id == "azure-front-door-connectivity-issues@2025-10-29T16:00:00Z"
    assert afd.external_id != earlier.external_id
    assert afd.title == "Azure Front Door - Connectivity issues"  # trailing space dropped
    assert afd.started_at == utc(2025, 10, 29, 16)
    assert afd.regions == ("australiaeast", "centralus", "global", "westus", "westus2")
    assert afd.products == (ParsedImpact(product="Network Infrastructure"),)
    assert 'href="https://learn.microsoft.com/azure/architecture/' in afd.updates[0].body

    assert west_us.external_id == "issues-connecting-to-resources-in-west-us@2025-10-29T17:29:09Z"
    assert west_us.title == "Issues connecting to resources in West US"
    assert west_us.started_at == utc(2025, 10, 29, 17, 29, 9)
    assert west_us.status == "investigating"
    assert west_us.impact == "major"
    assert west_us.regions == ("westus",)
    assert west_us.products == (
        ParsedImpact(product="Application Gateway"),
        ParsedImpact(product="ExpressRoute Circuits"),
    )


def test_it_finds_regions_in_the_text_when_there_are_no_categories():
    [incident] = parse("feed_no_categories.xml")

    assert incident.external_id == (
        "storage-degraded-availability-in-west-us-2-and-east-us-2@2026-07-23T16:29:09Z"
    )
    assert incident.title == "Storage - Degraded availability in West US 2 and East US 2"
    assert incident.started_at == utc(2026, 7, 23, 16, 29, 9)
    assert incident.url == "https://azurestatusprodncus.azurewebsites.net/en-us/status/"
    # "West US 2" is not read as "West US".
    assert incident.regions == ("westus2", "eastus2")
    assert incident.products == ()
    assert "<li>Virtual Machines with disks" in incident.updates[0].body


def test_it_keys_an_item_without_a_guid_by_a_slug_of_its_title():
    item = "<item><title>Virtual Machines - Start failures </title>"
    item += "<pubDate>Thu, 23 Jul 2026 16:29:09 Z</pubDate></item>"

    [incident] = AzureRssParser().parse(feed(item))

    assert incident.external_id == "virtual-machines-start-failures@2026-07-23T16:29:09Z"
    assert incident.updates[0].body == ""


@pytest.mark.parametrize(
    ("payload", "message"),
    [
        (b"", "not well-formed"),
        (b"<!DOCTYPE html><html><body>Service Unavailable</body></html>", "HTML page"),
        (b'{"value": []}', "not well-formed"),
        (b"<rss><item/></rss>", "expected an RSS feed"),
        (feed("<item><pubDate>Thu, 23 Jul 2026 16:29:09 Z</pubDate></item>"), "no <title>"),
        (feed("<item><title>T</title></item>"), "'T' has no <pubDate>"),
        (feed("<item><title>T</title><pubDate>2026-07-23</pubDate></item>"), "bad RFC 822"),
    ],
)
def test_it_rejects_malformed_feeds(payload, message):
    with pytest.raises(ParseError, match=re.escape(message)):
        AzureRssParser().parse(payload)


def test_it_refuses_an_external_entity():
    xxe = (
        b'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY x SYSTEM "http://169.254.169.254/">]>'
        b"<rss><channel><item><title>&x;</title></item></channel></rss>"
    )

    with pytest.raises(ParseError, match="unsafe XML"):
        AzureRssParser().parse(xxe)
