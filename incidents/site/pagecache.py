"""Cache rendered pages under the generations of the data each page shows.

A page is stamped with the global version (catalogue changes: providers, products, people,
events retire every page) and with one generation per scope it reads: `list` for the
unfiltered timeline and charts, `incident:<slug>`, `provider:<slug>`, `product:<slug>`,
`person:<slug>`, `organization:<id>`. A change to an incident retires its own scopes only, so
provider B's page outlives an ingest of provider A.
"""

from __future__ import annotations

import hashlib
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable
from typing import Any, NamedTuple

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete, pre_save
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.utils import timezone, translation
from django.utils.crypto import salted_hmac

# Renamed with the scoped stamps: an entry of the release before carries none, and under
# the old name it would pass for fresh whatever scopes changed since.
VERSION_KEY = "pages:version:scoped"


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


LIST = "list"
HIT_HEADER = "X-Page-Cache"
Stamps = tuple[tuple[str, str], ...]


def scope_key(scope: str) -> str:
    """Return the cache key holding the generation of one scope ("provider:aws")."""
    return f"pages:gen:{scope}"


class CachedPage(NamedTuple):
    version: str
    status: int
    html: str
    expires: float  # time.time(): the shared and the local copy expire together
    stamps: Stamps = ()  # (scope key, generation) of every scope the page reads

    def fresh(self, current: dict[str, str]) -> bool:
        if current.get(VERSION_KEY) != self.version:
            return False
        return all(current.get(key) == generation for key, generation in self.stamps)


class LocalPages:
    """This process's most recent pages, so a warm hit fetches only the small stamp keys."""

    # Each entry is checked against the shared generations on every request, so a write in
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


def _generations(keys: Iterable[str], found: dict) -> dict[str, str] | None:
    """Return each key's generation, starting those never set; None when the cache is down."""
    keys = list(dict.fromkeys(keys))
    missing = [key for key in keys if key not in found]
    # A missing generation starts at a fresh unique value, never at a constant: after an
    # eviction a constant would meet pages stamped before the eviction again.
    for key in missing:
        cache.add(key, str(time.time_ns()), None)
    if missing:
        found = {**found, **cache.get_many(missing)}
    if any(key not in found for key in keys):
        return None
    return {key: str(found[key]) for key in keys}


def _lookup(key: str, scopes: list[str]) -> tuple[dict[str, str] | None, CachedPage | None]:
    # A hit on this process's copy costs one read of its stamps; otherwise the stamps the
    # URL implies and the shared copy come in one round trip (a second only for the
    # scopes a page found while building, such as a product's upstream products).
    local = local_pages.get(key)
    if local is not None:
        keys = [VERSION_KEY, *(k for k, _gen in local.stamps)]
        current = _generations(keys, cache.get_many(keys))
        if current is not None and local.fresh(current):
            return current, local
    keys = [VERSION_KEY, *map(scope_key, scopes)]
    found = cache.get_many([*keys, key])
    shared = found.pop(key, None)
    # Anything else under the key was written by an older release.
    if not isinstance(shared, CachedPage):
        shared = None
    if shared is not None:
        extra = [k for k, _gen in shared.stamps if k not in found]
        if extra:
            found |= cache.get_many(extra)
        keys += extra
    current = _generations(keys, found)
    if current is None:
        return None, None
    if shared is not None and shared.fresh(current):
        local_pages.put(key, shared)
        return current, shared
    return current, None


Built = tuple[int, str, Iterable[str]]


def cached_page(
    request: HttpRequest, name: str, build: Callable[[], Built], scopes: Iterable[str] = ()
) -> HttpResponse:
    """Serve a page from the cache when built from current data, else build and store it.

    `scopes` are what the URL alone says the page reads; build() returns (status, html,
    scopes it found while building) and renders with csrf_placeholder() as the token.
    """
    key = page_key(request, name)
    known = list(scopes)
    current, page = _lookup(key, known)
    hit = page is not None
    if page is None:
        status, html, found = build()
        page = CachedPage("", status, html, time.time() + settings.PAGE_CACHE_SECONDS)
        # Without generations (the cache is down) no copy could be told stale: keep none.
        stamped = _stamped(page, current, [*known, *found]) if current is not None else None
        if stamped is not None:
            cache.set(key, stamped, settings.PAGE_CACHE_SECONDS)
            local_pages.put(key, stamped)
    body = page.html.replace(csrf_placeholder(), get_token(request))
    response = HttpResponse(body, status=page.status)
    response[HIT_HEADER] = "hit" if hit else "miss"
    return response


def _stamped(page: CachedPage, before: dict[str, str], scopes: list[str]) -> CachedPage | None:
    # Generations read before the build: a change committed during the build then leaves
    # the page stale-stamped, never fresh-stamped. Scopes first found by this build are
    # read now (a window as long as one build, once per URL and data version).
    keys = [scope_key(s) for s in dict.fromkeys(scopes)]
    late = [k for k in keys if k not in before]
    current = before
    if late:
        found = _generations(late, cache.get_many(late))
        if found is None:
            return None
        current = {**before, **found}
    stamps = tuple((k, current[k]) for k in keys)
    return page._replace(version=before[VERSION_KEY], stamps=stamps)


