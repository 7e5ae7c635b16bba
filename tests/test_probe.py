"""Format detection: the probe finds a page's kind by its known endpoints, on a local server."""

from __future__ import annotations

from pathlib import Path

import pytest

from incidents.ingest.probe import probe

FIXTURES = Path(__file__).parent / "fixtures"
JSON = "application/json"


@pytest.fixture
def server(local_server, settings):
    settings.INGEST_ALLOW_PRIVATE_NETWORKS = True
    return local_server


def serve(server, path: str, kind: str, name: str, content_type: str = JSON) -> None:
    server.route(path, body=(FIXTURES / kind / name).read_bytes(), content_type=content_type)


@pytest.mark.parametrize(
    ("path", "kind", "name"),
    [
        ("/index.json", "betterstack", "incident_created.json"),
        ("/summary.json", "instatus", "incident_created.json"),
        ("/api/v1/incidents", "cachet2", "incident_created.json"),
        ("/api/incidents", "cachet3", "incident_created.json"),
        ("/history.atom", "statuspage-feed", "history.atom"),
    ],
)
def test_it_detects_each_format_by_its_endpoint(server, path, kind, name):
    serve(server, path, kind, name)

    found = probe(server.url("/"))

    polled = path + "?include=updates" if kind == "cachet3" else path
    assert (found.kind, found.url) == (kind, server.url(polled))
    assert found.incidents >= 1


def test_it_polls_incidents_json_rather_than_a_statuspage_summary(server):
    serve(server, "/api/v2/summary.json", "statuspage", "summary_active.json")
    serve(server, "/api/v2/incidents.json", "statuspage", "incidents_active_minor.json")

    found = probe(server.url("/"))

    assert (found.kind, found.url) == ("statuspage", server.url("/api/v2/incidents.json"))


def test_it_keeps_the_summary_when_incidents_json_is_missing(server):
    serve(server, "/api/v2/summary.json", "statuspage", "summary_ok.json")

    found = probe(server.url("/"))

    assert (found.kind, found.url, found.incidents) == (
        "statuspage",
        server.url("/api/v2/summary.json"),
        0,
    )


def test_a_quiet_page_is_still_detected(server):
    serve(server, "/index.json", "betterstack", "index_quiet.json")

    assert probe(server.url("/")).kind == "betterstack"


def test_it_tries_the_hints_first(server):
    serve(server, "/1.0/status/abc", "statusio", "incident_created.json")
    serve(server, "/index.json", "betterstack", "incident_created.json")

    found = probe(server.url("/"), hints=(("statusio", server.url("/1.0/status/abc")),))

    assert found.kind == "statusio"
    assert [request.path for request in server.requests] == ["/1.0/status/abc"]


def test_an_endpoint_of_another_shape_is_not_taken_for_that_kind(server):
    # A login wall served with 200 on every path, then the real Cachet API.
    server.route(
        "/index.json", body=b"<!doctype html><html>Sign in</html>", content_type="text/html"
    )
    server.route("/summary.json", body=b'{"page": {"name": "x"}}', content_type=JSON)
    serve(server, "/api/v1/incidents", "cachet2", "incident_resolved.json")

    found = probe(server.url("/"))

    assert found.kind == "cachet2"
    outcomes = {attempt.url: attempt.outcome for attempt in found.attempts}
    assert "HTML page" in outcomes[server.url("/index.json")]
    assert "activeIncidents" in outcomes[server.url("/summary.json")]
    assert "404" in outcomes[server.url("/api/v2/summary.json")]


def test_it_finds_nothing_and_says_what_each_endpoint_answered(server):
    found = probe(server.url("/"))

    assert not found.found
    assert len(found.attempts) == 8
    assert all("404" in attempt.outcome for attempt in found.attempts)
    assert "betterstack at " in found.explain()


def test_it_probes_under_a_page_path(server):
    serve(server, "/acme/summary.json", "instatus", "summary_quiet.json")

    assert probe(server.url("/acme")).url == server.url("/acme/summary.json")


def test_it_refuses_a_private_address_through_the_fetch_guard(local_server, settings):
    settings.INGEST_ALLOW_PRIVATE_NETWORKS = False
    serve(local_server, "/index.json", "betterstack", "incident_created.json")

    found = probe(local_server.url("/"))

    assert not found.found
    assert local_server.requests == []
    assert all(
        "private" in a.outcome.lower() or "refus" in a.outcome.lower() for a in found.attempts
    )


def test_it_stops_at_its_deadline(server):
    server.route("/api/v2/summary.json", body=b"{}", content_type=JSON, delay=1.0)

    found = probe(server.url("/"), timeout=0.5)

    assert not found.found
    assert found.attempts[-1].outcome == "not tried: the probe ran out of time"
