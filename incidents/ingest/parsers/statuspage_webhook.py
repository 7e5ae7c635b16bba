"""Parse an Atlassian Statuspage webhook body (meta, page, incident or component_update).

Not a pollable kind: the push receiver reads these bodies for a `statuspage` source, and the
incident inside goes through the same `parse_incident` as a polled incidents.json.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .base import ParsedIncident, ParseError
from .common import json_field, load_json, parse_iso
from .statuspage import parse_incident

WHERE = "Statuspage webhook"


@dataclass(frozen=True)
class WebhookBody:
    """What one webhook body says: when it was made, and its incident or component change."""

    generated_at: dt.datetime
    page_id: str
    incident: ParsedIncident | None
    # The incident's own updated_at: one version of it, told once.
    incident_version: str
    component_update_id: str


def parse_webhook(payload: bytes) -> WebhookBody:
    """Turn a webhook body into a WebhookBody, or raise ParseError."""
    data = load_json(payload, WHERE)
    if not isinstance(data, dict):
        raise ParseError(f"{WHERE}: expected an object with 'meta' and 'page'")
    meta = json_field(data, "meta", dict, WHERE)
    page = json_field(data, "page", dict, WHERE)
    generated = json_field(meta, "generated_at", str, f"{WHERE} meta")
    incident = raw = None
    if "incident" in data:
        raw = json_field(data, "incident", dict, WHERE)
        incident = parse_incident(raw, "")
    component_update = json_field(data, "component_update", dict, WHERE, required=False)
    if incident is None and component_update is None:
        raise ParseError(f"{WHERE}: neither 'incident' nor 'component_update' in the body")
    update_id = ""
    if component_update is not None:
        update_id = json_field(component_update, "id", str, f"{WHERE} component_update")
    version = ""
    if raw is not None:
        version = json_field(raw, "updated_at", str, f"{WHERE} incident", required=False) or ""
    return WebhookBody(
        generated_at=parse_iso(generated),
        page_id=json_field(page, "id", str, f"{WHERE} page", required=False) or "",
        incident=incident,
        incident_version=version,
        component_update_id=update_id,
    )
