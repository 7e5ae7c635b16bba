"""Check each parsed incident before it is stored, so one bad incident never stops the rest."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass

from ..models import ExternalRef
from ..record.bounds import PLAUSIBLE_SINCE, is_plausible, plausible_until, strip_control_characters
from .parsers import ParsedImpact, ParsedIncident, ParsedUpdate

# A lone surrogate is what JSON's "\ud800" escape decodes to: no UTF-8 can encode it, so
# PostgreSQL (and SQLite's driver) refuse the whole statement. NUL: PostgreSQL text cannot hold it.
_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")
MAX_ID = int(ExternalRef._meta.get_field("external_id").max_length or 0)


@dataclass(frozen=True)
class Admitted:
    incidents: list[ParsedIncident]
    refused: list[str]  # one line per refused incident: which one, and why


def admit(parsed: list[ParsedIncident], now: dt.datetime) -> Admitted:
    """Return the incidents fit to store, control characters removed, and why others are not."""
    kept, refused = [], []
    for incident in parsed:
        fault = _fault(incident, now)
        if fault:
            refused.append(f"{_name(incident)}: {fault}")
        else:
            kept.append(_cleaned(incident))
    return Admitted(kept, refused)


def _fault(incident: ParsedIncident, now: dt.datetime) -> str:
    for where, text in _texts(incident):
        found = _UNSTORABLE.search(text)
        if found:
            what = "a NUL byte" if found.group() == "\x00" else "a lone UTF-16 surrogate"
            return f"{where} holds {what}, which no database can store"
    if len(incident.external_id) > MAX_ID:
        return f"its upstream id is longer than {MAX_ID} characters"
    for where, when in _times(incident):
        if not is_plausible(when, now):
            return (
                f"{where} {when.isoformat()} is outside {PLAUSIBLE_SINCE:%Y-%m-%d}"
                f" to {plausible_until(now):%Y-%m-%d} (a year ahead)"
            )
    return ""


def _name(incident: ParsedIncident) -> str:
    # repr() escapes NUL, surrogates and control characters, so the message itself stores.
    return f"incident {incident.external_id[:MAX_ID]!r} ({incident.title[:80]!r})"


def _texts(incident: ParsedIncident) -> Iterator[tuple[str, str]]:
    yield "the upstream id", incident.external_id
    for alias in incident.aliases:
        yield "a former upstream id", alias
    for name in ("title", "summary", "url", "language", "status", "impact"):
        yield f"the {name}", getattr(incident, name)
    for region in incident.regions:
        yield "a region", region
    for impact in incident.products:
        yield "a product name", impact.product
    for index, update in enumerate(incident.updates, 1):
        yield f"update {index} of {len(incident.updates)}", update.body
        yield f"the id of update {index} of {len(incident.updates)}", update.external_id


def _times(incident: ParsedIncident) -> Iterator[tuple[str, dt.datetime]]:
    yield "its start", incident.started_at
    if incident.ended_at is not None:
        yield "its end", incident.ended_at
    for index, update in enumerate(incident.updates, 1):
        yield f"the time of update {index} of {len(incident.updates)}", update.posted_at
    for impact in incident.products:
        for name, when in (("start", impact.started_at), ("end", impact.ended_at)):
            if when is not None:
                yield f"product {impact.product!r}'s {name}", when


def _cleaned(incident: ParsedIncident) -> ParsedIncident:
    """Remove characters XML cannot carry: a feed writer refuses the page that holds one."""
    clean = strip_control_characters
    return dataclasses.replace(
        incident,
        external_id=clean(incident.external_id),
        title=clean(incident.title),
        summary=clean(incident.summary),
        url=clean(incident.url),
        regions=tuple(clean(region) for region in incident.regions),
        products=tuple(_cleaned_impact(impact) for impact in incident.products),
        updates=tuple(_cleaned_update(update) for update in incident.updates),
    )


def _cleaned_impact(impact: ParsedImpact) -> ParsedImpact:
    return dataclasses.replace(impact, product=strip_control_characters(impact.product))


def _cleaned_update(update: ParsedUpdate) -> ParsedUpdate:
    return dataclasses.replace(
        update,
        body=strip_control_characters(update.body),
        external_id=strip_control_characters(update.external_id),
    )
