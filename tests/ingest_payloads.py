"""Build Statuspage v2 incidents.json payloads (reference §1.2 shape) for ingestion tests."""

from __future__ import annotations

import datetime as dt
import hashlib
import json

from incidents.ingest.fetch import FetchResult

PAGE = {
    "id": "kctbh9vrtdwd",
    "name": "GitHub",
    "url": "https://www.githubstatus.com",
    "time_zone": "Etc/UTC",
    "updated_at": "2026-11-20T12:00:00.000Z",
}
START = dt.datetime(2026, 11, 20, 10, 0, tzinfo=dt.UTC)


def iso(when: dt.datetime) -> str:
    return when.astimezone(dt.UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def update(
    update_id: str, incident_id: str, body: str, status: str, at: dt.datetime, component=None
) -> dict:
    affected = (
        [
            {
                "code": component,
                "name": component.title(),
                "old_status": "operational",
                "new_status": "major_outage",
            }
        ]
        if component
        else None
    )
    return {
        "id": update_id,
        "status": status,
        "body": body,
        "incident_id": incident_id,
        "created_at": iso(at),
        "updated_at": iso(at),
        "display_at": iso(at),
        "affected_components": affected,
        "deliver_notifications": True,
        "custom_tweet": None,
        "tweet_id": None,
    }


def incident(
    incident_id: str,
    name: str = "Incident with Git operations",
    *,
    started: dt.datetime = START,
    updates: int = 2,
    status: str = "investigating",
    resolved: dt.datetime | None = None,
    impact: str = "major",
    bodies: dict[int, str] | None = None,
    component: str | None = None,
) -> dict:
    """One incident with `updates` updates, five minutes apart, newest first as upstream."""
    bodies = bodies or {}
    trail = [
        update(
            f"{incident_id}u{n}",
            incident_id,
            bodies.get(n, f"Update {n} on {name}."),
            status if n == updates - 1 else "investigating",
            started + dt.timedelta(minutes=5 * (n + 1)),
            component,
        )
        for n in range(updates)
    ]
    return {
        "id": incident_id,
        "name": name,
        "status": status,
        "created_at": iso(started),
        "updated_at": iso(started + dt.timedelta(minutes=5 * updates)),
        "monitoring_at": None,
        "resolved_at": iso(resolved) if resolved else None,
        "impact": impact,
        "shortlink": f"https://stspg.io/{incident_id}",
        "started_at": iso(started),
        "page_id": PAGE["id"],
        "incident_updates": trail[::-1],
        "components": [],
    }


def payload(*incidents: dict) -> bytes:
    return json.dumps({"page": PAGE, "incidents": list(incidents)}).encode()


def generated(count: int, updates_each: int) -> bytes:
    """A large page: `count` incidents with `updates_each` updates, one per hour apart."""
    return payload(
        *(
            incident(
                f"gen{n:06d}",
                f"Generated incident {n}",
                started=START - dt.timedelta(hours=n),
                updates=updates_each,
                status="resolved",
                resolved=START - dt.timedelta(hours=n) + dt.timedelta(minutes=30),
            )
            for n in range(count)
        )
    )


def fetched(body: bytes, status: int = 200, etag: str = "") -> FetchResult:
    """What fetch() returns for `body`, without the network."""
    return FetchResult(
        status=status,
        body=body,
        etag=etag,
        last_modified="",
        content_type="application/json; charset=utf-8",
        final_url="https://www.githubstatus.com/api/v2/incidents.json",
        not_modified=False,
        sha256=hashlib.sha256(body).hexdigest(),
    )
