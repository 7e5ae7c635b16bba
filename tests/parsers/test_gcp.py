"""The gcp parser against recorded incidents.json and feed.atom payloads."""

import datetime as dt
import json
import re
from pathlib import Path

import pytest

from incidents.ingest.parsers import ParsedImpact, ParseError, get_parser
from incidents.ingest.parsers.gcp import GcpParser

FIXTURES = Path(__file__).parent.parent / "fixtures" / "gcp"


def utc(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=dt.UTC)


def parse(name: str):
    return GcpParser().parse((FIXTURES / name).read_bytes())


def parse_json(value) -> list:
    return GcpParser().parse(json.dumps(value).encode())


def test_it_is_registered_as_gcp():
    assert isinstance(get_parser("gcp"), GcpParser)


def test_it_reads_an_open_incident_without_an_end_key():
    [incident] = parse("incidents_open.json")

    assert incident.external_id == "3BvH3LVGcupoYqV6F4Nw"
    assert incident.title.startswith("Google Cloud VMware Engine (GCVE), Google Cloud NetApp")
    assert incident.title.endswith("in europe-west4-a due to a cooling failure.")
    assert incident.started_at == utc(2026, 7, 15, 23, 57)
    assert incident.ended_at is None
    assert incident.status == "investigating"
    assert incident.impact == "critical"  # SERVICE_OUTAGE
    assert incident.url == "https://status.cloud.google.com/incidents/3BvH3LVGcupoYqV6F4Nw"
    assert incident.language == "en"
    assert incident.summary == ""
    assert incident.regions == ("europe-west4",)
    # A renamed product is known by its current title.
    assert incident.products == (
        ParsedImpact(product="Google Cloud VMware Engine"),
        ParsedImpact(product="Bare Metal Solution"),
        ParsedImpact(product="Google Cloud NetApp Volumes"),
    )


def test_it_puts_updates_oldest_first():
    [incident] = parse("incidents_open.json")

    first, second = incident.updates
    assert first.posted_at == utc(2026, 7, 16, 3, 30, 59)
    assert first.status == "investigating"
    assert first.external_id == ""
    assert first.body.startswith("**Summary**\nGoogle Cloud VMware Engine (GCVE) and Bare Metal")
    assert second.posted_at == utc(2026, 7, 16, 5, 2, 11)
    assert second.status == "investigating"
    assert "Cooling has been partially restored" in second.body


def test_it_reads_a_null_end_as_open():
    [incident] = parse("incidents_open_null_end.json")

    assert incident.external_id == "Xa8uVmBTfVsyq8QxMNq7"
    assert incident.title == (
        "Some customers may see delays in Cloud Logging log ingestion in us-central1"
    )
    assert incident.started_at == utc(2026, 11, 26, 17, 40)
    assert incident.ended_at is None
    assert incident.status == "investigating"
    assert incident.impact == "minor"  # SERVICE_INFORMATION
    assert incident.url == "https://status.cloud.google.com/incidents/Xa8uVmBTfVsyq8QxMNq7"
    assert incident.regions == ("us-central1",)
    assert incident.products == (ParsedImpact(product="Cloud Logging"),)
    [update] = incident.updates
    assert update.posted_at == utc(2026, 11, 26, 18, 2, 44)
    assert update.status == "investigating"
    assert "Logs may appear in Logs Explorer up to 30 minutes late." in update.body


def test_it_reads_a_resolved_incident_and_its_available_update():
    [incident] = parse("incidents_resolved_available.json")

    assert incident.external_id == "mLBHeCxhRia17anXCSX1"
    assert incident.title == "Secret Manager experienced service unavailability in europe-west2"
    assert incident.started_at == utc(2022, 7, 9, 14, 17)
    assert incident.ended_at == utc(2022, 7, 10, 15, 47)
    assert incident.status == "resolved"
    assert incident.impact == "major"  # SERVICE_DISRUPTION
    assert incident.url == "https://status.cloud.google.com/incidents/mLBHeCxhRia17anXCSX1"
    # Previously affected locations and those named in updates, "global" included.
    assert incident.regions == ("europe-west2", "global")
    assert incident.products == (ParsedImpact(product="Secret Manager"),)
    assert [(u.posted_at, u.status) for u in incident.updates] == [
        (utc(2022, 7, 20, 13, 39, 1), "investigating"),
        (utc(2022, 7, 20, 13, 44, 35), "resolved"),
    ]
    assert incident.updates[1].body.startswith("We experienced an issue with Secret Manager")


def test_it_marks_an_incident_with_a_published_report_as_postmortem():
    [incident] = parse("incidents_resolved_with_report.json")

    assert incident.external_id == "3BvH3LVGcupoYqV6F4Nw"
    assert incident.started_at == utc(2026, 7, 15, 23, 57)
    assert incident.ended_at == utc(2026, 7, 16, 12, 25)
    assert incident.status == "postmortem"
    assert incident.impact == "critical"
    assert incident.regions == ("europe-west4",)
    assert len(incident.products) == 3
    assert [(u.posted_at, u.status) for u in incident.updates] == [
        (utc(2026, 7, 16, 3, 30, 59), "investigating"),
        (utc(2026, 7, 16, 12, 25, 47), "resolved"),
        (utc(2026, 7, 18, 0, 22, 37), "postmortem"),  # "# Preliminary Incident Report"
        (utc(2026, 7, 25, 13, 16, 55), "postmortem"),  # "## \\# Incident Report"
    ]
    assert incident.updates[3].body.startswith("## \\# Incident Report\n## \\#\\# Summary")


