"""What every dataset reader yields: records ready for the upsert, or why a row was skipped."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from ..parsers import ParsedIncident


@dataclass(frozen=True)
class DatasetCitation:
    url: str
    title: str
    publisher: str = ""
    published_on: dt.date | None = None


@dataclass
class DatasetRecord:
    provider: str  # the dataset's name for the provider or organisation
    incident: ParsedIncident
    location: str  # file and row or key, for messages and the raw copy
    raw: str  # the original record, exactly as read
    notes: list[str] = field(default_factory=list)  # what was repaired or doubted
    citations: tuple[DatasetCitation, ...] = ()  # the record's own sources, beside the dataset's


@dataclass(frozen=True)
class SkippedRow:
    location: str
    reason: str


class RowError(Exception):
    """This row cannot be imported; the message says why. The other rows go on."""


class DatasetFormat:
    """Read one dataset file into records. Override `read()`; never touch the database."""

    name: str = ""
    citation: DatasetCitation

    def read(self, data: bytes, filename: str) -> list[DatasetRecord | SkippedRow]:
        raise NotImplementedError
