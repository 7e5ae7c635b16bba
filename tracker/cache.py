"""Django's Redis cache, keeping one redis.Redis client per server, and riding out outages.

A cache is an optimisation: with Redis down, every read is a miss and every write is dropped,
so pages and the API still answer (uncached) and writers still commit. After a failure the
client leaves Redis alone for `retry_seconds` (5 by default), so an outage costs one failed
connection per interval rather than one per call.
"""

from __future__ import annotations

import functools
import logging
import threading
import time
from collections.abc import Callable
from typing import Any

import redis
from django.core.cache.backends.redis import RedisCache, RedisCacheClient

logger = logging.getLogger(__name__)
OUTAGE_ERRORS = (redis.ConnectionError, redis.TimeoutError)


class Outage:
    """When Redis last failed, and until when calls skip it."""

    def __init__(self, retry_seconds: float) -> None:
        self.retry_seconds = retry_seconds
        self._until = 0.0
        self._lock = threading.Lock()

    def ongoing(self) -> bool:
        return time.monotonic() < self._until

    def begin(self, exc: Exception) -> None:
        with self._lock:
            if not self.ongoing():
                logger.warning(
                    "cache unavailable, serving uncached for %ss: %s", self.retry_seconds, exc
                )
            self._until = time.monotonic() + self.retry_seconds


class ReusingRedisCacheClient(RedisCacheClient):
    """Hand out one client per connection pool; answer misses while Redis is unreachable."""

    def __init__(self, *args: Any, retry_seconds: float = 5.0, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._clients: dict[Any, Any] = {}
        self.outage = Outage(retry_seconds)

    def get_client(self, key: Any = None, *, write: bool = False) -> Any:
        # redis.Redis is thread-safe: each command borrows a connection from the pool.
        # Django's RedisCacheClient has these private members; its stubs do not declare them.
        pool = self._get_connection_pool(write)  # type: ignore[attr-defined]
        client = self._clients.get(pool)
        if client is None:
            client = self._clients[pool] = self._client(connection_pool=pool)  # type: ignore[attr-defined]
        return client

    def _guarded(self, call: Callable[[], Any], fallback: Any) -> Any:
        if self.outage.ongoing():
            return fallback
        try:
            return call()
        except OUTAGE_ERRORS as exc:
            self.outage.begin(exc)
            return fallback

    def add(self, key, value, timeout):
        return self._guarded(functools.partial(super().add, key, value, timeout), False)

    def get(self, key, default):
        return self._guarded(functools.partial(super().get, key, default), default)

    def set(self, key, value, timeout):
        self._guarded(functools.partial(super().set, key, value, timeout), None)

    def touch(self, key, timeout):
        return self._guarded(functools.partial(super().touch, key, timeout), False)

    def delete(self, key):
        return self._guarded(functools.partial(super().delete, key), False)

    def get_many(self, keys):
        return self._guarded(functools.partial(super().get_many, keys), {})

    def has_key(self, key):
        return self._guarded(functools.partial(super().has_key, key), False)

    def set_many(self, data, timeout):
        return self._guarded(functools.partial(super().set_many, data, timeout), [])

    def delete_many(self, keys):
        self._guarded(functools.partial(super().delete_many, keys), None)

    def clear(self):
        return self._guarded(super().clear, False)


class ReusingRedisCache(RedisCache):
    """RedisCache with ReusingRedisCacheClient: the warm page path's one Redis round trip."""

    def __init__(self, server: str, params: dict) -> None:
        super().__init__(server, params)
        self._class = ReusingRedisCacheClient
