"""The record's `confidence` key: how well each value of an incident is sourced.

One entry per marked value, in reading order (start, end, regions, products, root cause):
{field, level ("official", "secondary" or "unverified"), citation (the URL checked
against, null when not verified), note}. The builder adds it to every record; pages show
the same markers.
"""

from __future__ import annotations

from typing import Any

from incidents.models import ValueSourcing

_ORDER = {field: position for position, field in enumerate(ValueSourcing.Field.values)}


def confidence_entries(markers: list[ValueSourcing]) -> list[dict[str, Any]]:
    """Return the record entries of one incident's prefetched markers."""
    return [
        _entry(m.field, m.level, m.citation.url if m.citation else None, m.note)
        for m in ValueSourcing.in_reading_order(markers)
    ]


def confidence_by_incident(incident_filter: dict[str, Any]) -> dict[int, list[dict[str, Any]]]:
    """Return the entries of every incident matched by `incident_filter`, in one query."""
    rows = ValueSourcing.objects.filter(**incident_filter).values_list(
        "incident_id", "field", "level", "citation__url", "note"
    )
    grouped: dict[int, list[list[Any]]] = {}
    for incident_id, *values in rows:
        grouped.setdefault(incident_id, []).append(values)
    return {
        incident_id: [_entry(*v) for v in sorted(values, key=lambda v: _ORDER[v[0]])]
        for incident_id, values in grouped.items()
    }


def _entry(field: str, level: str, citation: str | None, note: str) -> dict[str, Any]:
    return {"field": field, "level": level, "citation": citation, "note": note}
