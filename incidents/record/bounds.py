"""Bounds on vendor values: times the record believes and every zone shows, text XML holds."""

from __future__ import annotations

import datetime as dt
import re

# No public cloud status page predates 1990; a scheduled maintenance is posted months ahead,
# never years. A vendor time outside these bounds is a bug upstream, not an outage.
PLAUSIBLE_SINCE = dt.datetime(1990, 1, 1, tzinfo=dt.UTC)
PLAUSIBLE_AHEAD = dt.timedelta(days=365)
# UTC offsets in use reach +14 h (Pacific/Kiritimati) and -12 h: a day inside Python's range
# at both ends is a time any zone can show.
SHOWABLE_FROM = dt.datetime.min.replace(tzinfo=dt.UTC) + dt.timedelta(days=1)
SHOWABLE_UNTIL = dt.datetime.max.replace(tzinfo=dt.UTC) - dt.timedelta(days=1)


def plausible_until(now: dt.datetime) -> dt.datetime:
    """Return the latest time a vendor may give for an incident polled at `now`."""
    return now + PLAUSIBLE_AHEAD


def is_plausible(value: dt.datetime, now: dt.datetime) -> bool:
    """Tell whether `value` lies between 1990 and a year after `now`."""
    return PLAUSIBLE_SINCE <= value <= plausible_until(now)


def in_zone(value: dt.datetime, zone: dt.tzinfo) -> dt.datetime:
    """Return `value` in `zone`, or in UTC when that zone would push it past year 1 or 9999."""
    try:
        return value.astimezone(zone)
    except (OverflowError, ValueError):
        return value.astimezone(dt.UTC)


def showable(value: dt.datetime) -> dt.datetime:
    """Clamp `value` to the times that every zone and every date format can hold."""
    return min(max(value, SHOWABLE_FROM), SHOWABLE_UNTIL)


# XML 1.0 has no way to write C0 controls but tab and newlines, nor U+FFFE/U+FFFF: Django's
# feed writer refuses them. DEL is legal XML but never meant in a title either.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")


def has_control_characters(text: str) -> bool:
    """Tell whether `text` holds a character that XML 1.0 cannot carry."""
    return _CONTROL.search(text) is not None


def strip_control_characters(text: str) -> str:
    """Remove the characters XML 1.0 cannot carry (tab and newlines stay)."""
    return _CONTROL.sub("", text)
