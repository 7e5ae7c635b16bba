"""GIN indexes for the public full-text search (PostgreSQL only; SQLite searches substrings).

The indexed expressions are the ones incidents/record/search.py queries, character for character:
PostgreSQL uses an expression index only for an identical expression.
"""

from django.db import migrations

INCIDENT_DOCUMENT = (
    "to_tsvector('english'::regconfig, title || ' ' || title_en || ' ' || title_zh_hans"
    " || ' ' || title_zh_hant || ' ' || summary || ' ' || summary_en || ' ' || summary_zh_hans"
    " || ' ' || summary_zh_hant)"
)
UPDATE_DOCUMENT = "to_tsvector('english'::regconfig, body)"
INDEXES = [
    ("incident_search_idx", "incidents_incident", INCIDENT_DOCUMENT),
    ("update_search_idx", "incidents_incidentupdate", UPDATE_DOCUMENT),
]


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, table, expression in INDEXES:
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {name} ON {table} USING gin (({expression}))"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, _table, _expression in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("incidents", "0002_editor_groups")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
