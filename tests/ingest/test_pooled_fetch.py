"""The fetch seam's keep-alive client: sockets reused, every request still guarded."""

from __future__ import annotations

import time

import pytest

from incidents.ingest.fetch import FetchError, fetch, transport


@pytest.fixture
def private_ok(settings):
    settings.INGEST_ALLOW_PRIVATE_NETWORKS = True
    yield settings
    transport.close_pooled_clients()


def test_it_reuses_one_socket_for_fetches_of_one_host(local_server, private_ok, connections):
    for n in range(3):
        local_server.route(f"/s{n}.json", body=b"{}", etag=f'"{n}"')

    results = [fetch(local_server.url(f"/s{n}.json")) for n in range(3)]
    again = fetch(local_server.url("/s0.json"), etag='"0"')

    assert [r.body for r in results] == [b"{}"] * 3
    assert again.not_modified
    assert connections == [("127.0.0.1", local_server.port)]


def test_it_refuses_a_reused_socket_once_its_address_is_no_longer_allowed(
    local_server, private_ok, connections
):
    local_server.route("/feed", body=b"ok")
    client = transport.pooled_client()
    fetch(local_server.url("/feed"))

    private_ok.INGEST_ALLOW_PRIVATE_NETWORKS = False
    with pytest.raises(FetchError) as info, transport.deadline(time.monotonic() + 5):
        client.get(local_server.url("/feed"))  # the same client, its socket still open

    assert "127.0.0.1, a loopback address" in str(info.value)
    assert local_server.hits("/feed") == 1
    assert len(connections) == 1


def test_it_gives_a_forked_process_a_client_of_its_own(private_ok, monkeypatch):
    parent = transport.pooled_client()
    monkeypatch.setattr(transport.os, "getpid", lambda: -1)

    assert transport.pooled_client() is not parent


def test_it_never_sends_back_a_cookie_a_vendor_set(local_server, private_ok):
    local_server.route("/feed", body=b"ok", headers={"Set-Cookie": "session=abc; Path=/"})

    fetch(local_server.url("/feed"))
    fetch(local_server.url("/feed"))

    assert [r.headers.get("Cookie") for r in local_server.requests] == [None, None]


def test_it_bounds_a_reused_socket_by_the_new_fetchs_deadline(local_server, private_ok):
    local_server.route("/quick", body=b"ok")
    local_server.route("/slow", body=b"late", delay=3)
    fetch(local_server.url("/quick"))

    started = time.monotonic()
    with pytest.raises(FetchError, match="total deadline"):
        fetch(local_server.url("/slow"), timeout=0.5)

    assert time.monotonic() - started < 2
