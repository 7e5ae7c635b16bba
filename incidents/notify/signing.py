"""Signed links for readers without accounts, and the HMAC signature of webhook bodies."""

from __future__ import annotations

import hashlib
import hmac
import time

from django.conf import settings
from django.core import signing
from django.urls import reverse

# A receiver refuses a signature whose timestamp is further than this from its own clock.
REPLAY_WINDOW_SECONDS = 300
SIGNATURE_HEADER = "X-Tracker-Signature"
CONFIRM_MAX_AGE = 7 * 24 * 3600
PURPOSES = ("confirm", "manage", "unsubscribe")


def make_token(subscription_id: int, purpose: str) -> str:
    """Return a token that proves the bearer received this subscription's link for `purpose`."""
    return signing.dumps(subscription_id, salt=f"notify.{purpose}", compress=False)


def read_token(token: str, purpose: str) -> int | None:
    """Return the subscription id `token` was made for, or None if it is forged or expired."""
    max_age = CONFIRM_MAX_AGE if purpose == "confirm" else None
    try:
        value = signing.loads(token, salt=f"notify.{purpose}", max_age=max_age)
    except signing.BadSignature:
        return None
    return value if isinstance(value, int) else None


def link(subscription_id: int, purpose: str) -> str:
    """Return the absolute signed URL of a subscription's confirm, manage or unsubscribe page."""
    path = reverse(f"notify-{purpose}", args=[make_token(subscription_id, purpose)])
    return settings.NOTIFY_BASE_URL + path


def sign_body(secret: str, body: bytes, timestamp: int | None = None) -> str:
    """Return the signature header value: `t=<unix time>,v1=<hex HMAC-SHA256 of "t.body">`."""
    t = int(time.time()) if timestamp is None else timestamp
    mac = hmac.new(secret.encode(), f"{t}.".encode() + body, hashlib.sha256).hexdigest()
    return f"t={t},v1={mac}"


def verify_body(
    secret: str,
    body: bytes,
    header: str,
    now: float | None = None,
    window: int = REPLAY_WINDOW_SECONDS,
) -> bool:
    """Say whether `header` signs `body` with `secret` within the replay window (for receivers)."""
    parts = dict(p.split("=", 1) for p in header.split(",") if "=" in p)
    if not parts.get("t", "").isdigit() or "v1" not in parts:
        return False
    t = int(parts["t"])
    if abs((time.time() if now is None else now) - t) > window:
        return False
    expected = sign_body(secret, body, t).split("v1=", 1)[1]
    return hmac.compare_digest(expected, parts["v1"])
