"""Fixtures for notification tests: real SMTP and webhook servers, a small record, helpers."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from django.core.cache import cache

from incidents.models import (
    Channel,
    Impact,
    Incident,
    Product,
    ProductImpact,
    Provider,
    Region,
    ReviewState,
    Status,
    Subscription,
    SubscriptionState,
)
from tests.notify.servers import Receiver, SMTPServer

START = dt.datetime(2023, 11, 12, 9, 44, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def _notify_settings(settings):
    settings.NOTIFY_BASE_URL = "https://tracker.example"
    settings.NOTIFY_COALESCE_SECONDS = 0
    settings.NOTIFY_RETRY_BASE_SECONDS = 0
    settings.INGEST_ALLOW_PRIVATE_NETWORKS = True
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def smtp(settings) -> Iterator[SMTPServer]:
    """A real SMTP server on loopback, and the tracker's email backend pointed at it."""
    server = SMTPServer()
    server.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", server.port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    yield server
    server.stop()


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    server = Receiver()
    server.start()
    yield server
    server.stop()


@pytest.fixture
def alibaba(db) -> Provider:
    return Provider.objects.create(
        slug="alibaba-cloud", name="Alibaba Cloud", time_zone="Asia/Shanghai"
    )


@pytest.fixture
def aws(db) -> Provider:
    return Provider.objects.create(slug="aws", name="AWS")


def make_incident(provider: Provider, slug: str = "ali-ak-2023-11", **fields) -> Incident:
    values = {
        "title": "AccessKey service failure",
        "title_zh_hans": "AccessKey 服务异常",
        "impact": Impact.CRITICAL,
        "status": Status.INVESTIGATING,
        "started_at": START,
        "review_state": ReviewState.PUBLISHED,
        "time_zone": "Asia/Shanghai",
        **fields,
    }
    return Incident.objects.create(slug=slug, provider=provider, **values)


def with_product(incident: Incident, slug: str, impact: str = Impact.MAJOR) -> Product:
    product = Product.objects.get_or_create(slug=slug, defaults={"name": slug.title()})[0]
    ProductImpact.objects.create(incident=incident, product=product, impact=impact)
    return product


def with_region(incident: Incident, slug: str) -> Region:
    region = Region.objects.get_or_create(
        provider=incident.provider, slug=slug, defaults={"name": slug}
    )[0]
    incident.regions.add(region)
    return region


def email_subscription(address: str = "reader@example.org", **fields) -> Subscription:
    values = {"state": SubscriptionState.ACTIVE, **fields}
    return Subscription.objects.create(channel=Channel.EMAIL, email=address, **values)


def webhook_subscription(receiver: Receiver, path: str = "/hook", **fields) -> Subscription:
    values = {"state": SubscriptionState.ACTIVE, "secret": f"secret-{path}", **fields}
    subscription = Subscription.objects.create(
        channel=Channel.WEBHOOK, url=receiver.url(path), **values
    )
    receiver.secrets[path] = subscription.secret
    return subscription
