"""What describes a dataset release: datapackage.json, schema.org JSON-LD, CITATION.cff, licence.

The Frictionless descriptor (Data Package v2) gives every file its bytes, SHA-256 and, for the
tables, a Table Schema derived from the record's JSON Schema, so the field descriptions a
reader sees are the data dictionary's own. `check_datapackage()` checks a descriptor's shape
and its files without the Frictionless tools (not a dependency of the tracker).
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.urls import reverse

from incidents.record.builder import record_schema
from incidents.record.formats import CSV_COLUMNS

if TYPE_CHECKING:
    from incidents.models import DatasetRelease
    from incidents.record.releases import Tally

RECORDS_NDJSON = "incidents.ndjson.gz"
RECORDS_CSV = "incidents.csv.gz"
HASHES = "record-hashes.csv.gz"
CHANGES = "changes.csv"
REDIRECTS = "redirects.csv"
SCHEMA = "record.schema.json"
DATAPACKAGE = "datapackage.json"
JSONLD = "dataset.jsonld"
CITATION = "CITATION.cff"
LICENCE = "DATA-LICENSE.md"
CHECKSUMS = "SHA256SUMS"

CHANGES_COLUMNS = ("change", "id", "merged_into", "previous_sha256", "content_sha256")
HASHES_COLUMNS = ("id", "content_sha256")
REDIRECTS_COLUMNS = ("id", "merged_into")
MEDIA_TYPES = {
    RECORDS_NDJSON: "application/gzip",
    RECORDS_CSV: "application/gzip",
    HASHES: "application/gzip",
    CHANGES: "text/csv",
    REDIRECTS: "text/csv",
    SCHEMA: "application/schema+json",
    DATAPACKAGE: "application/json",
    JSONLD: "application/ld+json",
    CITATION: "text/plain",
    LICENCE: "text/markdown",
    CHECKSUMS: "text/plain",
}
TITLE = "Cloud outage record"
LICENSE_ID = "CC-BY-4.0"
LICENSE_URL = "https://creativecommons.org/licenses/by/4.0/"
DESCRIPTION = (
    "A sourced record of public cloud outages: each published incident with its provider, "
    "regions, the products it took down, its timeline, root cause, citations, where sources "
    "disagree, and links to leadership changes and corporate events. Times are UTC."
)
KEYWORDS = ["cloud outages", "incidents", "reliability", "status pages", "post-mortems"]


def write_metadata(folder: Path, release: DatasetRelease, tally: Tally) -> None:
    """Write the schema, licence, datapackage.json, dataset.jsonld and CITATION.cff."""
    _write(folder / SCHEMA, json.dumps(record_schema(), ensure_ascii=False, indent=2) + "\n")
    shutil.copyfile(settings.BASE_DIR / LICENCE, folder / LICENCE)
    package = datapackage(folder, release, tally)
    _write(folder / DATAPACKAGE, json.dumps(package, ensure_ascii=False, indent=2) + "\n")
    _write(folder / JSONLD, json.dumps(dataset_jsonld(folder, release, tally), indent=2) + "\n")
    _write(folder / CITATION, citation_cff(release))


def _write(path: Path, text: str) -> None:
    with path.open("x", encoding="utf-8") as fp:
        fp.write(text)


def public_url(path: str) -> str:
    return settings.NOTIFY_BASE_URL + path


def file_url(version: str, name: str) -> str:
    return public_url(reverse("release-file", args=[version, name]))


def page_url(version: str) -> str:
    return public_url(reverse("releases") + f"#release-{version}")


def citation_text(release: DatasetRelease) -> str:
    """Return the release as a reference a paper can print."""
    return (
        f"{settings.RELEASE_CREATOR} ({release.released_on.year}). {TITLE}, version "
        f"{release.version} [Data set]. {page_url(release.version)}"
    )


# --- datapackage.json ----------------------------------------------------------------------


def datapackage(folder: Path, release: DatasetRelease, tally: Tally) -> dict[str, Any]:
    """Return the Frictionless Data Package descriptor of a release folder."""
    return {
        "$schema": "https://datapackage.org/profiles/2.0/datapackage.json",
        "name": "cloud-outage-record",
        "id": page_url(release.version),
        "title": f"{TITLE} {release.version}",
        "description": DESCRIPTION,
        "version": release.version,
        "created": release.created_at.isoformat().replace("+00:00", "Z"),
        "homepage": public_url(reverse("releases")),
        "keywords": KEYWORDS,
        "contributors": [{"title": settings.RELEASE_CREATOR, "roles": ["publisher"]}],
        "licenses": [{"name": LICENSE_ID, "path": LICENSE_URL, "title": "CC BY 4.0"}],
        "temporalCoverage": _coverage(tally),
        "resources": [
            _resource(folder, RECORDS_NDJSON, "incidents-ndjson", "ndjson", "incidents: NDJSON",
                      schema=record_table_schema(csv=False), jsonSchema=SCHEMA),
            _resource(folder, RECORDS_CSV, "incidents-csv", "csv", "incidents: CSV",
                      schema=record_table_schema(csv=True)),
            _resource(folder, HASHES, "record-hashes", "csv",
                      "Each record's content hash (SHA-256, updated_at left out)",
                      schema=_plain_schema(HASHES_COLUMNS, "id")),
            _resource(folder, CHANGES, "changes", "csv",
                      "What changed since the previous release",
                      schema=_changes_schema(release)),
            _resource(folder, REDIRECTS, "redirects", "csv",
                      "Merged ids and the surviving incident each now resolves to",
                      schema=_plain_schema(REDIRECTS_COLUMNS, "id")),
        ],
    }  # fmt: skip


def _coverage(tally: Tally) -> str | None:
    if tally.first_start is None or tally.last_start is None:
        return None
    return f"{tally.first_start[:10]}/{tally.last_start[:10]}"


def _resource(folder: Path, path: str, name: str, fmt: str, title: str, **extra: Any) -> dict:
    resource = {
        "name": name,
        "type": "table",
        "path": path,
        "title": title,
        "format": fmt,
        "mediatype": "application/x-ndjson" if fmt == "ndjson" else "text/csv",
        "encoding": "utf-8",
        "bytes": (folder / path).stat().st_size,
        "hash": "sha256:" + file_sha256(folder / path),
        **extra,
    }
    if path.endswith(".gz"):
        resource["compression"] = "gz"
    if fmt == "csv":
        resource["dialect"] = {"delimiter": ",", "header": True, "quoteChar": '"'}
    return resource


def file_sha256(path: Path) -> str:
    """Return a file's SHA-256 in hex, read a megabyte at a time."""
    digest = hashlib.sha256()
    with path.open("rb") as fp:
        while chunk := fp.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def record_table_schema(csv: bool) -> dict[str, Any]:
    """Return the Table Schema of the records: one field per record key, as the CSV has them."""
    schema = record_schema()
    fields = [_field(key, schema["properties"][key], schema, csv) for key in CSV_COLUMNS]
    return {"fields": fields, "primaryKey": ["id"]}


