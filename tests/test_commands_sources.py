"""add_source and poll_sources, and the source screens of the admin."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from incidents.models import Incident, Provider, Snapshot, Source
from tests.admin_factory import make_user
from tests.ingest_payloads import incident, payload

pytestmark = pytest.mark.django_db
URL = "https://www.githubstatus.com/api/v2/incidents.json"
PATH = "/api/v2/incidents.json"


def run(command: str, *args: str) -> str:
    out = io.StringIO()
    call_command(command, *args, stdout=out)
    return out.getvalue()


def add(*extra: str, name="GitHub", kind="statuspage", url=URL, provider="github") -> str:
    args = ["--name", name, "--kind", kind, "--url", url, "--provider", provider]
    return run("add_source", *args, *extra)


def refused(**kwargs) -> CommandError:
    with pytest.raises(CommandError) as caught:
        add(**kwargs)
    assert caught.value.returncode == 2
    assert not Source.objects.exists()
    return caught.value


def test_add_source_creates_the_source_and_an_unknown_provider(settings):
    settings.INGEST_ALLOW_PRIVATE_NETWORKS = True  # no DNS in tests

    out = add("--interval", "120")

    source = Source.objects.get()
    assert (source.kind, source.url, source.poll_interval) == ("statuspage", URL, 120)
    assert source.provider == Provider.objects.get(slug="github")
    assert "Created provider github." in out
    assert "Created source GitHub" in out


def test_add_source_updates_a_source_of_the_same_name(settings):
    settings.INGEST_ALLOW_PRIVATE_NETWORKS = True
    add()
    out = add(
        "--interval", "600", kind="statuspage-feed", url="https://www.githubstatus.com/history.atom"
    )

    source = Source.objects.get()
    assert (source.kind, source.poll_interval) == ("statuspage-feed", 600)
    assert source.url.endswith("/history.atom")
    assert out.startswith("Updated source GitHub")


def test_add_source_refuses_an_unknown_kind():
    assert "Unknown kind 'statuspage-v3'" in str(refused(kind="statuspage-v3"))


@pytest.mark.parametrize("url", ["not a url", "ftp://example.com/feed", "http://"])
def test_add_source_refuses_a_malformed_url(url):
    assert "--url" in str(refused(url=url))


@pytest.mark.parametrize(
    "url", ["http://127.0.0.1:8000/status.json", "http://10.0.0.8/feed", "http://[::1]/x"]
)
def test_add_source_refuses_a_private_address_without_the_opt_in(settings, url):
    settings.INGEST_ALLOW_PRIVATE_NETWORKS = False
    assert "INGEST_ALLOW_PRIVATE_NETWORKS" in str(refused(url=url))


def test_add_source_accepts_a_private_address_with_the_opt_in_but_never_metadata(settings):
    settings.INGEST_ALLOW_PRIVATE_NETWORKS = True
    assert "metadata" in str(refused(url="http://169.254.169.254/latest/meta-data/"))
    add(url="http://127.0.0.1:8000/status.json")
    assert Source.objects.get().url == "http://127.0.0.1:8000/status.json"


def test_add_source_refuses_a_poll_interval_under_thirty_seconds(settings):
    settings.INGEST_ALLOW_PRIVATE_NETWORKS = True
    with pytest.raises(CommandError) as caught:
        add("--interval", "5")
    assert caught.value.returncode == 2
    assert "--interval" in str(caught.value)


@pytest.fixture
def sources(local_server, settings):
    settings.INGEST_ALLOW_PRIVATE_NETWORKS = True
    local_server.route(
        PATH, body=payload(incident("abc123"), incident("def456")), content_type="application/json"
    )
    local_server.route("/broken.json", status=500, body=b"oops")
    github = Provider.objects.create(slug="github", name="GitHub")
    for name, path, enabled in [
        ("GitHub", PATH, True),
        ("Broken", "/broken.json", True),
        ("Off", PATH, False),
    ]:
        Source.objects.create(
            name=name,
            kind="statuspage",
            url=local_server.url(path),
            provider=github,
            enabled=enabled,
        )
    return local_server


def test_poll_sources_polls_every_enabled_source_and_survives_a_failure(sources):
    out = run("poll_sources")

    lines = out.splitlines()
    assert lines[0].startswith("Broken: error: fetch failed: HTTP 500")
    assert lines[1] == "GitHub: new 2, updated 0, unchanged 0"
    assert len(lines) == 2
    assert Incident.objects.count() == 2
    assert Source.objects.get(name="Broken").consecutive_failures == 1


def test_poll_sources_reports_unchanged_on_the_second_run(sources):
    run("poll_sources", "GitHub")
    assert run("poll_sources", "GitHub") == "GitHub: new 0, updated 0, unchanged 2\n"


def test_poll_sources_polls_only_the_named_sources(sources):
    out = run("poll_sources", "Off", "GitHub")

    assert out.splitlines() == [
        "Off: disabled, not polled",
        "GitHub: new 2, updated 0, unchanged 0",
    ]
    assert sources.hits("/broken.json") == 0


def test_poll_sources_exits_non_zero_for_an_unknown_name_after_polling_the_others(sources):
    out = io.StringIO()

    with pytest.raises(CommandError) as caught:
        call_command("poll_sources", "Nope", "GitHub", stdout=out)

    assert caught.value.returncode == 1
    assert str(caught.value).startswith("No such source: Nope")
    assert out.getvalue().splitlines() == [
        "Nope: error: no such source",
        "GitHub: new 2, updated 0, unchanged 0",
    ]
    assert Incident.objects.count() == 2


# --- Admin --------------------------------------------------------------------------------


@pytest.fixture
def editor(client):
    client.force_login(make_user("ed", is_superuser=True))
    return client


def source_form(**changes) -> dict:
    provider = Provider.objects.get_or_create(slug="github", defaults={"name": "GitHub"})[0]
    data = {
        "name": "GitHub",
        "kind": "statuspage",
        "url": URL,
        "provider": provider.pk,
        "poll_interval": 300,
        "enabled": "on",
        "auto_publish": "on",
    }
    return data | changes


def test_the_admin_refuses_to_save_a_source_with_a_private_url(editor, settings):
    settings.INGEST_ALLOW_PRIVATE_NETWORKS = False
    response = editor.post(
        reverse("admin:incidents_source_add"), source_form(url="http://192.168.1.1/status.json")
    )

    assert response.status_code == 200
    assert "private" in response.context["adminform"].form.errors["url"][0]
    assert not Source.objects.exists()


def test_the_admin_saves_a_valid_source(editor, settings):
    settings.INGEST_ALLOW_PRIVATE_NETWORKS = True
    response = editor.post(reverse("admin:incidents_source_add"), source_form())
    assert response.status_code == 302
    assert Source.objects.get().kind == "statuspage"


def test_the_admin_lists_source_health_and_links_snapshots(editor, sources):
    run("poll_sources")
    response = editor.get(reverse("admin:incidents_source_changelist"))

    page = response.content.decode()
    assert "HTTP 500" in page
    broken = Source.objects.get(name="Broken")
    assert f"?source__id__exact={broken.pk}" in page
    snapshots = editor.get(
        reverse("admin:incidents_snapshot_changelist"),
        {"source__id__exact": Source.objects.get(name="GitHub").pk},
    )
    assert len(snapshots.context["cl"].result_list) == 1


def test_poll_now_enqueues_a_poll_of_each_enabled_source(editor, sources, monkeypatch):
    from tracker.celery import app

    # Eager: the enqueued task runs here, against the local server.
    monkeypatch.setitem(app.conf, "task_always_eager", True)
    chosen = Source.objects.filter(name__in=["GitHub", "Off"])

    response = editor.post(
        reverse("admin:incidents_source_changelist"),
        {"action": "poll_now", "_selected_action": [s.pk for s in chosen]},
        follow=True,
    )

    assert "Enqueued 1 poll(s)." in response.content.decode()
    assert Source.objects.get(name="GitHub").last_success_at is not None
    assert Source.objects.get(name="Off").last_polled_at is None
    assert sources.hits(PATH) == 1


def test_the_snapshot_page_shows_the_payload_escaped(editor, sources):
    hostile = incident("abc123", "<script>alert(1)</script> Git outage")
    sources.route(PATH, body=payload(hostile), content_type="application/json")
    run("poll_sources", "GitHub")
    snapshot = Snapshot.objects.get()

    page = editor.get(reverse("admin:incidents_snapshot_change", args=[snapshot.pk]))

    html = page.content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt; Git outage" in html
    assert "<script>alert(1)" not in html
