"""The dataset releases page and the release files, served from RELEASES_DIR by name only."""

from __future__ import annotations

import base64

from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from incidents.models import DatasetRelease
from incidents.record import release_metadata as metadata
from incidents.record.releases import release_file
from incidents.site.views import reader_zone_choices

# A release never changes, so a client may keep its files for good.
IMMUTABLE = "public, max-age=31536000, immutable"


@require_safe
def releases_page(request: HttpRequest) -> HttpResponse:
    """List every release, newest first, with its files, checksums, changes and citation."""
    releases = list(DatasetRelease.objects.select_related("previous"))
    for release in releases:
        release.citation = metadata.citation_text(release)  # type: ignore[attr-defined]
    context = {
        "title": _("Dataset releases"),
        "latest": releases[0] if releases else None,
        "older": releases[1:],
        "licence_url": metadata.LICENSE_URL,
        "time_zones": reader_zone_choices(),
    }
    return render(request, "releases/index.html", context)


@require_safe
def release_download(request: HttpRequest, version: str, name: str) -> FileResponse:
    """Serve one file a release lists; any other name, or a path, is a 404."""
    found = release_file(version, name)
    if found is None:
        raise Http404(_("No such release file."))
    _release, entry, path = found
    response = FileResponse(
        path.open("rb"), as_attachment=True, filename=f"{version}-{entry['name']}"
    )
    response.headers["Content-Type"] = entry["media_type"]
    response.headers["ETag"] = f'"{entry["sha256"]}"'
    response.headers["Cache-Control"] = IMMUTABLE
    response.headers["Digest"] = "sha-256=" + _base64(entry["sha256"])
    return response


def _base64(hex_digest: str) -> str:
    return base64.b64encode(bytes.fromhex(hex_digest)).decode()
