"""The guarded transport under fetch(): pinned, checked addresses, one deadline, pooled sockets.

Every connection resolves its host, checks every address and connects to exactly the one it
checked; every request on a connection, a reused one included, checks that address again
under the rules in force. The deadline of the fetch running now (a context variable, so each
thread has its own) bounds every socket operation, whichever fetch opened the socket.
"""

from __future__ import annotations

import contextvars
import functools
import http.cookiejar
import os
import ssl
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

import httpcore
import httpx
from django.conf import settings

from . import guard

DEADLINE_PASSED = "total deadline passed"
# Idle sockets kept per process: sources sharing a host (AWS's per-service feeds, a local
# mirror) reuse them; 20 sockets cost a few file descriptors and no threads.
MAX_KEEPALIVE = 20
# Shorter than the 5-minute poll interval on purpose: a socket is reused within one round of
# due sources, and a host's DNS answer is looked up again at least this often.
KEEPALIVE_SECONDS = 60.0

_deadline: contextvars.ContextVar[float | None] = contextvars.ContextVar(
    "fetch_deadline", default=None
)


@contextmanager
def deadline(at: float) -> Iterator[None]:
    """Bound every socket operation in the block by the monotonic time `at`."""
    token = _deadline.set(at)
    try:
        yield
    finally:
        _deadline.reset(token)


def _left(timeout: float | None, error: type[Exception]) -> float | None:
    at = _deadline.get()
    if at is None:  # the pool closing an idle socket, outside any fetch
        return timeout
    left = at - time.monotonic()
    if left <= 0:
        raise error(DEADLINE_PASSED)
    return left if timeout is None else min(timeout, left)


class _DeadlineStream(httpcore.NetworkStream):
    """A socket whose every operation ends by the fetch's deadline, whatever its own timeout.

    httpx's timeouts apply to each read alone: a server sending one header byte a second
    would hold a fetch (and a worker slot) for as long as it likes.
    """

    def __init__(self, stream: httpcore.NetworkStream, host: str, address: str) -> None:
        self._stream = stream
        self._host = host
        self._address = address

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        left = _left(timeout, httpcore.ReadTimeout)
        try:
            return self._stream.read(max_bytes, left)
        except httpcore.ReadTimeout:
            _left(None, httpcore.ReadTimeout)  # say which limit it was
            raise

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        # Each request starts with a write: a reused socket's address meets today's rules.
        # h11 ends a bodiless request with an empty write, which carries nothing to check.
        if buffer:
            guard.check_address(self._host, self._address)
        self._stream.write(buffer, _left(timeout, httpcore.WriteTimeout))

    def close(self) -> None:
        self._stream.close()

    def start_tls(
        self,
        ssl_context: ssl.SSLContext,
        server_hostname: str | None = None,
        timeout: float | None = None,
    ) -> httpcore.NetworkStream:
        left = _left(timeout, httpcore.ConnectTimeout)
        stream = self._stream.start_tls(ssl_context, server_hostname, left)
        return _DeadlineStream(stream, self._host, self._address)

    def get_extra_info(self, info: str):
        return self._stream.get_extra_info(info)


class _GuardedBackend(httpcore.SyncBackend):
    """Resolve, check and connect in one step, so the address checked is the one used."""

    def connect_tcp(
        self, host, port, timeout=None, local_address=None, socket_options=None
    ) -> httpcore.NetworkStream:
        *others, last = guard.checked_addresses(host)
        for address in others:
            try:
                return self._connect(host, address, port, timeout, local_address, socket_options)
            except httpcore.ConnectError:  # refused or unreachable: try the next address
                continue
        return self._connect(host, last, port, timeout, local_address, socket_options)

    def _connect(self, host, address, port, timeout, local_address, socket_options):
        timeout = _left(timeout, httpcore.ConnectTimeout)
        stream = super().connect_tcp(address, port, timeout, local_address, socket_options)
        return _DeadlineStream(stream, host, address)


class GuardedTransport(httpx.HTTPTransport):
    """httpx's transport with the guarded backend under its connection pool."""

    def __init__(self, context: ssl.SSLContext | None = None, max_keepalive: int = 0) -> None:
        context = context or ssl_context()
        # Passing the shared context stops the base class loading the CA bundle again.
        super().__init__(verify=context, trust_env=False)
        # httpx takes no network backend, so the pool is rebuilt around ours: _pool is the one
        # attribute HTTPTransport sends through (stable since httpx 0.18; tests/test_fetch.py
        # fails loudly if it ever stops being used). The public alternative, a BaseTransport
        # of our own, would copy HTTPTransport's request and error mapping. TLS still
        # verifies the certificate and sends SNI for the URL's host name (httpcore uses the
        # origin host for both), while TCP goes to the address the guard checked.
        self._pool = httpcore.ConnectionPool(
            ssl_context=context,
            network_backend=_GuardedBackend(),
            max_keepalive_connections=max_keepalive,
            keepalive_expiry=KEEPALIVE_SECONDS if max_keepalive else None,
        )


@functools.cache
def ssl_context() -> ssl.SSLContext:
    """Return the one TLS context every fetch shares (loading the CA bundle costs tens of ms)."""
    return httpx.create_ssl_context(trust_env=False)


_clients: dict[tuple[int, bool, ssl.SSLContext], httpx.Client] = {}
_clients_lock = threading.Lock()


def pooled_client() -> httpx.Client:
    """Return this process's keep-alive client for the current private-network rule."""
    # Keyed by pid: a forked Celery child must never share its parent's sockets. Keyed by the
    # rule: a socket opened while private networks were allowed never serves once they are not
    # (the per-request address check would refuse it anyway). Keyed by the TLS context, so a
    # test trusting its own CA gets a client of its own.
    key = (os.getpid(), bool(settings.INGEST_ALLOW_PRIVATE_NETWORKS), ssl_context())
    client = _clients.get(key)
    if client is None:
        with _clients_lock:
            client = _clients.get(key)
            if client is None:
                transport = GuardedTransport(key[2], max_keepalive=MAX_KEEPALIVE)
                client = httpx.Client(transport=transport, trust_env=False, cookies=_no_cookies())
                _clients[key] = client
    return client


def _no_cookies() -> http.cookiejar.CookieJar:
    # One client serves every source: a cookie one vendor sets must never ride along later.
    return http.cookiejar.CookieJar(http.cookiejar.DefaultCookiePolicy(allowed_domains=[]))


def close_pooled_clients() -> None:
    """Close every idle socket this process keeps (tests, and a worker shutting down)."""
    with _clients_lock:
        for key in [key for key in _clients if key[0] == os.getpid()]:
            _clients.pop(key).close()
