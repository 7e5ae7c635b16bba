"""Ingestion writes in bulk, past model signals: its changes still notify, once per change."""

from __future__ import annotations

import datetime as dt

import pytest

from incidents.ingest import poll as ingest
from incidents.models import Delivery, Event, Provider, Source
from tests.ingest_payloads import START, incident, payload
from tests.notify.conftest import webhook_subscription

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("eager")]
PATH = "/api/v2/incidents.json"


@pytest.fixture
def github_source(db, local_server) -> Source:
    github = Provider.objects.create(slug="github", name="GitHub")
    return Source.objects.create(
        name="GitHub", kind="statuspage", provider=github, url=local_server.url(PATH)
    )


def poll(source, local_server, body, capture):
    local_server.route(PATH, body=body, content_type="application/json")
    with capture(execute=True):
        ingest.poll(Source.objects.get(pk=source.pk))


def test_a_poll_notifies_of_new_incidents_then_of_their_updates_and_resolution(
    github_source, local_server, receiver, django_capture_on_commit_callbacks
):
    webhook_subscription(receiver, provider=github_source.provider, on_update=True)
    capture = django_capture_on_commit_callbacks

    poll(github_source, local_server, payload(incident("abc", updates=2)), capture)
    poll(github_source, local_server, payload(incident("abc", updates=2)), capture)  # same bytes
    poll(github_source, local_server, payload(incident("abc", updates=3)), capture)
    resolved = incident("abc", updates=4, status="resolved", resolved=START + dt.timedelta(hours=1))
    poll(github_source, local_server, payload(resolved), capture)

    bodies = [r.json() for r in receiver.at("/hook")]
    assert [b["meta"]["event"] for b in bodies] == [Event.CREATED, Event.UPDATED, Event.RESOLVED]
    assert [len(b["incident"]["incident_updates"]) for b in bodies] == [2, 3, 4]
    assert Delivery.objects.filter(state="sent").count() == 3


def test_a_source_that_does_not_auto_publish_notifies_nobody(
    github_source, local_server, receiver, django_capture_on_commit_callbacks
):
    Source.objects.filter(pk=github_source.pk).update(auto_publish=False)
    webhook_subscription(receiver)
    poll(github_source, local_server, payload(incident("abc")), django_capture_on_commit_callbacks)
    assert receiver.received == []
