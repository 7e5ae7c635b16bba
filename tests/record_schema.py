"""Validate records against the repository's JSON Schema of the record, never its key list."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator

SCHEMA_PATH = Path(__file__).resolve().parent.parent / "docs" / "record.schema.json"
SCHEMA = json.loads(SCHEMA_PATH.read_text("utf-8"))
Draft202012Validator.check_schema(SCHEMA)
VALIDATOR = Draft202012Validator(SCHEMA)


def validate_record(record: Any) -> None:
    """Raise jsonschema.ValidationError, naming the path, if `record` breaks the schema."""
    VALIDATOR.validate(record)


def errors_of(record: Any) -> list[str]:
    """Return every violation of the schema in `record`, as "path: message"."""
    return [
        f"{'/'.join(map(str, error.absolute_path))}: {error.message}"
        for error in VALIDATOR.iter_errors(record)
    ]
