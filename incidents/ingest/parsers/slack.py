"""Parse the Slack status API v2.0.0: slack-status.com/api/v2.0.0/current and /history."""

from __future__ import annotations

import datetime as dt

from .base import ParsedImpact, ParsedIncident, ParsedUpdate, ParseError, Parser
from .common import json_field, json_kind, load_json, parse_iso

# Slack's own vocabulary: active|resolved, and scheduled|completed|cancelled for maintenance.
STATUSES = {
    "active": "investigating",
    "resolved": "resolved",
    "scheduled": "identified",
    "completed": "resolved",
    "cancelled": "resolved",
}
IMPACTS = {"outage": "major", "incident": "minor", "notice": "none", "maintenance": "maintenance"}
MAINTENANCE_STATUSES = {"scheduled", "completed", "cancelled"}


class SlackParser(Parser):
    kind = "slack"
    label = "Slack status API v2"

    def parse(self, payload: bytes) -> list[ParsedIncident]:
        data = load_json(payload, "Slack status JSON")
        if isinstance(data, list):  # /history
            items = data
        elif isinstance(data, dict) and "active_incidents" in data:  # /current
            items = json_field(data, "active_incidents", list, "Slack current", required=False)
        else:
            raise ParseError(
                "Slack status JSON: expected /api/v2.0.0/current (an object with"
                f" 'active_incidents') or /history (a list), got {json_kind(data)}"
            )
        return [parse_incident(item) for item in items or []]


def parse_incident(raw: object) -> ParsedIncident:
    """Turn one Slack incident, notice, outage or maintenance into a ParsedIncident."""
    if not isinstance(raw, dict):
        raise ParseError(f"Slack incident: expected an object, got {json_kind(raw)}")
    # Live ids are numbers; the documentation's example has a string ("546").
    incident_id = str(json_field(raw, "id", (int, str), "Slack incident"))
    where = f"Slack incident {incident_id}"
    status = json_field(raw, "status", str, where, required=False) or ""
    kind = json_field(raw, "type", str, where, required=False) or ""
    normalised = STATUSES.get(status, "investigating")
    return ParsedIncident(
        external_id=incident_id,
        title=json_field(raw, "title", str, where).strip(),
        started_at=_time(raw, "date_created", where),
        # No resolved_at upstream: date_updated is the last change, the resolution included.
        ended_at=_time(raw, "date_updated", where) if normalised == "resolved" else None,
        status=normalised,
        impact="maintenance" if status in MAINTENANCE_STATUSES else IMPACTS.get(kind, "minor"),
        url=json_field(raw, "url", str, where, required=False) or "",
        products=_services(raw, where),
        updates=_notes(raw, where),
    )


def _time(raw: dict, key: str, where: str) -> dt.datetime:
    return parse_iso(json_field(raw, key, str, where))


def _notes(raw: dict, where: str) -> tuple[ParsedUpdate, ...]:
    notes = []
    for note in json_field(raw, "notes", list, where, required=False) or []:
        if not isinstance(note, dict):
            raise ParseError(f"{where}: a note is {json_kind(note)}, expected an object")
        notes.append(
            ParsedUpdate(
                posted_at=_time(note, "date_created", f"{where} note"),
                body=json_field(note, "body", str, f"{where} note", required=False) or "",
            )
        )
    # Samples differ on note order (ascending in history, descending elsewhere).
    return tuple(sorted(notes, key=lambda note: note.posted_at))


def _services(raw: dict, where: str) -> tuple[ParsedImpact, ...]:
    services = json_field(raw, "services", list, where, required=False) or []
    names = [service.strip() for service in services if isinstance(service, str)]
    return tuple(ParsedImpact(product=name) for name in dict.fromkeys(names) if name)
