"""Parse Cachet status pages' JSON APIs: Cachet 2 (<page>/api/v1/incidents) and Cachet 3
(<page>/api/incidents, JSON:API), each with its components endpoint.

Cachet 2.x (github.com/cachethq/cachet, IncidentPresenter and the API docs at
docs.cachethq.io): `{meta, data: [{id, component_id, name, status 0-4, human_status, message,
occurred_at | scheduled_at, created_at, updated_at, updates?: [{id, status, message,
created_at}]}]}`; times are "Y-m-d H:i:s" in the instance's zone (UTC unless configured).
Components (/api/v1/components): `{data: [{id, name, status 1-4, status_name, ...}]}`.
Cachet 3.x (github.com/cachethq/core, src/Http/Resources/Incident.php and Update.php):
`{data: [{type: "incidents", id, attributes: {id, guid, name, message, component_id,
status: {human, value}, occurred: {string}, created: {string}, updated: {string}}}],
included: [{type: "updates", attributes: {updateable_id, message, status: {value},
created: {string}}}]}`. Statuses: 0 scheduled (Cachet 2 only), 1 investigating,
2 identified, 3 watching, 4 fixed.
"""

from __future__ import annotations

import datetime as dt

from .base import ParsedIncident, ParsedUpdate, ParseError, Parser
from .common import json_field, json_kind, load_json, parse_iso

STATUSES = {0: "identified", 1: "investigating", 2: "identified", 3: "monitoring", 4: "resolved"}


class Cachet2Parser(Parser):
    kind = "cachet2"
    label = "Cachet 2 API (/api/v1/incidents)"

    def parse(self, payload: bytes) -> list[ParsedIncident]:
        rows = _rows(load_json(payload, "Cachet 2 JSON"), "Cachet 2 JSON", "/api/v1/incidents")
        if _is_components(rows):
            return []
        return [_v2_incident(row) for row in rows]


class Cachet3Parser(Parser):
    kind = "cachet3"
    label = "Cachet 3 API (/api/incidents)"

    def parse(self, payload: bytes) -> list[ParsedIncident]:
        data = load_json(payload, "Cachet 3 JSON")
        rows = _rows(data, "Cachet 3 JSON", "/api/incidents")
        if any(isinstance(row, dict) and row.get("type") == "components" for row in rows):
            return []
        updates = _v3_updates(json_field(data, "included", list, "Cachet 3 JSON", False) or [])
        return [_v3_incident(row, updates) for row in rows]


def _rows(data: object, what: str, endpoint: str) -> list:
    if not isinstance(data, dict) or "data" not in data:
        raise ParseError(
            f"{what}: expected an object with 'data' (<page>{endpoint}), got {json_kind(data)}"
        )
    return json_field(data, "data", list, what)


def _is_components(rows: list) -> bool:
    # /api/v1/components answers in the same envelope: the page is Cachet, with no incidents.
    return bool(rows) and all(isinstance(r, dict) and "status_name" in r for r in rows)


def _time(value: object, where: str, key: str) -> dt.datetime | None:
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise ParseError(f"{where}: {key!r} should be a string, got {json_kind(value)}")
    return parse_iso(value)


def _status(value: object, where: str) -> str:
    if isinstance(value, str) and value.isdigit():
        value = int(value)  # Cachet 2 sent numbers as strings on some databases
    if isinstance(value, bool) or value not in STATUSES:
        raise ParseError(f"{where}: unknown status {value!r}; expected 0 to 4")
    return STATUSES[value]


def _v2_incident(row: object) -> ParsedIncident:
    if not isinstance(row, dict):
        raise ParseError(f"Cachet 2 incident: expected an object, got {json_kind(row)}")
    incident_id = str(json_field(row, "id", (int, str), "Cachet 2 incident"))
    where = f"Cachet 2 incident {incident_id}"
    status = _status(row.get("status"), where)
    started_at = next(
        (
            t
            for key in ("occurred_at", "scheduled_at", "created_at")
            if (t := _time(row.get(key), where, key))
        ),
        None,
    )
    if started_at is None:
        raise ParseError(f"{where}: no 'occurred_at', 'scheduled_at' or 'created_at' time")
    updates = [
        _v2_update(item, where) for item in json_field(row, "updates", list, where, False) or []
    ]
    # The incident's own message opens it; its status is today's, not the opening one's.
    message = json_field(row, "message", str, where, required=False) or ""
    if message:
        updates.append(ParsedUpdate(posted_at=started_at, body=message, external_id="message"))
    updates.sort(key=lambda update: update.posted_at)
    return _incident(row, incident_id, where, status, started_at, updates, row.get("updated_at"))


