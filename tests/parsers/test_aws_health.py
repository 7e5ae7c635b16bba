"""The aws-health parser against recorded currentevents (UTF-16) and legacy data.json payloads."""

import datetime as dt
import json
import re
from pathlib import Path

import pytest

from incidents.ingest.parsers import ParsedImpact, ParseError, get_parser
from incidents.ingest.parsers.aws_health import AwsHealthParser

FIXTURES = Path(__file__).parent.parent / "fixtures" / "aws-health"
ARN = (
    "arn:aws:health:me-central-1::event/MULTIPLE_SERVICES/AWS_MULTIPLE_SERVICES_OPERATIONAL_ISSUE"
    "/AWS_MULTIPLE_SERVICES_OPERATIONAL_ISSUE_8F2C1_5E0B7D9A4C3"
)


def utc(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=dt.UTC)


def parse(name: str):
    return AwsHealthParser().parse((FIXTURES / name).read_bytes())


def event(**fields) -> dict:
    return {"date": "1772433000", "service": "ec2-us-east-1", "summary": "S", **fields}


def parse_events(*events: dict, encoding: str = "utf-8") -> list:
    return AwsHealthParser().parse(json.dumps(list(events)).encode(encoding))


def test_it_is_registered_as_aws_health():
    assert isinstance(get_parser("aws-health"), AwsHealthParser)


def test_the_fixtures_really_are_utf16_with_a_bom():
    assert (FIXTURES / "currentevents_empty_utf16be.bin").read_bytes() == b"\xfe\xff\x00[\x00]"
    assert (FIXTURES / "currentevents_open_utf16le.bin").read_bytes()[:4] == b"\xff\xfe[\x00"


def test_it_reads_an_empty_utf16be_list_as_no_incidents():
    assert parse("currentevents_empty_utf16be.bin") == []


def test_it_reads_an_open_event_in_utf16le():
    [incident] = parse("currentevents_open_utf16le.bin")

    assert incident.external_id == ARN
    assert incident.title == "Increased Error Rates and Latencies"
    assert incident.started_at == utc(2026, 3, 2, 6, 30)
    assert incident.ended_at is None
    assert incident.status == "investigating"
    assert incident.impact == "major"  # status "3"
    assert incident.url == (
        "https://health.aws.amazon.com/health/status?eventID="
        "arn%3Aaws%3Ahealth%3Ame-central-1%3A%3Aevent%2FMULTIPLE_SERVICES"
        "%2FAWS_MULTIPLE_SERVICES_OPERATIONAL_ISSUE"
        "%2FAWS_MULTIPLE_SERVICES_OPERATIONAL_ISSUE_8F2C1_5E0B7D9A4C3"
    )
    assert incident.language == "en"
    assert incident.regions == ("me-central-1",)
    assert incident.products == (
        ParsedImpact(product="Amazon Elastic Compute Cloud", impact="major"),
        ParsedImpact(product="Amazon Elastic Block Store", impact="major"),
        ParsedImpact(product="AWS Lambda", impact="minor"),
    )


def test_it_turns_the_event_log_into_updates_oldest_first():
    [incident] = parse("currentevents_open_utf16le.bin")

    assert [(u.posted_at, u.status, u.external_id) for u in incident.updates] == [
        (utc(2026, 3, 2, 6, 30), "investigating", ""),
        (utc(2026, 3, 2, 7, 45, 10), "investigating", ""),
        (utc(2026, 3, 2, 11, 2, 40), "investigating", ""),
    ]
    assert incident.updates[0].body == (
        "We are investigating increased error rates and latencies for multiple AWS services"
        " in the ME-CENTRAL-1 Region."
    )
    assert incident.updates[2].body.startswith("We continue to work on recovering")


def test_it_reads_a_resolved_event_without_an_arn_in_utf16be():
    [incident] = parse("currentevents_resolved_utf16be.bin")

    # No arn: service plus posting time identify the event.
    assert incident.external_id == "internetconnectivity-us-west-2_1678726651"
    assert incident.title == "Internet Connectivity in the US-WEST-2 Region"
    # The event_log post (16:57:00) predates the event's own date (16:57:31).
    assert incident.started_at == utc(2023, 3, 13, 16, 57)
    assert incident.ended_at == utc(2023, 3, 13, 17, 11, 16)
    assert incident.status == "resolved"
    assert incident.impact == "minor"  # every code at most 1
    assert incident.url == "https://health.aws.amazon.com/health/status"
    assert incident.regions == ("us-west-2",)
    assert incident.products == (
        ParsedImpact(product="Amazon Elastic Load Balancing", impact="minor"),
        ParsedImpact(product="Amazon Elastic Compute Cloud", impact="minor"),
    )
    [update] = incident.updates
    assert update.posted_at == utc(2023, 3, 13, 16, 57)
    assert update.status == "resolved"  # its summary says [RESOLVED]
    assert update.body.startswith("Between 8:25 AM and 9:16 AM PDT, we experienced")


