"""Fixtures for the Statuspage-compatible endpoints: the public world and the shapes' schema."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from tests.public_factories import World, make_world

SCHEMA_FILE = Path(__file__).with_name("statuspage-v2.schema.json")
DOCUMENTS = {
    "summary.json": "summary",
    "status.json": "status_document",
    "components.json": "components_document",
    "incidents.json": "incidents_document",
    "incidents/unresolved.json": "incidents_document",
    "scheduled-maintenances.json": "maintenances_document",
    "scheduled-maintenances/upcoming.json": "maintenances_document",
    "scheduled-maintenances/active.json": "maintenances_document",
}


@pytest.fixture(autouse=True)
def generous_throttles(settings):
    """Keep throttling out of the way; the throttling test sets its own rate."""
    rates = {"anon": "100000/minute", "user": "100000/minute"}
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": rates}


@pytest.fixture
def world(db) -> World:
    return make_world()


def validator(definition: str) -> Draft202012Validator:
    schema = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    return Draft202012Validator({**schema, "$ref": f"#/$defs/{definition}"})


def assert_valid(body: dict, definition: str) -> None:
    errors = sorted(validator(definition).iter_errors(body), key=lambda e: list(e.path))
    assert not errors, "\n".join(f"{list(e.path)}: {e.message}" for e in errors[:10])
