from django.urls import path
from django.views.i18n import set_language

from incidents.site import releases, views
from incidents.site.feeds import IncidentAtomFeed, IncidentFeed

urlpatterns = [
    path("", views.timeline, name="timeline"),
    path("incidents/<slug:slug>/", views.incident_detail, name="incident-detail"),
    path("providers/<slug:slug>/", views.provider_detail, name="provider-detail"),
    path("products/<slug:slug>/", views.product_detail, name="product-detail"),
    path("people/<slug:slug>/", views.person_detail, name="person-detail"),
    path("charts/", views.charts, name="charts"),
    path("releases/", releases.releases_page, name="releases"),
    # str, not path: a "/" or "%2F" in the name never reaches the view.
    path("releases/<str:version>/<str:name>", releases.release_download, name="release-file"),
    path("feed.atom", IncidentAtomFeed(), name="feed-atom"),
    path("feed.rss", IncidentFeed(), name="feed-rss"),
    path("preferences/time-zone/", views.set_time_zone, name="set-time-zone"),
    path("preferences/language/", set_language, name="set_language"),
]
