"""Every API answer says which version of the tracker made it."""

from importlib import metadata

import pytest

import tracker

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/incidents/",
        "/api/v1/incidents/no-such-incident/",
        "/api/v1/export/incidents.ndjson",
        "/api/v1/schema/",
    ],
)
def test_every_api_answer_carries_the_version(client, path):
    response = client.get(path)
    assert response["API-Version"] == tracker.__version__


def test_reader_pages_do_not_carry_it(client):
    assert "API-Version" not in client.get("/")


def test_the_installed_package_has_the_same_version():
    assert metadata.version("cloud-outage-tracker") == tracker.__version__
