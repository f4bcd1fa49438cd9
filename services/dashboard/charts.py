"""Small SVG charts rendered on the server: no JavaScript, no chart library, no external requests.

Each function returns :class:`markupsafe.Markup` holding one ``<svg>`` element, to be placed in a template as
is. Every label is escaped. Colours come from a fixed palette so the same series keeps its colour across
pages; the chart carries a ``<title>`` per bar for a tooltip and a ``role="img"`` with an ``aria-label``.

>>> svg = str(bar_chart([("2025-01", 3), ("2025-02", 5)], label="Messages per month"))
>>> svg.startswith("<svg") and "Messages per month" in svg and svg.count("<rect") >= 2
True
>>> "<script" in str(bar_chart([("<script>", 1)], label="x"))
False
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from html import escape

from markupsafe import Markup

PALETTE = (
    "#2b6cb0",
    "#dd6b20",
    "#38a169",
    "#d53f8c",
    "#805ad5",
    "#d69e2e",
    "#319795",
    "#e53e3e",
    "#718096",
)
STATUS_COLOURS = {"valid": "#38a169", "invalid": "#dd6b20", "rejected": "#e53e3e"}

WIDTH = 720
HEIGHT = 220
MARGIN_LEFT = 48
MARGIN_RIGHT = 12
MARGIN_TOP = 12
MARGIN_BOTTOM = 42


def _ticks(value: float) -> tuple[float, float]:
    """(axis top, step): a step of 1, 2 or 5 × 10^k giving at most five intervals up to ``value``.

    >>> _ticks(0), _ticks(7), _ticks(25), _ticks(180), _ticks(1001)
    ((1.0, 1.0), (8.0, 2.0), (25.0, 5.0), (200.0, 50.0), (1500.0, 500.0))
    """
    if value <= 1:
        return 1.0, 1.0
    magnitude = 10.0 ** (len(str(int(value))) - 2) if value >= 10 else 1.0
    while True:
        for step in (1.0, 2.0, 5.0):
            size = step * magnitude
            intervals = -(-value // size)
            if intervals <= 5:
                return float(intervals * size), float(size)
        magnitude *= 10


def _frame(label: str, body: list[str], width: int, height: int) -> Markup:
    head = (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" aria-label="{escape(label)}">'
    )
    return Markup(head + f"<title>{escape(label)}</title>" + "".join(body) + "</svg>")


def _axis(top: float, step: float, width: int, height: int) -> list[str]:
    """Horizontal grid lines with their values, and the baseline."""
    parts: list[str] = []
    plot_h = height - MARGIN_TOP - MARGIN_BOTTOM
    intervals = round(top / step)
    for i in range(intervals + 1):
        value = step * i
        y = MARGIN_TOP + plot_h - plot_h * i / intervals
        text = f"{value:g}" if value < 10_000 else f"{value / 1000:g}k"
        parts.append(
            f'<line x1="{MARGIN_LEFT}" y1="{y:.1f}" x2="{width - MARGIN_RIGHT}" y2="{y:.1f}" '
            f'stroke="{"#4a5568" if i == 0 else "#e2e8f0"}" stroke-width="1"/>'
            f'<text x="{MARGIN_LEFT - 6}" y="{y + 4:.1f}" text-anchor="end" font-size="11" '
            f'fill="#4a5568">{escape(text)}</text>'
        )
    return parts


def _x_labels(labels: Sequence[str], width: int, height: int) -> list[str]:
    """At most about twelve category labels under the bars, evenly spread."""
    n = len(labels)
    if n == 0:
        return []
    plot_w = width - MARGIN_LEFT - MARGIN_RIGHT
    step = max(1, -(-n // 12))
    parts = []
    for i in range(0, n, step):
        x = MARGIN_LEFT + plot_w * (i + 0.5) / n
        parts.append(
            f'<text x="{x:.1f}" y="{height - MARGIN_BOTTOM + 16}" text-anchor="middle" font-size="11" '
            f'fill="#4a5568">{escape(labels[i])}</text>'
        )
    return parts


def bar_chart(
    points: Sequence[tuple[str, int | float]],
    *,
    label: str,
    colour: str = PALETTE[0],
    width: int = WIDTH,
    height: int = HEIGHT,
) -> Markup:
    """Vertical bars, one per ``(category, value)``, in the given order."""
    return stacked_bar_chart(
        [category for category, _ in points],
        {label: [value for _, value in points]},
        label=label,
        colours={label: colour},
        width=width,
        height=height,
        legend=False,
    )


def stacked_bar_chart(
    categories: Sequence[str],
    series: Mapping[str, Sequence[int | float]],
    *,
    label: str,
    colours: Mapping[str, str] | None = None,
    width: int = WIDTH,
    height: int = HEIGHT,
    legend: bool = True,
) -> Markup:
    """Vertical bars per category, the series stacked in the given order, with a legend.

    Every sequence in ``series`` has one value per category.
    """
    names = list(series)
    chosen = {name: (colours or {}).get(name, PALETTE[i % len(PALETTE)]) for i, name in enumerate(names)}
    totals = [sum(series[name][i] for name in names) for i in range(len(categories))]
    top, step = _ticks(max(totals, default=0))
    plot_w = width - MARGIN_LEFT - MARGIN_RIGHT
    plot_h = height - MARGIN_TOP - MARGIN_BOTTOM
    body = _axis(top, step, width, height)
    n = max(len(categories), 1)
    bar_w = max(plot_w / n * 0.8, 1.0)
    for i, category in enumerate(categories):
        x = MARGIN_LEFT + plot_w * i / n + (plot_w / n - bar_w) / 2
        base = float(MARGIN_TOP + plot_h)
        for name in names:
            value = series[name][i]
            if value <= 0:
                continue
            h = plot_h * value / top
            base -= h
            body.append(
                f'<rect x="{x:.1f}" y="{base:.1f}" width="{bar_w:.1f}" height="{h:.1f}" '
                f'fill="{chosen[name]}"><title>{escape(f"{category} {name}: {value:g}")}</title></rect>'
            )
    body.extend(_x_labels(categories, width, height))
    if legend:
        x = MARGIN_LEFT
        for name in names:
            body.append(
                f'<rect x="{x}" y="{height - 14}" width="10" height="10" fill="{chosen[name]}"/>'
                f'<text x="{x + 14}" y="{height - 5}" font-size="11" fill="#2d3748">{escape(name)}</text>'
            )
            x += 24 + 7 * len(name)
    return _frame(label, body, width, height)


def line_chart(
    categories: Sequence[str],
    series: Mapping[str, Sequence[int | float | None]],
    *,
    label: str,
    colours: Mapping[str, str] | None = None,
    width: int = WIDTH,
    height: int = HEIGHT,
    percent: bool = False,
) -> Markup:
    """One polyline per series over the categories (a trend), with points and a legend.

    ``percent``: the values are fractions from 0 to 1, drawn on a 0–100 % axis. A value of None (nothing to
    count that month) leaves a gap in its line.

    >>> svg = str(line_chart(["01", "02", "03", "04"], {"a": [0.5, None, 0.2, 0.3]}, label="x", percent=True))
    >>> svg.count("<polyline"), svg.count("<circle")
    (1, 3)
    """
    names = list(series)
    chosen = {name: (colours or {}).get(name, PALETTE[i % len(PALETTE)]) for i, name in enumerate(names)}
    scale = 100.0 if percent else 1.0
    highest = max((v for s in series.values() for v in s if v is not None), default=0)
    top, step = (100.0, 25.0) if percent else _ticks(highest)
    plot_w = width - MARGIN_LEFT - MARGIN_RIGHT
    plot_h = height - MARGIN_TOP - MARGIN_BOTTOM
    body = _axis(top, step, width, height)
    n = max(len(categories), 1)
    for name in names:
        runs: list[list[tuple[float, float]]] = [[]]
        for i, (category, value) in enumerate(zip(categories, series[name], strict=False)):
            if value is None:
                runs.append([])
                continue
            x = MARGIN_LEFT + plot_w * (i + 0.5) / n
            y = MARGIN_TOP + plot_h - plot_h * value * scale / top
            runs[-1].append((x, y))
            shown = f"{value * scale:.1f} %" if percent else f"{value:g}"
            body.append(
                f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3" fill="{chosen[name]}">'
                f"<title>{escape(f'{category} {name}: {shown}')}</title></circle>"
            )
        for run in runs:
            if len(run) > 1:
                path = " ".join(f"{x:.1f},{y:.1f}" for x, y in run)
                body.append(
                    f'<polyline points="{path}" fill="none" stroke="{chosen[name]}" stroke-width="2"/>'
                )
    body.extend(_x_labels(categories, width, height))
    x = MARGIN_LEFT
    for name in names:
        body.append(
            f'<rect x="{x}" y="{height - 14}" width="10" height="10" fill="{chosen[name]}"/>'
            f'<text x="{x + 14}" y="{height - 5}" font-size="11" fill="#2d3748">{escape(name)}</text>'
        )
        x += 24 + 7 * len(name)
    return _frame(label, body, width, height)
