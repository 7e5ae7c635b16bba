"""The aliyun parser against recorded ListEventInProgress responses."""

import datetime as dt
import json
import re
from pathlib import Path

import pytest

from incidents.ingest.parsers import ParsedImpact, ParseError, get_parser
from incidents.ingest.parsers.aliyun import AliyunParser

FIXTURES = Path(__file__).parent.parent / "fixtures" / "aliyun"


def utc(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=dt.UTC)


def parse(name: str):
    return AliyunParser().parse((FIXTURES / name).read_bytes())


def parse_events(*events: dict) -> list:
    return AliyunParser().parse(json.dumps({"Data": list(events)}).encode())


def event(**fields) -> dict:
    return {"Id": 7, "Title": "网络异常", "StartTime": 1749149820000, **fields}


def test_it_is_registered_as_aliyun_and_assumes_beijing_time():
    parser = get_parser("aliyun")

    assert isinstance(parser, AliyunParser)
    assert parser.default_time_zone == "Asia/Shanghai"


def test_it_reads_no_events_as_no_incidents():
    assert parse("ListEventInProgress_empty.json") == []


def test_it_reads_an_event_in_progress():
    [incident] = parse("ListEventInProgress_one.json")

    assert incident.external_id == "27"
    assert incident.title == "阿里云部分域名（aliyuncs.com）解析异常"
    # 02:57 Beijing time on 6 June is 18:57 UTC on 5 June.
    assert incident.started_at == utc(2025, 6, 5, 18, 57)
    assert incident.ended_at is None
    assert incident.status == "investigating"
    assert incident.impact == "major"
    assert incident.url == "https://status.aliyun.com/#/eventDetail?eventId=27"
    assert incident.language == "zh-Hans"
    assert incident.summary == ""
    # "cn-shanghai\n" in the payload is stripped; each region once.
    assert incident.regions == ("cn-hangzhou", "cn-shanghai")


def test_it_merges_per_region_impacts_into_one_per_product():
    [incident] = parse("ListEventInProgress_one.json")

    assert incident.products == (
        # Recovered in Hangzhou, not yet in Shanghai: not recovered.
        ParsedImpact(product="云解析 DNS", started_at=utc(2025, 6, 5, 18, 57), ended_at=None),
        ParsedImpact(
            product="云服务器 ECS",
            started_at=utc(2025, 6, 5, 19, 5),
            ended_at=utc(2025, 6, 5, 20, 30),
        ),
    )


def test_it_puts_updates_oldest_first_in_their_chinese_text():
    [incident] = parse("ListEventInProgress_one.json")

    first, second = incident.updates
    assert first.posted_at == utc(2025, 6, 5, 19, 20, 41)
    assert first.body.startswith("尊敬的客户：\n\n      您好！北京时间2025年06月06日 02:57起")
    assert first.status == ""
    assert first.external_id == ""
    assert second.posted_at == utc(2025, 6, 5, 21, 42, 13)
    assert "云解析 DNS 已在杭州地域恢复" in second.body


def test_it_reads_the_api_documentation_example_to_the_millisecond():
    [incident] = parse("ListEventInProgress_doc_example.json")

    assert incident.external_id == "101"
    assert incident.title == "部分地域电信网络访问异常"
    assert incident.started_at == dt.datetime(2023, 4, 5, 2, 15, 40, 17000, tzinfo=dt.UTC)
    assert incident.regions == ("cn-shanghai",)
    assert incident.products == (
        ParsedImpact(
            product="云服务器 ECS",
            started_at=incident.started_at,
            ended_at=incident.started_at,
        ),
    )
    [update] = incident.updates
    assert update.posted_at == incident.started_at
    assert "阿里云成都地域客户通过电信网络访问" in update.body


def test_it_reports_an_api_error_with_its_code():
    with pytest.raises(ParseError, match="InvalidAccessKeyId.NotFound: Specified access key"):
        parse("ListEventInProgress_error.json")


def test_it_reads_null_data_as_no_incidents():
    assert AliyunParser().parse(b'{"Data": null, "RequestId": "x"}') == []


def test_it_resolves_an_event_that_carries_an_end_time():
    [incident] = parse_events(event(Id="8", EndTime=1749155400000))

    assert incident.external_id == "8"
    assert incident.status == "resolved"
    assert incident.ended_at == utc(2025, 6, 5, 20, 30)


def test_it_names_a_product_by_its_id_when_it_has_no_name():
    impact = {"Product": {"ProductId": "oss"}, "Region": {"RegionId": "cn-beijing"}}

    [incident] = parse_events(event(Impacts=[impact]))

    assert incident.products == (ParsedImpact(product="oss"),)
    assert incident.regions == ("cn-beijing",)


@pytest.mark.parametrize(
    ("payload", "message"),
    [
        (b"", "empty body"),
        (b"\xff\xfe", "not UTF-8"),
        (b"<html><body>502 Bad Gateway</body></html>", "HTML page"),
        (b"[]", "expected an object with 'Data'"),
        (b'{"Data": [' + b"1" * 5000 + b"]}", "JSON number too long"),
        (b'{"RequestId": "x"}', "'Data' should be a list, got missing"),
        (b'{"Data": [1]}', "event #0 is not an object"),
        (json.dumps({"Data": [event(Id=None)]}).encode(), "'Id' should be an integer"),
        (json.dumps({"Data": [event(Id=True)]}).encode(), "'Id' should be an integer"),
        (json.dumps({"Data": [event(Title="")]}).encode(), "empty 'Title'"),
        (json.dumps({"Data": [event(StartTime=None)]}).encode(), "'StartTime' should be epoch"),
        (json.dumps({"Data": [event(StartTime="x")]}).encode(), "bad epoch time"),
        (json.dumps({"Data": [event(StartTime=1e300)]}).encode(), "out of range"),
        (json.dumps({"Data": [event(EventUpdates=[{"Content": "x"}])]}).encode(), "PublishTime"),
        (json.dumps({"Data": [event(EventUpdates=[{"PublishTime": 1}])]}).encode(), "'Content'"),
        (json.dumps({"Data": [event(Impacts=["x"])]}).encode(), "impact #0: expected an object"),
        (json.dumps({"Data": [event(Impacts=[{"Region": "cn"}])]}).encode(), "'Region' should"),
        (json.dumps({"Data": [event(Impacts=[{
            "Product": {"ProductName": "ECS"}, "StartTime": 2000, "RecoveryTime": 1000,
        }])]}).encode(), "'RecoveryTime' is before 'StartTime'"),
    ],
)  # fmt: skip
def test_it_rejects_malformed_payloads(payload, message):
    with pytest.raises(ParseError, match=re.escape(message)):
        AliyunParser().parse(payload)
