"""Write records as NDJSON, a JSON array or CSV, one record at a time (memory stays flat).

CSV has one row per incident with the header `CSV_COLUMNS` (the record keys in order).
Scalars are written as is (null as an empty cell); `regions` is joined with "|" (slugs
never contain it); lists and objects are compact JSON in their cells, so nothing is lost and
each cell parses with `json.loads`. A text cell that a spreadsheet would run as a formula
(starting with =, +, -, @, tab or carriage return) gets a leading apostrophe, because titles
and bodies come from vendors' feeds; NDJSON and JSON carry the text unchanged.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable
from typing import IO, Any

from incidents.record.builder import RECORD_KEYS

CSV_COLUMNS = list(RECORD_KEYS)
_JSON_CELLS = {
    "products",
    "refs",
    "updates",
    "links",
    "citations",
    "confidence",
    "reported",
    "duration_window",
    "duration_range",
}
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def write_ndjson(records: Iterable[dict[str, Any]], fp: IO[str]) -> int:
    """Write one JSON object per line; return how many."""
    count = 0
    for record in records:
        fp.write(_dumps(record) + "\n")
        count += 1
    return count


def write_json(records: Iterable[dict[str, Any]], fp: IO[str]) -> int:
    """Write a JSON array one record at a time, never holding the whole array."""
    count = 0
    fp.write("[")
    for record in records:
        fp.write(",\n" if count else "\n")
        fp.write(_dumps(record))
        count += 1
    fp.write("\n]\n" if count else "]\n")
    return count


def write_csv(records: Iterable[dict[str, Any]], fp: IO[str]) -> int:
    """Write a header row (`CSV_COLUMNS`) and one flattened row per record."""
    writer = csv.writer(fp)
    writer.writerow(CSV_COLUMNS)
    count = 0
    for record in records:
        writer.writerow([cell(record[key]) for key, cell in _CSV_CELLS])
        count += 1
    return count


def json_text(record: dict[str, Any]) -> str:
    """Return the record as compact JSON on one line, as NDJSON and the API write it."""
    return _dumps(record)


def csv_row(record: dict[str, Any]) -> str:
    """Return the record's CSV row (no header), as write_csv writes it (ending in CRLF)."""
    buffer = io.StringIO()
    csv.writer(buffer).writerow([cell(record[key]) for key, cell in _CSV_CELLS])
    return buffer.getvalue()


def csv_header() -> str:
    """Return the CSV header row, as write_csv writes it first."""
    buffer = io.StringIO()
    csv.writer(buffer).writerow(CSV_COLUMNS)
    return buffer.getvalue()


WRITERS = {"ndjson": write_ndjson, "csv": write_csv, "json": write_json}


def _scalar_cell(value: Any) -> Any:
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        return "'" + value
    return "" if value is None else value


def _regions_cell(value: list[str]) -> str:
    return "|".join(value)


# One encoder for every call: json.dumps with options builds a new one each time.
_dumps = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode

_CSV_CELLS = [
    (key, _regions_cell if key == "regions" else _dumps if key in _JSON_CELLS else _scalar_cell)
    for key in CSV_COLUMNS
]
