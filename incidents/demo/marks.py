"""Shorthands for the demo rows: confidence markers (level, citation key, note) and outages."""

from __future__ import annotations

Marker = tuple[str, str | None, str]


def official(citation: str, note: str = "") -> Marker:
    """The value is in the vendor's own text (or a verbatim copy of it)."""
    return ("official", citation, note)


def secondary(citation: str, note: str = "") -> Marker:
    """The value rests on one secondary source."""
    return ("secondary", citation, note)


def unverified(note: str) -> Marker:
    """No copy of a source stating the value was found; say what is missing."""
    return ("unverified", None, note)


def outage(**row: object) -> dict:
    """Return a landmark incident row with the keys it rarely needs filled in."""
    defaults: dict[str, object] = {
        "language": "en",
        "status": "postmortem",
        "updates": [],
        "reported_times": [],
        "refs": [],
        "ended_at": None,
        "postmortem_url": "",
    }
    return {**defaults, **row}