def test_it_reads_utf8_with_numbers_and_strings_swapped():
    [incident] = parse("currentevents_utf8.json")

    assert incident.external_id.startswith("arn:aws:health:global::event/CLOUDFRONT/")
    assert incident.title == "Elevated Invalidation Latencies"
    assert incident.started_at == utc(2026, 3, 2, 7, 45, 10)
    assert incident.ended_at is None  # end_time null
    assert incident.status == "investigating"
    assert incident.impact == "minor"  # status 2
    assert incident.regions == ()
    assert incident.products == (ParsedImpact(product="Amazon CloudFront"),)
    [update] = incident.updates
    assert update.posted_at == utc(2026, 3, 2, 7, 45, 10)
    assert update.status == "investigating"


def test_it_accepts_a_utf8_bom():
    payload = b"\xef\xbb\xbf" + json.dumps([event(arn="arn:x")]).encode()

    [incident] = AwsHealthParser().parse(payload)

    assert incident.external_id == "arn:x"


def test_it_reads_utf16_without_a_bom():
    [incident] = parse_events(event(arn="arn:x"), encoding="utf-16-be")

    assert incident.external_id == "arn:x"


def test_it_reads_millisecond_timestamps_by_their_size():
    log = [{"summary": "S", "message": "m", "status": 1, "timestamp": 1772433000000}]

    [incident] = parse_events(event(event_log=log))

    assert incident.updates[0].posted_at == utc(2026, 3, 2, 6, 30)


def test_it_resolves_an_event_whose_status_is_zero_at_its_last_post():
    log = [
        {"summary": "S", "message": "a", "status": 2, "timestamp": 1772433000},
        {"summary": "S", "message": "b", "status": "0", "timestamp": 1772436600},
    ]

    [incident] = parse_events(event(status="0", event_log=log))

    assert incident.status == "resolved"
    assert incident.ended_at == utc(2026, 3, 2, 7, 30)
    assert incident.impact == "minor"
    assert [u.status for u in incident.updates] == ["investigating", "resolved"]


def test_it_reads_history_events_keyed_by_service():
    history = {"ec2-us-east-1": [event(arn="arn:a")], "s3-eu-west-1": [event(arn="arn:b")]}

    incidents = AwsHealthParser().parse(json.dumps(history).encode("utf-16"))

    assert [i.external_id for i in incidents] == ["arn:a", "arn:b"]


def test_it_reads_legacy_data_json_posts_with_their_pacific_times():
    autoscaling, route53, codecatalyst = parse("data_legacy.json")

    assert autoscaling.external_id == "autoscaling-us-east-1_2018-05-10T01:06Z"
    assert autoscaling.title == "Increased API Error Rates"
    # 6:06 PM PDT on 9 May 2018.
    assert autoscaling.started_at == utc(2018, 5, 10, 1, 6)
    assert autoscaling.ended_at == utc(2018, 5, 10, 2, 40)
    assert autoscaling.status == "resolved"
    assert autoscaling.impact == "minor"
    assert autoscaling.url == "https://status.aws.amazon.com/"
    assert autoscaling.regions == ("us-east-1",)
    assert autoscaling.products == (ParsedImpact(product="Auto Scaling"),)
    assert [(u.posted_at, u.status) for u in autoscaling.updates] == [
        (utc(2018, 5, 10, 1, 6), "investigating"),
        (utc(2018, 5, 10, 2, 40), "resolved"),
    ]
    assert autoscaling.updates[0].body == (
        "We are investigating increased API error rates in the US-EAST-1 Region."
    )

    assert codecatalyst.external_id == "codecatalyst-us-west-2_2022-12-21T15:03Z"
    assert codecatalyst.title == "Errors Creating User Aliases"
    assert codecatalyst.status == "resolved"  # status "0" in `current`
    assert codecatalyst.started_at == utc(2022, 12, 21, 15, 3)
    assert codecatalyst.ended_at == utc(2022, 12, 21, 16, 20)
    assert codecatalyst.products == (ParsedImpact(product="Amazon CodeCatalyst"),)
    assert codecatalyst.regions == ("us-west-2",)
    assert route53.regions == ()


