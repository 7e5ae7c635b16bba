"""Webhook bodies in Statuspage's webhook shape, signed, posted through the fetch seam."""

from __future__ import annotations

import json
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone

from incidents.ingest.fetch import FetchError, post
from incidents.models import Delivery, Incident, Status, Subscription
from incidents.record.statuspage import incident_payload, page_payload

from .signing import SIGNATURE_HEADER, link, sign_body

# Statuspage's page indicator for an incident still open, by its impact.
INDICATOR = {
    "none": ("none", "All Systems Operational"),
    "minor": ("minor", "Minor Service Outage"),
    "major": ("major", "Partial System Outage"),
    "critical": ("critical", "Major System Outage"),
    "maintenance": ("maintenance", "Service Under Maintenance"),
}


@dataclass(frozen=True)
class Outcome:
    """What one delivery attempt came to."""

    ok: bool
    status: int | None = None
    error: str = ""
    permanent: bool = False
    # Not sent at all (unpublished incident, ended subscription): no failure of the receiver.
    refused: bool = False


def base_body(incident: Incident) -> dict:
    """Return the parts of the body every subscriber to `incident` gets (built once per batch)."""
    closed = incident.status in (Status.RESOLVED, Status.POSTMORTEM)
    indicator, description = INDICATOR["none"] if closed else INDICATOR[incident.impact]
    page = page_payload(incident.provider, base_url=settings.NOTIFY_BASE_URL)
    page = {**page, "status_indicator": indicator, "status_description": description}
    incident_body = incident_payload(incident, base_url=settings.NOTIFY_BASE_URL)
    return {"page": page, "incident": incident_body}


def body_for(base: dict, subscription: Subscription, delivery: Delivery) -> bytes:
    """Return the JSON body of `delivery`: the shared parts plus this subscriber's `meta`."""
    meta = {
        "unsubscribe": link(subscription.pk, "unsubscribe"),
        "manage": link(subscription.pk, "manage"),
        "documentation": f"{settings.NOTIFY_BASE_URL}/notify/webhooks/",
        "event": delivery.event,
        "delivery_id": delivery.pk,
        "generated_at": timezone.now().isoformat().replace("+00:00", "Z"),
    }
    return json.dumps({"meta": meta, **base}, ensure_ascii=False, separators=(",", ":")).encode()


def send(subscription: Subscription, body: bytes, event: str) -> Outcome:
    """POST `body` to the subscription's URL, signed; the SSRF guard checks it again every time."""
    headers = {
        "Content-Type": "application/json",
        SIGNATURE_HEADER: sign_body(subscription.secret, body),
        "X-Tracker-Event": event,
    }
    try:
        status = post(subscription.url, body, headers, timeout=settings.NOTIFY_WEBHOOK_TIMEOUT)
    except FetchError as exc:
        return Outcome(False, exc.status, str(exc)[:500], permanent=exc.permanent)
    return Outcome(True, status)
