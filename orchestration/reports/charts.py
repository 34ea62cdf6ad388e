"""Charts as inline SVG, written by hand: no script, no font or file loaded from anywhere, so the
HTML report opens offline and prints as it shows. Each chart is an <svg> with a data-chart
attribute (trend, sentiment, press_level, reach), a <title> for screen readers, and its
figures written on the bars, so that a printed page needs no hover to be read.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

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
FONT = "font-family='Segoe UI, Arial, sans-serif'"


def _svg(kind: str, title: str, width: int, height: int, body: list[str]) -> str:
    return (
        f"<svg xmlns='http://www.w3.org/2000/svg' class='chart' data-chart='{kind}' role='img' "
        f"width='{width}' height='{height}' viewBox='0 0 {width} {height}' {FONT} font-size='12'>"
        f"<title>{escape(title)}</title>"
        f"<text x='8' y='16' font-weight='bold'>{escape(title)}</text>" + "".join(body) + "</svg>"
    )


def _legend(series: Sequence[tuple[str, str]], x: int, y: int) -> list[str]:
    parts = []
    for name, colour in series:
        parts.append(f"<rect x='{x}' y='{y - 9}' width='10' height='10' fill='{colour}'/>")
        parts.append(f"<text x='{x + 14}' y='{y}'>{escape(name)}</text>")
        x += 24 + 7 * len(name)
    return parts


def grouped_bars(kind: str, title: str, categories: Sequence[str], series: Sequence[tuple[str, Sequence[float], str]]) -> str:
    """Vertical bars, one group per category (a quarter), one bar per series, values on top."""
    width, height, top, bottom, left = 420, 230, 44, 40, 36
    plot_h = height - top - bottom
    peak = max([float(v or 0) for _, values, _ in series for v in values] + [1.0])
    group_w = (width - left - 10) / max(len(categories), 1)
    bar_w = min(36.0, (group_w - 12) / max(len(series), 1))
    body = _legend([(name, colour) for name, _, colour in series], left, 34)
    body.append(f"<line x1='{left}' y1='{top + plot_h}' x2='{width - 10}' y2='{top + plot_h}' stroke='#555'/>")
    for i, category in enumerate(categories):
        gx = left + i * group_w + (group_w - bar_w * len(series)) / 2
        for j, (name, values, colour) in enumerate(series):
            value = float(values[i] or 0)
            h = plot_h * value / peak
            x, y = gx + j * bar_w, top + plot_h - h
            body.append(
                f"<rect class='bar' data-series='{escape(name)}' data-value='{value:g}' x='{x:.1f}' y='{y:.1f}' "
                f"width='{bar_w - 2:.1f}' height='{h:.1f}' fill='{colour}'/>"
            )
            body.append(f"<text x='{x + (bar_w - 2) / 2:.1f}' y='{y - 3:.1f}' text-anchor='middle' font-size='10'>{number(value)}</text>")
        body.append(
            f"<text x='{left + i * group_w + group_w / 2:.1f}' y='{height - bottom + 16}' text-anchor='middle'>{escape(category)}</text>"
        )
    return _svg(kind, title, width, height, body)


def stacked_share(kind: str, title: str, parts: Sequence[tuple[str, float, str]]) -> str:
    """One horizontal bar split by share (sentiment mix, outlet level), counts in the legend."""
    width, height, left, bar_y, bar_h = 420, 110, 10, 30, 30
    total = sum(float(v or 0) for _, v, _ in parts)
    body: list[str] = []
    if total == 0:
        body.append(f"<rect x='{left}' y='{bar_y}' width='{width - 20}' height='{bar_h}' fill='#f2f2f2' stroke='#ccc'/>")
        body.append(f"<text x='{width / 2}' y='{bar_y + 20}' text-anchor='middle'>Chưa có tin, bài</text>")
    x = float(left)
    for name, value, colour in parts:
        value = float(value or 0)
        if total == 0 or value == 0:
            continue
        w = (width - 20) * value / total
        body.append(
            f"<rect class='bar' data-series='{escape(name)}' data-value='{value:g}' x='{x:.1f}' y='{bar_y}' "
            f"width='{w:.1f}' height='{bar_h}' fill='{colour}'/>"
        )
        if w > 30:
            body.append(f"<text x='{x + w / 2:.1f}' y='{bar_y + 20}' text-anchor='middle' fill='#fff'>{round(100 * value / total)}%</text>")
        x += w
    body += _legend([(f"{name}: {number(value)}", colour) for name, value, colour in parts], left, bar_y + bar_h + 26)
    return _svg(kind, title, width, height, body)
