"""The HTTP seam, against a real local server; the SSRF guard, with no connection at all."""

import gzip
import hashlib
import itertools
import pickle
import random
import socket
import ssl
import time
import tracemalloc
import zlib
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import brotli
import pytest
import trustme

from incidents.ingest import fetch as fetch_module
from incidents.ingest.fetch import FetchError, check_url, fetch, parse_retry_after
from tests.httpserver import LocalServer

MiB = 1024 * 1024
LAST_MODIFIED = "Fri, 27 Nov 2026 10:00:00 GMT"


@pytest.fixture
def private_ok(settings):
    """Let fetch reach the local server, as tests and local demos do."""
    settings.INGEST_ALLOW_PRIVATE_NETWORKS = True
    return settings


@pytest.fixture
def private_refused(settings):
    settings.INGEST_ALLOW_PRIVATE_NETWORKS = False
    return settings


@pytest.fixture
def no_network(monkeypatch):
    """Fail the test on any connection attempt."""

    def refuse(*args, **kwargs):
        raise AssertionError(f"network contacted: {args!r}")

    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket.socket, "connect", refuse)


@pytest.fixture
def fake_dns(monkeypatch):
    """Answer names from a table (fake_dns["name"] = [addresses]); fail on any real lookup."""
    table: dict[str, list[str]] = {}
    real = socket.getaddrinfo

    def getaddrinfo(host, port, *args, **kwargs):
        if host in table:
            table.setdefault("_calls", []).append(host)
            return [_addrinfo(address, port) for address in table[host]]
        if host == "localhost" or ":" in host or _is_numeric_ipv4(host):
            return real(host, port, *args, **kwargs)
        raise AssertionError(f"real DNS lookup of {host!r}")

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    return table


def _is_numeric_ipv4(host: str) -> bool:
    # inet_aton's forms ("2130706433", "0x7f000001") are parsed locally, never looked up.
    try:
        socket.inet_aton(host)
    except OSError:
        return False
    return True


