"""What every parser returns, and the one error it raises."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


class ParseError(Exception):
    """The payload is malformed. Permanent: fetching it again will not help."""


@dataclass(frozen=True)
class ParsedUpdate:
    posted_at: dt.datetime  # aware, UTC
    body: str  # raw, as sent (may be HTML); sanitised only when rendered
    status: str = ""  # one of incidents.models.Status, or "" when upstream says nothing
    external_id: str = ""


@dataclass(frozen=True)
class ParsedImpact:
    product: str  # the vendor's product or service name
    impact: str = ""  # one of incidents.models.Impact, "" = the incident's
    started_at: dt.datetime | None = None
    ended_at: dt.datetime | None = None


@dataclass(frozen=True)
class ParsedIncident:
    external_id: str
    title: str
    started_at: dt.datetime  # aware, UTC
    ended_at: dt.datetime | None = None
    status: str = "investigating"
    impact: str = "major"
    url: str = ""
    summary: str = ""
    language: str = "en"
    regions: tuple[str, ...] = ()  # the vendor's region or zone ids
    products: tuple[ParsedImpact, ...] = ()
    updates: tuple[ParsedUpdate, ...] = field(default=())  # oldest first
    # Ids this parser gave the same incident before: a stored one is found by them and kept.
    aliases: tuple[str, ...] = ()


class Parser:
    """Turn one fetched payload into incidents. Override `parse()`."""

    kind: str = ""
    label: str = ""  # what editors see in the Source form
    # The zone a parser assumes for times that carry none (Alibaba Cloud: Beijing time).
    default_time_zone: str = "UTC"

    def parse(self, payload: bytes) -> list[ParsedIncident]:
        raise NotImplementedError
