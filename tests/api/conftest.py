"""Fixtures for the API tests: a small catalogue, incidents on demand, editors with tokens."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable

import pytest
from django.contrib.auth.models import Group, User
from rest_framework.test import APIClient

from incidents.models import (
    ApiToken,
    ExternalRef,
    Incident,
    IncidentUpdate,
    Organization,
    Product,
    ProductImpact,
    Provider,
    Region,
    ReviewState,
    Source,
)

T0 = dt.datetime(2023, 11, 12, 9, 0, tzinfo=dt.UTC)
_serial = itertools.count(1)


@pytest.fixture(autouse=True)
def generous_throttles(settings):
    """Keep throttling out of the way; the throttling tests set their own rates."""
    rates = {"anon": "100000/minute", "user": "100000/minute"}
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": rates}


@pytest.fixture
def catalog(db) -> dict:
    org = Organization.objects.create(slug="alibaba-cloud-intelligence", name="Alibaba Cloud")
    aliyun = Provider.objects.create(
        slug="alibaba-cloud", name="Alibaba Cloud", organization=org, time_zone="Asia/Shanghai"
    )
    aws = Provider.objects.create(slug="aws", name="AWS")
    hk = Region.objects.create(provider=aliyun, slug="cn-hongkong", name="Hong Kong")
    zone_c = Region.objects.create(
        provider=aliyun, slug="cn-hongkong-c", name="Hong Kong Zone C", kind="zone", parent=hk
    )
    # The same slug at two providers: region filters must not trip over it.
    aws_hk = Region.objects.create(provider=aws, slug="cn-hongkong", name="AWS Hong Kong")
    ecs = Product.objects.create(slug="ecs", name="ECS", owner=org, provider=aliyun)
    oss = Product.objects.create(slug="oss", name="OSS", owner=org, provider=aliyun)
    ecs.depends_on.add(oss)
    source = Source.objects.create(
        name="aliyun-status", kind="aliyun", url="https://status.aliyun.com/", provider=aliyun
    )
    return {
        "org": org,
        "aliyun": aliyun,
        "aws": aws,
        "hk": hk,
        "zone_c": zone_c,
        "aws_hk": aws_hk,
        "ecs": ecs,
        "oss": oss,
        "source": source,
    }


@pytest.fixture
def make_incident(catalog) -> Callable[..., Incident]:
    """Create an incident with a region, two product impacts, a ref and an update."""

    def make(**fields) -> Incident:
        n = next(_serial)
        fields.setdefault("provider", catalog["aliyun"])
        fields.setdefault("slug", f"incident-{n}")
        fields.setdefault("title", f"Incident number {n}")
        fields.setdefault("started_at", T0 + dt.timedelta(hours=n))
        fields.setdefault("review_state", ReviewState.PUBLISHED)
        regions = fields.pop("regions", [catalog["zone_c"]])
        products = fields.pop("products", [catalog["ecs"], catalog["oss"]])
        incident = Incident.objects.create(**fields)
        incident.regions.set(regions)
        for product in products:
            ProductImpact.objects.create(incident=incident, product=product)
        ExternalRef.objects.create(source=catalog["source"], external_id=str(n), incident=incident)
        IncidentUpdate.objects.create(
            incident=incident,
            posted_at=incident.started_at,
            status="investigating",
            body="Looking.",
        )
        return incident

    return make


def _user_in(group: str, username: str) -> User:
    user = User.objects.create_user(username=username, password="not-used-here-123")
    user.groups.add(Group.objects.get(name=group))
    return user


def _token_client(user: User) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {ApiToken.issue(user, 'tests', 'write')[1]}")
    return client


@pytest.fixture
def anon() -> APIClient:
    return APIClient()


@pytest.fixture
def editor(db) -> User:
    return _user_in("Editors", "edna")


@pytest.fixture
def reviewer(db) -> User:
    return _user_in("Reviewers", "rita")


@pytest.fixture
def editor_client(editor) -> APIClient:
    return _token_client(editor)


@pytest.fixture
def reviewer_client(reviewer) -> APIClient:
    return _token_client(reviewer)