def _field(key: str, spec: dict[str, Any], schema: dict[str, Any], csv: bool) -> dict[str, Any]:
    kinds, enum = _kinds(spec, schema)
    nullable = "null" in kinds
    kinds.discard("null")
    kind = kinds.pop() if len(kinds) == 1 else "any"
    table_type = _TABLE_TYPES.get(kind, "any")
    if key == "regions" and csv:
        table_type = "string"  # joined with "|" in the CSV
    field = {"name": key, "type": table_type, "description": spec.get("description", "")}
    if table_type == "datetime":
        field["format"] = "any"
    constraints: dict[str, Any] = {"required": not nullable}
    if enum:
        constraints["enum"] = enum
    field["constraints"] = constraints
    return field


_TABLE_TYPES = {
    "string": "string",
    "time": "datetime",
    "integer": "integer",
    "number": "number",
    "boolean": "boolean",
    "array": "array",
    "object": "object",
}


def _kinds(spec: dict[str, Any], schema: dict[str, Any]) -> tuple[set[str], list | None]:
    """Return the JSON types a property takes ("time" for the record's times) and its enum."""
    if "$ref" in spec:
        name = spec["$ref"].rsplit("/", 1)[-1]
        if name == "time":
            return {"time"}, None
        return _kinds(schema["$defs"][name], schema)
    if "oneOf" in spec:
        kinds: set[str] = set()
        enum = None
        for option in spec["oneOf"]:
            more, enum = _kinds(option, schema)
            kinds |= more
        return kinds, enum
    if "enum" in spec:
        return {"string"}, list(spec["enum"])
    kind = spec.get("type", "any")
    return (set(kind) if isinstance(kind, list) else {kind}), None


def _plain_schema(columns: tuple[str, ...], key: str) -> dict[str, Any]:
    return {
        "fields": [{"name": name, "type": "string"} for name in columns],
        "primaryKey": [key],
    }


def _changes_schema(release: DatasetRelease) -> dict[str, Any]:
    schema = _plain_schema(CHANGES_COLUMNS, "id")
    schema["fields"][0]["constraints"] = {
        "required": True,
        "enum": ["added", "changed", "merged", "retracted"],
    }
    schema["fields"][0]["description"] = (
        f"Against release {release.previous.version}."
        if release.previous
        else "The first release: every record is added."
    )
    return schema


_NAME = re.compile(r"^[a-z0-9._-]+$")
_FIELD_TYPES = set(
    [
        "string",
        "number",
        "integer",
        "boolean",
        "object",
        "array",
        "date",
        "time",
        "datetime",
        "year",
        "yearmonth",
        "duration",
        "geopoint",
        "geojson",
        "any",
    ]
)


