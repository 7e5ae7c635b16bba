"""Paths of the status pages, badges, embeds and the right-now page."""

from django.urls import include, path

from . import status

scoped = [
    path("", status.status_page, name="status-page"),
    path("badge.svg", status.status_badge, name="status-badge"),
    path("badge/availability-30d.svg", status.availability_badge, {"days": 30}, name="badge-30d"),
    path("badge/availability-90d.svg", status.availability_badge, {"days": 90}, name="badge-90d"),
    path("embed/", status.embed, name="status-embed"),
]

urlpatterns = [
    path("now/", status.now_page, name="now"),
    path("now.json", status.now_json, name="now-json"),
    path("now.atom", status.NowFeed(), name="now-atom"),
    path("now/badge.svg", status.now_badge, name="now-badge"),
    path("status/<slug:provider>/", include(scoped)),
    path("status/<slug:provider>/products/<slug:product>/", include(scoped)),
    path("status/<slug:provider>/regions/<slug:region>/", include(scoped)),
]
