"""An incident and a provider in Atlassian Statuspage's v2 shapes (shared by API and webhooks).

Minimal version; the Statuspage-compatible API keeps the fuller one at this path.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings

from incidents.models import Impact, Incident, Provider, Status

# Statuspage's component statuses, by the impact on one product.
COMPONENT_STATUS = {
    Impact.NONE: "operational",
    Impact.MINOR: "degraded_performance",
    Impact.MAJOR: "partial_outage",
    Impact.CRITICAL: "major_outage",
    Impact.MAINTENANCE: "under_maintenance",
}


def _iso(value: dt.datetime | None) -> str | None:
    return value.isoformat().replace("+00:00", "Z") if value else None


def page_payload(provider: Provider) -> dict:
    """Return `provider` as a Statuspage `page` object."""
    return {
        "id": provider.slug,
        "name": provider.name,
        "url": f"{settings.NOTIFY_BASE_URL}/providers/{provider.slug}/",
        "time_zone": provider.time_zone,
        "updated_at": None,
    }


def incident_payload(incident: Incident) -> dict:
    """Return `incident` as a Statuspage `incident` object with its `incident_updates`."""
    updates = sorted(incident.updates.all(), key=lambda u: (u.posted_at, u.pk), reverse=True)
    resolved = incident.status in (Status.RESOLVED, Status.POSTMORTEM)
    return {
        "id": incident.slug,
        "name": incident.title,
        "status": incident.status,
        "impact": incident.impact,
        "created_at": _iso(incident.created_at),
        "updated_at": _iso(incident.updated_at),
        "started_at": _iso(incident.started_at),
        "resolved_at": _iso(incident.ended_at) if resolved else None,
        "monitoring_at": None,
        "shortlink": settings.NOTIFY_BASE_URL + incident.get_absolute_url(),
        "page_id": incident.provider.slug,
        "incident_updates": [
            {
                "id": f"{incident.slug}-{update.pk}",
                "incident_id": incident.slug,
                "status": update.status or incident.status,
                "body": update.body,
                "created_at": _iso(update.posted_at),
                "updated_at": _iso(update.posted_at),
                "display_at": _iso(update.posted_at),
            }
            for update in updates
        ],
        "components": [
            {
                "id": impact.product.slug,
                "name": impact.product.name,
                "status": COMPONENT_STATUS.get(impact.impact, "major_outage"),
            }
            for impact in incident.impacts.all()
        ],
    }
