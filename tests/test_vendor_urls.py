"""Vendor URLs: only http(s) is stored from ingestion or rendered as a link."""

import pytest
from django.core.cache import cache

from incidents.ingest import poll
from incidents.ingest.parsers import get_parser
from incidents.models import ExternalRef, IncidentUpdate, Provider, Source
from incidents.record.sanitize import clean_html, http_url
from tests.ingest_payloads import fetched, incident, payload
from tests.public_factories import make_world

HOSTILE = "javascript:alert(document.cookie)"


@pytest.mark.parametrize(
    "url",
    [
        HOSTILE,
        " JavaScript:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "vbscript:msgbox",
        "/incidents/relative",
        "//stspg.io/no-scheme",
        "https://",
        "http://[::1",
    ],
)
def test_it_refuses_anything_but_an_absolute_http_url(url):
    assert http_url(url) == ""


@pytest.mark.parametrize("url", ["https://stspg.io/abc", "http://status.example.com/x?y=1"])
def test_it_keeps_http_and_https_urls(url):
    assert http_url(url) == url


@pytest.fixture
def source(db) -> Source:
    github = Provider.objects.create(slug="github", name="GitHub", time_zone="UTC")
    return Source.objects.create(
        name="GitHub",
        kind="statuspage",
        url="https://www.githubstatus.com/api/v2/incidents.json",
        provider=github,
    )


def test_ingestion_drops_a_javascript_shortlink_and_keeps_the_incident(source):
    hostile = incident("evil1")
    hostile["shortlink"] = HOSTILE
    body = payload(hostile, incident("good1"))

    poll.store(source.pk, fetched(body), get_parser(source.kind).parse(body))

    refs = {ref.external_id: ref.url for ref in ExternalRef.objects.all()}
    assert refs == {"evil1": "", "good1": "https://stspg.io/good1"}


@pytest.fixture
def world(db):
    cache.clear()
    return make_world()


def test_the_page_never_links_a_stored_javascript_url(client, world):
    ExternalRef.objects.create(
        source=Source.objects.create(
            name="legacy", kind="statuspage", url="https://x.example/", provider=world.alibaba
        ),
        external_id="legacy-1",
        incident=world.hk,
        url=HOSTILE,
    )
    world.hk.postmortem_url = HOSTILE
    world.hk.save()

    html = client.get(world.hk.get_absolute_url()).content.decode()

    assert "legacy-1" in html
    assert "javascript:" not in html.lower()


def test_the_sanitised_body_keeps_safe_tags_and_drops_scripts_and_javascript_links():
    raw = '<p>Fixed <a href="javascript:alert(1)">here</a></p><script>alert(2)</script>'
    cleaned = clean_html(raw)
    assert cleaned.startswith("<p>Fixed <a") and "here</a></p>" in cleaned
    assert "script" not in cleaned and "javascript:" not in cleaned
    assert clean_html("R&D > ops\nnext") == "<p>R&amp;D &gt; ops<br>next</p>"


def test_stored_bodies_stay_raw(world):
    update = IncidentUpdate.objects.create(
        incident=world.hk, posted_at=world.hk.started_at, body="<script>x</script>"
    )
    assert IncidentUpdate.objects.get(pk=update.pk).body == "<script>x</script>"