def _addrinfo(address: str, port):
    family = socket.AF_INET6 if ":" in address else socket.AF_INET
    return (family, socket.SOCK_STREAM, 6, "", (address, port or 0))


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _zeros(total: int, chunk: int = MiB):
    return itertools.repeat(bytes(chunk), total // chunk)


def _fetch_error(url: str, **kwargs) -> FetchError:
    with pytest.raises(FetchError) as info:
        fetch(url, **kwargs)
    return info.value


# --- Success and conditional GET ---------------------------------------------------------------


def test_it_fetches_a_body_with_its_validators_and_hash(local_server, private_ok):
    body = b'{"incidents": []}'
    local_server.route(
        "/incidents.json",
        body=body,
        content_type="application/json",
        etag='"v1"',
        last_modified=LAST_MODIFIED,
    )

    result = fetch(local_server.url("/incidents.json"))

    assert result.status == 200
    assert result.body == body
    assert result.etag == '"v1"'
    assert result.last_modified == LAST_MODIFIED
    assert result.content_type == "application/json"
    assert result.final_url == local_server.url("/incidents.json")
    assert result.not_modified is False
    assert result.sha256 == hashlib.sha256(body).hexdigest()


def test_it_sends_a_clear_user_agent_and_asks_for_gzip_and_brotli(local_server, private_ok):
    private_ok.PROJECT_URL = "https://tracker.example.org/about"
    local_server.route("/feed", body=b"ok")

    fetch(local_server.url("/feed"))

    headers = local_server.requests[0].headers
    assert headers["User-Agent"].startswith("cloud-outage-tracker/")
    assert headers["User-Agent"].endswith(" (+https://tracker.example.org/about)")
    assert headers["Accept-Encoding"] == "gzip, br"
    assert "If-None-Match" not in headers


def test_it_returns_not_modified_when_the_etag_matches(local_server, private_ok):
    local_server.route("/feed", body=b"payload", etag='"v1"')

    result = fetch(local_server.url("/feed"), etag='"v1"')

    assert local_server.requests[0].headers["If-None-Match"] == '"v1"'
    assert (result.status, result.not_modified, result.body) == (304, True, b"")
    assert result.etag == '"v1"'
    assert result.sha256 == ""


def test_it_returns_not_modified_when_last_modified_matches(local_server, private_ok):
    local_server.route("/feed", body=b"payload", last_modified=LAST_MODIFIED)

    result = fetch(local_server.url("/feed"), last_modified=LAST_MODIFIED)

    assert local_server.requests[0].headers["If-Modified-Since"] == LAST_MODIFIED
    assert result.not_modified is True
    assert result.body == b""
    assert result.last_modified == LAST_MODIFIED


def test_it_keeps_the_callers_validators_when_a_304_omits_them(local_server, private_ok):
    local_server.route("/feed", status=304)

    result = fetch(local_server.url("/feed"), etag='"v1"', last_modified=LAST_MODIFIED)

    assert result.not_modified is True
    assert (result.etag, result.last_modified) == ('"v1"', LAST_MODIFIED)


def test_it_returns_the_new_body_when_the_etag_changed(local_server, private_ok):
    local_server.route("/feed", body=b"new payload", etag='"v2"')

    result = fetch(local_server.url("/feed"), etag='"v1"')

    assert result.not_modified is False
    assert (result.body, result.etag) == (b"new payload", '"v2"')


def test_it_returns_an_html_page_and_its_content_type(local_server, private_ok):
    # A login wall or error page served with 200 is the parser's problem; fetch shows it as is.
    local_server.route(
        "/feed", body="<html><body>Sign in</body></html>", content_type="text/html; charset=utf-8"
    )

    result = fetch(local_server.url("/feed"))

    assert result.status == 200
    assert result.content_type == "text/html; charset=utf-8"
    assert result.body.startswith(b"<html>")


# --- Status errors and Retry-After --------------------------------------------------------------


def test_it_exposes_retry_after_seconds_on_429(local_server, private_ok):
    local_server.route("/feed", status=429, headers={"Retry-After": "120"})

    error = _fetch_error(local_server.url("/feed"))

    assert (error.permanent, error.retry_after, error.status) == (False, 120.0, 429)
    assert "HTTP 429" in str(error)


def test_it_exposes_retry_after_as_an_http_date_on_503(local_server, private_ok):
    when = datetime.now(UTC) + timedelta(seconds=90)
    local_server.route("/feed", status=503, headers={"Retry-After": format_datetime(when, True)})

    error = _fetch_error(local_server.url("/feed"))

    assert error.permanent is False
    assert error.status == 503
    assert 80 <= error.retry_after <= 90


def test_it_treats_a_500_as_transient(local_server, private_ok):
    local_server.route("/feed", status=500, body=b"oops")

    error = _fetch_error(local_server.url("/feed"))

    assert (error.permanent, error.retry_after, error.status) == (False, None, 500)


def test_it_treats_a_404_as_permanent(local_server, private_ok):
    error = _fetch_error(local_server.url("/nowhere"))

    assert (error.permanent, error.status) == (True, 404)
    assert "HTTP 404 Not Found" in str(error)


@pytest.mark.parametrize(
    ("status", "permanent"),
    [(400, True), (401, True), (403, True), (410, True), (408, False), (502, False), (504, False)],
)
def test_it_tells_permanent_statuses_from_transient_ones(
    local_server, private_ok, status, permanent
):
    local_server.route("/feed", status=status)

    assert _fetch_error(local_server.url("/feed")).permanent is permanent


@pytest.mark.parametrize(
    ("value", "seconds"),
    [
        ("0", 0.0),
        ("3600", 3600.0),
        ("", None),
        ("soon", None),
        ("-5", None),
        ("99999999999", 86400.0),
        ("Wed, 21 Oct 2015 07:28:00 GMT", 0.0),
        ("Fri, 27 Nov 2026 12:01:00 GMT", 60.0),
    ],
)
def test_it_parses_retry_after_values(value, seconds):
    now = datetime(2026, 11, 27, 12, 0, tzinfo=UTC)

    assert parse_retry_after(value, now=now) == seconds


def test_it_treats_a_refused_connection_as_transient(private_ok):
    error = _fetch_error(f"http://127.0.0.1:{_free_port()}/feed")

    assert error.permanent is False
    assert "Connection failed" in str(error)


def test_it_keeps_its_fields_through_pickling():
    error = FetchError("HTTP 429", permanent=False, retry_after=30.0, status=429)

    copy = pickle.loads(pickle.dumps(error))

    assert (str(copy), copy.permanent, copy.retry_after, copy.status) == (
        "HTTP 429",
        False,
        30.0,
        429,
    )


# --- Time and size limits -------------------------------------------------------------------------


def test_it_times_out_on_a_slow_server_as_a_transient_error(local_server, private_ok):
    local_server.route("/feed", body=b"late", delay=5)
    started = time.monotonic()

    error = _fetch_error(local_server.url("/feed"), timeout=0.3)

    assert error.permanent is False
    assert "Timed out" in str(error)
    assert time.monotonic() - started < 2


def test_it_stops_a_trickling_body_at_the_total_deadline(local_server, private_ok):
    # Each chunk arrives well within the read timeout; only the total deadline can stop it.
    local_server.route("/feed", stream=lambda: itertools.repeat(b"x"), chunk_delay=0.02)
    started = time.monotonic()

    error = _fetch_error(local_server.url("/feed"), timeout=0.5)

    assert error.permanent is False
    assert "total deadline" in str(error)
    assert time.monotonic() - started < 2


def test_it_stops_a_server_trickling_its_headers_at_the_total_deadline(local_server, private_ok):
    # One header byte a second: every read is far inside the read timeout, and the whole
    # head (about 70 bytes) would take over a minute. Only the overall deadline can stop it.
    local_server.route("/feed", body=b"{}", content_type="application/json", head_delay=1.0)
    started = time.monotonic()

    error = _fetch_error(local_server.url("/feed"), timeout=2)

    assert error.permanent is False
    assert "total deadline" in str(error)
    assert time.monotonic() - started < 6


def _peak_memory_of(call) -> int:
    tracemalloc.start()
    try:
        call()
    finally:
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    return peak


def test_it_caps_an_endless_body_with_bounded_memory(local_server, private_ok):
    private_ok.INGEST_MAX_BYTES = MiB
    local_server.route("/feed", stream=lambda: itertools.repeat(bytes(64 * 1024)))
    errors = []

    def call():
        errors.append(_fetch_error(local_server.url("/feed")))

    peak = _peak_memory_of(call)

    assert errors[0].permanent is True
    assert "larger than INGEST_MAX_BYTES (1048576 bytes)" in str(errors[0])
    assert peak < 2.5 * MiB


def test_it_refuses_a_declared_length_over_the_cap_before_reading(local_server, private_ok):
    private_ok.INGEST_MAX_BYTES = MiB
    local_server.route(
        "/feed",
        headers={"Content-Length": str(1024 * MiB)},
        stream=lambda: itertools.repeat(bytes(64 * 1024)),
    )

    error = _fetch_error(local_server.url("/feed"))

    assert error.permanent is True
    assert "larger than INGEST_MAX_BYTES" in str(error)


def test_it_accepts_a_body_exactly_at_the_cap(local_server, private_ok):
    private_ok.INGEST_MAX_BYTES = 1000
    local_server.route("/feed", body=b"a" * 1000)

    assert len(fetch(local_server.url("/feed")).body) == 1000


# --- Content-Encoding ---------------------------------------------------------------------------


def test_it_decodes_a_gzip_body(local_server, private_ok):
    body = b'{"status": "ok"}' * 100
    local_server.route("/feed", body=gzip.compress(body), headers={"Content-Encoding": "gzip"})

    result = fetch(local_server.url("/feed"))

    assert result.body == body
    assert result.sha256 == hashlib.sha256(body).hexdigest()


def test_it_decodes_a_brotli_body(local_server, private_ok):
    body = "阿里云 香港可用区C 故障".encode() * 100
    local_server.route("/feed", body=brotli.compress(body), headers={"Content-Encoding": "br"})

    assert fetch(local_server.url("/feed")).body == body


def test_it_decodes_concatenated_gzip_members_as_one_body(local_server, private_ok):
    payload = gzip.compress(b"first,") + gzip.compress(b"second")
    local_server.route("/feed", body=payload, headers={"Content-Encoding": "gzip"})

    assert fetch(local_server.url("/feed")).body == b"first,second"


def test_it_decodes_gzip_members_split_across_network_reads(local_server, private_ok):
    payload = gzip.compress(b"first,") + gzip.compress(b"second")
    split = len(gzip.compress(b"first,")) + 1  # between the two bytes of the gzip magic
    local_server.route(
        "/feed",
        stream=[payload[:split], payload[split:]],
        chunk_delay=0.05,
        headers={"Content-Encoding": "gzip"},
    )

    assert fetch(local_server.url("/feed")).body == b"first,second"


def test_it_ignores_bytes_after_the_end_of_a_gzip_body(local_server, private_ok):
    payload = gzip.compress(b"complete") + b"\x00\x00junk"
    local_server.route("/feed", body=payload, headers={"Content-Encoding": "gzip"})

    assert fetch(local_server.url("/feed")).body == b"complete"


def test_it_decodes_a_streamed_brotli_body_larger_than_one_piece(local_server, private_ok):
    # Incompressible bytes span many network reads; the zeros expand into many pieces.
    body = random.Random(0).randbytes(200 * 1024) + bytes(MiB)
    compressed = brotli.compress(body, quality=1)
    pieces = [compressed[i : i + 16 * 1024] for i in range(0, len(compressed), 16 * 1024)]
    local_server.route("/feed", stream=pieces, headers={"Content-Encoding": "br"})

    assert fetch(local_server.url("/feed")).body == body


def _gzip_bomb(size: int) -> bytes:
    compressor = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    return b"".join(compressor.compress(chunk) for chunk in _zeros(size)) + compressor.flush()


def _brotli_bomb(size: int) -> bytes:
    compressor = brotli.Compressor(quality=5)
    return b"".join(compressor.process(chunk) for chunk in _zeros(size)) + compressor.finish()


@pytest.mark.parametrize(
    ("encoding", "bomb"),
    [("gzip", _gzip_bomb(64 * MiB)), ("br", _brotli_bomb(256 * MiB))],
    ids=["gzip", "brotli"],
)
def test_it_caps_a_compression_bomb_on_the_decoded_size(local_server, private_ok, encoding, bomb):
    private_ok.INGEST_MAX_BYTES = MiB
    local_server.route("/feed", body=bomb, headers={"Content-Encoding": encoding})
    errors = []

    peak = _peak_memory_of(lambda: errors.append(_fetch_error(local_server.url("/feed"))))

    assert len(bomb) < MiB
    assert errors[0].permanent is True
    assert "larger than INGEST_MAX_BYTES" in str(errors[0])
    assert peak < 2.5 * MiB


def test_it_rejects_a_truncated_gzip_body_as_transient(local_server, private_ok):
    payload = gzip.compress(b"x" * 10_000)[:-20]
    local_server.route("/feed", body=payload, headers={"Content-Encoding": "gzip"})

    error = _fetch_error(local_server.url("/feed"))

    assert error.permanent is False
    assert "Truncated" in str(error)


def test_it_rejects_a_corrupt_gzip_body(local_server, private_ok):
    local_server.route("/feed", body=b"not gzip at all", headers={"Content-Encoding": "gzip"})

    assert "Invalid compressed body" in str(_fetch_error(local_server.url("/feed")))


def test_it_rejects_an_unknown_content_encoding_as_permanent(local_server, private_ok):
    local_server.route("/feed", body=b"...", headers={"Content-Encoding": "compress"})

    error = _fetch_error(local_server.url("/feed"))

    assert error.permanent is True
    assert "Unsupported Content-Encoding 'compress'" in str(error)


# --- Redirects ----------------------------------------------------------------------------------


def _chain(server, hops: int) -> str:
    for hop in range(hops):
        target = "/final" if hop == hops - 1 else f"/r{hop + 1}"
        server.redirect(f"/r{hop}", server.url(target), status=301 if hop % 2 else 302)
    server.route("/final", body=b"arrived")
    return server.url("/r0")


def test_it_follows_up_to_five_redirects(local_server, private_ok):
    result = fetch(_chain(local_server, 5))

    assert result.body == b"arrived"
    assert result.final_url == local_server.url("/final")
    assert len(local_server.requests) == 6


def test_it_refuses_a_sixth_redirect(local_server, private_ok):
    error = _fetch_error(_chain(local_server, 6))

    assert error.permanent is True
    assert "Too many redirects" in str(error)
    assert local_server.hits("/final") == 0


def test_it_stops_a_redirect_loop(local_server, private_ok):
    local_server.redirect("/loop", "/loop", status=307)

    assert "Too many redirects" in str(_fetch_error(local_server.url("/loop")))
    assert local_server.hits("/loop") == 6


def test_it_follows_a_relative_location(local_server, private_ok):
    local_server.redirect("/old/feed", "../new/feed", status=308)
    local_server.route("/new/feed", body=b"moved")

    result = fetch(local_server.url("/old/feed"))

    assert result.body == b"moved"
    assert result.final_url == local_server.url("/new/feed")


@pytest.mark.parametrize("location", ["file:///etc/passwd", "ftp://127.0.0.1/feed", "gopher://x/"])
def test_it_refuses_a_redirect_to_another_scheme(local_server, private_ok, location):
    local_server.redirect("/feed", location)

    error = _fetch_error(local_server.url("/feed"))

    assert error.permanent is True
    assert "only http and https" in str(error)


@pytest.mark.parametrize(
    "location",
    [
        "http://169.254.169.254/latest/meta-data/iam/security-credentials/",
        "http://metadata.google.internal/computeMetadata/v1/",
        "http://[fd00:ec2::254]/latest/meta-data/",
        "http://100.100.100.200/latest/meta-data/",
    ],
)
def test_it_refuses_a_redirect_to_cloud_metadata_even_with_the_opt_in(
    local_server, private_ok, connections, location
):
    local_server.redirect("/feed", location)

    error = _fetch_error(local_server.url("/feed"))

    assert error.permanent is True
    assert "metadata" in str(error)
    assert connections == [("127.0.0.1", local_server.port)]


@pytest.mark.parametrize(
    ("target", "reason"),
    [("http://10.0.0.1/feed", "private"), ("http://localhost:{port}/secret", "loopback")],
)
def test_it_checks_each_redirect_target_again_without_the_opt_in(
    local_server, private_ok, connections, target, reason
):
    # The local server is itself private, so the opt-in is switched off once the first hop
    # has been answered: what is tested is that the second hop is checked on its own.
    def opt_out(request):
        private_ok.INGEST_ALLOW_PRIVATE_NETWORKS = False

    local_server.route(
        "/feed",
        status=302,
        headers={"Location": target.format(port=local_server.port)},
        on_request=opt_out,
    )
    local_server.route("/secret", body=b"internal")

    error = _fetch_error(local_server.url("/feed"))

    assert error.permanent is True
    assert f"a {reason} address" in str(error)
    assert local_server.hits("/secret") == 0
    assert connections == [("127.0.0.1", local_server.port)]


# --- The SSRF guard ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("http://127.0.0.1/", "loopback"),
        ("http://127.8.9.10:8080/feed", "loopback"),
        ("http://10.0.0.1/", "private"),
        ("http://172.16.5.4/", "private"),
        ("http://192.168.1.1/", "private"),
        ("http://169.254.169.254/latest/meta-data/", "cloud metadata"),
        ("http://169.254.1.1/", "link-local"),
        ("http://100.64.0.1/", "shared (100.64.0.0/10)"),
        ("http://100.100.100.200/", "cloud metadata"),
        ("http://0.0.0.0/", "unspecified"),
        ("http://224.0.0.1/", "multicast"),
        ("http://240.0.0.1/", "reserved"),
        ("http://198.18.0.1/", "private"),
        ("http://[::1]/", "loopback"),
        ("http://[::]/", "unspecified"),
        ("http://[fe80::1]/", "link-local"),
        ("http://[fc00::1]/", "private"),
        ("http://[fd00:ec2::254]/", "cloud metadata"),
        ("http://[ff02::1]/", "multicast"),
        ("http://[::ffff:127.0.0.1]/", "loopback"),
        ("http://[::ffff:10.0.0.1]/", "private"),
        ("http://[::ffff:169.254.169.254]/", "cloud metadata"),
        ("http://[64:ff9b::a00:1]/", "private"),
        ("http://[2002:7f00:1::]/", "loopback"),
        ("http://[fec0::1]/", "site-local"),
        ("http://2130706433/", "loopback"),
        ("http://0x7f000001/", "loopback"),
        ("http://localhost:8000/", "loopback"),
    ],
)
def test_it_refuses_non_public_addresses_without_connecting(
    private_refused, no_network, fake_dns, url, reason
):
    with pytest.raises(FetchError) as info:
        check_url(url)

    assert info.value.permanent is True
    assert f"a {reason} address" in str(info.value)


