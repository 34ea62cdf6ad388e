"""Chart geometry for the HTML report's inline SVG (templates/charts.svg.j2 draws it): no
script, no font or file loaded from anywhere, so the report opens offline and prints as it
shows. Each chart has a kind (trend, sentiment, press_level, reach), a title for screen
readers, and its figures written on the bars, so that a printed page needs no hover.

Text is laid out from a width estimate that errs wide (TEXT_EM of the font size per
character, wider than Arial's, Liberation Sans' or DejaVu Sans' average), and legends wrap onto
as many rows as they need, above the plot: no legend is clipped at the chart's edge and no
value label sits on a legend. tests/e2e/test_report_charts.py checks this in Chromium.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from orchestration.reports.labels import number

PALETTE = {
    "activities": "#1f6f8b",
    "press": "#e07a1f",
    "positive": "#2e8b57",
    "neutral": "#9aa5b1",
    "negative": "#c0392b",
    "unclassified": "#d9d9d9",
    "central": "#7b3f99",
    "city": "#2c7fb8",
    "other": "#bdbdbd",
    "fanpage": "#3b5998",
    "web": "#16a085",
}
WIDTH = 420
FONT_SIZE = 12
TEXT_EM = 0.66
LINE = 18  # height of a legend row


@dataclass
class Shape:
    tag: str  # 'rect', 'text' or 'line'
    attrs: dict[str, object]
    text: str = ""


@dataclass
class Chart:
    kind: str
    title: str
    width: int
    height: int
    shapes: list[Shape] = field(default_factory=list)


def text_width(text: str, size: int = FONT_SIZE) -> float:
    return len(text) * size * TEXT_EM


def _legend(items: Sequence[tuple[str, str]], top: int, width: int = WIDTH) -> tuple[list[Shape], int]:
    """Legend items (text, colour) in rows from y = top; (shapes, y below the last row)."""
    shapes: list[Shape] = []
    x, y = 10.0, top + 12
    for name, colour in items:
        item_width = 14 + text_width(name) + 12
        if x > 10 and x + item_width > width - 10:
            x, y = 10.0, y + LINE
        shapes.append(Shape("rect", {"x": f"{x:.1f}", "y": y - 10, "width": 10, "height": 10, "fill": colour}))
        shapes.append(Shape("text", {"x": f"{x + 14:.1f}", "y": y}, name))
        x += item_width
    return shapes, y + 8


def _title(title: str) -> Shape:
    return Shape("text", {"x": 8, "y": 16, "font-weight": "bold"}, title)


def grouped_bars(
    kind: str, title: str, categories: Sequence[str], series: Sequence[tuple[str, Sequence[float], str]]
) -> Chart:
    """Vertical bars, one group per category (a quarter), one bar per series, values on top."""
    legend, legend_bottom = _legend([(name, colour) for name, _, colour in series], 24)
    top, plot_h, left, bottom = legend_bottom + 16, 150, 36, 26
    height = top + plot_h + bottom
    peak = max([float(v or 0) for _, values, _ in series for v in values] + [1.0])
    group_w = (WIDTH - left - 10) / max(len(categories), 1)
    bar_w = min(36.0, (group_w - 12) / max(len(series), 1))
    shapes = [
        _title(title),
        *legend,
        Shape("line", {"x1": left, "y1": top + plot_h, "x2": WIDTH - 10, "y2": top + plot_h, "stroke": "#555"}),
    ]
    for i, category in enumerate(categories):
        gx = left + i * group_w + (group_w - bar_w * len(series)) / 2
        for j, (name, values, colour) in enumerate(series):
            value = float(values[i] or 0)
            h = plot_h * value / peak
            x, y = gx + j * bar_w, top + plot_h - h
            shapes.append(
                Shape(
                    "rect",
                    {
                        "class": "bar",
                        "data-series": name,
                        "data-value": f"{value:g}",
                        "x": f"{x:.1f}",
                        "y": f"{y:.1f}",
                        "width": f"{bar_w - 2:.1f}",
                        "height": f"{h:.1f}",
                        "fill": colour,
                    },
                )
            )
            shapes.append(
                Shape(
                    "text",
                    {"x": f"{x + (bar_w - 2) / 2:.1f}", "y": f"{y - 3:.1f}", "text-anchor": "middle", "font-size": 10},
                    number(value),
                )
            )
        shapes.append(
            Shape(
                "text",
                {"x": f"{left + i * group_w + group_w / 2:.1f}", "y": top + plot_h + 16, "text-anchor": "middle"},
                category,
            )
        )
    return Chart(kind, title, WIDTH, height, shapes)


def stacked_share(kind: str, title: str, parts: Sequence[tuple[str, float, str]]) -> Chart:
    """One horizontal bar split by share (sentiment mix, outlet level), counts in the legend."""
    left, bar_y, bar_h = 10, 28, 30
    total = sum(float(v or 0) for _, v, _ in parts)
    shapes = [_title(title)]
    if total == 0:
        shapes.append(
            Shape(
                "rect",
                {"x": left, "y": bar_y, "width": WIDTH - 20, "height": bar_h, "fill": "#f2f2f2", "stroke": "#ccc"},
            )
        )
        shapes.append(Shape("text", {"x": WIDTH / 2, "y": bar_y + 20, "text-anchor": "middle"}, "Chưa có tin, bài"))
    x = float(left)
    for name, value, colour in parts:
        value = float(value or 0)
        if total == 0 or value == 0:
            continue
        w = (WIDTH - 20) * value / total
        shapes.append(
            Shape(
                "rect",
                {
                    "class": "bar",
                    "data-series": name,
                    "data-value": f"{value:g}",
                    "x": f"{x:.1f}",
                    "y": bar_y,
                    "width": f"{w:.1f}",
                    "height": bar_h,
                    "fill": colour,
                },
            )
        )
        label = f"{round(100 * value / total)}%"
        if w > text_width(label) + 6:
            shapes.append(
                Shape(
                    "text", {"x": f"{x + w / 2:.1f}", "y": bar_y + 20, "text-anchor": "middle", "fill": "#fff"}, label
                )
            )
        x += w
    legend, bottom = _legend([(f"{name}: {number(value)}", colour) for name, value, colour in parts], bar_y + bar_h + 6)
    shapes += legend
    return Chart(kind, title, WIDTH, bottom + 4, shapes)
