"""API viewsets: thin; filtering, paging, validation and records live elsewhere."""

from __future__ import annotations

import json
from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.db.models import Prefetch, QuerySet
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import generics, mixins, viewsets
from rest_framework.exceptions import PermissionDenied
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response

from incidents.models import (
    Citation,
    CorporateEvent,
    Incident,
    IncidentLink,
    IncidentUpdate,
    LeadershipChange,
    Person,
    Product,
    ProductImpact,
    Provider,
    Region,
    Source,
)
from incidents.models.changes import announce_changes
from incidents.record import curation
from incidents.record.builder import record_schema
from incidents.record.curation import public_survivor
from incidents.record.stored import stored_page, stored_row, texts_of

from . import serializers, writes
from .conditional import ConditionalMixin, conditional, make_etag
from .downloads import FORMATS, export_response, export_stats
from .filters import IncidentFilter, StrictOrderingFilter
from .pagination import Pagination
from .permissions import ModelPermissionsOrReadOnly
from .queries import detail_incidents, listed_incidents

_CITATIONS = Prefetch("citations", queryset=Citation.objects.order_by("-official", "id"))


class ReadOnlyViewSet(ConditionalMixin, viewsets.ReadOnlyModelViewSet):
    """A cursor-paged, conditional, read-only list and detail."""

    pagination_class = Pagination
    permission_classes = [ModelPermissionsOrReadOnly]
    filter_backends: list = []


class ProviderViewSet(ReadOnlyViewSet):
    queryset = Provider.objects.select_related("organization")
    serializer_class = serializers.ProviderSerializer
    lookup_field = "slug"
    ordering = ("slug",)


class ProductViewSet(ReadOnlyViewSet):
    queryset = Product.objects.select_related("owner", "provider").prefetch_related(
        Prefetch("depends_on", queryset=Product.objects.only("id", "slug"))
    )
    serializer_class = serializers.ProductSerializer
    lookup_field = "slug"
    ordering = ("slug",)


class RegionViewSet(ReadOnlyViewSet):
    queryset = Region.objects.select_related("provider", "parent")
    serializer_class = serializers.RegionSerializer
    ordering = ("id",)


class PersonViewSet(ReadOnlyViewSet):
    queryset = Person.objects.all()
    serializer_class = serializers.PersonSerializer
    lookup_field = "slug"
    ordering = ("slug",)


class LeadershipChangeViewSet(ReadOnlyViewSet):
    queryset = LeadershipChange.objects.select_related("person", "organization").prefetch_related(
        _CITATIONS
    )
    serializer_class = serializers.LeadershipChangeSerializer
    lookup_field = "slug"
    ordering = ("announced_on", "id")


class CorporateEventViewSet(ReadOnlyViewSet):
    queryset = CorporateEvent.objects.select_related("organization").prefetch_related(_CITATIONS)
    serializer_class = serializers.CorporateEventSerializer
    lookup_field = "slug"
    ordering = ("occurred_on", "id")


class SourceViewSet(ReadOnlyViewSet):
    queryset = Source.objects.select_related("provider")
    serializer_class = serializers.SourceSerializer
    ordering = ("name",)


# --- Incidents and the rows editors add to them -----------------------------------------