@pytest.mark.parametrize(
    "url",
    [
        "http://metadata.google.internal/computeMetadata/v1/",
        "http://METADATA.GOOGLE.INTERNAL./computeMetadata/v1/",
        "http://metadata/computeMetadata/v1/",
        "http://metadata.goog/",
        "http://instance-data/latest/meta-data/",
    ],
)
@pytest.mark.parametrize("opt_in", [False, True])
def test_it_refuses_metadata_host_names_without_resolving_them(
    settings, no_network, fake_dns, url, opt_in
):
    settings.INGEST_ALLOW_PRIVATE_NETWORKS = opt_in

    with pytest.raises(FetchError, match="cloud metadata host"):
        check_url(url)

    assert "_calls" not in fake_dns


@pytest.mark.parametrize(
    "url",
    [
        "https://93.184.216.34/feed",
        "http://8.8.8.8:8080/",
        "https://[2606:2800:220:1:248:1893:25c8:1946]/history.atom",
        "http://[::ffff:8.8.8.8]/",
        "http://[64:ff9b::808:808]/",
    ],
)
def test_it_allows_public_address_literals(private_refused, no_network, fake_dns, url):
    check_url(url)


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("file:///etc/passwd", "only http and https"),
        ("ftp://93.184.216.34/feed.xml", "only http and https"),
        ("javascript:alert(1)", "only http and https"),
        ("status page", "only http and https"),
        ("https:///incidents.json", "has no host"),
        ("http://user:secret@93.184.216.34/", "credentials in URLs"),
        ("http://[::1/", "Malformed URL"),
    ],
)
def test_it_refuses_urls_it_cannot_fetch(private_ok, no_network, url, message):
    with pytest.raises(FetchError, match=message) as info:
        check_url(url)

    assert info.value.permanent is True


