"""API tokens: only a hash is stored, each with a scope, an expiry and its last use."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone

# Writing last_used_at on every request would turn each API read into a write.
LAST_USED_PRECISION = dt.timedelta(minutes=1)
PREFIX_LENGTH = 8


class TokenScope(models.TextChoices):
    READ = "read", "Read only"
    WRITE = "write", "Read and write"


def hash_key(key: str) -> str:
    """Return the stored form of a key: keys are 256 random bits, so one SHA-256 suffices."""
    return hashlib.sha256(key.encode()).hexdigest()


def default_expiry() -> dt.datetime:
    return timezone.now() + dt.timedelta(days=settings.API_TOKEN_DAYS)


class ApiToken(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(max_length=100, help_text="What the token is for, e.g. a script.")
    scope = models.CharField(max_length=5, choices=TokenScope.choices, default=TokenScope.READ)
    key_prefix = models.CharField(
        max_length=PREFIX_LENGTH, editable=False, help_text="The key's first characters."
    )
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(default=default_expiry)
    last_used_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "API token"

    def __str__(self) -> str:
        return f"{self.key_prefix}… ({self.user}, {self.name})"

    @property
    def is_expired(self) -> bool:
        return self.expires_at <= timezone.now()

    @property
    def may_write(self) -> bool:
        return self.scope == TokenScope.WRITE

    def set_new_key(self) -> str:
        """Give the token a fresh random key and return it; only its hash is kept."""
        key = secrets.token_urlsafe(32)
        self.key_prefix, self.key_hash = key[:PREFIX_LENGTH], hash_key(key)
        return key

    def touch(self) -> None:
        """Record a use, at most once per LAST_USED_PRECISION."""
        now = timezone.now()
        if self.last_used_at is None or now - self.last_used_at >= LAST_USED_PRECISION:
            self.last_used_at = now
            self.save(update_fields=["last_used_at"])

    @classmethod
    def issue(cls, user, name: str, scope: str = TokenScope.READ, days: int | None = None):
        """Create a token for `user` and return it with its key, which is never stored."""
        token = cls(user=user, name=name, scope=scope)
        if days is not None:
            token.expires_at = timezone.now() + dt.timedelta(days=days)
        key = token.set_new_key()
        token.save()
        return token, key

    @classmethod
    def find(cls, key: str) -> ApiToken | None:
        """Return the token whose key is `key`, expired or not, or None."""
        return cls.objects.select_related("user").filter(key_hash=hash_key(key)).first()
