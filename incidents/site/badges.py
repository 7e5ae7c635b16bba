"""SVG badges in the shields.io flat style, and the 90-day availability strip."""

from __future__ import annotations

from django.utils.html import escape

from incidents.record.availability import Day, Figure

# Colours of shields.io's named colours, one per Statuspage indicator.
COLOURS = {
    "none": "#4c1",
    "maintenance": "#007ec6",
    "minor": "#dfb317",
    "major": "#fe7d37",
    "critical": "#e05d44",
    "nodata": "#9f9f9f",
}
LABEL_GREY = "#555"


def text_width(text: str) -> int:
    """Estimate the width of `text` in 11px Verdana, as shields.io lays it out."""
    wide = sum(1 for c in text if ord(c) > 0x2E80)  # CJK characters are about twice as wide
    return int(6.5 * (len(text) - wide) + 12 * wide) + 10


def badge(label: str, message: str, colour: str, title: str | None = None) -> str:
    """Return a flat badge: grey label, coloured message, and a <title> for screen readers."""
    left, right = text_width(label), text_width(message)
    total = left + right
    title = escape(title or f"{label}: {message}")
    label, message = escape(label), escape(message)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{total}" height="20" role="img" '
        f'aria-label="{title}"><title>{title}</title>'
        f'<linearGradient id="s" x2="0" y2="100%"><stop offset="0" stop-color="#bbb" '
        f'stop-opacity=".1"/><stop offset="1" stop-opacity=".1"/></linearGradient>'
        f'<clipPath id="r"><rect width="{total}" height="20" rx="3" fill="#fff"/></clipPath>'
        f'<g clip-path="url(#r)"><rect width="{left}" height="20" fill="{LABEL_GREY}"/>'
        f'<rect x="{left}" width="{right}" height="20" fill="{colour}"/>'
        f'<rect width="{total}" height="20" fill="url(#s)"/></g>'
        f'<g fill="#fff" text-anchor="middle" font-family="Verdana,Geneva,DejaVu Sans,sans-serif"'
        f' font-size="11"><text x="{left / 2}" y="14">{label}</text>'
        f'<text x="{left + right / 2}" y="14">{message}</text></g></svg>'
    )


def percent(figure: Figure) -> str:
    """Say an availability as a person reads it: "99.95%", "99.1%–99.3%" or "no data"."""
    if figure.value is None:
        return "no data"
    low, high = figure.as_dict()["low"], figure.as_dict()["high"]
    if low == high:
        return f"{figure.as_dict()['availability']:g}%"
    return f"{low:g}%–{high:g}%"


def availability_colour(figure: Figure) -> str:
    if figure.value is None:
        return COLOURS["nodata"]
    low = figure.low if figure.low is not None else figure.value
    if low >= 0.999:
        return COLOURS["none"]
    if low >= 0.99:
        return COLOURS["minor"]
    if low >= 0.95:
        return COLOURS["major"]
    return COLOURS["critical"]


def strip(days: list[tuple[Day, Figure]], label: str) -> str:
    """Return the strip: one bar per day, its colour from the day's worst figure, no data grey."""
    bars = []
    for n, (day, figure) in enumerate(days):
        text = escape(f"{day.date.isoformat()}: {percent(figure)}")
        bars.append(
            f'<rect x="{n * 4}" width="3" height="24" rx="1" fill="{availability_colour(figure)}">'
            f"<title>{text}</title></rect>"
        )
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {len(days) * 4} 24" '
        f'width="{len(days) * 4}" height="24" role="img" aria-label="{escape(label)}">'
        f"<title>{escape(label)}</title>{''.join(bars)}</svg>"
    )
