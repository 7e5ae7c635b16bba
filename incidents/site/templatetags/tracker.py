"""Template helpers for the public pages: times in several zones, durations, safe vendor text."""

from __future__ import annotations

import datetime as dt
import functools
import zoneinfo
from typing import Any
from urllib.parse import quote

from django import template
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, gettext, gettext_lazy, ngettext, pgettext_lazy

from incidents.models import Incident, IncidentLink, LeadershipChange
from incidents.record import translations
from incidents.record.bounds import in_zone
from incidents.record.durations import incident_durations
from incidents.record.sanitize import clean_html
from incidents.record.sanitize import http_url as web_url
from incidents.record.zones import zone_label

register = template.Library()


def _stamp(moment: dt.datetime, with_date: bool) -> str:
    text = moment.strftime("%Y-%m-%d %H:%M" if with_date else "%H:%M")
    return f"{text} {zone_label(moment)}"


@register.simple_tag
def dual_time(value: dt.datetime | None, zone_name: str) -> SafeString:
    """Show a time in the vendor's zone and in UTC, plus the reader's zone if it differs."""
    if value is None:
        return SafeString("")
    vendor = in_zone(value, zoneinfo.ZoneInfo(zone_name or "UTC"))
    utc = value.astimezone(dt.UTC)
    parts = [_stamp(vendor, True)]
    if zone_name != "UTC":
        parts.append(_stamp(utc, utc.date() != vendor.date()))
    reader = in_zone(value, timezone.get_current_timezone())
    if timezone.get_current_timezone_name() not in (zone_name, "UTC"):
        parts.append(_stamp(reader, reader.date() != vendor.date()))
    return format_html('<time datetime="{}">{}</time>', utc.isoformat(), ", ".join(parts))


@register.simple_tag
def reader_time(value: dt.datetime | None) -> SafeString:
    """Show a time in the reader's zone, with UTC beside it when the reader's zone is not UTC."""
    if value is None:
        return SafeString("")
    reader = in_zone(value, timezone.get_current_timezone())
    utc = value.astimezone(dt.UTC)
    text = _stamp(reader, True)
    if timezone.get_current_timezone_name() != "UTC":
        text += f" ({_stamp(utc, utc.date() != reader.date())})"
    return format_html('<time datetime="{}">{}</time>', utc.isoformat(), text)


