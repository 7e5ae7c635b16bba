from django.conf import settings
from rest_framework.throttling import AnonRateThrottle, UserRateThrottle


def _rate(scope: str) -> str | None:
    # Read at request time: DRF's classes copy the rates once at import, which freezes them.
    return settings.REST_FRAMEWORK.get("DEFAULT_THROTTLE_RATES", {}).get(scope)


class AnonThrottle(AnonRateThrottle):
    """Limit anonymous clients per IP to the `anon` rate in settings."""

    def get_rate(self) -> str | None:
        return _rate(self.scope or "anon")


class UserThrottle(UserRateThrottle):
    """Limit authenticated clients per user to the `user` rate in settings."""

    def get_rate(self) -> str | None:
        return _rate(self.scope or "user")
