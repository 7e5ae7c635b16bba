"""The push receiver: Statuspage webhook bodies for one source, checked, then upserted.

A push is refused, with its reason kept on the source for editors, when the token is wrong,
the body is not JSON, too big, malformed, too old, or already taken (a replay). What is taken
goes through the same edge checks and Upsert as a poll, in one transaction on the source's lock.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import math
import time
from dataclasses import dataclass, field

from django.conf import settings
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.utils import timezone

from incidents.models import PushReceipt, Source

from .edge import admit
from .fetch import FetchResult
from .parsers import ParseError
from .parsers.statuspage_webhook import WebhookBody, parse_webhook
from .poll import _record_refused, _save_snapshot
from .upsert import Upsert, gc_paused

logger = logging.getLogger(__name__)

PUSH_KINDS = {"statuspage"}
JSON_TYPES = {"application/json"}
# A clock ahead of ours by this much is still believed; further ahead is a forged time.
FUTURE_SKEW = dt.timedelta(seconds=300)


class PushRefused(Exception):
    """A push the receiver will not take: the HTTP status to answer, and why."""

    def __init__(
        self, status: int, message: str, retry_after: int | None = None, record: bool = True
    ) -> None:
        super().__init__(message)
        self.status, self.message, self.retry_after = status, message, retry_after
        # Whether editors are told on the source (a flood is told once a minute, not per request).
        self.record = record


@dataclass
class PushResult:
    status: int
    body: dict = field(default_factory=dict)


def find_source(name: str) -> Source:
    """Return the source that takes pushes under `name`, or refuse with 404."""
    source = Source.objects.filter(name=name, kind__in=PUSH_KINDS).first()
    if source is None:
        raise PushRefused(404, "No source of a kind that takes pushes has this name.")
    return source


def check_rate(source: Source, now: float | None = None) -> None:
    """Refuse with 429 past INGEST_PUSH_RATE_PER_MINUTE requests to this source."""
    now = time.time() if now is None else now
    minute = math.floor(now / 60)
    key = f"ingest:push:{source.pk}:{minute}"
    cache.add(key, 0, timeout=120)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        count = 1
    limit = settings.INGEST_PUSH_RATE_PER_MINUTE
    if count > limit:
        retry = int(60 - now % 60) + 1
        message = f"Over {limit} pushes this minute; try again later."
        raise PushRefused(429, message, retry, record=count == limit + 1)


def check_request(source: Source, token: str, content_type: str, length: int | None) -> None:
    """Refuse a push before its body is read: bad token, disabled, wrong type, too big."""
    if not source.push_token_matches(token):
        raise PushRefused(403, "Unsigned push: the token in the URL is not this source's.")
    if not source.enabled:
        raise PushRefused(403, "The source is disabled; an editor must enable it first.")
    media_type = content_type.split(";", 1)[0].strip().lower()
    if media_type not in JSON_TYPES:
        shown = media_type or "none"
        raise PushRefused(415, f"Content-Type must be application/json, not {shown}.")
    if length is not None and length > settings.INGEST_PUSH_MAX_BYTES:
        raise PushRefused(413, _too_big(length))


def _too_big(length: int) -> str:
    return f"Body of {length} bytes is over the {settings.INGEST_PUSH_MAX_BYTES}-byte limit."


def receive(source: Source, body: bytes, content_type: str) -> PushResult:
    """Parse, check for replays and store one push body; raise PushRefused if it is refused."""
    if len(body) > settings.INGEST_PUSH_MAX_BYTES:
        raise PushRefused(413, _too_big(len(body)))
    try:
        webhook = parse_webhook(body)
    except ParseError as exc:
        raise PushRefused(400, f"parse error: {exc}") from exc
    now = timezone.now()
    _check_time(webhook, now)
    sha256 = hashlib.sha256(body).hexdigest()
    with transaction.atomic():
        locked = Source.objects.select_for_update().select_related("provider").get(pk=source.pk)
        _take_receipts(locked, _receipt_keys(webhook, sha256), now)
        result = _store(locked, webhook, body, sha256, content_type, now)
        Source.objects.filter(pk=source.pk).update(push_received_at=now)
    return result


def _check_time(webhook: WebhookBody, now: dt.datetime) -> None:
    age = now - webhook.generated_at
    limit = settings.INGEST_PUSH_MAX_AGE_SECONDS
    if age > dt.timedelta(seconds=limit):
        seconds = int(age.total_seconds())
        raise PushRefused(409, f"Replayed or stale push: made {seconds} s ago, limit {limit} s.")
    if -age > FUTURE_SKEW:
        raise PushRefused(400, "meta.generated_at is in the future; check the sender's clock.")


def _receipt_keys(webhook: WebhookBody, sha256: str) -> list[str]:
    keys = [f"body:{sha256}"]
    if webhook.incident is not None and webhook.incident_version:
        keys.append(f"incident:{webhook.incident.external_id}@{webhook.incident_version}"[:200])
    if webhook.component_update_id:
        keys.append(f"component_update:{webhook.component_update_id}"[:200])
    return keys


def _take_receipts(source: Source, keys: list[str], now: dt.datetime) -> None:
    """Refuse with 409 if any key was taken before; keep them, forget those past any replay."""
    # Older receipts cannot be replayed: their bodies fail the age check first.
    horizon = now - dt.timedelta(seconds=2 * settings.INGEST_PUSH_MAX_AGE_SECONDS)
    PushReceipt.objects.filter(source=source, received_at__lt=horizon).delete()
    seen = PushReceipt.objects.filter(source=source, key__in=keys).values_list("key", flat=True)
    if seen:
        raise PushRefused(409, f"Replayed push: already received ({', '.join(sorted(seen))}).")
    try:
        with transaction.atomic():
            PushReceipt.objects.bulk_create(
                PushReceipt(source=source, key=key, received_at=now) for key in keys
            )
    except IntegrityError as exc:  # the same body, at the same moment, from another process
        raise PushRefused(409, "Replayed push: already received.") from exc


def _store(
    source: Source,
    webhook: WebhookBody,
    body: bytes,
    sha256: str,
    content_type: str,
    now: dt.datetime,
) -> PushResult:
    if webhook.incident is None:
        # A component's status alone names no incident; the next incident body carries it.
        detail = "Component update received; it names no incident, so nothing is stored."
        return PushResult(202, {"detail": detail, "new": 0, "updated": 0})
    admitted = admit([webhook.incident], now)
    with gc_paused():
        result = Upsert(source, now).run(admitted.incidents)
    _record_refused(source, admitted.refused)
    if result.new or result.updated:
        pushed = FetchResult(200, body, "", "", content_type, "", False, sha256)
        _save_snapshot(source, pushed, now)
    counts = {"new": result.new, "updated": result.updated, "unchanged": result.unchanged}
    return PushResult(200, {**counts, "refused": admitted.refused})
