"""Charts as inline SVG built on the server: no script, no CDN, styled by the stylesheet."""

from __future__ import annotations

import datetime as dt
import math
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

# Two canvases: the wide one for screens, a narrow one a phone shows instead (see
# responsive()), so 13-unit text is drawn at about 13 px on both instead of shrinking to 4 px
# with one wide viewBox.
WIDTH, NARROW, HEIGHT, MARGIN, LEFT = 560, 360, 240, 24, 44
FONT, LINE = 13, 18
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


def text_width(text: str, size: float = FONT) -> float:
    """Estimate how wide `text` is drawn: CJK characters an em, Latin about 0.6 em."""
    wide = sum(1 for c in text if unicodedata.east_asian_width(c) in "WF")
    return (wide + 0.6 * (len(text) - wide)) * size


def wrap(text: str, width: float, size: float = FONT) -> list[str]:
    """Break `text` into lines no wider than `width`, at spaces or, for CJK, anywhere."""
    lines: list[str] = []
    current = ""
    for word in text.split(" ") if " " in text else list(text):
        glue = " " if current and " " in text else ""
        if current and text_width(current + glue + word, size) > width:
            lines.append(current)
            current = word
        else:
            current += glue + word
    return [*lines, current] if current else lines


def responsive(draw: Callable[..., SafeString], *args: object) -> SafeString:
    """Draw a chart twice, wide and narrow; the stylesheet shows the one that fits."""
    return draw(*args) + draw(*args, width=NARROW)


def _svg(title: str, body: SafeString, height: float = HEIGHT, width: int = WIDTH) -> SafeString:
    return format_html(
        '<svg class="{}" viewBox="0 0 {} {}" role="img" aria-label="{}"><title>{}</title>{}</svg>',
        "chart" if width == WIDTH else "chart narrow",
        width,
        _n(height),
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


def _lines(items: Iterable[tuple[float, float, float, float, str]]) -> SafeString:
    return format_html_join(
        "",
        '<line x1="{}" y1="{}" x2="{}" y2="{}" class="{}"></line>',
        ((_n(a), _n(b), _n(c), _n(d), css) for a, b, c, d, css in items),
    )


@dataclass
class LegendItem:
    name: str
    css: str
    shape: str = "rect"  # rect, circle or diamond: shape says the kind as colour does


def legend(items: list[LegendItem], top: float = 4, width: int = WIDTH) -> tuple[SafeString, float]:
    """Lay legend entries out by their measured length, wrapping rows; return it and its height."""
    parts, x, y = [], float(MARGIN), top
    for item in items:
        room = 16 + text_width(item.name) + 14
        if x > MARGIN and x + room > width - MARGIN:
            x, y = float(MARGIN), y + LINE
        parts.append(_shape(item.shape, x + 5, y + 8, 5, item.css, item.name))
        parts.append(_texts([(x + 14, y + 12, "legend", item.name)]))
        x += room
    return SafeString("".join(parts)), y + LINE - top


def _shape(shape: str, cx: float, cy: float, r: float, css: str, label: str) -> SafeString:
    if shape == "circle":
        return format_html(
            '<circle cx="{}" cy="{}" r="{}" class="{}"><title>{}</title></circle>',
            _n(cx),
            _n(cy),
            _n(r),
            css,
            label,
        )
    if shape == "diamond":
        d = r + 1
        corners = ((cx, cy - d), (cx + d, cy), (cx, cy + d), (cx - d, cy))
        points = " ".join(f"{_n(px)},{_n(py)}" for px, py in corners)
        return format_html(
            '<polygon points="{}" class="{}"><title>{}</title></polygon>', points, css, label
        )
    return _rects([Bar(cx - r, cy - r, 2 * r, 2 * r, css, label)])


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


def nice_ticks(top: int) -> list[int]:
    """Return round y-axis values from 0 that reach at least `top`, at most about 5 steps."""
    step = 1
    for candidate in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000):
        step = candidate
        if top / candidate <= 5:
            break
    else:
        step = 10 ** math.ceil(math.log10(max(top, 1) / 5))
    return list(range(0, step * (math.ceil(top / step) + 1), step))


@dataclass
class QuarterTable:
    """The numbers a quarter chart draws, for the table beside it."""

    names: list[str]
    rows: list[tuple[str, list[int], int]]


