"""Charts as server-side SVG, drawn by pygal (axes, ticks, labels and legends are its job): no JavaScript,
no external request, Dutch number formats, a title on every chart and the count behind every point.

Each function returns :class:`markupsafe.Markup` holding one ``<svg>`` to place in a page as is. A
:class:`Point` carries its value, ``n`` (how many messages or products it counts: its tooltip says so) and
``href``, the drill-down link to the messages behind it. The value axis runs from 0 to just above the
largest value (a 1 % share is not a flat line on a 0–100 % axis). At most :data:`MAX_X_LABELS` month labels
are written, so they never overlap. The SVG carries its own ``<style>``: pages with a Content-Security-Policy
allow it by hash (:func:`style_hashes`).

>>> svg = str(line_chart("Aandeel", ["2025-01", "2025-02"], {"fout": [Point(0.01, 300), Point(0.02, 250)]}))
>>> "<script" in svg, "Aandeel" in svg, "n = 300" in svg, "2,0%" in svg, "jan 2025" in svg
(False, True, True, True, True)
>>> svg = str(bar_chart("Berichten", ["<b>"], {"geldig": [Point(3, href="/berichten?x=1&y=2")]}))
>>> "&lt;b&gt;" in svg and "/berichten?x=1&amp;y=2" in svg
True
"""

from __future__ import annotations

import base64
import hashlib
import math
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from html import unescape
from typing import Any

import pygal
from lxml import etree
from markupsafe import Markup
from pygal.style import Style

from services.present.formats import month, number, percent

PALETTE = ("#2b6cb0", "#c05621", "#2f855a", "#b83280", "#6b46c1", "#975a16", "#2c7a7b", "#c53030", "#4a5568")
STATUS_COLOURS = {"geldig": "#2f855a", "ongeldig": "#c05621", "geweigerd": "#c53030"}
WIDTH = 760
HEIGHT = 300
MAX_X_LABELS = 12

_STYLE = dict(
    background="#ffffff",
    plot_background="#ffffff",
    foreground="#1a202c",
    foreground_strong="#1a202c",
    foreground_subtle="#4a5568",
    font_family='system-ui, -apple-system, "Segoe UI", Roboto, sans-serif',
    title_font_size=16,
    legend_font_size=13,
    label_font_size=12,
    major_label_font_size=12,
    value_font_size=11,
    tooltip_font_size=12,
    opacity=".9",
    opacity_hover="1",
)
_STYLE_ELEMENT = re.compile(r"<style[^>]*>(.*?)</style>", re.S)


@dataclass(frozen=True, slots=True)
class Point:
    """One value of a series: ``n`` is the count behind it, ``href`` the link to its messages."""

    value: float | None
    n: int | None = None
    href: str | None = None


def _style(colours: Sequence[str]) -> Style:
    return Style(colors=tuple(colours), **_STYLE)


def _config(title: str, categories: Sequence[str], colours: Sequence[str]) -> dict[str, object]:
    labels = [month(c) for c in categories]
    every = max(1, math.ceil(len(labels) / MAX_X_LABELS))
    return {
        "title": title,
        "style": _style(colours),
        "js": [],
        "disable_xml_declaration": True,
        "width": WIDTH,
        "height": HEIGHT,
        "legend_at_bottom": True,
        "truncate_legend": -1,
        "truncate_label": -1,
        "x_labels": labels,
        "x_labels_major_every": every,
        "show_minor_x_labels": every == 1,
        "x_label_rotation": 0 if len(labels) <= 8 else 30,
        "no_data_text": "Geen gegevens",
        "margin_bottom": 8,
    }


def _values(
    series: str, categories: Sequence[str], points: Sequence[Point], shown: Callable[[float], str]
) -> list[dict[str, object] | None]:
    values: list[dict[str, object] | None] = []
    for category, point in zip(categories, points, strict=True):
        if point.value is None:
            values.append(None)
            continue
        label = f"{month(category)} · {series}: {shown(point.value)}"
        if point.n is not None:
            label += f" (n = {number(point.n)})"
        value: dict[str, object] = {"value": point.value, "label": label}
        if point.href:
            value["xlink"] = {"href": point.href, "title": label}
        values.append(value)
    return values


def _drop(element: etree._Element) -> None:
    parent = element.getparent()
    if parent is not None:
        parent.remove(element)


def _finish(chart: Any, title: str) -> Markup:
    """pygal's SVG without what needs JavaScript (its config script, the tooltip overlay) or is noise
    (comments); each point's label becomes its ``<title>`` (the browser's tooltip, the link's name)."""
    root = chart.render_tree()  # pygal's own lxml tree: no text round trip
    doomed = []
    for element in root.iter():
        if not isinstance(element.tag, str):  # a comment
            doomed.append(element)
            continue
        name = etree.QName(element).localname
        if name == "desc" and element.get("class") == "label":
            element.tag = element.tag[: -len("desc")] + "title"
            del element.attrib["class"]
        elif name in ("desc", "script") or "tooltip-overlay" in element.get("class", ""):
            doomed.append(element)
    for element in doomed:
        _drop(element)
    root.set("role", "group")
    root.set("aria-label", title)
    return Markup(etree.tostring(root, encoding="unicode"))


def _colours(names: Sequence[str], colours: Mapping[str, str] | None) -> list[str]:
    return [(colours or {}).get(name, PALETTE[i % len(PALETTE)]) for i, name in enumerate(names)]


def bar_chart(
    title: str,
    categories: Sequence[str],
    series: Mapping[str, Sequence[Point]],
    *,
    colours: Mapping[str, str] | None = None,
    stacked: bool = True,
) -> Markup:
    """Counts per category (months are shown as ``mrt 2025``), the series stacked in the given order."""
    names = list(series)
    config = _config(title, categories, _colours(names, colours))
    chart = (pygal.StackedBar if stacked else pygal.Bar)(
        **config,
        value_formatter=number,
        show_legend=len(names) > 1,
        print_values=len(categories) <= 14 and len(names) == 1,
        print_zeroes=False,
    )
    for name in names:
        chart.add(name, _values(name, categories, series[name], number))
    return _finish(chart, title)


def line_chart(
    title: str,
    categories: Sequence[str],
    series: Mapping[str, Sequence[Point]],
    *,
    colours: Mapping[str, str] | None = None,
) -> Markup:
    """Shares (0–1) per category, one line per series; a None value leaves a gap. The axis runs from 0 to a
    little above the largest share (at most 100 %)."""
    names = list(series)
    highest = max((p.value for s in series.values() for p in s if p.value is not None), default=0.0)
    top = min(1.0, highest * 1.15) if highest > 0 else 0.05
    chart = pygal.Line(
        **_config(title, categories, _colours(names, colours)),
        value_formatter=lambda v: percent(v, 1 if top < 0.1 else 0),
        range=(0, top),
        include_x_axis=True,
        allow_interruptions=True,
        show_legend=True,
        dots_size=3,
    )
    for name in names:
        chart.add(name, _values(name, categories, series[name], percent))
    return _finish(chart, title)


def style_hashes(html: str) -> list[str]:
    """CSP source expressions (``'sha256-…'``) of every ``<style>`` element in ``html`` (the charts')."""
    # an SVG <style> inside HTML is foreign content: the browser hashes its text with &gt; etc. decoded
    return [
        "'sha256-" + base64.b64encode(hashlib.sha256(unescape(body).encode()).digest()).decode() + "'"
        for body in _STYLE_ELEMENT.findall(html)
    ]
