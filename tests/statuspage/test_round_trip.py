"""The tracker's own `statuspage` parser reads the tracker's Statuspage endpoints back."""

from __future__ import annotations

import pytest

from incidents.ingest.fetch import fetch
from incidents.ingest.parsers import get_parser
from incidents.models import Impact, Incident, Status
from tests.public_factories import make_world

# The parser reads a component status back as the impact it stands for; "operational" is none.
READ_BACK = {Impact.NONE: "", Impact.MINOR: "minor", Impact.MAJOR: "major",
             Impact.CRITICAL: "critical", Impact.MAINTENANCE: "maintenance"}  # fmt: skip


@pytest.fixture
def served(transactional_db, live_server, settings):
    settings.INGEST_ALLOW_PRIVATE_NETWORKS = True
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "100000/minute", "user": "100000/minute"},
    }
    make_world()
    return live_server.url


def expected(incident: Incident) -> dict:
    status = incident.status
    if not incident.is_ongoing and status != Status.POSTMORTEM:
        status = Status.RESOLVED
    return {
        "external_id": incident.slug,
        "title": str(incident),
        "started_at": incident.started_at,
        "ended_at": None if incident.is_ongoing else incident.ended_at,
        "status": status,
        "impact": incident.impact,
        "url": incident.get_absolute_url(),
        "products": sorted((i.product.name, READ_BACK[i.impact]) for i in incident.impacts.all()),
        "updates": [(u.posted_at, u.body) for u in incident.updates.all()] or [opened(incident)],
    }


def opened(incident: Incident) -> tuple:
    # An incident the record has no update for gets one opening update, as on Statuspage.
    return (incident.started_at, incident.summary_en or incident.summary or str(incident))


def read_back(parsed) -> dict:
    return {
        "external_id": parsed.external_id,
        "title": parsed.title,
        "started_at": parsed.started_at,
        "ended_at": parsed.ended_at,
        "status": parsed.status,
        "impact": parsed.impact,
        "url": "/" + parsed.url.split("//", 1)[1].partition("/")[2],
        "products": sorted((p.product, p.impact) for p in parsed.products),
        "updates": [(u.posted_at, u.body) for u in parsed.updates],
    }


@pytest.mark.parametrize("provider", ["alibaba-cloud", "aws"])
def test_the_statuspage_parser_reads_back_the_same_incidents(served, provider):
    result = fetch(f"{served}/status/{provider}/api/v2/incidents.json")
    parsed = get_parser("statuspage").parse(result.body)
    public = Incident.objects.published().filter(provider__slug=provider)
    assert [read_back(p) for p in parsed] == [expected(i) for i in public]


def test_the_parser_reads_the_summary_back_to_the_ongoing_incidents(served):
    result = fetch(f"{served}/status/aws/api/v2/summary.json")
    parsed = get_parser("statuspage").parse(result.body)
    assert [p.external_id for p in parsed] == ["aws-use1-lambda"]
    assert parsed[0].ended_at is None and parsed[0].status == "investigating"
