"""Per-request reader preferences (display time zone) and the Content-Security-Policy."""

from __future__ import annotations

import functools
import zoneinfo
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from rest_framework.views import APIView

TIME_ZONE_COOKIE = "tz"

# No inline script or style anywhere: vendor text that slips past the sanitiser still
# cannot run. Charts are inline SVG styled by classes from the stylesheet.
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)


@functools.cache
def known_zones() -> frozenset[str]:
    """Return the IANA zone names; scanning the zone database costs milliseconds."""
    return frozenset(zoneinfo.available_timezones())


def reader_zone(request: HttpRequest) -> zoneinfo.ZoneInfo | None:
    """Return the zone named by the reader's cookie, or None when absent or unknown."""
    name = request.COOKIES.get(TIME_ZONE_COOKIE, "")
    if not name or name not in known_zones():
        return None
    return zoneinfo.ZoneInfo(name)


class ReaderPreferencesMiddleware:
    """Activate the reader's time zone and send a strict Content-Security-Policy."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        zone = reader_zone(request)
        if zone is None:
            timezone.deactivate()
        else:
            timezone.activate(zone)
        try:
            response = self.get_response(request)
        finally:
            timezone.deactivate()
        # A view that needs another policy (API docs) sets its own header first.
        response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        return response

    def process_view(self, request: HttpRequest, view_func: Callable, *args) -> None:
        # The zone is a reader's choice on the pages. An API answers in UTC whatever cookies
        # the client carries, and reads dates without an offset as UTC.
        view_class = getattr(view_func, "cls", None)
        if isinstance(view_class, type) and issubclass(view_class, APIView):
            timezone.deactivate()
