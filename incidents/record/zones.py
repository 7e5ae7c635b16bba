"""Zone labels every surface shows: a UTC offset, and a name where an abbreviation is ambiguous."""

from __future__ import annotations

import datetime as dt
import zoneinfo

from django.utils.translation import gettext, gettext_lazy

from incidents.record.bounds import showable

# Abbreviations that name more than one zone: "CST" is China Standard Time to the vendor
# and US Central to many readers. These are never shown alone.
AMBIGUOUS_ABBREVIATIONS = {"CST", "CDT", "IST", "AST", "ADT", "BST", "EST", "SST", "GST"}
# The zones offered to readers (the page switcher, a subscription's manage page).
TIME_ZONE_CHOICES = (
    "UTC",
    "Asia/Shanghai",
    "Asia/Hong_Kong",
    "Asia/Taipei",
    "Asia/Singapore",
    "Asia/Tokyo",
    "Asia/Kolkata",
    "Europe/London",
    "Europe/Paris",
    "Europe/Berlin",
    "America/New_York",
    "America/Chicago",
    "America/Denver",
    "America/Los_Angeles",
    "America/Sao_Paulo",
    "Australia/Sydney",
)
ZONE_NAMES = {
    "Asia/Shanghai": gettext_lazy("Beijing time"),
    "Asia/Chongqing": gettext_lazy("Beijing time"),
    "Asia/Harbin": gettext_lazy("Beijing time"),
    "PRC": gettext_lazy("Beijing time"),
    "Asia/Taipei": gettext_lazy("Taipei time"),
    "America/Chicago": gettext_lazy("US Central time"),
    "US/Central": gettext_lazy("US Central time"),
    "America/New_York": gettext_lazy("US Eastern time"),
    "US/Eastern": gettext_lazy("US Eastern time"),
    "America/Havana": gettext_lazy("Cuba time"),
    "Asia/Kolkata": gettext_lazy("India time"),
    "Asia/Jerusalem": gettext_lazy("Israel time"),
    "Europe/Dublin": gettext_lazy("Irish time"),
    "Europe/London": gettext_lazy("UK time"),
}


def utc_offset(moment: dt.datetime) -> str:
    """Return the moment's offset as "UTC", "UTC+8", "UTC-7" or "UTC+5:30"."""
    offset = moment.utcoffset() or dt.timedelta(0)
    minutes = int(offset.total_seconds() // 60)
    if not minutes:
        return "UTC"
    sign, minutes = ("+" if minutes > 0 else "-"), abs(minutes)
    hours, rest = divmod(minutes, 60)
    return f"UTC{sign}{hours}" + (f":{rest:02d}" if rest else "")


def zone_label(moment: dt.datetime) -> str:
    """Label a zone by its UTC offset, with a name that cannot mean two zones.

    "UTC+8 (Beijing time)", "UTC-6 (US Central time)", "UTC-8 (PST)", "UTC".
    """
    offset = utc_offset(moment)
    abbreviation = moment.tzname() or ""
    key = getattr(moment.tzinfo, "key", "")
    if abbreviation in AMBIGUOUS_ABBREVIATIONS or key in ZONE_NAMES:
        name = ZONE_NAMES.get(key) or gettext("%(city)s time") % {"city": _city(key)}
        return f"{offset} ({name})"
    if not abbreviation or abbreviation[0] in "+-" or abbreviation in ("UTC", "GMT"):
        return offset
    return f"{offset} ({abbreviation})"


def _city(key: str) -> str:
    return key.rsplit("/", 1)[-1].replace("_", " ") or "local"


def describe_zone(zone_name: str, at: dt.datetime | None = None) -> str:
    """Name a zone for editors: "Asia/Shanghai, UTC+8 (Beijing time)"."""
    moment = showable(at or dt.datetime.now(dt.UTC)).astimezone(
        zoneinfo.ZoneInfo(zone_name or "UTC")
    )
    return f"{zone_name or 'UTC'}, {zone_label(moment)}"
