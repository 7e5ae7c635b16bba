"""The "Notify me" form: a saved view, a channel and address, and which events to send."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.validators import URLValidator
from django.utils.translation import gettext_lazy as _

from incidents.ingest.fetch import FetchError, check_url
from incidents.models import Channel, Digest

from .saved_view import ViewForm

# Characters no address needs and header injection relies on.
FORBIDDEN_IN_ADDRESS = set("\r\n\0,;<>\"'")


class SubscribeForm(ViewForm):
    channel = forms.ChoiceField(choices=Channel.choices, label=_("Deliver by"), initial="email")
    email = forms.EmailField(required=False, max_length=254, label=_("Email address"))
    url = forms.CharField(required=False, max_length=1000, label=_("Webhook URL"))
    owner_email = forms.EmailField(
        required=False, max_length=254, label=_("Webhook owner's email (told if it is disabled)")
    )
    on_new = forms.BooleanField(required=False, initial=True, label=_("New incidents"))
    on_update = forms.BooleanField(required=False, label=_("Every update"))
    on_resolve = forms.BooleanField(required=False, initial=True, label=_("Resolutions"))
    on_postmortem = forms.BooleanField(required=False, initial=True, label=_("Post-mortems"))
    on_events = forms.BooleanField(
        required=False, label=_("Leadership changes and corporate events")
    )
    on_component = forms.BooleanField(
        required=False, label=_("Component status changes (webhooks: a component_update body)")
    )
    digest = forms.ChoiceField(required=False, choices=Digest.choices, label=_("Email how often"))

    def clean_email(self) -> str:
        return _clean_address(self.data.get("email", ""), self.cleaned_data.get("email", ""))

    def clean_owner_email(self) -> str:
        raw = self.data.get("owner_email", "")
        return _clean_address(raw, self.cleaned_data.get("owner_email", ""))

    def clean_url(self) -> str:
        url = self.cleaned_data.get("url", "").strip()
        if not url:
            return ""
        try:
            URLValidator(schemes=["https", "http"])(url)
        except forms.ValidationError as exc:
            raise forms.ValidationError(_("Enter a valid http(s) URL.")) from exc
        try:
            check_url(url)
        except FetchError as exc:
            raise forms.ValidationError(str(exc)) from exc
        return url

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        channel = data.get("channel")
        if channel == Channel.EMAIL and not data.get("email") and "email" not in self.errors:
            self.add_error("email", _("Enter the address to send to."))
        if channel == Channel.WEBHOOK and not data.get("url") and "url" not in self.errors:
            self.add_error("url", _("Enter the URL to post to."))
        events = ["on_new", "on_update", "on_resolve", "on_postmortem", "on_events"]
        if channel == Channel.WEBHOOK:
            events.append("on_component")
        if not any(data.get(f) for f in events):
            raise forms.ValidationError(_("Choose at least one kind of event."))
        return data


def _clean_address(raw: str, cleaned: str) -> str:
    # EmailField strips whitespace first, so a trailing "\r\nBcc: ..." is checked on the raw value.
    if FORBIDDEN_IN_ADDRESS & set(raw.strip(" ")):
        raise forms.ValidationError(_("An address cannot contain line breaks or , ; < > quotes."))
    return cleaned
