"""Alibaba Cloud OpenAPI `Status 2020-01-17 ListEventInProgress` JSON (status.aliyuncs.com).

`{"Data": [event], "RequestId": ...}`: events still in progress, ids int64, times in epoch
milliseconds, titles and posts in Simplified Chinese (prose times are Beijing time), and
one impact per product and region. An API error comes back as `{"Code", "Message"}`.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from .base import ParsedImpact, ParsedIncident, ParsedUpdate, ParseError, Parser
from .common import from_epoch, json_field, load_json

WHAT = "Alibaba Cloud ListEventInProgress"
EVENT_URL = "https://status.aliyun.com/#/eventDetail?eventId={}"


class AliyunParser(Parser):
    kind = "aliyun"
    label = "Alibaba Cloud ListEventInProgress JSON"
    default_time_zone = "Asia/Shanghai"

    def parse(self, payload: bytes) -> list[ParsedIncident]:
        data = load_json(payload, WHAT)
        if not isinstance(data, dict):
            raise ParseError(f"{WHAT}: expected an object with 'Data', got something else")
        if "Data" not in data and "Code" in data:
            raise ParseError(f"{WHAT}: the API answered {data['Code']}: {data.get('Message', '')}")
        events = json_field(data, "Data", list, WHAT, required="Data" not in data)
        return [_incident(event, index) for index, event in enumerate(events or [])]


def _incident(event: Any, index: int) -> ParsedIncident:
    if not isinstance(event, dict):
        raise ParseError(f"{WHAT}: event #{index} is not an object")
    event_id = _event_id(event.get("Id"), f"{WHAT}: event #{index}")
    where = f"{WHAT}: event {event_id}"
    title = json_field(event, "Title", str, where).strip()
    if not title:
        raise ParseError(f"{where}: empty 'Title'")
    impacts = json_field(event, "Impacts", list, where, required=False) or []
    end = _optional_time(event, "EndTime", where)
    return ParsedIncident(
        external_id=event_id,
        title=title,
        started_at=_time(event, "StartTime", where),
        ended_at=end,
        # The API lists only events in progress; an end time is the only other signal.
        status="resolved" if end else "investigating",
        impact="major",
        url=EVENT_URL.format(event_id),
        language="zh-Hans",
        regions=_regions(impacts, where),
        products=_products(impacts, where),
        updates=_updates(
            json_field(event, "EventUpdates", list, where, required=False) or [], where
        ),
    )


def _event_id(value: Any, where: str) -> str:
    if isinstance(value, bool) or not isinstance(value, int | str) or not str(value).strip():
        raise ParseError(f"{where}: 'Id' should be an integer, got {value!r}")
    return str(value).strip()


def _time(obj: dict, key: str, where: str) -> dt.datetime:
    value = obj.get(key)
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise ParseError(f"{where}: {key!r} should be epoch milliseconds, got {value!r}")
    try:
        return from_epoch(value, millis=True)
    except ParseError as exc:
        raise ParseError(f"{where}: {key!r}: {exc}") from None


def _optional_time(obj: dict, key: str, where: str) -> dt.datetime | None:
    """Read epoch milliseconds where 0 and null mean "not set"."""
    return None if obj.get(key) in (None, 0, "", "0") else _time(obj, key, where)


def _updates(raw: list, where: str) -> tuple[ParsedUpdate, ...]:
    updates = []
    for index, update in enumerate(raw):
        here = f"{where}, update #{index}"
        if not isinstance(update, dict):
            raise ParseError(f"{here}: expected an object")
        updates.append(
            ParsedUpdate(
                posted_at=_time(update, "PublishTime", here),
                body=json_field(update, "Content", str, here),
            )
        )
    return tuple(sorted(updates, key=lambda update: update.posted_at))


def _regions(impacts: list, where: str) -> tuple[str, ...]:
    regions: dict[str, None] = {}
    for index, impact in enumerate(impacts):
        region = _part(impact, "Region", f"{where}, impact #{index}")
        # The API's own example carries "cn-shanghai\n": ids are stripped.
        region_id = json_field(region, "RegionId", str, where, required=False) if region else ""
        if region_id and region_id.strip():
            regions[region_id.strip()] = None
    return tuple(regions)


def _products(impacts: list, where: str) -> tuple[ParsedImpact, ...]:
    """Merge per-region impacts into one per product: earliest start, latest recovery."""
    spans: dict[str, tuple[dt.datetime | None, dt.datetime | None, bool]] = {}
    for index, impact in enumerate(impacts):
        here = f"{where}, impact #{index}"
        product = _part(impact, "Product", here)
        name = (product.get("ProductName") or product.get("ProductId") or "") if product else ""
        if not isinstance(name, str) or not name.strip():
            continue
        start, end = (
            _optional_time(impact, "StartTime", here),
            _optional_time(impact, "RecoveryTime", here),
        )
        if start and end and end < start:
            raise ParseError(f"{here}: 'RecoveryTime' is before 'StartTime'")
        spans[name.strip()] = _merge(spans.get(name.strip()), start, end)
    return tuple(
        ParsedImpact(product=name, started_at=start, ended_at=end if recovered else None)
        for name, (start, end, recovered) in spans.items()
    )


def _merge(
    span: tuple[dt.datetime | None, dt.datetime | None, bool] | None,
    start: dt.datetime | None,
    end: dt.datetime | None,
) -> tuple[dt.datetime | None, dt.datetime | None, bool]:
    if span is None:
        return start, end, end is not None
    old_start, old_end, recovered = span
    starts = [value for value in (old_start, start) if value]
    ends = [value for value in (old_end, end) if value]
    # A product is recovered only when every region it was hit in has recovered.
    return min(starts, default=None), max(ends, default=None), recovered and end is not None


def _part(impact: Any, key: str, where: str) -> dict | None:
    if not isinstance(impact, dict):
        raise ParseError(f"{where}: expected an object")
    return json_field(impact, key, dict, where, required=False)
