"""Statuspage v2 paths: the same eight documents under every page's api/v2/."""

from django.urls import include, path

from .views import StatuspageView

DOCUMENTS = {
    "summary.json": "summary",
    "status.json": "status",
    "components.json": "components",
    "incidents.json": "incidents",
    "incidents/unresolved.json": "unresolved",
    "scheduled-maintenances.json": "maintenances",
    "scheduled-maintenances/upcoming.json": "maintenances:upcoming",
    "scheduled-maintenances/active.json": "maintenances:active",
    # The tracker's own extension, beside Statuspage's documents.
    "availability.json": "availability",
}


def documents(prefix: str) -> list:
    return [
        path(name, StatuspageView.as_view(kind=kind), name=f"{prefix}-{kind.replace(':', '-')}")
        for name, kind in DOCUMENTS.items()
    ]


app_name = "statuspage"
urlpatterns = [
    path("api/v2/", include(documents("tracker"))),
    path("status/<slug:provider>/api/v2/", include(documents("provider"))),
    path("status/<slug:provider>/products/<slug:product>/api/v2/", include(documents("product"))),
    path("status/<slug:provider>/regions/<slug:region>/api/v2/", include(documents("region"))),
]