def test_it_reads_an_empty_array_as_no_incidents():
    assert parse("incidents_empty.json") == []


@pytest.mark.parametrize(
    ("status_impact", "severity", "impact"),
    [
        ("SERVICE_OUTAGE", "low", "critical"),
        ("SERVICE_DISRUPTION", "high", "major"),
        ("SERVICE_INFORMATION", "high", "minor"),
        (None, "high", "critical"),
        (None, "medium", "major"),
        (None, "low", "minor"),
        (None, None, "major"),
    ],
)
def test_it_maps_status_impact_before_severity(status_impact, severity, impact):
    item = {"id": "a1", "begin": "2026-01-01T00:00:00+00:00", "external_desc": "x"}
    item |= {"status_impact": status_impact, "severity": severity}

    [incident] = parse_json([item])

    assert incident.impact == impact


def test_it_falls_back_to_the_service_name_for_a_product_and_a_title():
    item = {"id": "a1", "begin": "2026-01-01T00:00:00Z", "service_name": "Cloud DNS"}

    [incident] = parse_json([item])

    assert incident.title == "Cloud DNS"
    assert incident.products == (ParsedImpact(product="Cloud DNS"),)
    assert incident.started_at == utc(2026, 1, 1)


def test_it_groups_feed_entries_by_incident():
    first, second = parse("feed.atom")

    assert first.external_id == "B1hD4KAtcxiyAWkcANfV"
    assert first.title == (
        "Global: Cloud Monitoring Metrics may be unavailable or underreported for Cloud Pub/Sub"
    )
    # Begin and end come from the summary, written in US/Pacific (PDT in March 2022).
    assert first.started_at == utc(2022, 3, 31, 15, 30)
    assert first.ended_at == utc(2022, 3, 31, 22, 54)
    assert first.status == "resolved"
    assert first.impact == "major"
    assert first.url == "https://status.cloud.google.com/incidents/B1hD4KAtcxiyAWkcANfV"
    assert first.regions == ("global",)
    assert first.products == (
        ParsedImpact(product="Cloud Monitoring"),
        ParsedImpact(product="Operations"),
        ParsedImpact(product="Google Cloud Pub/Sub"),
    )
    assert [(u.external_id, u.posted_at, u.status) for u in first.updates] == [
        ("pPVsLX8pdGCSxzHTSpvH", utc(2022, 3, 31, 21, 2, 10), "investigating"),
        ("T3VTiKN96GAYJ2R68X6b", utc(2022, 4, 1, 20, 13, 25), "resolved"),
    ]
    assert "continues to investigate" in first.updates[0].body


def test_it_reads_an_open_feed_incident_and_its_location_ids():
    _, second = parse("feed.atom")

    assert second.external_id == "Yx3pS7mZq1AaB2cD3eF4"
    assert second.title == "Multiple regions: Elevated latency for Cloud SQL instance creation"
    assert second.started_at == utc(2022, 3, 31, 19, 10)
    assert second.ended_at is None
    assert second.status == "investigating"
    assert second.regions == ("europe-west2", "us-central1")
    assert second.products == (ParsedImpact(product="Google Cloud SQL"),)
    assert [u.external_id for u in second.updates] == ["Hj5kL6mN7pQ8rS9tU0vW"]


@pytest.mark.parametrize(
    ("payload", "message"),
    [
        (b"", "empty body"),
        (b"<!DOCTYPE html><html><body>Sign in</body></html>", "HTML page"),
        (b'{"incidents": []}', "bare array"),
        (b"[1]", "incident #0: expected an object"),
        (b'[{"begin": "2026-01-01T00:00:00Z"}]', "'id'"),
        (b'[{"id": "a", "external_desc": "x"}]', "'begin'"),
        (b'[{"id": "a", "external_desc": "x", "begin": "yesterday"}]', "bad ISO 8601"),
        (b'[{"id": "a", "begin": "2026-01-01T00:00:00Z"}]', "no 'external_desc'"),
        (b'[{"id": "a", "external_desc": "x", "begin": "2026-01-01T00:00:00Z", '
         b'"updates": [{"text": "t"}]}]', "'created'"),
        (b'[{"id": "a", "external_desc": "x", "begin": "2026-01-01T00:00:00Z", '
         b'"affected_products": [{"id": "p"}]}]', "no 'title'"),
        (b'[{"id": "a", "external_desc": "x", "begin": "2026-01-01T00:00:00Z", '
         b'"currently_affected_locations": [{"title": "Iowa"}]}]', "no string 'id'"),
        (b"[" * 100000, "nested too deeply"),
        (b'<feed xmlns="http://www.w3.org/2005/Atom"><entry><id>x</id></entry></feed>',
         "not <incident>.<update>"),
    ],
)  # fmt: skip
def test_it_rejects_malformed_payloads(payload, message):
    with pytest.raises(ParseError, match=re.escape(message)):
        GcpParser().parse(payload)


def test_it_refuses_entity_expansion_in_the_feed():
    bomb = (
        b'<?xml version="1.0"?><!DOCTYPE feed [<!ENTITY a "aaaaaaaaaa">'
        b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
        b'<feed xmlns="http://www.w3.org/2005/Atom"><title>&b;</title></feed>'
    )

    with pytest.raises(ParseError, match="unsafe XML"):
        GcpParser().parse(bomb)