@extend_schema_view(
    create=extend_schema(responses={201: serializers.IncidentDetailSerializer}),
    update=extend_schema(responses={200: serializers.IncidentDetailSerializer}),
    partial_update=extend_schema(responses={200: serializers.IncidentDetailSerializer}),
)
class IncidentViewSet(
    ConditionalMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.ReadOnlyModelViewSet,
):
    """Published incidents for everyone; editors with a token also create and change them."""

    lookup_field = "slug"
    pagination_class = Pagination
    permission_classes = [ModelPermissionsOrReadOnly]
    filter_backends = [DjangoFilterBackend, StrictOrderingFilter]
    filterset_class = IncidentFilter
    ordering_fields = ["started_at", "updated_at"]
    ordering = ("-started_at", "-id")
    queryset = Incident.objects.none()  # for the schema and the permission class's model

    def get_queryset(self) -> QuerySet[Incident]:
        if self.action == "list":
            return listed_incidents(self.request)
        return detail_incidents(self.request)

    def get_serializer_class(self) -> type:
        if self.action == "list":
            return serializers.IncidentRecordSerializer
        if self.action == "retrieve":
            return serializers.IncidentDetailSerializer
        return writes.IncidentWriteSerializer

    def list(self, request, *args, **kwargs) -> Any:
        if type(request.accepted_renderer) is not JSONRenderer:  # the browsable API
            response: Any = super().list(request, *args, **kwargs)
            page = getattr(self.paginator, "page", None) or []
            self.last_modified = max((i.updated_at for i in page), default=None)
            return response
        # JSON: the page's stored records as they are, in one query for the whole page.
        page = self.paginate_queryset(stored_page(self.filter_queryset(self.get_queryset()))) or []
        texts = texts_of([stored_row(incident) for incident in page], "json")
        paginator: Any = self.paginator
        links = (paginator.get_next_link(), paginator.get_previous_link())
        next_link, previous_link = map(json.dumps, links)
        results = ",".join(texts)
        body = f'{{"next":{next_link},"previous":{previous_link},"results":[{results}]}}'

        response = HttpResponse(body, content_type="application/json")
        last_modified = max((i.updated_at for i in page), default=None)
        return conditional(request, response, make_etag(body.encode()), last_modified)

    def retrieve(self, request, *args, **kwargs) -> Response:
        try:
            incident = self.get_object()
        except Http404:
            return self._to_survivor(kwargs[self.lookup_field])
        self.last_modified = incident.updated_at
        return Response(self.get_serializer(incident).data)

    def create(self, request, *args, **kwargs) -> Response:
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        check_review_state(request.user, serializer)
        incident = serializer.save(**{writes.HISTORY_USER: request.user})
        return Response(self._detail(incident), status=201)

    def update(self, request, *args, **kwargs) -> Response:
        partial = kwargs.pop("partial", False)
        serializer = self.get_serializer(self.get_object(), data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        check_review_state(request.user, serializer)
        incident = serializer.save(**{writes.HISTORY_USER: request.user})
        return Response(self._detail(incident))

    def _to_survivor(self, slug: str) -> Response:
        """Send a once-public duplicate's id on to its survivor, like the incident page."""
        survivor = public_survivor(slug)
        if survivor is None:
            raise Http404
        url = self.request.build_absolute_uri(reverse("api:incident-detail", args=[survivor.slug]))
        body = {"detail": f"Merged into {survivor.slug}.", "merged_into": survivor.slug}
        return Response(body, status=302, headers={"Location": url})

    def _detail(self, incident: Incident) -> dict[str, Any]:
        fresh = detail_incidents(self.request).get(pk=incident.pk)
        return serializers.IncidentDetailSerializer(
            fresh, context=self.get_serializer_context()
        ).data


def check_review_state(user, serializer) -> None:
    """Refuse a change of review state (publishing, hiding) to users outside Reviewers."""
    wanted = serializer.validated_data.get("review_state")
    current = serializer.instance.review_state if serializer.instance else Incident().review_state
    try:
        curation.check_review_state(user, current, wanted)
    except DjangoPermissionDenied as exc:
        raise PermissionDenied({"review_state": [str(exc)]}) from exc


class IncidentChildViewSet(
    ConditionalMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.ReadOnlyModelViewSet,
):
    """Rows of one incident (updates, impacts, links), readable as the incident is."""

    pagination_class = Pagination
    permission_classes = [ModelPermissionsOrReadOnly]
    filter_backends: list = []
    ordering = ("id",)

    def get_incident(self) -> Incident:
        if not hasattr(self, "_incident"):
            visible = detail_incidents(self.request).prefetch_related(None)
            self._incident = get_object_or_404(visible, slug=self.kwargs["incident_slug"])
        return self._incident

    def get_queryset(self) -> QuerySet:
        serializer: Any = self.serializer_class
        model = serializer.Meta.model
        if getattr(self, "swagger_fake_view", False):
            return model.objects.none()
        return model.objects.filter(incident=self.get_incident())

    def get_serializer_context(self) -> dict[str, Any]:
        context = dict(super().get_serializer_context())
        if not getattr(self, "swagger_fake_view", False) and "incident_slug" in self.kwargs:
            context["parent"] = {"incident": self.get_incident()}
        return context

    def perform_create(self, serializer) -> None:
        serializer.save(incident=self.get_incident(), **{writes.HISTORY_USER: self.request.user})
        self._touch_incident()

    def perform_update(self, serializer) -> None:
        serializer.save(**{writes.HISTORY_USER: self.request.user})
        self._touch_incident()

    def _touch_incident(self) -> None:
        # The incident's record changed: bump updated_at so updated_since and ETags see it.
        pk = self.get_incident().pk
        Incident.objects.filter(pk=pk).update(updated_at=timezone.now())
        announce_changes(Incident, [pk])


class IncidentUpdateViewSet(IncidentChildViewSet):
    queryset = IncidentUpdate.objects.none()
    serializer_class = writes.IncidentUpdateWriteSerializer


class ProductImpactViewSet(IncidentChildViewSet):
    queryset = ProductImpact.objects.none()
    serializer_class = writes.ProductImpactWriteSerializer

    def get_queryset(self) -> QuerySet:
        return super().get_queryset().select_related("product")


class IncidentLinkViewSet(IncidentChildViewSet):
    queryset = IncidentLink.objects.none()
    serializer_class = writes.IncidentLinkWriteSerializer

    def get_queryset(self) -> QuerySet:
        related = ("incident", "leadership_change", "corporate_event", "citation")
        return super().get_queryset().select_related(*related)


# --- Bulk export ----------------------------------------------------------------------


class IncidentExportView(generics.GenericAPIView):
    """Stream every incident the list would show, one record per line or row."""

    fmt = "ndjson"
    permission_classes = [ModelPermissionsOrReadOnly]
    filter_backends = [DjangoFilterBackend, StrictOrderingFilter]
    filterset_class = IncidentFilter
    ordering_fields = ["started_at", "updated_at"]
    ordering = ("-started_at", "-id")
    queryset = Incident.objects.none()
    pagination_class = None

    def get_queryset(self) -> QuerySet[Incident]:
        return listed_incidents(self.request)

    def perform_content_negotiation(self, request, force=False):
        # The body is NDJSON or CSV whatever the Accept header; errors are JSON.
        return super().perform_content_negotiation(request, force=True)

    def get(self, request, *args, **kwargs):
        queryset = self.filter_queryset(self.get_queryset())
        stats = export_stats(queryset)
        params = sorted(request.query_params.lists())
        version = (stats["count"], stats["last_modified"], timezone.now().date())
        etag = "W/" + make_etag("export", self.fmt, params, request.user.is_authenticated, *version)
        response = export_response(queryset, self.fmt, stats)
        return conditional(request, response, etag, stats["last_modified"])


def _export_schema(fmt: str):
    media_type = FORMATS[fmt][0].split(";")[0]
    return extend_schema(
        filters=True,
        responses={
            (200, media_type): OpenApiResponse(
                OpenApiTypes.STR,
                description=(
                    "One incident record per line (NDJSON) or row (CSV). Headers: X-Total-Count "
                    "(rows), X-Generated-At (ISO 8601 UTC), Content-Disposition (dated name)."
                ),
            )
        },
    )


@_export_schema("ndjson")
class NdjsonExportView(IncidentExportView):
    fmt = "ndjson"


@_export_schema("csv")
class CsvExportView(IncidentExportView):
    fmt = "csv"


def record_schema_view(request: HttpRequest) -> JsonResponse:
    """Serve the JSON Schema of the export record, the data dictionary of the dataset."""
    response = JsonResponse(record_schema(), json_dumps_params={"ensure_ascii": False})
    response["Content-Type"] = "application/schema+json"
    response["Cache-Control"] = "public, max-age=3600"
    return response
