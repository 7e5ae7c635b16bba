"""Ingested incidents keep a full history: restoring an ingested version loses nothing."""

import dataclasses

import pytest
from django.urls import reverse

from incidents.ingest import poll as ingest
from incidents.ingest.parsers import ParsedIncident
from incidents.models import Incident, Provider, Source
from tests.admin_factory import form_data, make_user
from tests.ingest_payloads import START, fetched
from tests.test_admin import edit

pytestmark = pytest.mark.django_db
REGIONS = {"cn-hongkong", "cn-hongkong-c"}


@pytest.fixture
def source() -> Source:
    aliyun = Provider.objects.create(slug="alibaba-cloud", name="Alibaba Cloud", time_zone="UTC")
    return Source.objects.create(
        name="Aliyun", kind="aliyun", url="https://status.aliyun.com/x", provider=aliyun
    )


def parsed(**changes) -> ParsedIncident:
    base = ParsedIncident(
        external_id="ev-1", title="Zone C outage", started_at=START, regions=tuple(sorted(REGIONS))
    )
    return dataclasses.replace(base, **changes)


def store(source: Source, item: ParsedIncident, tag: str) -> None:
    ingest.store(source.pk, fetched(tag.encode()), [item])


def region_slugs(record) -> set[str]:
    return {link.region.slug for link in record.regions.all()}


def test_the_created_version_of_an_ingested_incident_records_its_regions(source):
    store(source, parsed(), "first")

    created = Incident.objects.get().history.get(history_type="+")
    assert region_slugs(created) == REGIONS


def test_a_version_ingestion_writes_later_records_the_regions_of_that_time(source):
    store(source, parsed(regions=("cn-hongkong",)), "first")
    store(source, parsed(title="Zone C outage, resolved"), "second")

    latest = Incident.objects.get().history.latest()
    assert latest.title == "Zone C outage, resolved"
    assert region_slugs(latest) == REGIONS


def test_restoring_the_ingested_version_after_an_editor_change_keeps_its_regions(client, source):
    store(source, parsed(), "first")
    incident = Incident.objects.get()
    client.force_login(make_user("root", is_superuser=True))
    assert edit(client, incident, regions=[]).status_code == 302
    assert not incident.regions.exists()

    created = incident.history.get(history_type="+")
    revert = reverse("admin:incidents_incident_simple_history", args=[incident.pk, created.pk])
    assert client.post(revert, form_data(client.get(revert))).status_code == 302

    assert set(incident.regions.values_list("slug", flat=True)) == REGIONS