def fold_quarters(counts: dict[tuple[dt.date, str], int]) -> tuple[list[dt.date], list[str], dict]:
    names = series_names(counts)
    index = {n: i for i, n in enumerate(names)}
    folded: dict[tuple[dt.date, int], int] = {}
    for (quarter, name), n in counts.items():
        key = (quarter, index.get(name, len(names) - 1))
        folded[key] = folded.get(key, 0) + n
    quarters = quarters_between(min(q for q, _n in counts), max(q for q, _n in counts))
    return quarters, names, folded


def quarter_table(counts: dict[tuple[dt.date, str], int]) -> QuarterTable | None:
    """Return the per-quarter counts as rows (quarter, one count per series, total)."""
    if not counts:
        return None
    quarters, names, folded = fold_quarters(counts)
    rows = []
    for quarter in quarters:
        values = [folded.get((quarter, i), 0) for i in range(len(names))]
        rows.append((quarter_label(quarter), values, sum(values)))
    return QuarterTable(names, rows)


def stacked_quarters(
    counts: dict[tuple[dt.date, str], int], title: str, width: int = WIDTH
) -> SafeString:
    """Draw incidents per quarter, one stacked colour per series (provider), with a y-axis."""
    if not counts:
        return SafeString("")
    quarters, names, folded = fold_quarters(counts)
    items = [LegendItem(n, f"series-{i}") for i, n in enumerate(names)]
    key, key_height = legend(items, width=width)
    stacks = {q: sum(n for (k, _i), n in folded.items() if k == q) for q in quarters}
    ticks = nice_ticks(max(stacks.values()) or 1)
    top_y, base_y = key_height + 26, HEIGHT + key_height - 2 * LINE
    plot_h, plot_w = base_y - top_y, width - LEFT - MARGIN
    step = plot_w / len(quarters)
    bars = []
    for col, quarter in enumerate(quarters):
        base = base_y
        for i, name in enumerate(names):
            n = folded.get((quarter, i), 0)
            if n:
                h = plot_h * n / ticks[-1]
                base -= h
                label = f"{quarter_label(quarter)}: {name} {n}"
                bars.append(
                    Bar(LEFT + col * step + 1, base, max(step - 2, 1), h, f"series-{i}", label)
                )
    grid, labels = [], []
    for tick in ticks:
        y = base_y - plot_h * tick / ticks[-1]
        grid.append((LEFT, y, width - MARGIN, y, "grid"))
        labels.append((LEFT - 6 - text_width(str(tick)), y + 4, "axis", str(tick)))
    every = max(1, math.ceil((text_width("2000 Q0") + 8) / step))
    for col, quarter in enumerate(quarters):
        if col % every == 0:
            labels.append((LEFT + col * step, base_y + LINE, "axis", quarter_label(quarter)))
    labels.append((4, top_y - 12, "axis", _("Incidents")))
    body = key + _lines(grid) + _rects(bars) + _texts(labels)
    return _svg(title, body, base_y + LINE + 6, width)


DURATION_BUCKETS = [
    (dt.timedelta(hours=1), "< 1 h"),
    (dt.timedelta(hours=4), "1–4 h"),
    (dt.timedelta(hours=12), "4–12 h"),
    (dt.timedelta(days=1), "12–24 h"),
    (dt.timedelta(days=3), "1–3 d"),
    (None, "> 3 d"),
]
# Incidents with no end are counted, in a bucket of their own: leaving them out made the
# longest outages (OVH's fire, Google Cloud Paris) vanish from "> 3 d".
NO_END = gettext_lazy("ongoing / no end")


def duration_labels() -> list[str]:
    """Return the label of every bucket duration_histogram draws, the unended one last."""
    return [name for _limit, name in DURATION_BUCKETS] + [str(NO_END)]


def duration_histogram(buckets: list[int], title: str, width: int = WIDTH) -> SafeString:
    """Draw how many incidents fall in each duration bucket, unended ones in their own."""
    if not any(buckets):
        return SafeString("")
    names = duration_labels()
    ticks = nice_ticks(max(buckets))
    top_y, base_y = 16, HEIGHT - 2 * LINE
    plot_h = base_y - top_y
    step = (width - LEFT - MARGIN) / len(buckets)
    bars, labels, grid, rows = [], [], [], 1
    for tick in ticks:
        y = base_y - plot_h * tick / ticks[-1]
        grid.append((LEFT, y, width - MARGIN, y, "grid"))
        labels.append((LEFT - 6 - text_width(str(tick)), y + 4, "axis", str(tick)))
    for i, (n, name) in enumerate(zip(buckets, names, strict=True)):
        h = plot_h * n / ticks[-1]
        x = LEFT + i * step
        css = "series-0" if i < len(DURATION_BUCKETS) else "series-open"
        bars.append(Bar(x + 4, base_y - h, step - 8, h, css, f"{name}: {n}"))
        lines = wrap(name, step - 4)
        rows = max(rows, len(lines))
        for row, line in enumerate(lines):
            labels.append(
                (x + (step - text_width(line)) / 2, base_y + LINE * (row + 1), "axis", line)
            )
        labels.append((x + (step - text_width(str(n))) / 2, base_y - h - 4, "value", str(n)))
    height = base_y + LINE * rows + 6  # room for the longest wrapped bucket label
    return _svg(title, _lines(grid) + _rects(bars) + _texts(labels), height, width)


