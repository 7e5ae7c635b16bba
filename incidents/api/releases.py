"""The dataset releases, read-only: each with its counts, file URLs, checksums and citation."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from incidents.models import DatasetRelease
from incidents.record import release_metadata as metadata
from incidents.record.releases import VERSION_RE

from .views import ReadOnlyViewSet


class ReleaseFileSerializer(serializers.Serializer):
    name = serializers.CharField()
    url = serializers.SerializerMethodField(help_text="Absolute download URL.")
    bytes = serializers.IntegerField()
    sha256 = serializers.CharField(help_text="SHA-256 of the file, hex.")
    media_type = serializers.CharField()

    def get_url(self, entry: dict[str, Any]) -> str:
        request = self.context["request"]
        return request.build_absolute_uri(
            reverse("release-file", args=[self.context["version"], entry["name"]])
        )


class ReleaseSerializer(serializers.ModelSerializer):
    previous = serializers.CharField(
        source="previous.version", allow_null=True, help_text="The release the changes are against."
    )
    files = serializers.SerializerMethodField()
    citation = serializers.SerializerMethodField(help_text="The release as a printed reference.")
    license = serializers.SerializerMethodField(help_text="Licence of the curated fields.")

    class Meta:
        model = DatasetRelease
        fields = [
            "version",
            "released_on",
            "created_at",
            "previous",
            "incidents",
            "added",
            "changed",
            "merged",
            "retracted",
            "redirects",
            "files",
            "citation",
            "license",
        ]

    @extend_schema_field(ReleaseFileSerializer(many=True))
    def get_files(self, release: DatasetRelease) -> list[dict[str, Any]]:
        context = {**self.context, "version": release.version}
        return list(ReleaseFileSerializer(release.files, many=True, context=context).data)

    def get_citation(self, release: DatasetRelease) -> str:
        return metadata.citation_text(release)

    def get_license(self, release: DatasetRelease) -> str:
        return metadata.LICENSE_URL


class ReleaseViewSet(ReadOnlyViewSet):
    """Dataset releases, newest first; files are served at their `url`."""

    queryset = DatasetRelease.objects.select_related("previous")
    serializer_class = ReleaseSerializer
    lookup_field = "version"
    lookup_value_regex = VERSION_RE.pattern
    ordering = ("-created_at", "-id")