@register.filter
def duration(value: dt.timedelta | None) -> str:
    """Say how long: "3 d 4 h", "13 h 54 min", "49 min"."""
    if value is None:
        return gettext("ongoing")
    minutes = int(value.total_seconds() // 60)
    days, rest = divmod(minutes, 24 * 60)
    hours, minutes = divmod(rest, 60)
    parts = []
    if days:
        parts.append(ngettext("%(n)d day", "%(n)d days", days) % {"n": days})
    if hours:
        parts.append(gettext("%(n)d h") % {"n": hours})
    if minutes and not days:
        parts.append(gettext("%(n)d min") % {"n": minutes})
    return " ".join(parts) or gettext("under a minute")


@register.filter
def headline_duration(incident: Incident) -> str:
    """Say how long by one source, and the range where sources disagree (record.durations)."""
    durations = incident_durations(incident)
    if durations.headline is None:
        return gettext("ongoing")
    text = duration(durations.headline.duration)
    if durations.spread:
        shortest, longest = durations.spread
        spread = gettext("%(shortest)s to %(longest)s, depending on the source") % {
            "shortest": duration(shortest.duration),
            "longest": duration(longest.duration),
        }
        text = f"{text} ({spread})"
    return text


@functools.cache
def _url_around_slug(name: str, prefix: str, urlconf: str | None) -> tuple[str, str]:
    head, _marker, tail = reverse(name, args=["-slug-"], urlconf=urlconf).partition("-slug-")
    return head, tail


@register.filter
def slug_url(slug: str, name: str) -> str:
    """Return the URL named `name` for `slug`, like {% url name slug %} at a tenth the cost."""
    # The timeline links every entry, region and product: reverse() for each was a fifth
    # of the page's render time.
    head, tail = _url_around_slug(name, get_script_prefix(), get_urlconf())
    return f"{head}{quote(slug)}{tail}"


@register.filter
def sanitize(body: str) -> SafeString:
    """Render untrusted vendor text: plain text keeps its lines, HTML keeps only safe tags."""
    return mark_safe(clean_html(body))  # noqa: S308 - escaped or nh3-cleaned by construction


@register.filter
def http_url(url: str) -> str:
    """Return a vendor's URL only if it is http(s), so no javascript: link is ever rendered."""
    return web_url(url)


@register.filter
def localized_title(incident: Incident) -> str:
    """Return the incident's title in the active language, the original when untranslated."""
    return incident.localized_title(get_language() or "en")


@register.filter
def localized_summary(incident: Incident) -> str:
    """Return the incident's summary in the active language, the original when untranslated."""
    return incident.localized_summary(get_language() or "en")


@register.filter
def is_translated(incident: Incident) -> bool:
    """Say whether the active language shows a translation rather than the original."""
    return incident.localized_title(get_language() or "en") != incident.title


@register.filter
def lag_text(link: IncidentLink) -> str:
    """Say when the linked event came relative to the incident: "11 days after"."""
    days = link.lag_days
    if days is None:
        return ""
    if days == 0:
        return gettext("the same day as")
    if days > 0:
        return ngettext("%(n)d day after", "%(n)d days after", days) % {"n": days}
    return ngettext("%(n)d day before", "%(n)d days before", -days) % {"n": -days}


@register.filter
def lag_later(link: IncidentLink) -> str:
    """Say how long after the incident the linked event came: "11 days later"."""
    days = link.lag_days
    if days is None:
        return ""
    if days == 0:
        return gettext("the same day")
    if days > 0:
        return ngettext("%(n)d day later", "%(n)d days later", days) % {"n": days}
    return ngettext("%(n)d day earlier", "%(n)d days earlier", -days) % {"n": -days}


@register.simple_tag
def impact_badge(impact: str, text: str) -> SafeString:
    """Render an impact as colour plus words, never colour alone."""
    # A simple tag, not an included template: the timeline draws fifty of these.
    return format_html(
        '<span class="impact impact-{}"><span class="dot" aria-hidden="true"></span>{}</span>',
        impact,
        text,
    )


LABELS = {
    "none": pgettext_lazy("impact", "None"),
    "minor": pgettext_lazy("impact", "Minor"),
    "major": pgettext_lazy("impact", "Major"),
    "critical": pgettext_lazy("impact", "Critical"),
    "maintenance": pgettext_lazy("impact", "Maintenance"),
    "investigating": gettext_lazy("Investigating"),
    "identified": gettext_lazy("Identified"),
    "monitoring": gettext_lazy("Monitoring"),
    "resolved": gettext_lazy("Resolved"),
    "postmortem": gettext_lazy("Postmortem"),
    "followed_by": gettext_lazy("followed by"),
    "cited_by_company": gettext_lazy("cited by the company"),
    "press_reported": gettext_lazy("reported by the press"),
    "speculated": gettext_lazy("speculated"),
    "high": gettext_lazy("high"),
    "medium": gettext_lazy("medium"),
    "low": gettext_lazy("low"),
    "reorganisation": gettext_lazy("Reorganisation"),
    "spin_off_announced": gettext_lazy("Spin-off announced"),
    "spin_off_halted": gettext_lazy("Spin-off halted"),
    "earnings": gettext_lazy("Earnings"),
    "other": gettext_lazy("Other"),
    "appointed": gettext_lazy("Took the role"),
    "departed": gettext_lazy("Left the role"),
    "announced": gettext_lazy("Succession announced"),
    "started_at": gettext_lazy("Start"),
    "ended_at": gettext_lazy("End"),
    "regions": gettext_lazy("Regions"),
    "products": gettext_lazy("Products and their impact"),
    "root_cause": gettext_lazy("Root cause"),
    "official": gettext_lazy("Official text"),
    "secondary": gettext_lazy("One secondary source"),
    "unverified": gettext_lazy("Not verified"),
    "cloud_service": gettext_lazy("Cloud service"),
    "consumer_app": gettext_lazy("Consumer app"),
    "platform": gettext_lazy("Platform / internal service"),
}
CHANGE_TEXTS = {
    ("appointed", False): gettext_lazy("%(name)s becomes %(role)s"),
    ("appointed", True): gettext_lazy("%(name)s becomes acting %(role)s"),
    ("departed", False): gettext_lazy("%(name)s steps down as %(role)s"),
    ("departed", True): gettext_lazy("%(name)s steps down as acting %(role)s"),
    ("announced", False): gettext_lazy("%(name)s to become %(role)s"),
    ("announced", True): gettext_lazy("%(name)s to become acting %(role)s"),
}


@register.filter
def label(value: str) -> str:
    """Translate a stored choice (impact, status, relation...) into the reader's language."""
    return str(LABELS.get(value, value))


def _is_chinese() -> bool:
    return (get_language() or "").startswith("zh")


@register.filter
def native_name(obj: Any) -> str:
    """Return the name in its own language for Chinese readers, the English name otherwise."""
    if not _is_chinese():
        return obj.name
    if translations.suffix(get_language() or "en") == "zh_hant" and getattr(
        obj, "name_zh_hant", None
    ):
        return obj.name_zh_hant
    return getattr(obj, "name_native", "") or obj.name


ROLE_NAMES = {
    "president": gettext_lazy("President"),
    "chairman": gettext_lazy("Chairman"),
    "chairman and ceo": gettext_lazy("Chairman and CEO"),
    "chief executive officer": gettext_lazy("Chief Executive Officer"),
}


@register.filter
def role_name(role: str) -> str:
    """Translate a role title the interface knows; keep any other as the editor wrote it."""
    return str(ROLE_NAMES.get(" ".join(role.lower().split()), role))


@register.filter
def localized(obj: Any, field: str) -> str:
    """Return `field` of `obj` in the reader's language where a translation exists."""
    return translations.render(obj, field, get_language() or "en").text


@register.simple_tag
def rendering(obj: Any, field: str) -> translations.Rendering:
    """Return the reader's wording of `field` with the original it translates, for beside."""
    return translations.render(obj, field, get_language() or "en")


@register.filter
def change_text(change: LeadershipChange) -> str:
    """Say what a leadership change was: "Zhang Jianfeng steps down as President"."""
    template = CHANGE_TEXTS.get((change.action, change.acting), CHANGE_TEXTS[("appointed", False)])
    return str(template) % {"name": native_name(change.person), "role": role_name(change.role)}
