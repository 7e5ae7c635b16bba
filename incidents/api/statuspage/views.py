"""Statuspage v2 endpoints: thin views over incidents.record.statuspage."""

from __future__ import annotations

from django.utils.http import urlencode
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import AllowAny
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from incidents.record import statuspage

from ..conditional import conditional, make_etag

MAX_PER_PAGE = 100


class CompactJSONRenderer(JSONRenderer):
    charset = "utf-8"


def open_cors(response):
    """Let any site's script read the endpoint, as Statuspage's own API does."""
    response.headers["Access-Control-Allow-Origin"] = "*"
    response.headers["Access-Control-Allow-Methods"] = "GET, HEAD, OPTIONS"
    response.headers["Access-Control-Allow-Headers"] = "If-None-Match, If-Modified-Since"
    response.headers["Access-Control-Expose-Headers"] = "ETag, Last-Modified, Link, X-Total-Count"
    response.headers["Access-Control-Max-Age"] = "86400"
    return response


class StatuspageView(APIView):
    """One Statuspage endpoint; `kind` names the document (summary, incidents, ...)."""

    kind = "summary"
    renderer_classes = [CompactJSONRenderer]
    permission_classes = [AllowAny]
    schema = None

    def get(self, request: Request, **kwargs) -> Response:
        page = self._page(request, kwargs)
        options, headers = self._paging(request, page)
        body = statuspage.document(page, self.kind, request.build_absolute_uri("/"), **options)
        self.last_modified = statuspage.last_changed(page)
        return Response(body, headers=headers)

    def options(self, request, *args, **kwargs) -> Response:
        return Response(status=204)

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if isinstance(response, Response) and response.status_code == 200:
            response.render()
            etag = make_etag(response.content)
            response = conditional(request, response, etag, getattr(self, "last_modified", None))
        return open_cors(response)

    def _page(self, request: Request, kwargs: dict):
        # The status widget replaces the path of its `src`, keeping the query string, so the
        # tracker-wide endpoints also take ?provider=<slug>; ?page= pages incidents.json.
        provider = kwargs.get("provider") or request.query_params.get("provider") or None
        return statuspage.find_page(provider, kwargs.get("product", ""), kwargs.get("region", ""))

    def _paging(self, request: Request, page) -> tuple[dict, dict]:
        if (
            self.kind != "incidents"
            or "page" not in request.query_params
            and ("per_page" not in request.query_params)
        ):
            return {}, {}
        number = _whole(request, "page", 1, 10**6)
        size = _whole(request, "per_page", statuspage.INCIDENT_LIMIT, MAX_PER_PAGE)
        total = statuspage.incident_count(page)
        headers = {"X-Total-Count": str(total)}
        links = []
        if number * size < total:
            links.append(f'<{_url(request, number + 1, size)}>; rel="next"')
        if number > 1:
            links.append(f'<{_url(request, number - 1, size)}>; rel="prev"')
        if links:
            headers["Link"] = ", ".join(links)
        return {"offset": (number - 1) * size, "limit": size}, headers


def _whole(request: Request, name: str, default: int, most: int) -> int:
    raw = request.query_params.get(name, "")
    if raw == "":
        return default
    if not raw.isdigit() or not 1 <= int(raw) <= most:
        raise ValidationError({name: [f"A whole number from 1 to {most} is required."]})
    return int(raw)


def _url(request: Request, number: int, size: int) -> str:
    query = request.query_params.copy()
    query["page"], query["per_page"] = str(number), str(size)
    return request.build_absolute_uri(request.path) + "?" + urlencode(query, doseq=True)
