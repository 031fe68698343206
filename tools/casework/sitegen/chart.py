"""A small line chart drawn as SVG at build time: no JavaScript, no charting service."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

WIDTH, HEIGHT = 720, 260
LEFT, RIGHT, TOP, BOTTOM = 48, 16, 16, 48
COLOURS = ("#b71c1c", "#1565c0", "#ef6c00", "#2e7d32")


@dataclass(frozen=True)
class Series:
    name: str
    values: Sequence[int]


def line_chart(title: str, labels: Sequence[str], series: Sequence[Series]) -> str:
    """An accessible SVG line chart: one line per series, x labels below, y grid on the left."""
    top = max([1, *(v for s in series for v in s.values)])
    step = max(1, -(-top // 4))
    ymax = step * 4
    plot_w = WIDTH - LEFT - RIGHT
    plot_h = HEIGHT - TOP - BOTTOM
    count = max(1, len(labels) - 1)

    def x(i: int) -> float:
        return LEFT + plot_w * i / count

    def y(v: int) -> float:
        return TOP + plot_h * (1 - v / ymax)

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'role="img" aria-labelledby="chart-title" class="casework-chart">',
        f'<title id="chart-title">{escape(title)}</title>',
    ]
    for k in range(5):
        value = step * k
        parts.append(
            f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y(value):.1f}" y2="{y(value):.1f}" '
            'stroke="#ccc" stroke-width="1"/>'
            f'<text x="{LEFT - 6}" y="{y(value) + 4:.1f}" font-size="11" '
            f'text-anchor="end" fill="currentColor">{value}</text>'
        )
    for i, label in enumerate(labels):
        parts.append(
            f'<text x="{x(i):.1f}" y="{HEIGHT - BOTTOM + 16}" font-size="11" '
            f'text-anchor="middle" fill="currentColor">{escape(label)}</text>'
        )
    for n, s in enumerate(series):
        colour = COLOURS[n % len(COLOURS)]
        points = " ".join(f"{x(i):.1f},{y(v):.1f}" for i, v in enumerate(s.values))
        parts.append(
            f'<polyline fill="none" stroke="{colour}" stroke-width="2.5" points="{points}">'
            f"<title>{escape(s.name)}</title></polyline>"
        )
        for i, v in enumerate(s.values):
            parts.append(
                f'<circle cx="{x(i):.1f}" cy="{y(v):.1f}" r="3" fill="{colour}">'
                f"<title>{escape(s.name)}, {escape(labels[i])}: {v}</title></circle>"
            )
        legend_x = LEFT + n * 220
        parts.append(
            f'<rect x="{legend_x}" y="{HEIGHT - 18}" width="12" height="12" fill="{colour}"/>'
            f'<text x="{legend_x + 18}" y="{HEIGHT - 8}" font-size="12" '
            f'fill="currentColor">{escape(s.name)}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)
