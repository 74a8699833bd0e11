"""Charts as inline SVG drawn at build time: no script, readable in print, with a text twin.

Each chart is a ``<figure>`` holding an SVG with ``role="img"``, a ``<title>`` and
``<desc>`` for screen readers, and a caption; bars can link to the list of people counted.
"""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup, escape

PALETTE = ("#3f51b5", "#009688", "#ff9800", "#e91e63", "#9e9e9e", "#795548", "#607d8b")


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    href: str | None = None
    color: str | None = None


def bar_chart(
    chart_id: str, title: str, bars: list[Bar], unit: str = "คน", target: float | None = None
) -> Markup:
    """Horizontal bars, one per row, with the value written beside each (and a target line)."""
    row, label_w, width = 30, 200, 520  # small enough that 15-unit labels stay readable on a phone
    plot_w = width - label_w - 80
    top = max([b.value for b in bars] + [target or 0, 1])
    height = row * len(bars) + 24
    parts = [
        f'<svg viewBox="0 0 {width} {height}" width="100%" role="img" aria-labelledby="{chart_id}-t {chart_id}-d"'
        f' xmlns="http://www.w3.org/2000/svg" class="pa-chart">',
        f'<title id="{chart_id}-t">{escape(title)}</title>',
        f'<desc id="{chart_id}-d">{escape(describe(bars, unit))}</desc>',
    ]
    for index, bar in enumerate(bars):
        y = 8 + index * row
        w = 0 if top == 0 else plot_w * bar.value / top
        color = bar.color or PALETTE[index % len(PALETTE)]
        shape = (
            f'<text x="{label_w - 8}" y="{y + 16}" text-anchor="end" class="pa-chart-label">{escape(bar.label)}</text>'
            f'<rect x="{label_w}" y="{y + 3}" width="{w:.1f}" height="{row - 10}" fill="{color}" rx="3"/>'
            f'<text x="{label_w + w + 6:.1f}" y="{y + 16}" class="pa-chart-value">{_number(bar.value)} {escape(unit)}</text>'
        )
        parts.append(f'<a href="{escape(bar.href)}">{shape}</a>' if bar.href else shape)
    if target is not None:
        x = label_w + plot_w * target / top
        parts.append(
            f'<line x1="{x:.1f}" x2="{x:.1f}" y1="2" y2="{height - 4}" stroke="#d32f2f" stroke-dasharray="4 3"/>'
            f'<text x="{x + 3:.1f}" y="{height - 4}" class="pa-chart-target">เป้าหมาย {_number(target)}</text>'
        )
    parts.append("</svg>")
    caption = f"<figcaption>{escape(title)}</figcaption>"
    return Markup(
        f'<figure class="pa-figure-chart" id="{chart_id}">{"".join(parts)}{caption}</figure>'
    )


def describe(bars: list[Bar], unit: str) -> str:
    return "; ".join(f"{bar.label} {_number(bar.value)} {unit}" for bar in bars)


def _number(value: float) -> str:
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.1f}"