# Models whose rows belong to one incident: a change retires that incident's scopes only.
INCIDENT_MODELS = (
    "ExternalRef",
    "IncidentCitation",
    "IncidentLink",
    "IncidentUpdate",
    "ProductImpact",
    "ReportedTime",
    "ValueSourcing",
)
# The catalogue and the events around incidents: rare editor writes, shown on many pages
# (names, dependencies, the timeline's leadership lines), so a change retires every page.
CATALOGUE_MODELS = (
    "Citation",
    "CorporateEvent",
    "LeadershipChange",
    "Organization",
    "Person",
    "Product",
    "ProductDependency",
    "Provider",
    "Region",
)
# Saves that can move a row out of scopes: their scopes before the save are retired too.
SCOPE_MOVERS = ("Incident", "IncidentLink", "ProductImpact")
CHUNK = 500


def incident_scopes(incident_ids: Iterable[int | None]) -> set[str]:
    """Return the scopes of every page that shows any of these incidents."""
    from incidents.models import Incident, IncidentLink, ProductImpact

    ids = sorted({pk for pk in incident_ids if pk})
    scopes: set[str] = {LIST} if ids else set()
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        rows = Incident.objects.filter(pk__in=chunk).values_list(
            "slug", "provider__slug", "provider__organization_id", "merged_into__slug"
        )
        for slug, provider, organization, survivor in rows:
            # The organization: its people's pages list its providers' incidents.
            scopes |= {f"incident:{slug}", f"provider:{provider}", f"organization:{organization}"}
            if survivor:
                scopes.add(f"incident:{survivor}")
        products = ProductImpact.objects.filter(incident_id__in=chunk)
        scopes |= {f"product:{s}" for s in products.values_list("product__slug", flat=True)}
        links = IncidentLink.objects.filter(incident_id__in=chunk, leadership_change__isnull=False)
        people = links.values_list("leadership_change__person__slug", flat=True)
        scopes |= {f"person:{s}" for s in people}
    return scopes


def retire(scopes: Iterable[str]) -> None:
    """Retire every cached page stamped with any of `scopes`, now and again at commit."""
    keys = sorted({scope_key(s) for s in scopes})
    if not keys:
        return

    def bump_scopes() -> None:
        value = str(time.time_ns())
        cache.set_many(dict.fromkeys(keys, value), None)

    bump_scopes()
    # Between the first bump and the commit a reader can cache the old rows under the new
    # generation; the second bump retires that entry.
    transaction.on_commit(bump_scopes)


def data_changed(*_args: object, **_kwargs: object) -> None:
    """Bump the global version now and again once the surrounding transaction commits."""
    bump_version()
    transaction.on_commit(bump_version)


def incidents_changed(*_args: object, incident_ids: Iterable[int] = (), **_kwargs: object) -> None:
    """Retire the pages of the incidents a bulk writer (ingestion) says it changed."""
    retire(incident_scopes(incident_ids))


def _incident_id(instance: object) -> int | None:
    from incidents.models import Incident

    return instance.pk if isinstance(instance, Incident) else getattr(instance, "incident_id", None)


def incident_row_changed(sender: type, instance: object, **_kwargs: object) -> None:
    """Retire the pages showing the incident a saved or deleted row belongs to."""
    retire(incident_scopes([_incident_id(instance)]))


def incident_row_moving(sender: type, instance: Any, **_kwargs: object) -> None:
    """Before a save, retire the scopes the row is in now: the save may move it out."""
    if not instance._state.adding:
        incident_row_changed(sender, instance)


def incident_regions_changed(
    sender: type, instance: Any, pk_set: set | None, reverse: bool, **_kwargs: object
) -> None:
    """Retire the incidents whose regions changed, or everything for a region's clear()."""
    if not reverse:
        retire(incident_scopes([instance.pk]))
    elif pk_set:
        retire(incident_scopes(pk_set))
    else:
        data_changed()


def connect_signals() -> None:
    """Retire pages on every save or delete of a model the public pages show."""
    # The admin, the API, merges, seed_demo and the shell write through save(); ingestion
    # writes in bulk and says what it changed itself, through the domain's
    # incidents_changed signal.
    from incidents import models
    from incidents.models.changes import incidents_changed as bulk_signal

    bulk_signal.connect(incidents_changed, dispatch_uid="pages-incidents-changed")
    for name in CATALOGUE_MODELS:
        model = getattr(models, name)
        post_save.connect(data_changed, sender=model, dispatch_uid=f"pages-save-{name}")
        post_delete.connect(data_changed, sender=model, dispatch_uid=f"pages-delete-{name}")
    for name in ("Incident", *INCIDENT_MODELS):
        model = getattr(models, name)
        uid = f"pages-{name}"
        post_save.connect(incident_row_changed, sender=model, dispatch_uid=f"{uid}-save")
        # Before the delete: afterwards a product impact's product is no longer found.
        pre_delete.connect(incident_row_changed, sender=model, dispatch_uid=f"{uid}-delete")
        if name in SCOPE_MOVERS:
            pre_save.connect(incident_row_moving, sender=model, dispatch_uid=f"{uid}-move")
    m2m_changed.connect(
        incident_regions_changed,
        sender=models.Incident.regions.through,
        dispatch_uid="pages-m2m-regions",
    )
    for through in (
        models.Product.depends_on.through,
        models.ProductDependency.regions.through,
        models.LeadershipChange.citations.through,
        models.CorporateEvent.citations.through,
    ):
        m2m_changed.connect(data_changed, sender=through, dispatch_uid=f"pages-m2m-{through}")
