"""Real servers on loopback for the notification tests: SMTP (aiosmtpd) and a webhook receiver.

The receiver checks every POST's signature with the subscription's secret, as a real one must,
and answers per path: a status, a delay (a receiver that hangs), or a redirect.
"""

from __future__ import annotations

import contextlib
import email
import email.policy
import json
import socket
import threading
import time
from dataclasses import dataclass, field
from email.message import EmailMessage
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from aiosmtpd.controller import Controller

from incidents.notify.signing import SIGNATURE_HEADER, verify_body


class _Collect:
    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []
        self.envelopes: list[tuple[str, list[str]]] = []
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope) -> str:
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        with self.lock:
            self.messages.append(message)
            self.envelopes.append((envelope.mail_from, list(envelope.rcpt_tos)))
        return "250 OK"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class SMTPServer:
    """aiosmtpd on 127.0.0.1, a random port; `messages` holds what it received, parsed."""

    def __init__(self) -> None:
        self.handler = _Collect()
        # aiosmtpd checks readiness by connecting to the port it was given, so port 0 will not do.
        self.controller = Controller(self.handler, hostname="127.0.0.1", port=_free_port())

    @property
    def messages(self) -> list[EmailMessage]:
        return self.handler.messages

    @property
    def port(self) -> int:
        return self.controller.port

    def start(self) -> None:
        self.controller.start()

    def stop(self) -> None:
        self.controller.stop()

    def wait_for(self, count: int, timeout: float = 30) -> list[EmailMessage]:
        deadline = time.monotonic() + timeout
        while len(self.messages) < count and time.monotonic() < deadline:
            time.sleep(0.05)
        return self.messages


@dataclass
class Received:
    path: str
    headers: dict[str, str]
    body: bytes
    signed: bool

    def json(self) -> dict:
        return json.loads(self.body)


@dataclass
class Answer:
    status: int = 200
    delay: float = 0.0
    location: str = ""


@dataclass
class Receiver:
    """A webhook receiver on 127.0.0.1; `secrets` maps a path to the secret it checks."""

    secrets: dict[str, str] = field(default_factory=dict)
    answers: dict[str, Answer] = field(default_factory=dict)
    received: list[Received] = field(default_factory=list)
    stopping: threading.Event = field(default_factory=threading.Event)

    def start(self) -> None:
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), _ReceiverHandler)
        self.httpd.daemon_threads = True
        self.httpd.block_on_close = False
        self.httpd.receiver = self
        self.thread = threading.Thread(target=self.httpd.serve_forever, args=(0.05,), daemon=True)
        self.thread.start()

    def stop(self) -> None:
        self.stopping.set()
        self.httpd.shutdown()
        self.httpd.server_close()

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}{path}"

    def on(self, path: str, **answer) -> None:
        self.answers[path] = Answer(**answer)

    def at(self, path: str) -> list[Received]:
        return [r for r in self.received if r.path == path]


class _ReceiverHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True

    def do_POST(self) -> None:
        receiver: Receiver = self.server.receiver
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        secret = receiver.secrets.get(self.path, "")
        signed = bool(secret) and verify_body(secret, body, self.headers.get(SIGNATURE_HEADER, ""))
        headers = {k.lower(): v for k, v in self.headers.items()}
        receiver.received.append(Received(self.path, headers, body, signed))
        answer = receiver.answers.get(self.path, Answer())
        if answer.delay and receiver.stopping.wait(answer.delay):
            return
        self.send_response(
            answer.status if signed or answer.location or not receiver.secrets else 401
        )
        if answer.location:
            self.send_header("Location", answer.location)
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"ok")

    def log_message(self, format, *args) -> None:
        pass

    def handle_one_request(self) -> None:
        # The client gives up on a receiver made to hang.
        with contextlib.suppress(ConnectionError, TimeoutError):
            super().handle_one_request()
