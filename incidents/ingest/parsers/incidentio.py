"""Parse incident.io status pages' widget API, <page>/api/v1/summary (ongoing incidents and
maintenances; the Statuspage-compatible /api/v2 endpoints go to the statuspage parser)."""

from __future__ import annotations

import datetime as dt

from .base import ParsedImpact, ParsedIncident, ParsedUpdate, ParseError, Parser
from .common import json_field, json_kind, load_json, parse_iso

STATUSES = {
    "investigating": "investigating",
    "identified": "identified",
    "monitoring": "monitoring",
    "resolved": "resolved",
    "maintenance_scheduled": "identified",
    "maintenance_in_progress": "identified",
    "maintenance_complete": "resolved",
}
IMPACTS = {
    "operational": "none",
    "degraded_performance": "minor",
    "partial_outage": "major",
    "full_outage": "critical",
}
LISTS = ("ongoing_incidents", "in_progress_maintenances", "scheduled_maintenances")


class IncidentioParser(Parser):
    kind = "incidentio"
    label = "incident.io widget summary API"

    def parse(self, payload: bytes) -> list[ParsedIncident]:
        data = load_json(payload, "incident.io summary JSON")
        if not isinstance(data, dict) or "ongoing_incidents" not in data:
            raise ParseError(
                "incident.io summary JSON: expected an object with 'ongoing_incidents'"
                f" (<page>/api/v1/summary), got {json_kind(data)}"
            )
        incidents = []
        for key in LISTS:
            items = json_field(data, key, list, "incident.io summary", required=False) or []
            incidents += [parse_item(item, maintenance=key != LISTS[0]) for item in items]
        return incidents


def parse_item(raw: object, maintenance: bool = False) -> ParsedIncident:
    """Turn one widget incident or maintenance into a ParsedIncident."""
    if not isinstance(raw, dict):
        raise ParseError(f"incident.io item: expected an object, got {json_kind(raw)}")
    item_id = json_field(raw, "id", str, "incident.io item")
    where = f"incident.io {'maintenance' if maintenance else 'incident'} {item_id}"
    status = STATUSES.get(json_field(raw, "status", str, where, required=False) or "")
    update = _last_update(raw, status or "", where)
    return ParsedIncident(
        external_id=item_id,
        title=json_field(raw, "name", str, where).strip(),
        started_at=_start(raw, update, where),
        ended_at=_first_time(raw, ("ends_at", "scheduled_end_at"), where)
        if status == "resolved"
        else None,
        status=status or "investigating",
        impact="maintenance" if maintenance else _impact(raw, "current_worst_impact", where),
        url=json_field(raw, "url", str, where, required=False) or "",
        products=_components(raw, maintenance, where),
        updates=(update,) if update else (),
    )


def _time(raw: dict, key: str, where: str) -> dt.datetime | None:
    value = json_field(raw, key, str, where, required=False)
    return parse_iso(value) if value else None


def _first_time(raw: dict, keys: tuple[str, ...], where: str) -> dt.datetime | None:
    return next((value for key in keys if (value := _time(raw, key, where))), None)


def _start(raw: dict, update: ParsedUpdate | None, where: str) -> dt.datetime:
    # Incidents carry no start time in this API: the latest update is the earliest time known.
    started_at = _first_time(raw, ("started_at", "starts_at"), where)
    if started_at is not None:
        return started_at
    if update is None:
        raise ParseError(f"{where}: no 'started_at', 'starts_at' or 'last_update_at' time")
    return update.posted_at


def _last_update(raw: dict, status: str, where: str) -> ParsedUpdate | None:
    posted_at = _time(raw, "last_update_at", where)
    if posted_at is None:
        return None
    body = json_field(raw, "last_update_message", str, where, required=False) or ""
    return ParsedUpdate(posted_at=posted_at, body=body, status=status)


def _impact(raw: dict, key: str, where: str) -> str:
    value = json_field(raw, key, str, where, required=False)
    return IMPACTS.get(value or "", "major")


def _components(raw: dict, maintenance: bool, where: str) -> tuple[ParsedImpact, ...]:
    products = []
    for component in json_field(raw, "affected_components", list, where, required=False) or []:
        if not isinstance(component, dict):
            raise ParseError(f"{where}: an affected component is {json_kind(component)}")
        name = json_field(component, "name", str, f"{where} component").strip()
        impact = "maintenance" if maintenance else _component_impact(component, where)
        products.append(ParsedImpact(product=name, impact=impact))
    return tuple(products)


def _component_impact(component: dict, where: str) -> str:
    value = json_field(component, "current_status", str, f"{where} component", required=False)
    return IMPACTS.get(value or "", "")
