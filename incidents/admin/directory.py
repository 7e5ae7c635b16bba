"""The source directory screen: add a vendor's status page as a Source in one step.

The editor picks a page and its provider; the page's format is detected by probing its known
endpoints (incidents/ingest/probe.py) and the Source is created with the kind and URL found.
Adding a source takes the `add_source` permission, as the Source form does.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse

from incidents.ingest import directory

from ..models import Provider, Source


class DirectoryAddForm(forms.Form):
    entry = forms.ChoiceField(choices=lambda: [(e.slug, e.name) for e in directory.entries()])
    provider = forms.ModelChoiceField(queryset=Provider.objects.order_by("name"))
    name = forms.CharField(max_length=100, required=False, help_text="Default: the page's name.")


def view(model_admin: admin.ModelAdmin, request: HttpRequest) -> HttpResponse:
    """List the directory; on POST, probe the chosen page and add its Source."""
    if not request.user.has_perm("incidents.add_source"):
        raise PermissionDenied
    form = DirectoryAddForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        response = _add(model_admin, request, form)
        if response is not None:
            return response
    return _page(model_admin, request, form)


def _add(
    model_admin: admin.ModelAdmin, request: HttpRequest, form: DirectoryAddForm
) -> HttpResponse | None:
    entry = directory.get(form.cleaned_data["entry"])
    assert entry is not None  # the form's choices are the directory's slugs
    try:
        source, found = directory.add_source(
            entry, form.cleaned_data["provider"], form.cleaned_data["name"]
        )
    except ValidationError as exc:
        model_admin.message_user(request, " ".join(exc.messages), messages.ERROR)
        return None
    if source is None:
        model_admin.message_user(
            request,
            f"No known format answered at {entry.url}; nothing was added. What each endpoint"
            f" answered:\n{found.explain()}",
            messages.ERROR,
        )
        return None
    model_admin.message_user(
        request,
        f"Added “{source.name}”: {source.get_kind_display()} at {source.url}"
        f" ({found.incidents} incident(s) there now). It is polled on the next beat.",
        messages.SUCCESS,
    )
    return HttpResponseRedirect(reverse("admin:incidents_source_change", args=[source.pk]))


def _page(
    model_admin: admin.ModelAdmin, request: HttpRequest, form: DirectoryAddForm
) -> HttpResponse:
    added = set(Source.objects.values_list("name", flat=True))
    context = {
        **model_admin.admin_site.each_context(request),
        "title": "Add a source from the directory",
        "opts": Source._meta,
        "form": form,
        "entries": [(entry, entry.name in added) for entry in directory.entries()],
        "providers": Provider.objects.order_by("name"),
    }
    return TemplateResponse(request, "admin/incidents/source/directory.html", context)
