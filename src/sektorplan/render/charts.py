"""The plan's 12-year timeline: its initiatives as bars over the workspace period, their
milestones as markers, the four-year planning periods as bands. A PNG, the same bytes for
the same plan: a Figure of fixed size and resolution (no pyplot state), the bundled DejaVu
fonts, and no "Software" or date in the PNG's metadata.

matplotlib is imported inside the function: it is slow to import and only needed here.
"""

from __future__ import annotations

import io
import warnings
from collections.abc import Sequence
from typing import Any

from ..rules import four_year_periods

WIDTH_INCHES = 6.3  # 16 cm, the text width of an A4 page in the Word template
ROW_INCHES = 0.34
LEGEND_INCHES = 0.3
DPI = 200
MAX_LABEL = 42
# Okabe–Ito colours: distinguishable with the common forms of colour blindness.
TYPE_COLOURS = {"anlæg": "#0072B2", "drift": "#009E73", "udvikling": "#E69F00"}
BAND = "#EEF2F6"
MILESTONE = {
    "marker": "D",
    "markersize": 5.5,
    "markerfacecolor": "white",
    "markeredgecolor": "#1F2933",
    "markeredgewidth": 1.1,
}


def _label(text: str) -> str:
    line = " ".join(text.split())
    return line if len(line) <= MAX_LABEL else line[: MAX_LABEL - 1].rstrip() + "…"


def timeline_png(
    initiatives: Sequence[dict[str, Any]], period: tuple[int, int], labels: dict[str, Any]
) -> bytes:
    """`initiatives` as in the render context (id, title, type, start, end, milestones);
    `period` is the workspace's (first year, last year); `labels` the document's labels."""
    from matplotlib import rc_context
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    first, last = period
    rows = list(initiatives)
    height = 1.0 + ROW_INCHES * max(len(rows), 1)
    style = {
        "font.family": "DejaVu Sans",
        "font.size": 7.5,
        "text.parse_math": False,  # a "$" in a title is text, not mathematics
        "svg.hashsalt": "sektorplan",
        "axes.edgecolor": "#9AA5B1",
        "legend.frameon": False,
        "legend.fontsize": 7,
    }
    with rc_context(style), warnings.catch_warnings():
        # Characters DejaVu lacks (emoji) are left out of the chart; the tables have them.
        warnings.simplefilter("ignore", UserWarning)
        fig = Figure(figsize=(WIDTH_INCHES, height), dpi=DPI)
        FigureCanvasAgg(fig)
        ax = fig.add_subplot()
        for i, (a, b) in enumerate(four_year_periods(first, last)):
            if i % 2 == 0:
                ax.axvspan(a, b + 1, color=BAND, zorder=0, linewidth=0)
            span = f"{a}–{b}" if a != b else str(a)
            ax.text((a + b + 1) / 2, -0.9, span, ha="center", va="center", color="#52606D")
        for y, ini in enumerate(rows):
            colour = TYPE_COLOURS.get(ini["type"], "#7F7F7F")
            span = ini["end"] - ini["start"] + 1
            ax.barh(y, span, left=ini["start"], height=0.56, color=colour, zorder=2)
            for milestone in ini["milestones"]:
                ax.plot(milestone["year"] + 0.5, y, zorder=3, **MILESTONE)
        ax.set_xlim(first, last + 1)
        ax.set_ylim(len(rows) - 0.4, -1.4)
        ax.set_xticks([y + 0.5 for y in range(first, last + 1)])
        ax.set_xticklabels([str(y) for y in range(first, last + 1)])
        ax.tick_params(axis="x", length=0)
        ax.set_yticks(range(len(rows)))
        ax.set_yticklabels([_label(f"{ini['id']} {ini['title']}") for ini in rows])
        ax.tick_params(axis="y", length=0)
        for spine in ("top", "right", "left"):
            ax.spines[spine].set_visible(False)
        used = [t for t in TYPE_COLOURS if any(ini["type"] == t for ini in rows)]
        handles: list[Any] = [Patch(color=TYPE_COLOURS[t], label=labels["types"][t]) for t in used]
        if any(ini["milestones"] for ini in rows):
            handles.append(Line2D([], [], linestyle="none", label=labels["milestone"], **MILESTONE))
        fig.legend(handles=handles, loc="lower center", ncol=len(handles))
        fig.tight_layout(rect=(0, LEGEND_INCHES / height, 1, 1))
        buffer = io.BytesIO()
        fig.savefig(buffer, format="png", dpi=DPI, metadata={"Software": None})
    return buffer.getvalue()
