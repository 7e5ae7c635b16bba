"""Parse Atlassian Statuspage v2 JSON (incidents.json, summary.json, incidents/unresolved.json,
scheduled-maintenances.json) and incident.io's Statuspage-compatible /api/v2 endpoints."""

from __future__ import annotations

import datetime as dt

from .base import ParsedImpact, ParsedIncident, ParsedUpdate, ParseError, Parser
from .common import json_field, json_kind, load_json, parse_iso

# Maintenances have their own lifecycle; fold it into the incident one.
STATUSES = {
    "investigating": "investigating",
    "identified": "identified",
    "monitoring": "monitoring",
    "resolved": "resolved",
    "postmortem": "postmortem",
    "scheduled": "identified",
    "in_progress": "identified",
    "verifying": "monitoring",
    "completed": "resolved",
}
IMPACTS = {"none", "minor", "major", "critical", "maintenance"}
# A component's status during an incident, as an impact level, worst last.
COMPONENT_IMPACTS = {
    "under_maintenance": "maintenance",
    "degraded_performance": "minor",
    "partial_outage": "major",
    "major_outage": "critical",
}
_SEVERITY = ["maintenance", "minor", "major", "critical"]
LISTS = ("incidents", "scheduled_maintenances")


class StatuspageParser(Parser):
    kind = "statuspage"
    label = "Atlassian Statuspage v2 JSON"

    def parse(self, payload: bytes) -> list[ParsedIncident]:
        data = load_json(payload, "Statuspage JSON")
        if not isinstance(data, dict) or not any(key in data for key in LISTS):
            raise ParseError(
                f"Statuspage JSON: expected an object with 'incidents' or 'scheduled_maintenances'"
                f" (incidents.json or summary.json), got {_shape(data)}"
            )
        page_url = _page_url(data)
        seen: set[str] = set()
        incidents = []
        for key in LISTS:
            for raw in json_field(data, key, list, "Statuspage JSON", required=False) or []:
                incident = parse_incident(raw, page_url)
                if incident.external_id not in seen:
                    seen.add(incident.external_id)
                    incidents.append(incident)
        return incidents


def parse_incident(raw: object, page_url: str = "") -> ParsedIncident:
    """Turn one Statuspage incident or maintenance object into a ParsedIncident."""
    if not isinstance(raw, dict):
        raise ParseError(f"Statuspage incident: expected an object, got {json_kind(raw)}")
    incident_id = json_field(raw, "id", str, "Statuspage incident")
    where = f"Statuspage incident {incident_id}"
    resolved_at = _time(raw, "resolved_at", where)
    updates = _updates(raw, where)
    return ParsedIncident(
        external_id=incident_id,
        title=json_field(raw, "name", str, where).strip(),
        started_at=_start(raw, where),
        ended_at=resolved_at,
        status=_status(raw, resolved_at, where),
        impact=_impact(raw, where),
        url=_url(raw, page_url, incident_id, where),
        products=_products(raw, where),
        updates=updates,
    )


def _shape(data: object) -> str:
    if isinstance(data, dict):
        return "an object with keys " + (", ".join(sorted(data)[:8]) or "none")
    return json_kind(data)


def _page_url(data: dict) -> str:
    page = data.get("page")
    url = page.get("url") if isinstance(page, dict) else None
    return url.rstrip("/") if isinstance(url, str) else ""


def _time(raw: dict, key: str, where: str) -> dt.datetime | None:
    value = json_field(raw, key, str, where, required=False)
    return parse_iso(value) if value else None


def _start(raw: dict, where: str) -> dt.datetime:
    # A maintenance's started_at is when it was announced; the work starts at scheduled_for.
    for key in ("scheduled_for", "started_at", "created_at"):
        value = _time(raw, key, where)
        if value is not None:
            return value
    raise ParseError(f"{where}: no 'started_at' or 'created_at' time")


def _status(raw: dict, resolved_at: dt.datetime | None, where: str) -> str:
    value = json_field(raw, "status", str, where, required=False) or ""
    if value in STATUSES:
        return STATUSES[value]
    # An unknown word must not reopen or close an incident: fall back on resolved_at.
    return "resolved" if resolved_at else "investigating"


def _impact(raw: dict, where: str) -> str:
    value = json_field(raw, "impact", str, where, required=False)
    if value in IMPACTS:
        return value
    return "maintenance" if raw.get("scheduled_for") else "major"


def _url(raw: dict, page_url: str, incident_id: str, where: str) -> str:
    shortlink = json_field(raw, "shortlink", str, where, required=False)
    if shortlink:
        return shortlink
    return f"{page_url}/incidents/{incident_id}" if page_url else ""


def _updates(raw: dict, where: str) -> tuple[ParsedUpdate, ...]:
    items = json_field(raw, "incident_updates", list, where, required=False) or []
    updates = [_update(item, where) for item in reversed(items)]  # upstream is newest first
    return tuple(sorted(updates, key=lambda update: update.posted_at))


def _update(raw: object, where: str) -> ParsedUpdate:
    if not isinstance(raw, dict):
        raise ParseError(f"{where}: an incident update is {json_kind(raw)}, expected an object")
    update_id = json_field(raw, "id", str, where, required=False) or ""
    where = f"{where} update {update_id}".rstrip()
    # display_at is the time the page shows; editors may backdate it.
    posted_at = _time(raw, "display_at", where) or _time(raw, "created_at", where)
    if posted_at is None:
        raise ParseError(f"{where}: no 'display_at' or 'created_at' time")
    status = json_field(raw, "status", str, where, required=False) or ""
    return ParsedUpdate(
        posted_at=posted_at,
        body=json_field(raw, "body", str, where, required=False) or "",
        status=STATUSES.get(status, ""),
        external_id=update_id,
    )


def _products(raw: dict, where: str) -> tuple[ParsedImpact, ...]:
    names: dict[str, str] = {}  # component id -> name, in upstream order
    for component in json_field(raw, "components", list, where, required=False) or []:
        if isinstance(component, dict) and not component.get("group"):
            name = json_field(component, "name", str, f"{where} component")
            names[_key(component, "id", name)] = name
    worst = _worst_component_impacts(raw, names, where)
    return tuple(
        ParsedImpact(product=name, impact=worst.get(key, "")) for key, name in names.items()
    )


def _worst_component_impacts(raw: dict, names: dict[str, str], where: str) -> dict[str, str]:
    # Keyed by component id: affected_components names may carry a "Group - " prefix.
    worst: dict[str, str] = {}
    for update in json_field(raw, "incident_updates", list, where, required=False) or []:
        affected = json_field(update, "affected_components", list, where, required=False)
        for component in affected or []:
            if not isinstance(component, dict):
                continue
            name = json_field(component, "name", str, f"{where} affected component")
            key = _key(component, "code", name)
            names.setdefault(key, name)
            new_status = json_field(component, "new_status", str, where, required=False)
            impact = COMPONENT_IMPACTS.get(new_status or "", "")
            if _rank(impact) > _rank(worst.get(key, "")):
                worst[key] = impact
    return worst


def _key(component: dict, field: str, name: str) -> str:
    value = component.get(field)
    return value if isinstance(value, str) and value else name


def _rank(impact: str) -> int:
    return _SEVERITY.index(impact) if impact in _SEVERITY else -1
