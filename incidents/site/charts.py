"""Charts as inline SVG built on the server: no script, no CDN, styled by the stylesheet."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

WIDTH, HEIGHT, MARGIN, LEGEND = 720, 220, 32, 18
SERIES = 8  # CSS classes series-0 .. series-7; the last collects the rest ("Other")


@dataclass
class Bar:
    x: float
    y: float
    width: float
    height: float
    css: str
    label: str


def _n(number: float) -> str:
    return f"{number:.1f}"


def _svg(title: str, body: SafeString, height: int = HEIGHT) -> SafeString:
    return format_html(
        '<svg class="chart" viewBox="0 0 {} {}" role="img" aria-label="{}">'
        "<title>{}</title>{}</svg>",
        WIDTH,
        height,
        title,
        title,
        body,
    )


def _rects(bars: Iterable[Bar]) -> SafeString:
    return format_html_join(
        "",
        '<rect x="{}" y="{}" width="{}" height="{}" class="{}"><title>{}</title></rect>',
        ((_n(b.x), _n(b.y), _n(b.width), _n(b.height), b.css, b.label) for b in bars),
    )


def _texts(items: Iterable[tuple[float, float, str, str]]) -> SafeString:
    return format_html_join(
        "",
        '<text x="{}" y="{}" class="{}">{}</text>',
        ((_n(x), _n(y), c, t) for x, y, c, t in items),
    )


def quarter_label(quarter: dt.date) -> str:
    return f"{quarter.year} Q{(quarter.month - 1) // 3 + 1}"


def quarters_between(first: dt.date, last: dt.date) -> list[dt.date]:
    """Return the first day of every quarter from `first`'s to `last`'s, inclusive."""
    quarters, current = [], dt.date(first.year, (first.month - 1) // 3 * 3 + 1, 1)
    while current <= last:
        quarters.append(current)
        month = current.month + 3
        current = dt.date(current.year + (month > 12), (month - 1) % 12 + 1, 1)
    return quarters


def series_names(counts: dict[tuple[dt.date, str], int]) -> list[str]:
    """Return the series by total, the smallest folded into "Other" past SERIES - 1."""
    totals: dict[str, int] = {}
    for (_quarter, name), n in counts.items():
        totals[name] = totals.get(name, 0) + n
    names = sorted(totals, key=lambda n: (-totals[n], n))
    return names if len(names) <= SERIES else [*names[: SERIES - 1], _("Other")]


def stacked_quarters(counts: dict[tuple[dt.date, str], int], title: str) -> SafeString:
    """Draw incidents per quarter, one stacked colour per series (provider)."""
    if not counts:
        return SafeString("")
    names = series_names(counts)
    index = {n: i for i, n in enumerate(names)}
    folded: dict[tuple[dt.date, int], int] = {}
    for (quarter, name), n in counts.items():
        key = (quarter, index.get(name, len(names) - 1))
        folded[key] = folded.get(key, 0) + n
    quarters = quarters_between(min(q for q, _n in counts), max(q for q, _n in counts))
    stacks = {q: sum(n for (k, _i), n in folded.items() if k == q) for q in quarters}
    top = max(stacks.values()) or 1
    plot_h = HEIGHT - 2 * MARGIN - LEGEND
    step = (WIDTH - 2 * MARGIN) / len(quarters)
    bars, labels = [], []
    for col, quarter in enumerate(quarters):
        base = HEIGHT - MARGIN
        for i, name in enumerate(names):
            n = folded.get((quarter, i), 0)
            if not n:
                continue
            h = plot_h * n / top
            base -= h
            label = f"{quarter_label(quarter)}: {name} {n}"
            bars.append(
                Bar(MARGIN + col * step + 1, base, max(step - 2, 1), h, f"series-{i}", label)
            )
        if col % max(1, len(quarters) // 8) == 0:
            labels.append(
                (MARGIN + col * step, HEIGHT - MARGIN + 14, "axis", quarter_label(quarter))
            )
    labels.append((4, MARGIN + LEGEND + 4, "axis", str(top)))
    legend = [(MARGIN + i * 86 + 14, 14, "legend", name[:12]) for i, name in enumerate(names)]
    swatches = [Bar(MARGIN + i * 86, 5, 10, 10, f"series-{i}", n) for i, n in enumerate(names)]
    return _svg(title, _rects(swatches) + _rects(bars) + _texts(labels + legend))


DURATION_BUCKETS = [
    (dt.timedelta(hours=1), "< 1 h"),
    (dt.timedelta(hours=4), "1–4 h"),
    (dt.timedelta(hours=12), "4–12 h"),
    (dt.timedelta(days=1), "12–24 h"),
    (dt.timedelta(days=3), "1–3 d"),
    (None, "> 3 d"),
]


def duration_histogram(buckets: list[int], title: str) -> SafeString:
    """Draw how many incidents fall in each duration bucket."""
    if not any(buckets):
        return SafeString("")
    top = max(buckets)
    plot_h = HEIGHT - 2 * MARGIN
    step = (WIDTH - 2 * MARGIN) / len(buckets)
    bars, labels = [], []
    for i, (n, (_limit, name)) in enumerate(zip(buckets, DURATION_BUCKETS, strict=True)):
        h = plot_h * n / top
        x = MARGIN + i * step
        bars.append(Bar(x + 4, HEIGHT - MARGIN - h, step - 8, h, "series-0", f"{name}: {n}"))
        labels.append((x + step / 2 - 18, HEIGHT - MARGIN + 14, "axis", name))
        labels.append((x + step / 2 - 8, HEIGHT - MARGIN - h - 4, "value", str(n)))
    return _svg(title, _rects(bars) + _texts(labels))


def bucket_of(duration: dt.timedelta) -> int:
    """Return the index of the DURATION_BUCKETS entry `duration` falls in."""
    for i, (limit, _name) in enumerate(DURATION_BUCKETS):
        if limit is None or duration < limit:
            return i
    return len(DURATION_BUCKETS) - 1


@dataclass
class Mark:
    when: dt.date
    kind: str  # "incident" or "leadership" or "event"
    css: str
    label: str


def strip(marks: list[Mark], title: str) -> SafeString:
    """Draw outages and company events along one time axis."""
    if not marks:
        return SafeString("")
    first, last = min(m.when for m in marks), max(m.when for m in marks)
    span = max((last - first).days, 1)
    height = 90
    usable = WIDTH - 2 * MARGIN

    def x(day: dt.date) -> float:
        return MARGIN + usable * (day - first).days / span

    bars = [
        Bar(x(m.when) - 2, 20 if m.kind == "incident" else 52, 4, 22, m.css, m.label) for m in marks
    ]
    axis = format_html(
        '<line x1="{}" y1="47" x2="{}" y2="47" class="axis-line"></line>', MARGIN, WIDTH - MARGIN
    )
    labels = [
        (MARGIN, 88, "axis", str(first)),
        (WIDTH - MARGIN - 64, 88, "axis", str(last)),
        (MARGIN, 14, "legend", _("Outages")),
        (WIDTH - MARGIN - 220, 14, "legend", _("Leadership and corporate events (below)")),
    ]
    return _svg(title, axis + _rects(bars) + _texts(labels), height)
