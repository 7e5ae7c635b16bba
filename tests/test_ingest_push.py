"""The push receiver: Statuspage webhook bodies, signed by a per-source token, through upsert."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from incidents.models import ExternalRef, Incident, Provider, Snapshot, Source, Status
from tests.admin_factory import make_user

FIXTURES = Path(__file__).parent / "fixtures" / "statuspage_webhook"

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_rate_limit():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def source() -> Source:
    provider = Provider.objects.create(slug="example-cloud", name="Example Cloud")
    return Source.objects.create(
        name="example-cloud",
        kind="statuspage",
        url="https://status.example-cloud.test/api/v2/incidents.json",
        provider=provider,
    )


@pytest.fixture
def token(source: Source) -> str:
    return source.set_push_token()


def body_of(scenario: str, generated_at: dt.datetime | None = None) -> bytes:
    """Return the fixture with `meta.generated_at` moved to now: the receiver refuses old ones."""
    data = json.loads((FIXTURES / f"{scenario}.json").read_text())
    when = generated_at or timezone.now()
    data["meta"]["generated_at"] = when.isoformat().replace("+00:00", "Z")
    return json.dumps(data).encode()


def push(source: Source, token: str, body: bytes, content_type: str = "application/json"):
    return Client().post(f"/ingest/{source.name}/{token}/", body, content_type=content_type)


def error_on(source: Source) -> str:
    source.refresh_from_db()
    return source.push_error


def test_it_stores_a_pushed_incident_through_the_upsert(source, token):
    answer = push(source, token, body_of("incident_created"))
    assert answer.status_code == 200, answer.content
    assert answer.json()["new"] == 1
    ref = ExternalRef.objects.get(source=source)
    assert ref.external_id == "i6v2b8n4q1zs"
    incident = ref.incident
    assert incident.title == "Elevated error rates on object uploads"
    assert incident.status == Status.INVESTIGATING
    assert incident.impact == "minor"
    assert [u.external_id for u in incident.updates.all()] == ["u1a9s3d7f2gh"]
    assert [i.product.name for i in incident.impacts.select_related("product")] == [
        "Object Storage"
    ]
    snapshot = Snapshot.objects.get(source=source)
    assert snapshot.content_type == "application/json"
    source.refresh_from_db()
    assert source.push_received_at is not None
    assert source.push_error == ""


def test_a_later_push_updates_the_same_incident(source, token):
    push(source, token, body_of("incident_created"))
    answer = push(source, token, body_of("incident_resolved"))
    assert answer.status_code == 200, answer.content
    assert (answer.json()["new"], answer.json()["updated"]) == (0, 1)
    incident = Incident.objects.get()
    assert incident.status == Status.RESOLVED
    assert incident.ended_at == dt.datetime(2024, 3, 5, 2, 47, 12, 30000, tzinfo=dt.UTC)
    assert incident.updates.count() == 2


def test_it_refuses_a_replayed_body(source, token):
    body = body_of("incident_created")
    assert push(source, token, body).status_code == 200
    answer = push(source, token, body)
    assert answer.status_code == 409
    assert "Replayed" in answer.json()["detail"]
    assert "HTTP 409: Replayed push" in error_on(source)
    assert Incident.objects.get().updates.count() == 1


def test_it_refuses_the_same_incident_version_sent_again_with_a_new_time(source, token):
    assert push(source, token, body_of("incident_created")).status_code == 200
    later = timezone.now() + dt.timedelta(seconds=5)
    answer = push(source, token, body_of("incident_created", later))
    assert answer.status_code == 409
    assert "incident:i6v2b8n4q1zs@" in answer.json()["detail"]


def test_it_refuses_a_body_made_too_long_ago(source, token, settings):
    settings.INGEST_PUSH_MAX_AGE_SECONDS = 600
    old = timezone.now() - dt.timedelta(minutes=11)
    answer = push(source, token, body_of("incident_created", old))
    assert answer.status_code == 409
    assert "limit 600 s" in answer.json()["detail"]
    assert "stale" in error_on(source)
    assert not Incident.objects.exists()


def test_it_refuses_a_body_from_the_future(source, token):
    ahead = timezone.now() + dt.timedelta(hours=1)
    assert push(source, token, body_of("incident_created", ahead)).status_code == 400


def test_it_refuses_a_wrong_token_and_tells_the_editor(source, token):
    answer = push(source, token[:-2] + "xx", body_of("incident_created"))
    assert answer.status_code == 403
    assert "Unsigned push" in answer.json()["detail"]
    assert "HTTP 403: Unsigned push" in error_on(source)
    assert not Incident.objects.exists()


def test_a_source_without_a_token_takes_no_push(source):
    source.push_token_hash = ""
    source.save()
    assert push(source, "", body_of("incident_created")).status_code in (403, 404)
    assert push(source, "anything", body_of("incident_created")).status_code == 403


def test_only_the_tokens_hash_is_stored(source, token):
    source.refresh_from_db()
    assert token not in source.push_token_hash
    assert len(source.push_token_hash) == 64


def test_it_refuses_a_wrong_content_type(source, token):
    answer = push(source, token, body_of("incident_created"), content_type="text/plain")
    assert answer.status_code == 415
    assert "application/json" in answer.json()["detail"]
    assert "HTTP 415" in error_on(source)
    form = push(source, token, b"a=b", content_type="application/x-www-form-urlencoded")
    assert form.status_code == 415


def test_it_refuses_an_oversized_body(source, token, settings):
    settings.INGEST_PUSH_MAX_BYTES = 1000
    answer = push(source, token, body_of("incident_created"))
    assert answer.status_code == 413
    assert "1000-byte limit" in answer.json()["detail"]
    assert "HTTP 413" in error_on(source)
    assert not Incident.objects.exists()


def test_it_refuses_a_malformed_body_with_the_parsers_reason(source, token):
    answer = push(source, token, b'{"meta": {}, "page": {}}')
    assert answer.status_code == 400
    assert "generated_at" in answer.json()["detail"]
    assert push(source, token, b"not json").status_code == 400
    assert "parse error" in error_on(source)


def test_a_component_update_is_taken_but_stores_no_incident(source, token):
    body = body_of("component_status_update")
    answer = push(source, token, body)
    assert answer.status_code == 202
    assert not Incident.objects.exists()
    assert push(source, token, body).status_code == 409


def test_it_rate_limits_pushes_per_source_and_tells_the_editor_once(source, token, settings):
    settings.INGEST_PUSH_RATE_PER_MINUTE = 2
    answers = [push(source, token, b"{}").status_code for _ in range(2)]
    assert answers == [400, 400]
    source.record_push_error("cleared")
    limited = push(source, token, body_of("incident_created"))
    assert limited.status_code == 429
    assert int(limited["Retry-After"]) >= 1
    assert "HTTP 429" in error_on(source)
    source.record_push_error("cleared")
    assert push(source, token, body_of("incident_created")).status_code == 429
    assert error_on(source) == "cleared"


def test_it_answers_404_for_a_source_that_takes_no_pushes(source, token):
    assert push(source, token, b"{}").status_code == 400
    Source.objects.filter(pk=source.pk).update(kind="aws-rss")
    assert push(source, token, body_of("incident_created")).status_code == 404
    answer = Client().post("/ingest/nobody/x/", b"{}", content_type="application/json")
    assert answer.status_code == 404


def test_a_disabled_source_takes_no_push(source, token):
    Source.objects.filter(pk=source.pk).update(enabled=False)
    answer = push(source, token, body_of("incident_created"))
    assert answer.status_code == 403
    assert "disabled" in answer.json()["detail"]


def test_it_only_takes_posts(source, token):
    assert Client().get(f"/ingest/{source.name}/{token}/").status_code == 405


# --- Admin --------------------------------------------------------------------------------


@pytest.fixture
def reviewer(client):
    client.force_login(make_user("rita", "Reviewers"))
    return client


def post_to(path: str, body: bytes):
    return Client().post(path, body, content_type="application/json")


def shown_push_urls(response) -> list[str]:
    text = " ".join(str(m) for m in response.context["messages"]) if response.context else ""
    return re.findall(r"http://testserver(/ingest/\S+/)", text)


def test_the_admin_shows_a_new_sources_push_url_once_and_it_works(reviewer, settings):
    settings.INGEST_ALLOW_PRIVATE_NETWORKS = True
    provider = Provider.objects.create(slug="example-cloud", name="Example Cloud")
    form = {
        "name": "example-cloud",
        "kind": "statuspage",
        "url": "https://status.example-cloud.test/api/v2/incidents.json",
        "provider": provider.pk,
        "poll_interval": 300,
        "enabled": "on",
        "auto_publish": "on",
    }
    response = reviewer.post(reverse("admin:incidents_source_add"), form, follow=True)
    [url] = shown_push_urls(response)
    source = Source.objects.get()
    token = url.rstrip("/").rsplit("/", 1)[1]
    assert token not in source.push_token_hash
    change_page = reviewer.get(reverse("admin:incidents_source_change", args=[source.pk]))
    assert token not in change_page.content.decode()
    assert (
        Client().post(url, body_of("incident_created"), content_type="application/json").status_code
        == 200
    )


def test_the_admin_reissues_a_push_token_and_shows_refusals(reviewer, source, token):
    push(source, "wrong", body_of("incident_created"))
    change_page = reviewer.get(reverse("admin:incidents_source_change", args=[source.pk]))
    assert "HTTP 403: Unsigned push" in change_page.content.decode()
    response = reviewer.post(
        reverse("admin:incidents_source_changelist"),
        {"action": "issue_push_token", "_selected_action": [source.pk]},
        follow=True,
    )
    [url] = shown_push_urls(response)
    assert push(source, token, body_of("incident_created")).status_code == 403
    assert (
        Client().post(url, body_of("incident_created"), content_type="application/json").status_code
        == 200
    )


def test_an_editor_cannot_issue_push_tokens(client, source, token):
    client.force_login(make_user("ed", "Editors"))
    client.post(
        reverse("admin:incidents_source_changelist"),
        {"action": "issue_push_token", "_selected_action": [source.pk]},
    )
    assert push(source, token, body_of("incident_created")).status_code == 200


def test_a_refused_push_is_logged_without_its_token(source, token, caplog):
    body = body_of("incident_created")
    push(source, token, body)
    with caplog.at_level("WARNING"):
        assert push(source, token, body).status_code == 409
    assert "push to source 'example-cloud' refused: HTTP 409" in caplog.text
    assert token not in caplog.text