def bucket_of(duration: dt.timedelta | None) -> int:
    """Return the bucket `duration` falls in; None (no end) is the last, its own bucket."""
    if duration is None:
        return len(DURATION_BUCKETS)
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


STRIP_SHAPES = {"incident": "rect", "leadership": "circle", "event": "diamond"}
SPACING = 9  # marks closer than this share a day or so: stacked, never drawn over each other


def strip_legend() -> list[LegendItem]:
    return [
        LegendItem(_("Critical outage"), "impact-critical"),
        LegendItem(_("Major outage"), "impact-major"),
        LegendItem(_("Leadership change"), "mark-leadership", "circle"),
        LegendItem(_("Corporate event"), "mark-event", "diamond"),
    ]


def _levels(xs: list[float]) -> list[int]:
    """Give each x (sorted) the lowest level whose previous mark is far enough left."""
    last: list[float] = []
    levels = []
    for x in xs:
        level = next((i for i, prev in enumerate(last) if x - prev >= SPACING), len(last))
        if level == len(last):
            last.append(x)
        last[level] = x
        levels.append(level)
    return levels


def strip(marks: list[Mark], title: str, width: int = WIDTH) -> SafeString:
    """Draw outages above a time axis and company events below, labelled, stacked, with a key."""
    if not marks:
        return SafeString("")
    first, last = min(m.when for m in marks), max(m.when for m in marks)
    span = max((last - first).days, 1)
    usable = width - 2 * MARGIN

    def x(day: dt.date) -> float:
        return MARGIN + usable * (day - first).days / span

    key, key_height = legend(strip_legend(), width=width)
    above = sorted((m for m in marks if m.kind == "incident"), key=lambda m: m.when)
    below = sorted((m for m in marks if m.kind != "incident"), key=lambda m: m.when)
    up_levels, down_levels = (
        _levels([x(m.when) for m in above]),
        _levels([x(m.when) for m in below]),
    )
    rows_up = max(up_levels, default=0) + 1
    lane_top = key_height + 8 + LINE
    axis_y = lane_top + rows_up * SPACING + 6
    parts = [key]
    labels: list[tuple[float, float, str, str]] = [
        (MARGIN, lane_top - 6, "legend", _("Outages (above the line)"))
    ]
    for mark, level in zip(above, up_levels, strict=True):
        cy = axis_y - 8 - level * SPACING
        parts.append(_shape("rect", x(mark.when), cy, 3.5, mark.css, mark.label))
    for mark, level in zip(below, down_levels, strict=True):
        cy = axis_y + 8 + level * SPACING
        parts.append(_shape(STRIP_SHAPES[mark.kind], x(mark.when), cy, 3.5, mark.css, mark.label))
    rows_down = max(down_levels, default=-1) + 1
    events_y = axis_y + 8 + rows_down * SPACING + LINE
    labels.append((MARGIN, events_y - 4, "legend", _("Leadership and corporate events (below)")))
    ticks: list[tuple[float, float, float, float, str]] = [
        (MARGIN, axis_y - 4, MARGIN, axis_y + 4, "axis-line")
    ]
    for year in range(first.year + 1, last.year + 1):
        tx = x(dt.date(year, 1, 1))
        ticks.append((tx, axis_y - 4, tx, axis_y + 4, "axis-line"))
        if tx - MARGIN > 90 and width - MARGIN - tx > 90:
            labels.append((tx - text_width(str(year)) / 2, events_y + LINE, "axis", str(year)))
    labels.append((MARGIN, events_y + LINE, "axis", str(first)))
    labels.append((width - MARGIN - text_width(str(last)), events_y + LINE, "axis", str(last)))
    line = _lines([(MARGIN, axis_y, width - MARGIN, axis_y, "axis-line"), *ticks])
    body = line + SafeString("".join(parts)) + _texts(labels)
    return _svg(title, body, events_y + LINE + 6, width)
