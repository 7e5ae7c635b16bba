"""The push receiver's endpoint: thin over `ingest.push`, which checks and stores."""

from __future__ import annotations

import logging

from django.conf import settings
from django.http import HttpRequest, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from incidents.ingest import push

logger = logging.getLogger(__name__)


# A vendor's server posts here with no cookie or CSRF token: the token in the URL is the
# authority, compared as a hash in constant time.
@csrf_exempt
@require_POST
def receive(request: HttpRequest, source: str, token: str) -> JsonResponse:
    """Take one Statuspage webhook body for `source`; answer why if it is refused."""
    try:
        found = push.find_source(source)
    except push.PushRefused as exc:
        return _refused(exc, source)
    try:
        push.check_rate(found)
        push.check_request(found, token, request.content_type or "", _length(request))
        # One byte past the limit is enough to know it is too big, whatever the header said.
        body = request.read(settings.INGEST_PUSH_MAX_BYTES + 1)
        result = push.receive(found, body, request.content_type or "")
    except push.PushRefused as exc:
        if exc.record:
            found.record_push_error(f"HTTP {exc.status}: {exc.message}")
        return _refused(exc, source)
    return JsonResponse(result.body, status=result.status)


def _length(request: HttpRequest) -> int | None:
    try:
        return int(request.META.get("CONTENT_LENGTH") or "")
    except ValueError:
        return None


def _refused(exc: push.PushRefused, source: str) -> JsonResponse:
    response = JsonResponse({"detail": exc.message}, status=exc.status)
    # Django's request log would write the path, token and all; this line names the source only.
    logger.warning("push to source %r refused: HTTP %s: %s", source, exc.status, exc.message)
    response._has_been_logged = True  # type: ignore[attr-defined]  # Django's own flag
    if exc.retry_after is not None:
        response["Retry-After"] = str(exc.retry_after)
    return response