def _v2_update(item: object, where: str) -> ParsedUpdate:
    if not isinstance(item, dict):
        raise ParseError(f"{where}: an update is {json_kind(item)}, expected an object")
    update_id = str(json_field(item, "id", (int, str), f"{where} update"))
    posted_at = _time(item.get("created_at"), f"{where} update {update_id}", "created_at")
    if posted_at is None:
        raise ParseError(f"{where} update {update_id}: no 'created_at' time")
    return ParsedUpdate(
        posted_at=posted_at,
        body=json_field(item, "message", str, f"{where} update", required=False) or "",
        status=_status(item.get("status"), f"{where} update {update_id}"),
        external_id=update_id,
    )


def _incident(
    row: dict,
    incident_id: str,
    where: str,
    status: str,
    started_at: dt.datetime,
    updates: list[ParsedUpdate],
    updated: object,
) -> ParsedIncident:
    ended_at = None
    if status == "resolved":
        fixed = [u.posted_at for u in updates if u.status == "resolved"]
        ended_at = min(fixed) if fixed else _time(updated, where, "updated_at") or started_at
    return ParsedIncident(
        external_id=incident_id,
        title=json_field(row, "name", str, where).strip(),
        started_at=started_at,
        ended_at=max(ended_at, started_at) if ended_at else None,
        status=status,
        # Cachet has no incident impact; its status page is what went wrong, so major.
        impact="maintenance" if row.get("status") == 0 else "major",
        updates=tuple(updates),
    )


def _dated(attributes: dict, key: str, where: str) -> dt.datetime | None:
    value = json_field(attributes, key, dict, where, required=False)
    return _time(value.get("string"), where, f"{key}.string") if value else None


def _v3_status(attributes: dict, where: str) -> str:
    value = json_field(attributes, "status", dict, where)
    return _status(value.get("value"), where)


def _v3_updates(included: list) -> dict[str, list[ParsedUpdate]]:
    updates: dict[str, list[ParsedUpdate]] = {}
    for item in included:
        if not isinstance(item, dict) or item.get("type") not in ("updates", "incidentUpdates"):
            continue
        update_id = str(json_field(item, "id", (int, str), "Cachet 3 update"))
        where = f"Cachet 3 update {update_id}"
        attributes = json_field(item, "attributes", dict, where)
        posted_at = _dated(attributes, "created", where)
        if posted_at is None:
            raise ParseError(f"{where}: no 'created' time")
        owner = str(json_field(attributes, "updateable_id", (int, str), where))
        updates.setdefault(owner, []).append(
            ParsedUpdate(
                posted_at=posted_at,
                body=json_field(attributes, "message", str, where, required=False) or "",
                status=_v3_status(attributes, where) if "status" in attributes else "",
                external_id=update_id,
            )
        )
    return updates


def _v3_incident(row: object, updates: dict[str, list[ParsedUpdate]]) -> ParsedIncident:
    if not isinstance(row, dict):
        raise ParseError(f"Cachet 3 incident: expected an object, got {json_kind(row)}")
    incident_id = str(json_field(row, "id", (int, str), "Cachet 3 incident"))
    where = f"Cachet 3 incident {incident_id}"
    attributes = json_field(row, "attributes", dict, where)
    status = _v3_status(attributes, where)
    started_at = _dated(attributes, "occurred", where) or _dated(attributes, "created", where)
    if started_at is None:
        raise ParseError(f"{where}: no 'occurred' or 'created' time")
    own = list(updates.get(incident_id, []))
    message = json_field(attributes, "message", str, where, required=False) or ""
    if message:
        own.append(
            ParsedUpdate(posted_at=started_at, body=message, status="", external_id="message")
        )
    own.sort(key=lambda update: update.posted_at)
    updated = (
        (attributes.get("updated") or {}).get("string")
        if isinstance(attributes.get("updated"), dict)
        else None
    )
    return _incident(attributes, incident_id, where, status, started_at, own, updated)