def check_datapackage(folder: Path) -> list[str]:
    """Return every way a release's datapackage.json breaks the Data Package rules we keep."""
    package = json.loads((folder / DATAPACKAGE).read_text("utf-8"))
    problems = [f"missing {key}" for key in ("name", "resources", "licenses") if key not in package]
    if not _NAME.match(str(package.get("name", ""))):
        problems.append("name: lower case letters, digits, '.', '-' and '_' only")
    for licence in package.get("licenses", []):
        if not (licence.get("name") or licence.get("path")):
            problems.append("licenses: each needs a name or a path")
    names = [resource.get("name") for resource in package.get("resources", [])]
    if not names or len(set(names)) != len(names):
        problems.append("resources: at least one, each name unique")
    for resource in package.get("resources", []):
        problems += [f"{resource.get('name')}: {p}" for p in _resource_problems(folder, resource)]
    return problems


def _resource_problems(folder: Path, resource: dict[str, Any]) -> list[str]:
    path = resource.get("path", "")
    if not _NAME.match(str(resource.get("name", ""))):
        return ["name: lower case letters, digits, '.', '-' and '_' only"]
    # A path is relative and stays in the package (the spec forbids "/" and ".." starts).
    if not isinstance(path, str) or path.startswith("/") or ".." in Path(path).parts:
        return [f"path {path!r} must be relative, inside the package"]
    file = folder / path
    if not file.is_file():
        return [f"path {path!r} does not exist"]
    problems = []
    if resource.get("bytes") != file.stat().st_size:
        problems.append("bytes differ from the file")
    if resource.get("hash") != "sha256:" + file_sha256(file):
        problems.append("hash differs from the file")
    schema = resource.get("schema")
    if resource.get("type") == "table":
        problems += _schema_problems(schema) if isinstance(schema, dict) else ["no schema"]
    return problems


def _schema_problems(schema: dict[str, Any]) -> list[str]:
    fields = schema.get("fields") or []
    names = [field.get("name") for field in fields]
    problems = []
    if not fields or len(set(names)) != len(names) or not all(names):
        problems.append("schema: fields need unique, non-empty names")
    problems += [
        f"schema: {field.get('name')} has unknown type {field.get('type')!r}"
        for field in fields
        if field.get("type", "string") not in _FIELD_TYPES
    ]
    missing = set(schema.get("primaryKey", [])) - set(names)
    if missing:
        problems.append(f"schema: primaryKey names unknown fields {sorted(missing)}")
    return problems


# --- schema.org Dataset and CITATION.cff ----------------------------------------------------


def dataset_jsonld(folder: Path, release: DatasetRelease, tally: Tally) -> dict[str, Any]:
    """Return the schema.org Dataset description of a release (data files only)."""
    creator = {"@type": "Organization", "name": settings.RELEASE_CREATOR}
    return {
        "@context": "https://schema.org/",
        "@type": "Dataset",
        "@id": page_url(release.version),
        "name": f"{TITLE}, version {release.version}",
        "description": DESCRIPTION,
        "version": release.version,
        "datePublished": release.released_on.isoformat(),
        "url": page_url(release.version),
        "license": LICENSE_URL,
        "creator": creator,
        "publisher": creator,
        "isAccessibleForFree": True,
        "keywords": KEYWORDS,
        "temporalCoverage": _coverage(tally),
        "citation": citation_text(release),
        "distribution": [
            {
                "@type": "DataDownload",
                "name": name,
                "encodingFormat": kind,
                "contentUrl": file_url(release.version, name),
                "sha256": file_sha256(folder / name),
            }
            for name, kind in (
                (RECORDS_NDJSON, "application/x-ndjson+gzip"),
                (RECORDS_CSV, "text/csv+gzip"),
            )
        ],
    }


def citation_cff(release: DatasetRelease) -> str:
    """Return CITATION.cff (Citation File Format 1.2.0) for a release."""
    quoted = json.dumps  # a JSON string is a valid YAML double-quoted scalar
    lines = [
        "cff-version: 1.2.0",
        f"message: {quoted('If you use this dataset, please cite this release as below.')}",
        "type: dataset",
        f"title: {quoted(TITLE)}",
        f"version: {quoted(release.version)}",
        f"date-released: {release.released_on.isoformat()}",
        "authors:",
        f"  - name: {quoted(settings.RELEASE_CREATOR)}",
        f"abstract: {quoted(DESCRIPTION)}",
        f"license: {LICENSE_ID}",
        f"url: {quoted(page_url(release.version))}",
        "keywords:",
        *(f"  - {quoted(word)}" for word in KEYWORDS),
    ]
    return "\n".join(lines) + "\n"