def test_it_refuses_a_host_name_that_resolves_to_a_private_address(
    private_refused, no_network, fake_dns
):
    fake_dns["status.example.test"] = ["10.1.2.3"]

    with pytest.raises(
        FetchError, match=r"status.example.test: it resolves to 10.1.2.3, a private"
    ):
        check_url("https://status.example.test/api/v2/incidents.json")


def test_it_refuses_a_host_name_when_any_of_its_addresses_is_private(
    private_refused, no_network, fake_dns
):
    fake_dns["status.example.test"] = ["93.184.216.34", "2606:2800::1", "::1"]

    with pytest.raises(FetchError, match="a loopback address"):
        check_url("https://status.example.test/")


def test_it_allows_a_host_name_with_only_public_addresses(private_refused, no_network, fake_dns):
    fake_dns["status.example.test"] = ["93.184.216.34", "2606:2800:220:1:248:1893:25c8:1946"]

    check_url("https://status.example.test/")


def test_it_reports_an_unresolvable_host_as_transient(private_refused, monkeypatch):
    def fail(*args, **kwargs):
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    monkeypatch.setattr(socket, "getaddrinfo", fail)

    with pytest.raises(FetchError, match="Cannot resolve host 'nowhere.example.test'") as info:
        check_url("https://nowhere.example.test/")

    assert info.value.permanent is False


