"""Server-drawn SVG line charts for the dashboard: data in, SVG text out, no queries, no script."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils.formats import date_format
from django.utils.html import escape


@dataclass(frozen=True)
class Series:
    label: str
    points: list[tuple[datetime.date, float]]
    css_class: str = "chart-line"


def _nice_max(value: float) -> float:
    """A round upper bound for the axis (1, 2, 5 times a power of ten)."""
    if value <= 0:
        return 1
    magnitude = 10 ** (len(str(int(value))) - 1)
    for factor in (1, 2, 5, 10):
        if value <= factor * magnitude:
            return factor * magnitude
    return 10 * magnitude


def line_chart(series: list[Series], *, title: str, width: int = 640, height: int = 220) -> str:
    """An SVG line chart of ``series`` over their days, with a y axis from 0 and first/last day labels."""
    days = sorted({day for s in series for day, _value in s.points})
    left, right, top, bottom = 44, 12, 12, 28
    plot_w, plot_h = width - left - right, height - top - bottom
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {width} {height}" role="img" '
        f'aria-label="{escape(title)}"><title>{escape(title)}</title>'
    ]
    if not days:
        return "".join(parts) + "</svg>"
    top_value = _nice_max(max((v for s in series for _d, v in s.points), default=0))
    span = max((days[-1] - days[0]).days, 1)

    def x(day: datetime.date) -> float:
        return left + plot_w * ((day - days[0]).days / span if len(days) > 1 else 0.5)

    def y(value: float) -> float:
        return top + plot_h * (1 - value / top_value)

    ticks = (0, top_value / 2, top_value) if top_value % 2 == 0 else (0, top_value)  # whole numbers only
    for tick in ticks:
        parts.append(
            f'<line class="chart-grid" x1="{left}" x2="{width - right}" y1="{y(tick):.1f}" y2="{y(tick):.1f}"/>'
            f'<text class="chart-axis" x="{left - 6}" y="{y(tick) + 4:.1f}" text-anchor="end">{tick:g}</text>'
        )
    labels = (("start", days[0]), ("end", days[-1])) if len(days) > 1 else (("middle", days[0]),)
    for anchor, day in labels:
        label = escape(date_format(day, "j F Y"))
        parts.append(
            f'<text class="chart-axis" x="{x(day):.1f}" y="{height - 8}" text-anchor="{anchor}">{label}</text>'
        )
    for s in series:
        if not s.points:
            continue
        path = " ".join(f"{'M' if i == 0 else 'L'}{x(d):.1f},{y(v):.1f}" for i, (d, v) in enumerate(s.points))
        parts.append(
            f'<path class="{escape(s.css_class)}" d="{path}" fill="none"><title>{escape(s.label)}</title></path>'
        )
        last_day, last_value = s.points[-1]
        parts.append(f'<circle class="{escape(s.css_class)}" cx="{x(last_day):.1f}" cy="{y(last_value):.1f}" r="3"/>')
    return "".join(parts) + "</svg>"
