"""Cache rendered pages under a version that changes whenever public data changes."""

from __future__ import annotations

import hashlib
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from typing import NamedTuple

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.utils import timezone, translation
from django.utils.crypto import salted_hmac

VERSION_KEY = "pages:version"


def current_version() -> str | None:
    """Return the version of the public data that cached pages were built from.

    None when the cache stores nothing (Redis down): then no page can be told fresh.
    """
    version = cache.get(VERSION_KEY)
    return str(version) if version is not None else _start_version()


def _start_version() -> str | None:
    cache.add(VERSION_KEY, str(time.time_ns()), None)
    version = cache.get(VERSION_KEY)
    return None if version is None else str(version)


def bump_version(*_args: object, **_kwargs: object) -> None:
    """Invalidate every cached page; call after bulk writes that skip model signals."""
    # A fresh unique value rather than incr(): after an eviction a counter would restart
    # and could meet old entries again.
    cache.set(VERSION_KEY, str(time.time_ns()), None)


def page_key(request: HttpRequest, name: str) -> str:
    """Build the cache key of one page as this reader sees it (language, zone, URL)."""
    path = hashlib.sha256(request.get_full_path().encode()).hexdigest()[:32]
    zone = timezone.get_current_timezone_name()
    lang = translation.get_language() or settings.LANGUAGE_CODE
    return f"page:{name}:{lang}:{zone}:{path}"


def csrf_placeholder() -> str:
    """Return the marker cached pages carry where each reader's CSRF token goes."""
    return salted_hmac("pagecache.csrf", "placeholder").hexdigest()


class CachedPage(NamedTuple):
    version: str
    status: int
    html: str
    expires: float  # time.time(): the shared and the local copy expire together


class LocalPages:
    """This process's most recent pages, so a warm hit fetches only the small version key."""

    # Each entry is checked against the shared version on every request, so a write in
    # another process (the worker, another web process) retires it as soon as it bumps.

    def __init__(self, size: int) -> None:
        self.size = size
        self._entries: OrderedDict[str, CachedPage] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: str) -> CachedPage | None:
        with self._lock:
            page = self._entries.get(key)
            # Pages saying "ongoing" age even when the data does not.
            if page is None or page.expires < time.time():
                return None
            self._entries.move_to_end(key)
            return page

    def put(self, key: str, page: CachedPage) -> None:
        with self._lock:
            self._entries[key] = page
            self._entries.move_to_end(key)
            while len(self._entries) > self.size:
                self._entries.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()


local_pages = LocalPages(settings.PAGE_CACHE_LOCAL_ENTRIES)


def _lookup(key: str) -> tuple[str | None, CachedPage | None]:
    # A hit on this process's copy costs one read of the version; otherwise the version
    # and the shared copy come in one round trip.
    local = local_pages.get(key)
    if local is not None:
        version = current_version()
        if local.version == version:
            return version, local
    found = cache.get_many([VERSION_KEY, key])
    version = str(found[VERSION_KEY]) if VERSION_KEY in found else _start_version()
    if version is None:
        return None, None
    shared = found.get(key)
    # Anything else under the key was written by an older release.
    if isinstance(shared, CachedPage) and shared.version == version:
        local_pages.put(key, shared)
        return version, shared
    return version, None


def cached_page(
    request: HttpRequest, name: str, build: Callable[[], tuple[int, str]]
) -> HttpResponse:
    """Serve a page from the cache when built from current data, else build and store it.

    build() renders with csrf_placeholder() as the token; each response gets its own.
    """
    key = page_key(request, name)
    version, page = _lookup(key)
    if page is None:
        status, html = build()
        page = CachedPage(version or "", status, html, time.time() + settings.PAGE_CACHE_SECONDS)
        # Without a version (the cache is down) no copy could ever be told stale: keep none.
        if version is not None:
            cache.set(key, page, settings.PAGE_CACHE_SECONDS)
            local_pages.put(key, page)
    body = page.html.replace(csrf_placeholder(), get_token(request))
    return HttpResponse(body, status=page.status)


# Every model a public page or feed reads from.
PUBLIC_MODELS = (
    "Citation",
    "CorporateEvent",
    "ExternalRef",
    "Incident",
    "IncidentCitation",
    "IncidentLink",
    "IncidentUpdate",
    "LeadershipChange",
    "Organization",
    "Person",
    "Product",
    "ProductDependency",
    "ProductImpact",
    "Provider",
    "Region",
    "ReportedTime",
    # Ingestion writes in bulk, without signals, and saves a Snapshot whenever it changed
    # something: that save stands for the whole batch.
    "Snapshot",
)


def data_changed(*_args: object, **_kwargs: object) -> None:
    """Bump the version now and again once the surrounding transaction commits."""
    bump_version()
    # Between the first bump and the commit a reader can cache the old rows under the new
    # version; the second bump retires that entry.
    transaction.on_commit(bump_version)


def connect_signals() -> None:
    """Bump the version on every save or delete of a model the public pages show."""
    # Signals rather than calls in each writer: the admin, seed_demo and the shell write
    # through save(), ingestion through its Snapshot; a writer forgotten serves stale pages.
    from incidents import models

    for name in PUBLIC_MODELS:
        model = getattr(models, name)
        post_save.connect(data_changed, sender=model, dispatch_uid=f"pages-save-{name}")
        post_delete.connect(data_changed, sender=model, dispatch_uid=f"pages-delete-{name}")
    for through in (
        models.Incident.regions.through,
        models.Product.depends_on.through,
        models.ProductDependency.regions.through,
        models.LeadershipChange.citations.through,
        models.CorporateEvent.citations.through,
    ):
        m2m_changed.connect(data_changed, sender=through, dispatch_uid=f"pages-m2m-{through}")
