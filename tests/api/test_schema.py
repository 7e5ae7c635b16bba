"""The OpenAPI 3 schema validates; the interactive docs load only from this server."""

import re

import pytest
from drf_spectacular.validation import validate_schema

pytestmark = pytest.mark.django_db

RESOURCES = [
    "incidents",
    "providers",
    "products",
    "regions",
    "people",
    "leadership-changes",
    "corporate-events",
    "sources",
]


@pytest.fixture
def schema(anon) -> dict:
    response = anon.get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    return response.json()


def test_the_schema_is_valid_openapi_3(schema):
    assert schema["openapi"].startswith("3.")
    validate_schema(schema)


def test_the_schema_covers_every_endpoint(schema):
    paths = schema["paths"]
    for name in RESOURCES:
        assert f"/api/v1/{name}/" in paths
    assert "/api/v1/export/incidents.ndjson" in paths
    assert "/api/v1/export/incidents.csv" in paths
    assert "/api/v1/incidents/{incident_slug}/updates/" in paths
    params = {p["name"] for p in paths["/api/v1/incidents/"]["get"]["parameters"]}
    assert {"provider", "product", "region", "impact", "impact_min", "status", "ongoing"} <= params
    assert {"started_after", "started_before", "updated_since", "q", "ordering"} <= params
    assert {"cursor", "page_size"} <= params
    export_params = {p["name"] for p in paths["/api/v1/export/incidents.csv"]["get"]["parameters"]}
    assert params - {"cursor", "page_size"} <= export_params


def test_the_list_item_schema_has_exactly_the_record_keys(schema):
    from incidents.record.builder import RECORD_KEYS

    record = schema["components"]["schemas"]["IncidentRecord"]
    assert tuple(record["properties"]) == RECORD_KEYS


def test_the_docs_page_loads_only_local_assets(anon):
    response = anon.get("/api/v1/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    urls = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert len(urls) >= 4
    for url in urls:
        assert url.startswith("/"), url
        assert not url.startswith("//"), url
    assert "swagger-ui-bundle" in html
    assert "<script>" not in html  # the init script is a separate file, for a strict CSP
    for url in urls:
        if url.startswith("/static/"):
            asset = anon.get(url)
            assert asset.status_code == 200, url
            asset.close()


def test_the_docs_init_script_points_at_the_local_schema(anon):
    response = anon.get("/api/v1/docs/", {"script": ""})
    assert response.status_code == 200
    script = response.content.decode()
    assert "/api/v1/schema/" in script
    assert not re.search(r"https?://|cdn|unpkg|jsdelivr", script)
