from typing import Any

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter
from rest_framework.viewsets import GenericViewSet

from . import releases, views


class Router(DefaultRouter):
    include_format_suffixes = False


router = Router()
router.register("incidents", views.IncidentViewSet, basename="incident")
router.register("providers", views.ProviderViewSet, basename="provider")
router.register("products", views.ProductViewSet, basename="product")
router.register("regions", views.RegionViewSet, basename="region")
router.register("people", views.PersonViewSet, basename="person")
router.register("leadership-changes", views.LeadershipChangeViewSet, basename="leadershipchange")
router.register("corporate-events", views.CorporateEventViewSet, basename="corporateevent")
router.register("sources", views.SourceViewSet, basename="source")
router.register("releases", releases.ReleaseViewSet, basename="release")

_LIST: dict[str, Any] = {"get": "list", "post": "create"}
_DETAIL: dict[str, Any] = {"get": "retrieve", "put": "update", "patch": "partial_update"}


def _children(name: str, viewset: type[GenericViewSet]) -> list:
    base = f"incidents/<slug:incident_slug>/{name}/"
    return [
        path(base, viewset.as_view(_LIST), name=f"incident-{name}-list"),
        path(f"{base}<int:pk>/", viewset.as_view(_DETAIL), name=f"incident-{name}-detail"),
    ]


app_name = "api"
urlpatterns = [
    path("export/incidents.ndjson", views.NdjsonExportView.as_view(), name="export-ndjson"),
    path("export/incidents.csv", views.CsvExportView.as_view(), name="export-csv"),
    path("schema/record.json", views.record_schema_view, name="record-schema"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api:schema"), name="docs"),
    *_children("updates", views.IncidentUpdateViewSet),
    *_children("impacts", views.ProductImpactViewSet),
    *_children("links", views.IncidentLinkViewSet),
    path("", include(router.urls)),
]