def test_it_does_not_resolve_names_when_the_opt_in_is_on(private_ok, no_network, fake_dns):
    check_url("https://status.example.test/")

    assert "_calls" not in fake_dns


def test_it_refuses_a_private_target_before_connecting(local_server, private_refused, connections):
    error = _fetch_error(local_server.url("/feed"))

    assert "a loopback address" in str(error)
    assert connections == []


def test_it_refuses_a_name_resolving_to_loopback_at_connection_time(
    local_server, private_refused, connections
):
    error = _fetch_error(local_server.url("/feed", host="localhost"))

    assert error.permanent is True
    assert "localhost: it resolves to 127.0.0.1, a loopback address" in str(error)
    assert connections == []
    assert local_server.requests == []


def test_it_connects_to_the_address_it_checked(local_server, private_ok, connections, fake_dns):
    # One lookup per connection, and TCP goes to its answer: a rebinding DNS server gets no
    # second chance between the check and the connect. The Host header keeps the name.
    fake_dns["feed.example.test"] = ["127.0.0.1"]
    local_server.route("/feed", body=b"pinned")

    result = fetch(local_server.url("/feed", host="feed.example.test"))

    assert result.body == b"pinned"
    assert fake_dns["_calls"] == ["feed.example.test"]
    assert connections == [("127.0.0.1", local_server.port)]
    assert local_server.requests[0].headers["Host"] == f"feed.example.test:{local_server.port}"


