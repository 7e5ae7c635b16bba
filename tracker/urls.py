from django.contrib import admin
from django.urls import include, path

from incidents.site import views

urlpatterns = [
    path("admin/", admin.site.urls),
    path("healthz", views.healthz, name="healthz"),
    path("api/v1/", include("incidents.api.urls")),
    path("", include("incidents.api.push_urls")),
    path("", include("incidents.notify.urls")),
    path("", include("incidents.api.statuspage.urls")),
    path("", include("incidents.site.status_urls")),
    path("", include("incidents.site.urls")),
]
