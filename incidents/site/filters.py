"""The timeline's filters live in the record, shared with the calendar feeds; named here too,
with the summary of active filters the timeline shows."""

from __future__ import annotations

from dataclasses import dataclass

from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

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
    "ActiveFilter",
    "TimelineFilters",
    "TimelineForm",
    "active_filters",
    "filter_incidents",
    "parse_filters",
    "start_of",
]


@dataclass
class ActiveFilter:
    label: str
    value: str
    remove: str  # the query string of the same view without this filter


def active_filters(form: TimelineForm, params: QueryDict) -> list[ActiveFilter]:
    """Say which filters a valid form applies, each with a link that drops it."""
    if not form.is_valid():
        return []
    data, shown = form.cleaned_data, []
    values = {
        "q": data["q"].strip(),
        "provider": data["provider"].name if data["provider"] else "",
        "product": data["product"].name if data["product"] else "",
        "region": data["region"],
        "impact": str(dict(IMPACT_CHOICES).get(data["impact"], "")) if data["impact"] else "",
        "year": str(data["year"] or ""),
        "since": data["since"].isoformat() if data["since"] else "",
        "until": data["until"].isoformat() if data["until"] else "",
        "ongoing": str(_("yes")) if data["ongoing"] else "",
    }
    kinds = dict(ENTRY_KINDS)
    if data["show"] and set(data["show"]) != set(kinds):
        values["show"] = ", ".join(str(kinds[k]) for k in data["show"])
    for name, value in values.items():
        if value:
            rest = params.copy()
            for key in (name, "page"):
                rest.pop(key, None)
            shown.append(ActiveFilter(str(form.fields[name].label), value, rest.urlencode()))
    return shown
