"""The storing rules of ingestion (DESIGN.md "Ingestion rules"), against the real parser."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from incidents.ingest import poll as ingest
from incidents.ingest.parsers import ParsedImpact, ParsedIncident, ParsedUpdate, get_parser
from incidents.models import (
    ExternalRef,
    Incident,
    IncidentUpdate,
    Product,
    ProductImpact,
    Provider,
    Region,
    ReviewState,
    Snapshot,
    Source,
)
from incidents.record.curation import merge_incidents
from tests.ingest_payloads import START, fetched, incident, payload

pytestmark = pytest.mark.django_db


@pytest.fixture
def source() -> Source:
    github = Provider.objects.create(slug="github", name="GitHub", time_zone="UTC")
    return Source.objects.create(
        name="GitHub",
        kind="statuspage",
        url="https://www.githubstatus.com/api/v2/incidents.json",
        provider=github,
    )


def store(source: Source, body: bytes) -> ingest.PollResult:
    return ingest.store(source.pk, fetched(body), get_parser(source.kind).parse(body))


def store_parsed(source: Source, items: list[ParsedIncident], tag: str) -> ingest.PollResult:
    return ingest.store(source.pk, fetched(tag.encode()), items)


BOOKKEEPING = ('UPDATE "incidents_source"', 'UPDATE "incidents_externalref" SET "last_seen_at"')


def writes(queries) -> list[str]:
    """SQL that changed ingested data (the source's bookkeeping and its refs' sightings aside)."""
    return [
        q["sql"]
        for q in queries
        if q["sql"].split()[0] in ("INSERT", "UPDATE", "DELETE")
        and not q["sql"].startswith(BOOKKEEPING)
    ]


def test_it_creates_incidents_updates_and_refs_on_first_ingest(source):
    result = store(source, payload(incident("abc123", updates=3), incident("def456")))

    assert (result.new, result.updated, result.unchanged) == (2, 0, 0)
    first = ExternalRef.objects.get(source=source, external_id="abc123").incident
    assert first.title == "Incident with Git operations"
    assert first.started_at == START
    assert first.provider == source.provider
    assert first.review_state == ReviewState.PUBLISHED
    assert first.slug.startswith("github-2026-11-20-") and len(first.slug) == len("github-") + 21
    assert [u.body for u in first.updates.all()] == [
        f"Update {n} on {first.title}." for n in range(3)
    ]
    assert first.updates.first().external_id == "abc123u0"
    assert first.refs.get().url == "https://stspg.io/abc123"
    assert first.history.count() == 1


def test_it_gives_an_ingested_incident_a_stable_slug_from_provider_day_and_id(source):
    store(source, payload(incident("abc123")))
    slug = Incident.objects.get().slug
    assert slug == ingest.incident_slug("github", START, "abc123")
    assert ingest.incident_slug("github", START, "other") != slug


def test_it_writes_no_rows_when_the_same_payload_is_polled_again(source):
    body = payload(incident("abc123"), incident("def456"))
    store(source, body)

    with CaptureQueriesContext(connection) as queries:
        result = store(source, body)

    assert writes(queries.captured_queries) == []
    assert (result.new, result.updated, result.unchanged) == (0, 0, 2)


def test_it_writes_no_rows_for_unchanged_incidents_when_the_payload_differs(source):
    store(source, payload(incident("abc123"), incident("def456")))
    stamp = Incident.objects.get(refs__external_id="abc123").updated_at
    reformatted = payload(incident("abc123"), incident("def456")).replace(b", ", b",  ")

    with CaptureQueriesContext(connection) as queries:
        result = store(source, reformatted)

    assert writes(queries.captured_queries) == []
    assert (result.new, result.updated, result.unchanged) == (0, 0, 2)
    assert Incident.objects.get(refs__external_id="abc123").updated_at == stamp
    assert Source.objects.get().content_sha256 == fetched(reformatted).sha256


def test_it_updates_an_update_edited_upstream_in_place(source):
    store(source, payload(incident("abc123")))
    original = IncidentUpdate.objects.get(external_id="abc123u0")

    result = store(source, payload(incident("abc123", bodies={0: "Corrected: only pushes."})))

    assert result.updated == 1
    assert IncidentUpdate.objects.count() == 2
    edited = IncidentUpdate.objects.get(external_id="abc123u0")
    assert (edited.pk, edited.body) == (original.pk, "Corrected: only pushes.")
    assert edited.history.count() == 2


def test_it_matches_an_update_without_an_id_by_its_time(source):
    def item(body: str) -> ParsedIncident:
        posted = ParsedUpdate(posted_at=START, body=body, status="investigating")
        return ParsedIncident(
            external_id="ev-1", title="S3 errors", started_at=START, updates=(posted,)
        )

    store_parsed(source, [item("Elevated errors.")], "one")
    result = store_parsed(source, [item("Elevated error rates in us-east-1.")], "two")

    assert result.updated == 1
    assert list(IncidentUpdate.objects.values_list("body", flat=True)) == [
        "Elevated error rates in us-east-1."
    ]


def test_it_adds_new_updates_and_applies_the_new_status(source):
    store(source, payload(incident("abc123", updates=1)))
    resolved = START + dt.timedelta(hours=1)

    store(source, payload(incident("abc123", updates=3, status="resolved", resolved=resolved)))

    found = Incident.objects.get()
    assert (found.status, found.ended_at) == ("resolved", resolved)
    assert found.updates.count() == 3
    assert found.updates.last().status == "resolved"


def test_it_keeps_an_incident_that_vanishes_upstream(source):
    store(source, payload(incident("abc123"), incident("def456")))

    result = store(source, payload(incident("def456")))

    assert result.unchanged == 1
    assert Incident.objects.count() == 2
    assert ExternalRef.objects.filter(external_id="abc123").exists()


def test_it_never_overwrites_a_field_an_editor_changed(source):
    store(source, payload(incident("abc123")))
    edited = Incident.objects.get()
    edited.title = "GitHub Git operations outage (editor's title)"
    edited.mark_edited(["title"])
    edited.save()

    store(source, payload(incident("abc123", "Upstream renamed it", status="identified")))

    edited.refresh_from_db()
    assert edited.title == "GitHub Git operations outage (editor's title)"
    assert edited.status == "identified"
    assert edited.edited_fields == ["title"]


def test_it_keeps_an_editors_start_when_upstream_ends_before_it(source):
    store(source, payload(incident("abc123")))
    edited = Incident.objects.get()
    edited.started_at = START + dt.timedelta(hours=2)
    edited.mark_edited(["started_at"])
    edited.save()

    store(
        source,
        payload(incident("abc123", status="resolved", resolved=START + dt.timedelta(hours=1))),
    )

    edited.refresh_from_db()
    assert edited.started_at == START + dt.timedelta(hours=2)
    assert edited.ended_at is None
    assert edited.status == "resolved"


def test_it_leaves_ingested_incidents_in_draft_without_auto_publish(source):
    source.auto_publish = False
    source.save()

    store(source, payload(incident("abc123")))

    assert Incident.objects.get().review_state == ReviewState.DRAFT
    assert not Incident.objects.published().exists()


def test_it_creates_regions_and_products_per_provider_and_reuses_them(source):
    aliyun = Provider.objects.create(slug="aliyun", name="Alibaba Cloud")
    other = Source.objects.create(
        name="Aliyun", kind="aliyun", url="https://example.com/a", provider=aliyun
    )

    def item(external_id: str) -> ParsedIncident:
        return ParsedIncident(
            external_id=external_id,
            title="Zone C down",
            started_at=START,
            regions=("cn-hongkong",),
            products=(ParsedImpact(product="Elastic Compute Service", impact="critical"),),
        )

    store_parsed(source, [item("a")], "1")
    store_parsed(other, [item("b")], "2")
    store_parsed(source, [item("a"), item("c")], "3")

    assert sorted(Region.objects.values_list("provider__slug", "slug")) == [
        ("aliyun", "cn-hongkong"),
        ("github", "cn-hongkong"),
    ]
    assert sorted(Product.objects.values_list("slug", flat=True)) == [
        "aliyun-elastic-compute-service",
        "github-elastic-compute-service",
    ]
    assert ProductImpact.objects.filter(impact="critical").count() == 3
    assert Incident.regions.through.objects.count() == 3


def test_it_fills_a_product_impacts_end_once_upstream_gives_it(source):
    def item(ended: dt.datetime | None) -> ParsedIncident:
        impact = ParsedImpact(product="ECS", started_at=START, ended_at=ended)
        return ParsedIncident(external_id="a", title="t", started_at=START, products=(impact,))

    store_parsed(source, [item(None)], "1")
    store_parsed(source, [item(START + dt.timedelta(hours=3))], "2")

    assert ProductImpact.objects.get().ended_at == START + dt.timedelta(hours=3)


def test_it_saves_a_snapshot_only_for_fetches_that_changed_something(source):
    body = payload(incident("abc123"))
    store(source, body)
    store(source, body)
    store(source, body.replace(b", ", b",  "))

    snapshot = Snapshot.objects.get()
    assert (snapshot.sha256, snapshot.size, snapshot.http_status) == (
        fetched(body).sha256,
        len(body),
        200,
    )
    assert bytes(snapshot.body) == body
    assert snapshot.content_type.startswith("application/json")


def test_it_keeps_only_the_newest_snapshots(source, settings):
    settings.INGEST_SNAPSHOT_RETENTION = 2
    bodies = [payload(incident("abc123", updates=n)) for n in (1, 2, 3)]
    for body in bodies:
        store(source, body)

    kept = set(Snapshot.objects.values_list("sha256", flat=True))
    assert kept == {fetched(bodies[1]).sha256, fetched(bodies[2]).sha256}


def test_it_records_success_on_the_source(source):
    source.consecutive_failures = 3
    source.save()

    store(source, payload(incident("abc123")))

    source.refresh_from_db()
    assert source.consecutive_failures == 0
    assert source.last_success_at is not None
    assert source.next_poll_at == source.last_success_at + dt.timedelta(seconds=300)


def test_it_adds_updates_to_the_survivor_of_a_merged_incident(source):
    store(source, payload(incident("abc123"), incident("def456", "Git errors")))
    duplicate = Incident.objects.get(refs__external_id="abc123")
    survivor = Incident.objects.get(refs__external_id="def456")
    merge_incidents(survivor, [duplicate])

    store(source, payload(incident("def456", "Git errors"), incident("abc123", updates=3)))

    assert Incident.objects.count() == 2
    assert duplicate.updates.count() == 0
    assert survivor.updates.count() == 5
    assert Incident.objects.get(pk=survivor.pk).title == "Git errors"


def test_it_links_the_same_upstream_incident_from_a_second_source_of_the_provider(source):
    atom = Source.objects.create(
        name="GitHub history",
        kind="statuspage-feed",
        url="https://www.githubstatus.com/history.atom",
        provider=source.provider,
    )
    store(source, payload(incident("abc123")))
    same = get_parser("statuspage").parse(payload(incident("abc123", "Renamed", updates=3)))

    result = store_parsed(atom, same, "atom")

    assert result.updated == 1
    found = Incident.objects.get()
    assert found.title == "Incident with Git operations"
    assert sorted(found.refs.values_list("source__name", flat=True)) == ["GitHub", "GitHub history"]
    assert found.updates.count() == 3


def test_it_keeps_a_single_entry_when_a_payload_repeats_an_id(source):
    item = get_parser("statuspage").parse(payload(incident("abc123")))[0]
    store_parsed(source, [item, dataclasses.replace(item, title="Later copy")], "dup")
    assert Incident.objects.get().title == item.title


# --- Polling through the real fetcher, against a local server --------------------------------


@pytest.fixture
def served(source, local_server, settings):
    """The source pointed at a local server serving one incident; returns (source, server)."""
    settings.INGEST_ALLOW_PRIVATE_NETWORKS = True
    local_server.route(
        "/api/v2/incidents.json",
        body=payload(incident("abc123")),
        content_type="application/json",
        etag='"v1"',
    )
    source.url = local_server.url("/api/v2/incidents.json")
    source.save()
    return source, local_server


def test_it_polls_a_source_and_remembers_its_validators(served):
    source, server = served

    result = ingest.poll(source)

    assert result.summary() == "GitHub: new 1, updated 0, unchanged 0"
    source.refresh_from_db()
    assert source.etag == '"v1"'
    assert source.last_success_at is not None
    assert Snapshot.objects.get().http_status == 200


def test_it_writes_nothing_on_not_modified(served):
    source, server = served
    ingest.poll(source)
    source.refresh_from_db()

    with CaptureQueriesContext(connection) as queries:
        result = ingest.poll(source)

    assert server.requests[-1].headers["If-None-Match"] == '"v1"'
    assert writes(queries.captured_queries) == []
    assert result.summary() == "GitHub: new 0, updated 0, unchanged 1"


@pytest.mark.parametrize(
    ("status", "body", "retryable", "message"),
    [
        (503, b"busy", True, "fetch failed: HTTP 503"),
        (404, b"gone", False, "fetch failed: HTTP 404"),
        (200, b"<html><body>Status</body></html>", False, "parse error: "),
    ],
)
def test_a_failed_poll_changes_no_incident_and_records_the_error(
    served, status, body, retryable, message
):
    source, server = served
    ingest.poll(source)
    before = list(Incident.objects.values_list("pk", "title", "status", "updated_at"))
    server.route("/api/v2/incidents.json", status=status, body=body, content_type="text/html")

    first = ingest.poll(Source.objects.get())
    second = ingest.poll(Source.objects.get())

    assert (first.ok, first.retryable) == (False, retryable)
    assert first.error.startswith(message)
    assert second.summary().startswith("GitHub: error: " + message)
    assert list(Incident.objects.values_list("pk", "title", "status", "updated_at")) == before
    source.refresh_from_db()
    assert source.consecutive_failures == 2
    assert source.last_error.startswith(message)
    assert source.last_error_at >= source.last_success_at
    assert Snapshot.objects.count() == 1


def test_it_recovers_after_failures(served):
    source, server = served
    server.route("/api/v2/incidents.json", status=500, body=b"oops")
    ingest.poll(source)
    server.route(
        "/api/v2/incidents.json", body=payload(incident("abc123")), content_type="application/json"
    )

    assert ingest.poll(Source.objects.get()).ok

    source.refresh_from_db()
    assert source.consecutive_failures == 0
    assert source.last_success_at > source.last_error_at


# --- Concurrency: a lock per source ----------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_two_pollers_storing_one_source_at_once_never_duplicate(postgres):
    import threading

    github = Provider.objects.create(slug="github", name="GitHub")
    source = Source.objects.create(
        name="GitHub",
        kind="statuspage",
        provider=github,
        url="https://www.githubstatus.com/api/v2/incidents.json",
    )
    # Two different bytes for the same incidents: the content hash cannot short-cut either.
    bodies = [
        payload(incident("abc123", updates=3), incident("def456")),
        payload(incident("abc123", updates=3), incident("def456")).replace(b", ", b",  "),
    ]
    barrier = threading.Barrier(len(bodies))
    results, errors = [], []

    def poller(body: bytes) -> None:
        parsed = get_parser("statuspage").parse(body)
        try:
            barrier.wait(timeout=10)
            results.append(ingest.store(source.pk, fetched(body), parsed))
        except Exception as exc:  # reported below, with the other thread's outcome
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=poller, args=(body,)) for body in bodies]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert errors == []
    assert sorted((r.new, r.unchanged) for r in results) == [(0, 2), (2, 0)]
    assert Incident.objects.count() == 2
    assert ExternalRef.objects.count() == 2
    assert IncidentUpdate.objects.count() == 5


# --- Bookkeeping on the source and its refs ----------------------------------------------------


def test_a_successful_poll_clears_the_last_error(served):
    source, server = served
    server.route("/api/v2/incidents.json", status=500, body=b"oops")
    ingest.poll(source)
    assert Source.objects.get().last_error.startswith("fetch failed: HTTP 500")
    server.route(
        "/api/v2/incidents.json", body=payload(incident("abc123")), content_type="application/json"
    )

    ingest.poll(Source.objects.get())

    source.refresh_from_db()
    assert source.last_error == ""
    assert source.last_error_at is not None  # when it last failed stays on record


def test_a_not_modified_poll_also_clears_the_last_error(served):
    source, server = served
    ingest.poll(source)
    Source.objects.update(last_error="fetch failed: timed out")

    ingest.poll(Source.objects.get())

    assert server.requests[-1].headers["If-None-Match"] == '"v1"'
    assert Source.objects.get().last_error == ""


def seen_at() -> dict[str, dt.datetime]:
    return dict(ExternalRef.objects.values_list("external_id", "last_seen_at"))


def test_every_poll_that_sees_a_ref_stamps_its_last_seen_at(source):
    store(source, payload(incident("abc123"), incident("def456")))
    first = seen_at()
    assert first["abc123"] == ExternalRef.objects.get(external_id="abc123").first_seen_at

    # A changed payload that no longer carries def456 (Azure drops resolved items).
    store(source, payload(incident("abc123", "Renamed")))
    second = seen_at()

    assert second["abc123"] > first["abc123"]
    assert second["def456"] == first["def456"]
    assert Source.objects.get().last_success_at == second["abc123"]


def test_an_unchanged_payload_stamps_the_refs_the_last_poll_saw_in_one_update(served):
    source, server = served
    server.route(
        "/api/v2/incidents.json",
        body=payload(incident("abc123"), incident("def456")),
        content_type="application/json",
        etag='"v1"',
    )
    ingest.poll(source)
    server.route(
        "/api/v2/incidents.json",
        body=payload(incident("abc123")),
        content_type="application/json",
        etag='"v2"',
    )
    ingest.poll(Source.objects.get())
    before = seen_at()

    with CaptureQueriesContext(connection) as queries:
        ingest.poll(Source.objects.get())  # 304: the payload that carries only abc123

    after = seen_at()
    assert server.requests[-1].headers["If-None-Match"] == '"v2"'
    assert after["abc123"] > before["abc123"]
    assert after["def456"] == before["def456"]
    ref_writes = [q["sql"] for q in queries.captured_queries if "externalref" in q["sql"].lower()]
    assert len([sql for sql in ref_writes if sql.startswith("UPDATE")]) == 1
    assert not [sql for sql in ref_writes if "historicalexternalref" in sql.lower()]
