"""Parse status.io's public status API, https://api.status.io/1.0/status/<page id>.

The answer is `{status: {error, message}, result: {status_overall: {status, status_code},
status: [components with containers], incidents: [{_id, name, datetime_open, messages:
[{details, datetime, state, status}], components_affected: [{_id, name}],
containers_affected}], maintenance: {active: [...], upcoming: [...]}}}` with the maintenances
shaped like incidents plus datetime_planned_start / datetime_planned_end. Message `state`:
100 investigating, 200 identified, 300 monitoring; `status` codes: 100 operational,
200 planned maintenance, 300 degraded performance, 400 partial service disruption,
500 service disruption, 600 security event. Field names from status.io's own Go client
(github.com/statusio/statusio-go, status_types.go StatusSummaryResponse); the codes as
status.io's API documentation lists them (public clients treat 100 as operational and 300 to
500 as degraded to disrupted). Not yet checked against a recorded payload of a live page.
"""

from __future__ import annotations

import datetime as dt

from .base import ParsedImpact, ParsedIncident, ParsedUpdate, ParseError, Parser
from .common import json_field, json_kind, load_json, parse_iso

STATES = {100: "investigating", 200: "identified", 300: "monitoring"}
IMPACTS = {
    100: "none",
    200: "maintenance",
    300: "minor",
    400: "major",
    500: "critical",
    600: "major",
}
OPERATIONAL = 100


class StatusioParser(Parser):
    kind = "statusio"
    label = "status.io public status API"

    def parse(self, payload: bytes) -> list[ParsedIncident]:
        data = load_json(payload, "status.io JSON")
        result = data.get("result") if isinstance(data, dict) else None
        if not isinstance(result, dict) or "status_overall" not in result:
            raise ParseError(
                "status.io JSON: expected an object with 'result.status_overall'"
                f" (api.status.io/1.0/status/<page id>), got {json_kind(data)}"
            )
        incidents = [
            _event(raw, maintenance=False)
            for raw in json_field(result, "incidents", list, "status.io result", False) or []
        ]
        maintenance = json_field(result, "maintenance", dict, "status.io result", False) or {}
        for key in ("active", "upcoming"):
            items = json_field(maintenance, key, list, "status.io maintenance", False) or []
            incidents += [_event(raw, maintenance=True) for raw in items]
        return incidents


def _time(raw: dict, key: str, where: str) -> dt.datetime | None:
    value = json_field(raw, key, str, where, required=False)
    return parse_iso(value) if value else None


def _code(raw: dict, key: str, where: str) -> int | None:
    return json_field(raw, key, int, where, required=False)


def _event(raw: object, maintenance: bool) -> ParsedIncident:
    what = "maintenance" if maintenance else "incident"
    if not isinstance(raw, dict):
        raise ParseError(f"status.io {what}: expected an object, got {json_kind(raw)}")
    event_id = json_field(raw, "_id", str, f"status.io {what}")
    where = f"status.io {what} {event_id}"
    messages = _messages(raw, where)
    start_key = "datetime_planned_start" if maintenance else "datetime_open"
    started_at = _time(raw, start_key, where) or _time(raw, "datetime_open", where)
    if started_at is None:
        raise ParseError(f"{where}: no {start_key!r} time")
    last = messages[-1] if messages else None
    # The API lists open events only; one whose last message sets "operational" is over.
    over = last is not None and last[1] == OPERATIONAL
    return ParsedIncident(
        external_id=event_id,
        title=json_field(raw, "name", str, where).strip(),
        started_at=started_at,
        ended_at=max(last[0].posted_at, started_at) if over and last else None,
        status="resolved" if over else _status(last, maintenance),
        impact="maintenance" if maintenance else _impact(raw, messages, where),
        products=_components(raw, where),
        updates=tuple(message for message, _ in messages),
    )


def _status(last: tuple[ParsedUpdate, int | None] | None, maintenance: bool) -> str:
    if maintenance:
        return "identified"  # planned: the cause is known by definition
    return (last[0].status if last else "") or "investigating"


def _messages(raw: dict, where: str) -> list[tuple[ParsedUpdate, int | None]]:
    messages = []
    for item in json_field(raw, "messages", list, where, required=False) or []:
        if not isinstance(item, dict):
            raise ParseError(f"{where}: a message is {json_kind(item)}, expected an object")
        posted_at = _time(item, "datetime", f"{where} message")
        if posted_at is None:
            raise ParseError(f"{where} message: no 'datetime' time")
        status = _code(item, "status", f"{where} message")
        update = ParsedUpdate(
            posted_at=posted_at,
            body=json_field(item, "details", str, f"{where} message", required=False) or "",
            status="resolved"
            if status == OPERATIONAL
            else STATES.get(_code(item, "state", where) or 0, ""),
        )
        messages.append((update, status))
    return sorted(messages, key=lambda pair: pair[0].posted_at)


def _impact(raw: dict, messages: list[tuple[ParsedUpdate, int | None]], where: str) -> str:
    codes = [code for _, code in messages if code and code != OPERATIONAL]
    codes.append(_code(raw, "status_code", where) or 0)
    return IMPACTS.get(max(codes), "major") if max(codes) > OPERATIONAL else "major"


def _components(raw: dict, where: str) -> tuple[ParsedImpact, ...]:
    products = []
    for item in json_field(raw, "components_affected", list, where, required=False) or []:
        if not isinstance(item, dict):
            raise ParseError(f"{where}: an affected component is {json_kind(item)}")
        products.append(
            ParsedImpact(product=json_field(item, "name", str, f"{where} component").strip())
        )
    return tuple(products)
