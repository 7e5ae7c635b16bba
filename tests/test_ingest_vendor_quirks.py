"""Quirks of real vendor feeds, through a real poll: ordering, re-keyed events, empty bodies."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from incidents.ingest import poll as ingest
from incidents.ingest.parsers import get_parser
from incidents.models import ExternalRef, Incident, Provider, Source
from tests.ingest_payloads import fetched

pytestmark = pytest.mark.django_db
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture
def upstream(local_server, settings):
    settings.INGEST_ALLOW_PRIVATE_NETWORKS = True
    return local_server


def make_source(upstream, kind: str, path: str, provider: str) -> Source:
    owner = Provider.objects.create(slug=provider, name=provider.upper())
    return Source.objects.create(name=provider, kind=kind, url=upstream.url(path), provider=owner)


def serve(upstream, path: str, fixture: str) -> None:
    upstream.route(path, body=(FIXTURES / fixture).read_bytes())


def poll(source: Source) -> ingest.PollResult:
    result = ingest.poll(Source.objects.get(pk=source.pk))
    source.refresh_from_db()
    return result


@pytest.fixture
def github(upstream) -> Source:
    serve(upstream, "/history.atom", "statuspage-feed/history_same_minute.atom")
    return make_source(upstream, "statuspage-feed", "/history.atom", "github")


@pytest.fixture
def aws(upstream) -> Source:
    serve(upstream, "/data.json", "aws-health/data_legacy.json")
    return make_source(upstream, "aws-health", "/data.json", "aws")


def test_it_resolves_an_incident_whose_resolved_and_monitoring_share_a_minute(github):
    poll(github)

    codespaces = Incident.objects.get(refs__external_id="sameminute01")
    assert codespaces.status == "resolved"
    assert codespaces.ended_at is not None
    trail = codespaces.updates.order_by("posted_at", "id").values_list("status", flat=True)
    assert list(trail) == ["investigating", "", "monitoring", "resolved"]


def test_it_unsticks_an_incident_stored_as_monitoring_by_the_old_order(github):
    payload = (FIXTURES / "statuspage-feed/history_same_minute.atom").read_bytes()
    parsed = get_parser("statuspage-feed").parse(payload)
    # What the tracker stored before: the same-minute pair re-sorted, Monitoring taken last.
    stuck = []
    for item in parsed:
        *older, monitoring, resolved = item.updates
        if item.external_id == "sameminute02":
            *older, monitoring, update, resolved = item.updates
            older.append(update)
        updates = (*older, resolved, monitoring)
        stuck.append(dataclasses.replace(item, status="monitoring", ended_at=None, updates=updates))
    ingest.store(github.pk, fetched(b"before"), stuck)
    assert set(Incident.objects.values_list("status", flat=True)) == {"monitoring"}

    assert poll(github).updated == 2

    for incident in Incident.objects.all():
        assert (incident.status, incident.ended_at is not None) == ("resolved", True)
        last = incident.updates.order_by("-posted_at", "-id").first()
        assert last.status == "resolved"


def test_it_keeps_one_incident_when_aws_re_keys_a_legacy_event(upstream, aws):
    poll(aws)
    route53 = Incident.objects.get(refs__external_id="route53_2022-12-21T22:30Z")
    serve(upstream, "/data.json", "aws-health/data_legacy_rekeyed.json")

    result = poll(aws)

    assert (result.new, result.error) == (0, "")
    assert Incident.objects.count() == 3
    assert Incident.objects.get(refs__external_id="route53_2022-12-21T22:30Z") == route53


def test_it_finds_a_legacy_event_stored_under_its_former_date_key(upstream, aws):
    # Stored before the id followed the first post: keyed "<service>_<date>".
    poll(aws)
    for ref in ExternalRef.objects.all():
        service = ref.external_id.split("_")[0]
        dates = {"route53": "1671661800", "autoscaling-us-east-1": "1525914401"}
        ref.external_id = f"{service}_{dates.get(service, '1671635037')}"
        ref.save()
    # The same bytes again would be skipped by their hash before any parsing.
    Source.objects.filter(pk=aws.pk).update(content_sha256="")
    before = set(Incident.objects.values_list("pk", flat=True))

    result = poll(aws)

    assert (result.new, result.error) == (0, "")
    assert set(Incident.objects.values_list("pk", flat=True)) == before
    assert ExternalRef.objects.filter(external_id="route53_2022-12-21T22:30Z").exists()


def test_it_takes_an_empty_200_body_as_a_fetch_error_and_keeps_the_data(upstream, aws):
    poll(aws)
    stored = Incident.objects.count()
    sha = aws.content_sha256
    upstream.route("/data.json", body=b"")

    result = poll(aws)

    assert result.error == "fetch failed: empty body (0 bytes) with HTTP 200"
    assert result.retryable
    assert Incident.objects.count() == stored == 3
    assert aws.last_error == "fetch failed: empty body (0 bytes) with HTTP 200"
    assert aws.consecutive_failures == 1
    assert aws.content_sha256 == sha
