"""Thin Celery tasks: take ids, find the due sources, poll one source."""

from __future__ import annotations

import logging
import time

from celery import shared_task
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from kombu.exceptions import OperationalError

from incidents.models import Source

from .poll import poll

logger = logging.getLogger(__name__)

MAX_RETRIES = 5
BACKOFF_BASE = 30  # seconds; doubles per retry
BACKOFF_MAX = 15 * 60
# Sources per poll_batch task: one message, one task start and one query for the lot instead
# of one each. 25 unchanged polls take about a second, so a batch still spreads over workers.
BATCH_SIZE = 25
# A batch past this many seconds hands the rest on as a new task, so its time limits only
# ever cut one slow fetch (15 s deadline) short, never the sources behind it.
BATCH_BUDGET = 60.0


# Names stay those of the old module path, so tasks queued before an upgrade still run.
@shared_task(
    name="incidents.tasks.enqueue_due_polls", soft_time_limit=30, time_limit=60, ignore_result=True
)
def enqueue_due_polls() -> int:
    """Claim every due, enabled source and enqueue their polls in batches; return how many."""
    with transaction.atomic():
        ids = claim_due_sources()
        for start in range(0, len(ids), BATCH_SIZE):
            poll_batch.delay_on_commit(ids[start : start + BATCH_SIZE])
    return len(ids)


def claim_due_sources(now=None) -> list[int]:
    """Move every due source's next poll on and return their ids, most overdue first.

    Call it inside a transaction: the claim holds until that commits.
    """
    now = now or timezone.now()
    # skip_locked: a row another dispatcher (a second beat, another machine) is claiming right
    # now is that one's; once it commits, PostgreSQL re-checks the row, finds it no longer
    # due and leaves it out. So each due source is claimed by exactly one dispatcher.
    due = list(
        Source.objects.due(now)
        .order_by(F("next_poll_at").asc(nulls_first=True), "pk")
        .select_for_update(skip_locked=True)
        .only("pk", "poll_interval", "next_poll_at")
    )
    # Claimed now, so a backed-up queue never gets the same source twice a minute.
    for source in due:
        source.schedule_next_poll(now)
    Source.objects.bulk_update(due, ["next_poll_at"], batch_size=1000)
    return [source.pk for source in due]


@shared_task(
    name="incidents.tasks.poll_batch",
    soft_time_limit=BATCH_BUDGET + 30,
    time_limit=BATCH_BUDGET + 60,
    ignore_result=True,
)
def poll_batch(source_ids: list[int]) -> int:
    """Poll claimed sources in turn; hand transient failures to poll_source's retries."""
    started = time.monotonic()
    sources = Source.objects.select_related("provider").filter(pk__in=source_ids, enabled=True)
    by_id = {source.pk: source for source in sources}
    for position, source_id in enumerate(source_ids):
        if time.monotonic() - started > BATCH_BUDGET:
            poll_batch.delay(source_ids[position:])
            return position
        if source_id in by_id:
            _poll_in_batch(by_id[source_id])
    return len(source_ids)


def _poll_in_batch(source: Source) -> None:
    try:
        result = poll(source)
    except Exception:
        # Already recorded on the source by poll(); one bad source never stops the others.
        logger.exception("poll of source %s failed", source.pk)
        return
    if result.retryable:
        countdown = retry_countdown(0, result.retry_after)
        poll_source.apply_async((source.pk,), countdown=countdown, retries=1)
    logger.info("polled %s", result.summary())


# Results are only logged: nobody reads them back, so the backend is spared a write per poll.
@shared_task(
    name="incidents.tasks.poll_source",
    bind=True,
    max_retries=MAX_RETRIES,
    soft_time_limit=90,
    time_limit=120,
    ignore_result=True,
)
def poll_source(self, source_id: int) -> str | None:
    """Poll one source; retry transient fetch errors with backoff, never parse errors."""
    source = Source.objects.select_related("provider").filter(pk=source_id, enabled=True).first()
    if source is None:
        return None
    result = poll(source)
    if result.retryable and self.request.retries < self.max_retries:
        raise self.retry(countdown=retry_countdown(self.request.retries, result.retry_after))
    return result.summary()


class QueueUnavailable(Exception):
    """The broker cannot take tasks now (Redis down): nothing was enqueued."""


def enqueue_polls(source_ids: list[int]) -> None:
    """Enqueue a poll of each source now, or raise QueueUnavailable saying why not."""
    # One connection for the lot, and no publish retries: an editor waits for the answer.
    try:
        with poll_source.app.connection_for_write() as connection:
            for source_id in source_ids:
                poll_source.apply_async((source_id,), connection=connection, retry=False)
    except (OperationalError, OSError) as exc:
        raise QueueUnavailable(str(exc)) from exc


def retry_countdown(retries: int, retry_after: float | None = None) -> float:
    """Return seconds before the next try: exponential backoff, never sooner than Retry-After."""
    backoff = min(BACKOFF_MAX, BACKOFF_BASE * 2**retries)
    return max(backoff, min(retry_after or 0, BACKOFF_MAX * 4))
