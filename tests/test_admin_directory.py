"""The source directory in the admin: one step from a vendor's page to a polled Source.

The directory's entries are pointed at a local server serving recorded payloads; the probe
reaches it through the real fetch seam.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.urls import reverse

from incidents.ingest import directory
from incidents.models import Provider, Source
from tests.admin_factory import make_user

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).parent / "fixtures"
URL = reverse("admin:incidents_source_directory")


@pytest.fixture
def local_directory(local_server, settings, tmp_path, monkeypatch):
    """A directory of two pages on the local server: a Better Stack page and a dead one."""
    settings.INGEST_ALLOW_PRIVATE_NETWORKS = True
    body = (FIXTURES / "betterstack" / "incident_created.json").read_bytes()
    local_server.route("/hf/index.json", body=body, content_type="application/json")
    data = {
        "licence": "MIT",
        "entries": [
            {"slug": "hugging-face", "name": "Hugging Face", "url": local_server.url("/hf")},
            {"slug": "gone", "name": "Gone Inc", "url": local_server.url("/gone/")},
        ],
    }
    path = tmp_path / "directory.json"
    path.write_text(json.dumps(data))
    monkeypatch.setattr(directory, "DIRECTORY", path)
    directory.entries.cache_clear()
    yield local_server
    directory.entries.cache_clear()


@pytest.fixture
def provider():
    return Provider.objects.create(slug="hugging-face", name="Hugging Face")


@pytest.fixture
def reviewer(client):
    client.force_login(make_user("rita", "Reviewers"))
    return client


def test_the_shipped_directory_names_its_licence_and_loads():
    data = json.loads(directory.DIRECTORY.read_text())
    assert data["licence"] == "MIT" and "getsentry/status-page-list" in data["source"]
    slugs = [entry.slug for entry in directory.entries()]
    assert len(slugs) == len(set(slugs)) >= 10
    assert all(entry.url.startswith("https://") for entry in directory.entries())


def test_a_reviewer_sees_the_directory_linked_from_the_sources_list(reviewer, local_directory):
    assert URL in reviewer.get(reverse("admin:incidents_source_changelist")).content.decode()

    page = reviewer.get(URL).content.decode()

    assert "Hugging Face" in page and "Gone Inc" in page
    assert "MIT licence" in page


def test_a_reviewer_adds_a_source_in_one_step_with_its_format_detected(
    reviewer, local_directory, provider
):
    response = reviewer.post(URL, {"entry": "hugging-face", "provider": provider.pk})

    source = Source.objects.get(name="Hugging Face")
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:incidents_source_change", args=[source.pk])
    assert (source.kind, source.url, source.provider) == (
        "betterstack",
        local_directory.url("/hf/index.json"),
        provider,
    )
    assert source.enabled and source.next_poll_at is None  # due on the next beat
    message = str(list(reviewer.get(response["Location"]).context["messages"])[0])
    assert "Better Stack status page" in message and "1 incident(s)" in message
    assert source.history.first().history_user.username == "rita"


def test_it_adds_nothing_when_no_format_answers_and_says_why(reviewer, local_directory, provider):
    response = reviewer.post(URL, {"entry": "gone", "provider": provider.pk}, follow=True)

    assert not Source.objects.exists()
    [message] = list(response.context["messages"])
    assert "No known format answered" in str(message)
    assert "HTTP 404" in str(message)


def test_it_refuses_a_second_source_of_the_same_name(reviewer, local_directory, provider):
    Source.objects.create(
        name="Hugging Face", kind="feed", url="https://example.org/feed", provider=provider
    )

    response = reviewer.post(URL, {"entry": "hugging-face", "provider": provider.pk}, follow=True)

    assert Source.objects.count() == 1
    assert "already exists" in str(list(response.context["messages"])[0])
    assert "already a source" in response.content.decode()


def test_a_custom_name_is_kept(reviewer, local_directory, provider):
    reviewer.post(URL, {"entry": "hugging-face", "provider": provider.pk, "name": "HF hub"})

    assert Source.objects.get().name == "HF hub"


@pytest.mark.parametrize("post", [{}, {"entry": "nope", "provider": 1}])
def test_it_refuses_an_incomplete_or_unknown_choice(reviewer, local_directory, provider, post):
    response = reviewer.post(URL, post)

    assert response.status_code == 200
    assert not Source.objects.exists()
    assert local_directory.requests == []


@pytest.mark.parametrize("group", ["Editors", None])
def test_without_add_source_nobody_probes_or_adds(client, local_directory, provider, group):
    # Editors view sources but do not add them: the directory asks the same permission.
    client.force_login(make_user("eddie", group))

    assert client.get(URL).status_code == 403
    assert client.post(URL, {"entry": "hugging-face", "provider": provider.pk}).status_code == 403
    assert not Source.objects.exists()
    assert local_directory.requests == []
    changelist = client.get(reverse("admin:incidents_source_changelist"))
    assert URL not in changelist.content.decode()


def test_an_anonymous_visitor_is_sent_to_the_login(client, local_directory):
    response = client.get(URL)

    assert response.status_code == 302 and "/login/" in response["Location"]
