"""End to end: an editor's publish commits, a real worker on `notifications` mails and posts.

Needs PostgreSQL and Redis (skipped without them, failed under REQUIRE_SERVICES=1).
"""

from __future__ import annotations

import os

import pytest
from django.db import transaction

from incidents.models import Delivery, Event, IncidentUpdate, ReviewState
from tests.notify.conftest import START, email_subscription, make_incident, webhook_subscription
from tests.test_worker_e2e import celery_worker, wait_for
from tracker.celery import app

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_real_worker_delivers_a_published_incident_once_per_burst(
    postgres, redis_url, smtp, receiver, alibaba, tmp_path, settings, monkeypatch
):
    assert app.conf.broker_url == redis_url
    settings.NOTIFY_COALESCE_SECONDS = 2
    monkeypatch.setitem(os.environ, "EMAIL_URL", f"smtp://127.0.0.1:{smtp.port}")
    monkeypatch.setitem(os.environ, "NOTIFY_BASE_URL", "https://tracker.example")
    email_subscription(provider=alibaba, on_update=True)
    webhook_subscription(receiver, provider=alibaba, on_update=True)
    incident = make_incident(alibaba, review_state=ReviewState.DRAFT)
    log = tmp_path / "worker.log"

    with celery_worker(redis_url, log, "--pool=solo", "-Q", "notifications"):
        incident.publish()
        wait_for(lambda: len(receiver.at("/hook")) == 1 and len(smtp.messages) == 1, log=log)
        # A burst inside the window: five updates and the resolution, each its own commit.
        for n in range(5):
            with transaction.atomic():
                IncidentUpdate.objects.create(incident=incident, posted_at=START, body=f"U{n}")
        incident.resolve(at=START)
        wait_for(lambda: len(receiver.at("/hook")) == 2 and len(smtp.messages) == 2, log=log)
        wait_for(lambda: Delivery.objects.filter(state="sent").count() == 4, log=log)

    first, second = (r.json() for r in receiver.at("/hook"))
    assert all(r.signed for r in receiver.at("/hook"))
    assert (first["meta"]["event"], second["meta"]["event"]) == (Event.CREATED, Event.RESOLVED)
    assert len(second["incident"]["incident_updates"]) == 5
    assert smtp.messages[1]["In-Reply-To"] == smtp.messages[0]["Message-ID"]
    assert "incidents.notify.tasks.deliver" in log.read_text()
