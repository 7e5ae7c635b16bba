"""Conditional GET for the API: ETag and Last-Modified, 304 on a match."""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import TYPE_CHECKING

from django.http import HttpResponseBase
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.http import http_date, quote_etag
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView


def make_etag(*parts: object) -> str:
    """Return a quoted ETag hashing `parts`."""
    digest = hashlib.sha256("\x1f".join(map(str, parts)).encode()).hexdigest()[:32]
    return quote_etag(digest)


def conditional(
    request: Request,
    response: HttpResponseBase,
    etag: str | None,
    last_modified: dt.datetime | None = None,
) -> HttpResponseBase:
    """Stamp `response` with validators; answer 304 when the client's copy is current."""
    if request.method not in ("GET", "HEAD") or response.status_code != 200:
        return response
    timestamp = int(last_modified.timestamp()) if last_modified else None
    if etag:
        response.headers["ETag"] = etag
    if timestamp is not None:
        response.headers["Last-Modified"] = http_date(timestamp)
    # Editors see drafts through the same URLs, so a shared cache must key on credentials.
    patch_vary_headers(response, ("Authorization", "Cookie"))
    # The stubs want an HttpResponse; any response with a status code will do.
    result = get_conditional_response(
        request._request,
        etag=etag,
        last_modified=timestamp,
        response=response,  # type: ignore[arg-type]
    )
    if result is None:
        return response
    if result is not response:
        patch_vary_headers(result, ("Authorization", "Cookie"))
    return result


# The mixin calls APIView's finalize_response: say so to the type checker alone.
_ViewBase: type = APIView if TYPE_CHECKING else object


class ConditionalMixin(_ViewBase):
    """Give every successful GET of a viewset an ETag of its body and a Last-Modified."""

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if not isinstance(response, Response) or response.status_code != 200:
            return response
        response.render()
        etag = make_etag(response.content)
        return conditional(request, response, etag, getattr(self, "last_modified", None))
