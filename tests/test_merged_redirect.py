"""A merged duplicate's URL leads to the survivor only if the duplicate was once public."""

import pytest
from django.core.cache import cache

from incidents.models import ReviewState
from incidents.record.curation import merge_incidents
from tests.public_factories import incident, make_world, utc

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()


@pytest.fixture
def world():
    return make_world()


def merged(world, slug: str, **fields):
    duplicate = incident(world.alibaba, slug, utc(2022, 12, 18, 2), **fields)
    merge_incidents(world.hk, [duplicate])
    return duplicate


@pytest.mark.parametrize("state", [ReviewState.DRAFT, ReviewState.HIDDEN])
def test_a_merged_duplicate_never_published_answers_like_an_unknown_slug(client, world, state):
    merged(world, "never-public-dup", review_state=state)
    response = client.get("/incidents/never-public-dup/")
    unknown = client.get("/incidents/no-such-incident/")
    assert response.status_code == unknown.status_code == 404
    assert world.hk.get_absolute_url() not in response.content.decode()


def test_a_draft_published_to_nobody_while_merged_still_answers_404(client, world):
    duplicate = merged(world, "late-publish-dup", review_state=ReviewState.DRAFT)
    duplicate.publish()
    assert client.get("/incidents/late-publish-dup/").status_code == 404


def test_a_once_published_duplicate_still_leads_to_the_survivor(client, world):
    duplicate = merged(world, "once-public-dup")
    duplicate.hide()
    response = client.get("/incidents/once-public-dup/")
    assert response.status_code == 302
    assert response.headers["Location"] == world.hk.get_absolute_url()
