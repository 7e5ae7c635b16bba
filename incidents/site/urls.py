from django.contrib.sitemaps import views as sitemap_views
from django.urls import path
from django.views.i18n import set_language

from incidents.site import releases, views
from incidents.site.feeds import IncidentAtomFeed, IncidentFeed
from incidents.site.sitemaps import SITEMAPS

urlpatterns = [
    path("", views.timeline, name="timeline"),
    path("incidents/<slug:slug>/", views.incident_detail, name="incident-detail"),
    path("providers/", views.provider_index, name="provider-index"),
    path("products/", views.product_index, name="product-index"),
    path("people/", views.person_index, name="person-index"),
    path("favicon.ico", views.favicon, name="favicon"),
    path("sitemap.xml", sitemap_views.index, {"sitemaps": SITEMAPS}, name="sitemap"),
    path(
        "sitemap-<section>.xml",
        sitemap_views.sitemap,
        {"sitemaps": SITEMAPS},
        name="django.contrib.sitemaps.views.sitemap",
    ),
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