def test_it_dates_legacy_posts_across_midnight():
    route53 = parse("data_legacy.json")[1]

    assert route53.external_id == "route53_2022-12-21T22:30Z"
    assert route53.title == "DNS Propagation Delays"
    assert route53.impact == "minor"
    assert [u.posted_at for u in route53.updates] == [
        utc(2022, 12, 21, 22, 30),  # Dec 21, 2:30 PM PST
        utc(2022, 12, 22, 7, 10),  # 11:10 PM PST, still 21 December in Pacific time
        utc(2022, 12, 22, 8, 34),  # Dec 22, 12:34 AM PST
    ]
    assert route53.ended_at == utc(2022, 12, 22, 8, 34)


def test_it_dates_a_legacy_post_across_new_year():
    legacy = {
        "current": [
            {
                "service": "ec2-us-east-1",
                "summary": "S",
                "status": "2",
                "date": "1704062400",  # 2023-12-31 14:40 PST
                "description": '<div><span class="yellowfg"> 2:40 PM PST</span>a</div>'
                '<div><span class="yellowfg">Jan 1, 1:10 AM PST</span>b</div>',
            }
        ]
    }

    [incident] = AwsHealthParser().parse(json.dumps(legacy).encode())

    assert [u.posted_at for u in incident.updates] == [
        utc(2023, 12, 31, 22, 40),
        utc(2024, 1, 1, 9, 10),
    ]
    assert incident.status == "investigating"
    assert incident.ended_at is None


@pytest.mark.parametrize(
    ("payload", "message"),
    [
        (b"", "empty body"),
        (b"\xfe\xff\x00[\x00", "broken UTF-16 text"),
        (b"\xff\xfe\x00\xd8]\x00", "broken UTF-16 text"),  # a lone surrogate
        (b"<html><body>Access Denied</body></html>", "HTML page"),
        (b'"x"', "expected a list of events"),
        (b"[1]", "event #0 is not an object"),
        (json.dumps([event(status="9")]).encode(), "status code should be 0-3"),
        (json.dumps([event(status=True)]).encode(), "status code should be 0-3"),
        (json.dumps([event(date="soon")]).encode(), "expected epoch seconds"),
        (json.dumps([event(date=None)]).encode(), "expected epoch seconds"),
        (json.dumps([event(date="1e300")]).encode(), "out of range"),
        (json.dumps([event(event_log=[{"timestamp": "x"}])]).encode(), "event_log #0"),
        (json.dumps([event(event_log=["x"])]).encode(), "event_log #0: expected an object"),
        (json.dumps([event(impacted_services={"a": 1})]).encode(), "should be objects"),
        (json.dumps([{"date": "1772433000"}]).encode(), "no 'arn' and no 'service'"),
        (b'{"current": [{"date": "1", "service": "s", "description": '
         b'"<div><span>Feb 30, 1:00 AM PST</span>x</div>"}]}', "bad post date"),
        (b'{"current": 3}', "'current' should be a list"),
    ],
)  # fmt: skip
def test_it_rejects_malformed_payloads(payload, message):
    with pytest.raises(ParseError, match=re.escape(message)):
        AwsHealthParser().parse(payload)


def test_it_refuses_a_legacy_post_stamped_with_an_impossible_clock():
    with pytest.raises(ParseError, match=r"AWS data.json: bad post time '77:40 PM'"):
        parse("fuzz_legacy_bad_clock_error.json")


def test_it_reads_an_event_with_a_broken_arn_so_the_edge_refuses_that_event_alone():
    from incidents.ingest.edge import admit

    [incident] = parse("fuzz_lone_surrogate_arn.json")

    admitted = admit([incident], utc(2026, 3, 3))
    assert admitted.incidents == []
    assert "the upstream id holds a lone UTF-16 surrogate" in admitted.refused[0]


def test_it_keeps_a_legacy_events_id_when_aws_changes_its_date():
    before = parse("data_legacy.json")[1]
    after = parse("data_legacy_rekeyed.json")[1]

    assert after.external_id == before.external_id == "route53_2022-12-21T22:30Z"
    assert (before.aliases, after.aliases) == (("route53_1671661800",), ("route53_1671664908",))
