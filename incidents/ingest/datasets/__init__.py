"""Backfill: public outage datasets and scraped status-page histories, through the one upsert."""

from .base import DatasetCitation, DatasetFormat, DatasetRecord, RowError, SkippedRow
from .issre22 import Issre22
from .ndjson import Ndjson
from .void import Void

FORMATS: dict[str, type[DatasetFormat]] = {f.name: f for f in (Issre22, Void, Ndjson)}

__all__ = [
    "FORMATS",
    "DatasetCitation",
    "DatasetFormat",
    "DatasetRecord",
    "RowError",
    "SkippedRow",
]