def test_it_refuses_a_name_resolving_to_metadata_even_with_the_opt_in(
    private_ok, connections, fake_dns
):
    fake_dns["feed.example.test"] = ["169.254.169.254"]

    error = _fetch_error("http://feed.example.test/latest/meta-data/")

    assert "a cloud metadata address" in str(error)
    assert connections == []


# --- TLS through the pinned connection ---------------------------------------------------------


@pytest.fixture(scope="session")
def certificates():
    """Make a throwaway CA and a certificate for feed.example.test, in Python (trustme)."""
    ca = trustme.CA()
    return ca, ca.issue_cert("feed.example.test")


@pytest.fixture
def tls_server(certificates, monkeypatch):
    """Serve HTTPS for feed.example.test, trusted by fetch through the test CA alone."""
    ca, leaf = certificates
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    leaf.configure_cert(context)
    server_names = []
    context.sni_callback = lambda sock, name, ctx: server_names.append(name)
    monkeypatch.setattr(
        fetch_module.transport,
        "ssl_context",
        lambda: ssl.create_default_context(cadata=ca.cert_pem.bytes().decode()),
    )
    server = LocalServer(tls=context)
    server.server_names = server_names
    server.start()
    yield server
    server.close()


def test_it_verifies_tls_for_the_name_while_connecting_to_the_checked_address(
    tls_server, private_ok, connections, fake_dns
):
    fake_dns["feed.example.test"] = ["127.0.0.1"]
    tls_server.route("/feed", body=b"over tls")

    result = fetch(tls_server.url("/feed", host="feed.example.test"))

    assert result.body == b"over tls"
    assert connections == [("127.0.0.1", tls_server.port)]
    assert tls_server.server_names == ["feed.example.test"]


def test_it_refuses_a_certificate_for_another_name(tls_server, private_ok, fake_dns):
    fake_dns["other.example.test"] = ["127.0.0.1"]
    tls_server.route("/feed", body=b"over tls")

    error = _fetch_error(tls_server.url("/feed", host="other.example.test"))

    assert "CERTIFICATE_VERIFY_FAILED" in str(error)
    assert tls_server.requests == []
