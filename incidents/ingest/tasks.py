"""Thin Celery tasks: take ids, find the due sources, poll one source."""

from __future__ import annotations

from celery import shared_task
from django.db import transaction
from django.utils import timezone
from kombu.exceptions import OperationalError

from incidents.models import Source

from .poll import poll

MAX_RETRIES = 5
BACKOFF_BASE = 30  # seconds; doubles per retry
BACKOFF_MAX = 15 * 60


# Names stay those of the old module path, so tasks queued before an upgrade still run.
@shared_task(
    name="incidents.tasks.enqueue_due_polls", soft_time_limit=30, time_limit=60, ignore_result=True
)
def enqueue_due_polls() -> int:
    """Enqueue one poll per due, enabled source; return how many were enqueued."""
    now = timezone.now()
    with transaction.atomic():
        # skip_locked: a source being ingested right now holds its lock and is not due yet.
        due = list(
            Source.objects.due(now)
            .select_for_update(skip_locked=True)
            .only("pk", "poll_interval", "next_poll_at")
        )
        # Claim them now, so a backed-up queue never gets the same source twice a minute.
        for source in due:
            source.schedule_next_poll(now)
        Source.objects.bulk_update(due, ["next_poll_at"])
        for source in due:
            poll_source.delay_on_commit(source.pk)
    return len(due)


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
