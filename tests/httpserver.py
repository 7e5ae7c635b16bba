"""A real HTTP server on 127.0.0.1 for tests: routes registered per test, requests recorded.

Register with `pytest_plugins = ["tests.httpserver"]` in tests/conftest.py, then:

    def test_it_fetches(local_server, settings):
        settings.INGEST_ALLOW_PRIVATE_NETWORKS = True
        local_server.route("/feed.json", body=b"{}", content_type="application/json")
        fetch(local_server.url("/feed.json"))
        assert local_server.requests[0].headers["User-Agent"]

A route answers with a status, headers and a body, after an optional delay. `stream` (an
iterable of chunks, or a callable returning one, so an endless generator is fresh per request)
is sent chunk by chunk, `chunk_delay` apart, with chunked encoding unless a Content-Length
header is given. `head_delay` sends the status line and headers one byte at a time, that far
apart (a server trickling its headers). `etag` / `last_modified` make the route answer 304
to a matching conditional request. `on_request` runs in the server thread before the answer.
Registering a path again replaces its route, so a test can change what the "upstream" serves
between two polls.
`LocalServer(tls=context)` serves HTTPS with a server-side ssl.SSLContext.
"""

import ssl
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from email.message import Message
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

import pytest

Chunks = Iterable[bytes] | Callable[[], Iterable[bytes]]


@dataclass
class RecordedRequest:
    """One request as the server received it."""

    method: str
    path: str
    headers: Message  # case-insensitive: headers["user-agent"] works


@dataclass
class Route:
    """What the server answers on one path."""

    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0
    stream: Chunks | None = None
    chunk_delay: float = 0.0
    head_delay: float = 0.0
    etag: str = ""
    last_modified: str = ""
    on_request: Callable[[RecordedRequest], None] | None = None

    def is_unchanged_for(self, request: RecordedRequest) -> bool:
        """Say whether a conditional request matches this route's validators."""
        if self.etag and request.headers.get("If-None-Match") == self.etag:
            return True
        since = request.headers.get("If-Modified-Since")
        return bool(self.last_modified and since == self.last_modified)


class LocalServer:
    """A threaded http.server on 127.0.0.1 with a random port."""

    def __init__(self, tls: ssl.SSLContext | None = None) -> None:
        self.routes: dict[str, Route] = {}
        self.requests: list[RecordedRequest] = []
        self.stopping = threading.Event()
        self.scheme = "https" if tls else "http"
        self._httpd = _Server(("127.0.0.1", 0), _Handler)
        if tls:
            self._httpd.socket = tls.wrap_socket(self._httpd.socket, server_side=True)
        self._httpd.local_server = self
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    @property
    def port(self) -> int:
        """Return the port the server listens on."""
        return self._httpd.server_address[1]

    def url(self, path: str = "/", host: str = "127.0.0.1") -> str:
        """Return the absolute URL of path on this server."""
        return f"{self.scheme}://{host}:{self.port}{path}"

    def route(
        self,
        path: str,
        *,
        status: int = 200,
        body: bytes | str = b"",
        content_type: str = "",
        headers: dict[str, str] | None = None,
        **options,
    ) -> Route:
        """Serve path (query string ignored) with the given answer; see Route for options."""
        all_headers = dict(headers or {})
        if content_type:
            all_headers["Content-Type"] = content_type
        data = body.encode() if isinstance(body, str) else body
        route = Route(status=status, body=data, headers=all_headers, **options)
        self.routes[path] = route
        return route

    def redirect(self, path: str, location: str, status: int = 302) -> Route:
        """Answer path with a redirect to location."""
        return self.route(path, status=status, headers={"Location": location})

    def hits(self, path: str) -> int:
        """Return how many requests path received."""
        return sum(1 for r in self.requests if urlsplit(r.path).path == path)

    def start(self) -> None:
        """Start serving in a background thread."""
        self._thread.start()

    def close(self) -> None:
        """Stop serving and wake any handler still sleeping."""
        self.stopping.set()
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join(timeout=5)


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False
    local_server: LocalServer

    def handle_error(self, request, client_address) -> None:
        # The client hanging up mid-answer (timeouts, size caps) is what those tests provoke.
        pass


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    # Headers and body go out in separate writes; with Nagle on, each answer waits for a
    # delayed ACK (up to 200 ms).
    disable_nagle_algorithm = True
    server: _Server

    def do_GET(self) -> None:
        local = self.server.local_server
        request = RecordedRequest(self.command, self.path, self.headers)
        local.requests.append(request)
        route = local.routes.get(urlsplit(self.path).path)
        if route is None:
            route = Route(status=404, body=b"not found", headers={"Content-Type": "text/plain"})
        if route.on_request:
            route.on_request(request)
        if route.delay and local.stopping.wait(route.delay):
            return
        self._answer(route, request)

    def log_message(self, format, *args) -> None:
        pass

    def _answer(self, route: Route, request: RecordedRequest) -> None:
        validators = {"ETag": route.etag, "Last-Modified": route.last_modified}
        validators = {k: v for k, v in validators.items() if v}
        if route.status == 200 and route.is_unchanged_for(request):
            self._send_head(304, {**validators, "Content-Length": "0"})
            return
        headers = {**validators, **route.headers}
        if route.head_delay:
            self._trickle_head(route, headers)
            return
        if route.stream is None:
            headers.setdefault("Content-Length", str(len(route.body)))
            self._send_head(route.status, headers)
            self.wfile.write(route.body)
            return
        self._send_stream(route, headers)

    def _send_head(self, status: int, headers: dict[str, str]) -> None:
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.end_headers()

    def _trickle_head(self, route: Route, headers: dict[str, str]) -> None:
        headers.setdefault("Content-Length", str(len(route.body)))
        lines = [f"HTTP/1.1 {route.status} OK", *(f"{k}: {v}" for k, v in headers.items())]
        stopping = self.server.local_server.stopping
        for byte in ("\r\n".join(lines) + "\r\n\r\n").encode():
            if stopping.wait(route.head_delay):
                return
            self.wfile.write(bytes([byte]))
        self.wfile.write(route.body)

    def _send_stream(self, route: Route, headers: dict[str, str]) -> None:
        chunked = "Content-Length" not in headers
        if chunked:
            headers["Transfer-Encoding"] = "chunked"
        self._send_head(route.status, headers)
        stopping = self.server.local_server.stopping
        chunks = route.stream() if callable(route.stream) else route.stream
        for chunk in chunks:
            if not chunk:  # an empty chunk would end a chunked body early
                continue
            if route.chunk_delay and stopping.wait(route.chunk_delay):
                return
            self.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk) if chunked else chunk)
        if chunked:
            self.wfile.write(b"0\r\n\r\n")


@pytest.fixture
def local_server() -> Iterable[LocalServer]:
    """Yield a started LocalServer, closed after the test."""
    server = LocalServer()
    server.start()
    yield server
    server.close()
