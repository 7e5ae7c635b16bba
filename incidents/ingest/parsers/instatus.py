"""Parse Instatus public status pages: <page>/summary.json and <page>/v2/components.json.

summary.json is `{page: {name, url, status UP|HASISSUES|UNDERMAINTENANCE}, activeIncidents:
[{id, name, started, status INVESTIGATING|IDENTIFIED|MONITORING|RESOLVED, impact
OPERATIONAL|DEGRADEDPERFORMANCE|PARTIALOUTAGE|MAJOROUTAGE|UNDERMAINTENANCE, url, updatedAt}],
activeMaintenances: [{id, name, start, status NOTSTARTEDYET|INPROGRESS|COMPLETED, duration,
url, updatedAt}]}`; v2/components.json is `{components: [{id, name, status, ...}]}` and carries
no incidents. Based on public clients' types of these endpoints (TypeScript `Summary {page,
activeIncidents, activeMaintenances}` and `InstatusSummary` in public repositories), component
statuses as Instatus' API names them (DEGRADEDPERFORMANCE, ...), and the notes in
reference/status-feed-formats.md (Instatus `MAJOROUTAGE` -> major). Not yet checked against
a recorded payload of a live page.
"""

from __future__ import annotations

import datetime as dt

from .base import ParsedIncident, ParseError, Parser
from .common import json_field, json_kind, load_json, parse_iso

STATUSES = {
    "INVESTIGATING": "investigating",
    "IDENTIFIED": "identified",
    "MONITORING": "monitoring",
    "RESOLVED": "resolved",
    "NOTSTARTEDYET": "identified",
    "INPROGRESS": "identified",
    "COMPLETED": "resolved",
}
IMPACTS = {
    "OPERATIONAL": "none",
    "DEGRADEDPERFORMANCE": "minor",
    "PARTIALOUTAGE": "major",
    "MINOROUTAGE": "minor",
    "MAJOROUTAGE": "major",
    "UNDERMAINTENANCE": "maintenance",
}


class InstatusParser(Parser):
    kind = "instatus"
    label = "Instatus status page (summary.json)"

    def parse(self, payload: bytes) -> list[ParsedIncident]:
        data = load_json(payload, "Instatus JSON")
        if isinstance(data, dict) and "components" in data and "activeIncidents" not in data:
            json_field(data, "components", list, "Instatus components.json")
            return []  # components only: nothing to ingest, but the page is Instatus
        if not isinstance(data, dict) or "activeIncidents" not in data:
            raise ParseError(
                "Instatus JSON: expected an object with 'activeIncidents' (<page>/summary.json)"
                f" or 'components' (<page>/v2/components.json), got {json_kind(data)}"
            )
        incidents = [
            _item(raw, maintenance=False)
            for raw in json_field(data, "activeIncidents", list, "Instatus summary") or []
        ]
        maintenances = json_field(data, "activeMaintenances", list, "Instatus summary", False)
        return incidents + [_item(raw, maintenance=True) for raw in maintenances or []]


def _item(raw: object, maintenance: bool) -> ParsedIncident:
    what = "maintenance" if maintenance else "incident"
    if not isinstance(raw, dict):
        raise ParseError(f"Instatus {what}: expected an object, got {json_kind(raw)}")
    where = f"Instatus {what} {json_field(raw, 'id', str, f'Instatus {what}')}"
    status = STATUSES.get(json_field(raw, "status", str, where, required=False) or "")
    started_at = _time(raw, "start" if maintenance else "started", where)
    updated_at = _time(raw, "updatedAt", where)
    if started_at is None:
        raise ParseError(f"{where}: no {'start' if maintenance else 'started'!r} time")
    impact = json_field(raw, "impact", str, where, required=False) or ""
    return ParsedIncident(
        external_id=raw["id"],
        title=json_field(raw, "name", str, where).strip(),
        started_at=started_at,
        ended_at=(updated_at or started_at) if status == "resolved" else None,
        status=status or "investigating",
        impact="maintenance" if maintenance else IMPACTS.get(impact, "major"),
        # summary.json carries no update texts: the incident's page has them.
        url=json_field(raw, "url", str, where, required=False) or "",
    )


def _time(raw: dict, key: str, where: str) -> dt.datetime | None:
    value = json_field(raw, key, str, where, required=False)
    return parse_iso(value) if value else None
