"""API token authentication: `Authorization: Token <key>`, checked against stored hashes."""

from __future__ import annotations

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.permissions import SAFE_METHODS
from rest_framework.request import Request

from incidents.models import ApiToken

KEYWORD = "Token"


class ApiTokenAuthentication(BaseAuthentication):
    """Authenticate by an ApiToken; a read-only token may not write, whatever the user may."""

    def authenticate(self, request: Request):
        parts = get_authorization_header(request).split()
        if not parts or parts[0].lower() != KEYWORD.lower().encode():
            return None
        if len(parts) != 2:
            raise exceptions.AuthenticationFailed("Send 'Authorization: Token <key>'.")
        token = self._valid_token(parts[1].decode("latin-1"))
        # Checked here, before any view runs, so no view's permissions can forget it.
        if request.method not in SAFE_METHODS and not token.may_write:
            raise exceptions.PermissionDenied("This token is read-only.")
        token.touch()
        return token.user, token

    def authenticate_header(self, request: Request) -> str:
        return KEYWORD

    def _valid_token(self, key: str) -> ApiToken:
        token = ApiToken.find(key)
        if token is None or not token.user.is_active:
            raise exceptions.AuthenticationFailed("Invalid token.")
        if token.is_expired:
            raise exceptions.AuthenticationFailed(
                "Token expired; ask an administrator for a new one."
            )
        return token


class ApiTokenScheme(OpenApiAuthenticationExtension):
    """Describe the token header in the OpenAPI schema."""

    target_class = "incidents.api.authentication.ApiTokenAuthentication"
    name = "tokenAuth"

    def get_security_definition(self, auto_schema) -> dict:
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": "`Token <key>`; issue one with `manage.py issue_token`.",
        }
