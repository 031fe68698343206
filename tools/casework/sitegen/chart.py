"""A small line chart drawn as SVG at build time: no JavaScript, no charting service.

An SVG scales with its width, text included, so one drawing cannot have legible
labels both on a desktop and on a phone. :func:`responsive_chart` draws the chart
twice, wide and narrow (fewer month labels, the key stacked); the stylesheet shows
one of them by the window's width.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

COLOURS = ("#b71c1c", "#1565c0", "#ef6c00", "#2e7d32")


@dataclass(frozen=True)
class Layout:
    """The drawing's size in SVG units, its margins, font size and which x labels it shows."""

    name: str
    width: int
    height: int
    left: int
    right: int
    top: int
    bottom: int
    font: int
    #: every n-th x label is written (the last one always)
    label_every: int = 1
    #: the key's entries side by side (True) or one under the other
    key_in_a_row: bool = True


#: shown on a desktop: 720 units wide, drawn at about its own size
WIDE = Layout("wide", 720, 260, 48, 22, 16, 48, 13)
#: shown below 960 px: 360 units wide, drawn at about its own size on a phone
NARROW = Layout("narrow", 360, 270, 34, 22, 14, 76, 12, label_every=2, key_in_a_row=False)


@dataclass(frozen=True)
class Series:
    name: str
    values: Sequence[int]


def line_chart(
    title: str,
    labels: Sequence[str],
    series: Sequence[Series],
    layout: Layout = WIDE,
    title_id: str = "chart-title",
) -> str:
    """An accessible SVG line chart: one line per series, x labels below, y grid on the left."""
    top = max([1, *(v for s in series for v in s.values)])
    step = max(1, -(-top // 4))
    ymax = step * 4
    width, height = layout.width, layout.height
    plot_w = width - layout.left - layout.right
    plot_h = height - layout.top - layout.bottom
    count = max(1, len(labels) - 1)
    font = layout.font

    def x(i: int) -> float:
        return layout.left + plot_w * i / count

    def y(v: int) -> float:
        return layout.top + plot_h * (1 - v / ymax)

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'role="img" aria-labelledby="{title_id}" class="casework-chart casework-chart-'
        f'{layout.name}">',
        f'<title id="{title_id}">{escape(title)}</title>',
    ]
    for k in range(5):
        value = step * k
        parts.append(
            f'<line x1="{layout.left}" x2="{width - layout.right}" y1="{y(value):.1f}" '
            f'y2="{y(value):.1f}" stroke="#ccc" stroke-width="1"/>'
            f'<text x="{layout.left - 6}" y="{y(value) + font / 3:.1f}" font-size="{font}" '
            f'text-anchor="end" fill="currentColor">{value}</text>'
        )
    last = len(labels) - 1
    for i, label in enumerate(labels):
        if (last - i) % layout.label_every:
            continue  # counted back from the last, which is always written
        parts.append(
            f'<text x="{x(i):.1f}" y="{height - layout.bottom + font + 6}" font-size="{font}" '
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
        if layout.key_in_a_row:
            key_x, key_y = layout.left + n * 220, height - 18
        else:
            key_x, key_y = layout.left, height - 18 - (len(series) - 1 - n) * (font + 8)
        parts.append(
            f'<rect x="{key_x}" y="{key_y}" width="12" height="12" fill="{colour}"/>'
            f'<text x="{key_x + 18}" y="{key_y + 10}" font-size="{font}" '
            f'fill="currentColor">{escape(s.name)}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def responsive_chart(title: str, labels: Sequence[str], series: Sequence[Series]) -> str:
    """The chart drawn wide and narrow, one after the other (the stylesheet shows one)."""
    return "".join(
        line_chart(title, labels, series, layout, f"chart-title-{layout.name}")
        for layout in (WIDE, NARROW)
    )
