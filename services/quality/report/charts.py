"""Inline SVG charts of the monthly trends, rendered on the server: no JavaScript, no external requests.

Each function returns :class:`markupsafe.Markup` holding one ``<svg>`` element with a ``<title>``, a
``role="img"`` and an ``aria-label``; every label is escaped.

>>> svg = str(line_chart(["2025-01", "2025-02"], {"linkage": [0.5, None]}, label="Linkage"))
>>> svg.startswith("<svg") and "Linkage" in svg and "<script" not in svg
True
>>> "&lt;b&gt;" in str(bar_chart(["<b>"], [3], label="x"))
True
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from html import escape

from markupsafe import Markup

PALETTE = ("#2b6cb0", "#dd6b20", "#38a169", "#d53f8c", "#805ad5", "#d69e2e", "#319795", "#e53e3e")
WIDTH = 760
HEIGHT = 240
LEFT, RIGHT, TOP, BOTTOM = 48, 170, 14, 40


def _x(i: int, n: int) -> float:
    inner = WIDTH - LEFT - RIGHT
    return LEFT + (inner * (i + 0.5) / n if n else 0)


def _axis_labels(months: Sequence[str]) -> list[str]:
    n = len(months)
    step = max(1, (n + 11) // 12)
    parts = []
    for i, month in enumerate(months):
        if i % step == 0:
            parts.append(
                f'<text x="{_x(i, n):.1f}" y="{HEIGHT - BOTTOM + 16}" font-size="11" '
                f'text-anchor="middle" fill="#4a5568">{escape(month)}</text>'
            )
    return parts


def _frame(label: str, body: list[str]) -> Markup:
    return Markup(
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" '
        f'viewBox="0 0 {WIDTH} {HEIGHT}" role="img" aria-label="{escape(label)}">'
        f"<title>{escape(label)}</title>"
        f'<rect x="0" y="0" width="{WIDTH}" height="{HEIGHT}" fill="#ffffff"/>' + "".join(body) + "</svg>"
    )


def line_chart(months: Sequence[str], series: Mapping[str, Sequence[float | None]], *, label: str) -> Markup:
    """Rates between 0 and 1 per month, one line per series (gaps where a value is None)."""
    n = len(months)
    bottom = HEIGHT - BOTTOM
    inner_h = HEIGHT - TOP - BOTTOM
    body: list[str] = []
    for pct in (0, 25, 50, 75, 100):
        y = bottom - inner_h * pct / 100
        body.append(
            f'<line x1="{LEFT}" y1="{y:.1f}" x2="{WIDTH - RIGHT}" y2="{y:.1f}" stroke="#e2e8f0" '
            'stroke-width="1"/>'
            f'<text x="{LEFT - 6}" y="{y + 4:.1f}" font-size="11" text-anchor="end" '
            f'fill="#4a5568">{pct}%</text>'
        )
    body.extend(_axis_labels(months))
    for k, (name, values) in enumerate(series.items()):
        colour = PALETTE[k % len(PALETTE)]
        segment: list[str] = []
        segments: list[list[str]] = [segment]
        for i, value in enumerate(values):
            if value is None:
                segment = []
                segments.append(segment)
                continue
            x, y = _x(i, n), bottom - inner_h * max(0.0, min(1.0, value))
            segment.append(f"{x:.1f},{y:.1f}")
            body.append(
                f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3" fill="{colour}">'
                f"<title>{escape(name)} {escape(months[i])}: {value:.1%}</title></circle>"
            )
        for points in segments:
            if len(points) > 1:
                body.append(
                    f'<polyline points="{" ".join(points)}" fill="none" stroke="{colour}" stroke-width="2"/>'
                )
        ly = TOP + 14 + 18 * k
        body.append(
            f'<rect x="{WIDTH - RIGHT + 12}" y="{ly - 9}" width="12" height="12" fill="{colour}"/>'
            f'<text x="{WIDTH - RIGHT + 30}" y="{ly + 1}" font-size="12" fill="#1a202c">{escape(name)}</text>'
        )
    return _frame(label, body)


def bar_chart(
    months: Sequence[str], values: Sequence[int], *, label: str, colour: str = PALETTE[0]
) -> Markup:
    """Counts per month as bars."""
    n = len(months)
    top = max(values, default=0) or 1
    bottom = HEIGHT - BOTTOM
    inner_h = HEIGHT - TOP - BOTTOM
    width = (WIDTH - LEFT - RIGHT) / n * 0.7 if n else 0
    body: list[str] = [
        f'<line x1="{LEFT}" y1="{bottom}" x2="{WIDTH - RIGHT}" y2="{bottom}" '
        'stroke="#a0aec0" stroke-width="1"/>',
        f'<text x="{LEFT - 6}" y="{TOP + 4}" font-size="11" text-anchor="end" fill="#4a5568">{top}</text>',
    ]
    body.extend(_axis_labels(months))
    for i, value in enumerate(values):
        h = inner_h * value / top
        body.append(
            f'<rect x="{_x(i, n) - width / 2:.1f}" y="{bottom - h:.1f}" width="{width:.1f}" height="{h:.1f}" '
            f'fill="{colour}"><title>{escape(months[i])}: {value}</title></rect>'
        )
    return _frame(label, body)
