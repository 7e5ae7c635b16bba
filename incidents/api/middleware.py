"""Stamp every API answer with the version of the tracker that made it."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

import tracker

API_PREFIXES = ("/api/", "/status/")


class ApiVersionMiddleware:
    """Add `API-Version` to responses under the API's paths, errors and downloads included."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if request.path.startswith(API_PREFIXES):
            response["API-Version"] = tracker.__version__
        return response
