"""Shorthands for a value's confidence marker in the demo data: (level, citation key, note)."""

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
