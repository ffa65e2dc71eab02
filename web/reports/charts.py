"""Bar charts as SVG, drawn on the server (no JavaScript). Each chart is a picture of a table
shown beside it, which is what screen readers read: the SVG is hidden from them.

The bars' widths are percentages and the text keeps its size, so a chart fits any width from
320 px up without scrolling sideways, and prints in black and grey.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from markupsafe import Markup

ROW = 40  # px per bar: a label line and the bar under it
BAR = 14


def bar_chart(rows: Sequence[tuple[str, int]]) -> Markup:
    """Horizontal bars, one per row, longest for the largest count; each labelled
    "label: count" above its bar."""
    top = max((n for _, n in rows), default=0)
    parts = [
        f'<svg class="app-chart" xmlns="http://www.w3.org/2000/svg" width="100%"'
        f' height="{max(len(rows), 1) * ROW}" aria-hidden="true" focusable="false">'
    ]
    for i, (label, count) in enumerate(rows):
        y = i * ROW
        width = 0 if not top else max(0.5, 100 * count / top) if count else 0
        parts.append(
            f'<text x="0" y="{y + 16}" font-size="14" fill="#0b0c0c">'
            f"{escape(label)}: {count:,}</text>"
            f'<rect x="0" y="{y + 22}" width="{width:.1f}%" height="{BAR}" fill="#1d70b8"'
            f' stroke="#0b0c0c" stroke-width="1"/>'
        )
    if not rows:
        parts.append('<text x="0" y="24" font-size="14" fill="#0b0c0c">No contacts</text>')
    parts.append("</svg>")
    return Markup("".join(parts))
