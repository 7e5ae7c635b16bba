"""Every API error as JSON naming the field and the reason."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from rest_framework import exceptions
from rest_framework.response import Response
from rest_framework.views import exception_handler

NON_FIELD = "non_field_errors"


def api_exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """Answer `{"detail": reason, "errors": [{"field", "reason", "code"}]}` for any API error."""
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(as_serializer_error(exc))
    # DRF answers these as its own NotFound / PermissionDenied but leaves `exc` Django's,
    # whose missing .detail once sent the repr of DRF's data as the reason.
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()
    response = exception_handler(exc, context)
    if response is None:
        return None
    errors = list(_flatten(exc.detail if isinstance(exc, exceptions.APIException) else {}))
    if not errors:
        errors = [{"field": None, "reason": str(response.data), "code": "error"}]
    response.data = {"detail": errors[0]["reason"], "errors": errors}
    return response


def as_serializer_error(exc: DjangoValidationError) -> dict[str, list[str]]:
    """Turn a model's ValidationError into DRF's {field: [reasons]} shape."""
    if hasattr(exc, "error_dict"):
        return {
            (NON_FIELD if field == "__all__" else field): list(messages)
            for field, messages in exc.message_dict.items()
        }
    return {NON_FIELD: list(exc.messages)}


def _flatten(detail: Any, field: str | None = None):
    if isinstance(detail, dict):
        for key, value in detail.items():
            if key == "detail" and field is None and not isinstance(value, dict | list):
                yield from _flatten(value, None)
                continue
            name = None if key == NON_FIELD else str(key)
            yield from _flatten(value, f"{field}.{name}" if field and name else field or name)
    elif isinstance(detail, list):
        for index, item in enumerate(detail):
            nested = isinstance(item, dict | list)
            yield from _flatten(item, f"{field}.{index}" if nested and field else field)
    else:
        code = getattr(detail, "code", None) or "error"
        yield {"field": field, "reason": str(detail), "code": code}
