"""The timeline's filters live in the record, shared with the calendar feeds; named here too."""

from incidents.record.filters import (
    ENTRY_KINDS,
    IMPACT_CHOICES,
    LIST_DEFERRED,
    TimelineFilters,
    TimelineForm,
    filter_incidents,
    parse_filters,
    start_of,
)

__all__ = [
    "ENTRY_KINDS",
    "IMPACT_CHOICES",
    "LIST_DEFERRED",
    "TimelineFilters",
    "TimelineForm",
    "filter_incidents",
    "parse_filters",
    "start_of",
]
