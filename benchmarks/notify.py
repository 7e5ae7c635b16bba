"""Notifications: one incident published to 10,000 subscriptions, through the real worker.

Half the subscriptions are email (to an aiosmtpd server on loopback), half webhooks (to a
local receiver that checks every signature). The figure is the time from the publish's commit
until the last delivery arrived, as a ratio to the same deliveries made bare, in one loop of
this process: the same bytes to the same servers with the same libraries (httpx, one fresh
connection per webhook; smtplib, one connection per 100 messages, as the worker batches them),
and nothing else: no database, no rendering, no signing, no SSRF guard. Target: at most 1.5x.
The worker's peak memory is read after 1,000 deliveries and again after 11,000: flat means
about the same.

Run: DATABASE_URL=postgres://... REDIS_URL=redis://... python -m benchmarks notify
BENCH_SUBSCRIPTIONS changes the size. The coalescing window is set to 0: it is a wait on
purpose, not work.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import re
import smtplib
import tempfile
import time
from pathlib import Path

from benchmarks._scratch import scratch_database

SUBSCRIPTIONS = int(os.environ.get("BENCH_SUBSCRIPTIONS", "10000"))
SMALL = SUBSCRIPTIONS // 10
SECRET = "bench-only-signing-key"  # noqa: S105 - a loopback receiver's key, not a secret
SMTP_BATCH = 100


def main() -> None:
    """Print the figures; skip without PostgreSQL or Redis."""
    if not os.environ.get("REDIS_URL"):
        print("skipped: set REDIS_URL=redis://... (the worker needs a broker)")
        return
    os.environ["NOTIFY_COALESCE_SECONDS"] = "0"
    with scratch_database("notify") as ready:
        if ready:
            logging.getLogger("mail.log").setLevel(logging.WARNING)  # aiosmtpd: lines per message
            logging.getLogger("httpx").setLevel(logging.WARNING)
            run()


def run() -> None:
    from django.conf import settings

    from tests.notify.servers import Receiver, SMTPServer

    settings.INGEST_ALLOW_PRIVATE_NETWORKS = True
    settings.NOTIFY_COALESCE_SECONDS = 0
    smtp, receiver = SMTPServer(), Receiver()
    smtp.start()
    receiver.start()
    # Read by the worker process, which takes its settings from the environment.
    os.environ["EMAIL_URL"] = f"smtp://127.0.0.1:{smtp.port}"
    try:
        with tempfile.TemporaryDirectory() as tmp:
            tracked, peaks = _tracked(smtp, receiver, Path(tmp))
        bare = _bare(smtp, receiver)
    finally:
        smtp.stop()
        receiver.stop()
    print(f"tracker: {SUBSCRIPTIONS} deliveries in {tracked:.2f} s (publish to last arrival)")
    print(f"bare:    {SUBSCRIPTIONS} deliveries in {bare:.2f} s")
    verdict = "met" if tracked <= 1.5 * bare else "NOT met"
    print(f"ratio:   {tracked / bare:.2f}x (target <= 1.5x: {verdict})")
    print(f"worker peak RSS: {peaks[0]} MB after {SMALL} deliveries, {peaks[1]} MB after")
    print(f"         {SMALL + SUBSCRIPTIONS} (target: flat)")


def _subscribe(receiver, numbers: range) -> None:
    """Create subscriptions to everything, even numbers by email, odd ones by webhook."""
    from incidents.models import Channel, Subscription, SubscriptionState

    rows = []
    for n in numbers:
        if n % 2:
            path = f"/h/{n}"
            receiver.secrets[path] = SECRET
            values = {"channel": Channel.WEBHOOK, "url": receiver.url(path), "secret": SECRET}
        else:
            values = {"channel": Channel.EMAIL, "email": f"reader{n}@example.org"}
        rows.append(Subscription(state=SubscriptionState.ACTIVE, **values))
    Subscription.objects.bulk_create(rows, batch_size=1000)


def _tracked(smtp, receiver, tmp: Path) -> tuple[float, tuple[int, int]]:
    """Publish to SMALL subscriptions, then to all of them; return the time of the second."""
    from incidents.models import Provider, ReviewState
    from tests.notify.conftest import make_incident
    from tests.test_worker_e2e import celery_worker

    provider = Provider.objects.create(slug="alibaba-cloud", name="Alibaba Cloud")
    log = tmp / "worker.log"
    worker_args = ("--pool=solo", "-Q", "notifications")
    with celery_worker(os.environ["REDIS_URL"], log, *worker_args) as worker:
        _subscribe(receiver, range(SMALL))
        make_incident(provider, "warmup", review_state=ReviewState.DRAFT).publish()
        _wait(smtp, receiver, SMALL, log)
        first_peak = _peak_mb(worker.pid)
        _subscribe(receiver, range(SMALL, SUBSCRIPTIONS))
        smtp.handler.messages.clear()
        receiver.received.clear()
        incident = make_incident(provider, "published", review_state=ReviewState.DRAFT)
        start = time.perf_counter()
        incident.publish()
        _wait(smtp, receiver, SUBSCRIPTIONS, log)
        elapsed = time.perf_counter() - start
        peaks = (first_peak, _peak_mb(worker.pid))
    print(_task_times(log.read_text()))
    return elapsed, peaks


def _task_times(log: str) -> str:
    """Sum the worker's own task times by task, from its log: where the tracker's time went."""
    totals: dict[str, list[float]] = {}
    for name, seconds in re.findall(
        r"Task incidents\.notify\.tasks\.(\w+)\[[^]]+\] succeeded in ([\d.]+)s", log
    ):
        totals.setdefault(name, []).append(float(seconds))
    return "worker task time: " + ", ".join(
        f"{name} {len(times)} x, {sum(times):.2f} s" for name, times in sorted(totals.items())
    )


def _wait(smtp, receiver, count: int, log: Path, timeout: float = 600) -> None:
    deadline = time.monotonic() + timeout
    while len(smtp.messages) + len(receiver.received) < count:
        if time.monotonic() > deadline:
            got = len(smtp.messages) + len(receiver.received)
            raise RuntimeError(f"only {got}/{count} delivered:\n{log.read_text()[-3000:]}")
        time.sleep(0.02)


def _peak_mb(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) // 1024
    return 0


def _bare(smtp, receiver) -> float:
    """Make the same deliveries with nothing of the tracker around them: bytes out, that is all.

    From a process of its own, as the worker is: a client in the servers' own process would
    reach them without waiting for the scheduler, which on a busy machine is most of a send.
    """
    from incidents.notify.signing import SIGNATURE_HEADER, sign_body

    smtp.handler.messages.clear()
    receiver.received.clear()
    webhook_body, message = _sample_payloads()
    headers = {
        "Content-Type": "application/json",
        SIGNATURE_HEADER: sign_body(SECRET, webhook_body),
    }
    hooks = [receiver.url(f"/h/{n}") for n in range(1, SUBSCRIPTIONS, 2)]
    emails = [f"reader{n}@example.org" for n in range(0, SUBSCRIPTIONS, 2)]
    context = multiprocessing.get_context("spawn")
    parent, child = context.Pipe()
    job = (smtp.port, emails, message, hooks, webhook_body, headers)
    process = context.Process(target=_bare_loop, args=(child, job))
    process.start()
    elapsed = parent.recv()
    process.join()
    _wait(smtp, receiver, SUBSCRIPTIONS, Path("/dev/null"))
    return elapsed


def _bare_loop(pipe, job) -> None:
    import httpx

    smtp_port, emails, message, hooks, body, headers = job
    context = httpx.create_ssl_context(trust_env=False)
    start = time.perf_counter()
    for first in range(0, len(emails), SMTP_BATCH):
        with smtplib.SMTP("127.0.0.1", smtp_port) as client:
            for address in emails[first : first + SMTP_BATCH]:
                client.sendmail("tracker@localhost", [address], message)
    for url in hooks:
        # A client per POST, as the seam makes: one fresh connection per receiver.
        with httpx.Client(verify=context, trust_env=False) as client:
            client.post(url, content=body, headers=headers, timeout=10).raise_for_status()
    pipe.send(time.perf_counter() - start)


def _sample_payloads() -> tuple[bytes, bytes]:
    """Return one webhook body and one email, as the tracker made them for the last incident."""
    from incidents.models import Delivery, Incident
    from incidents.notify import mail, webhooks

    incident = Incident.objects.get(slug="published")
    hook = Delivery.objects.filter(incident=incident, subscription__channel="webhook").first()
    email = Delivery.objects.filter(incident=incident, subscription__channel="email").first()
    body = webhooks.body_for(webhooks.base_body(incident), hook.subscription, hook)
    rendered = mail.render_incident(incident, email.event, "en", "UTC")
    message = (
        mail.build_message(rendered, email.subscription, email).message().as_bytes(linesep="\r\n")
    )
    return body, message
