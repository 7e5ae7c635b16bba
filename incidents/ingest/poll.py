"""The only writer of ingested data: fetch, parse, then upsert one source in one transaction."""

from __future__ import annotations

import datetime as dt
import logging

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from incidents.models import ExternalRef, Snapshot, Source

from .edge import admit
from .fetch import FetchError, FetchResult, check_url, fetch
from .parsers import IMPORTED_KINDS, PARSERS, ParsedIncident, ParseError, get_parser
from .upsert import PollResult, Upsert, gc_paused, incident_slug

logger = logging.getLogger(__name__)

__all__ = ["PollResult", "incident_slug", "poll", "store", "validate_source"]


def validate_source(kind: str, url: str) -> None:
    """Raise ValidationError unless `kind` has a parser and `url` is a fetchable public URL."""
    errors: dict[str, str] = {}
    if kind not in PARSERS and kind not in IMPORTED_KINDS:
        errors["kind"] = f"Unknown kind {kind!r}; known: {', '.join(sorted(PARSERS))}."
    try:
        URLValidator(schemes=["http", "https"])(url)
        check_url(url)
    except ValidationError:
        errors["url"] = f"{url!r} is not a valid http(s) URL."
    except FetchError as exc:
        # A name that does not resolve today may resolve tomorrow: only refuse for good reasons.
        if exc.permanent:
            errors["url"] = str(exc)
    if errors:
        raise ValidationError(errors)


def poll(source: Source) -> PollResult:
    """Fetch, parse and store one source; record any error on it rather than raise it."""
    try:
        fetched = fetch(source.url, etag=source.etag, last_modified=source.last_modified)
        _refuse_empty(fetched)
    except FetchError as exc:
        _record_failure(source, f"fetch failed: {exc}")
        return PollResult(
            source.name,
            error=f"fetch failed: {exc}",
            retryable=not exc.permanent,
            retry_after=exc.retry_after,
        )
    if fetched.not_modified or fetched.sha256 == source.content_sha256:
        now = timezone.now()
        _touch_refs_seen_last_time(source, source.last_success_at, now)
        _record_success(source, fetched, now)
        return PollResult(source.name, unchanged=source.refs.count())
    try:
        parsed = get_parser(source.kind).parse(fetched.body)
    except ParseError as exc:
        return _parse_failed(source, str(exc))
    except Exception as exc:
        # A parser bug is this source's problem, never the other sources'.
        logger.exception("parser %s crashed on source %s", source.kind, source.pk)
        return _parse_failed(source, f"{exc.__class__.__name__}: {exc}")
    try:
        return store(source.pk, fetched, parsed)
    except Exception as exc:
        # Rolled back: the last good data stays; the error still belongs on the source.
        _record_failure(source, f"store failed: {exc.__class__.__name__}: {exc}")
        raise


def _refuse_empty(fetched: FetchResult) -> None:
    # A 200 with no bytes is a server or CDN fault (AWS's data.json served one for days),
    # never "no incidents": a parser could read it as an empty list. Transient: retried.
    if not fetched.not_modified and not fetched.body:
        raise FetchError(f"empty body (0 bytes) with HTTP {fetched.status}", status=fetched.status)


def store(
    source_id: int,
    fetched: FetchResult,
    parsed: list[ParsedIncident],
    now: dt.datetime | None = None,
) -> PollResult:
    """Upsert parsed incidents of one source in one transaction, holding the source's lock."""
    # A replayed snapshot passes the time it was taken, so refs and rows carry that time.
    now = now or timezone.now()
    with transaction.atomic():
        # The lock per source: a second poller of this source waits here, then sees the hash.
        source = Source.objects.select_for_update().select_related("provider").get(pk=source_id)
        if fetched.sha256 == source.content_sha256:
            _touch_refs_seen_last_time(source, source.last_success_at, now)
            result = PollResult(source.name, unchanged=source.refs.count())
        else:
            admitted = admit(parsed, now)
            with gc_paused():
                result = Upsert(source, now).run(admitted.incidents)
            result.refused = len(admitted.refused)
            if result.new or result.updated:
                _save_snapshot(source, fetched, now)
            _record_refused(source, admitted.refused)
        _record_success(source, fetched, now)
    return result


def _record_refused(source: Source, refused: list[str]) -> None:
    # Kept until a payload without them arrives: the same bytes refuse the same incidents.
    text = "\n".join(refused)
    if refused:
        logger.warning("source %s: refused %d incident(s): %s", source.pk, len(refused), text)
    if text != source.refused:
        Source.objects.filter(pk=source.pk).update(refused=text)


def _parse_failed(source: Source, message: str) -> PollResult:
    _record_failure(source, f"parse error: {message}")
    return PollResult(source.name, error=f"parse error: {message}")


def _touch_refs_seen_last_time(
    source: Source, previous: dt.datetime | None, now: dt.datetime
) -> None:
    """Mark seen again the refs the last successful poll saw: the payload has not changed."""
    # Every successful poll stamps the refs it saw with its own last_success_at, so those are
    # the refs of this unchanged payload; one UPDATE, no history rows.
    if previous is not None:
        seen = ExternalRef.objects.filter(source=source, last_seen_at__gte=previous)
        seen.update(last_seen_at=now)


def _record_success(source: Source, fetched: FetchResult, now: dt.datetime) -> None:
    # A queryset update: no history row and no other column touched for a routine poll.
    changes = {
        "last_polled_at": now,
        "last_success_at": now,
        "last_error": "",
        "consecutive_failures": 0,
        "next_poll_at": now + dt.timedelta(seconds=source.poll_interval),
    }
    if not fetched.not_modified:
        changes.update(
            content_sha256=fetched.sha256,
            etag=(fetched.etag or "")[:500],
            last_modified=(fetched.last_modified or "")[:100],
        )
    Source.objects.filter(pk=source.pk).update(**changes)


def _record_failure(source: Source, message: str) -> None:
    now = timezone.now()
    Source.objects.filter(pk=source.pk).update(
        last_polled_at=now,
        last_error=message[:2000],
        last_error_at=now,
        consecutive_failures=F("consecutive_failures") + 1,
        next_poll_at=now + dt.timedelta(seconds=source.poll_interval),
    )


def _save_snapshot(source: Source, fetched: FetchResult, now: dt.datetime) -> None:
    Snapshot.objects.create(
        source=source,
        fetched_at=now,
        http_status=fetched.status,
        sha256=fetched.sha256,
        size=len(fetched.body),
        content_type=(fetched.content_type or "")[:200],
        body=fetched.body,
    )
    newest = source.snapshots.order_by("-fetched_at", "-id").values("pk")
    source.snapshots.exclude(pk__in=newest[: settings.INGEST_SNAPSHOT_RETENTION]).delete()
