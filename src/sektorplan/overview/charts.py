"""The overview's pictures (matplotlib, PNG): the SDG and core-value heatmaps, the combined
12-year timeline coloured by forvaltning, and the dependencies between forvaltninger.

Figures are drawn as the plans' charts are (render/charts.py: the Agg canvas directly, no
pyplot, DejaVu fonts, a "$" in a name is text) and saved without the software tag, so the
same overview gives the same bytes. Sizes are bounded: a workspace
of hundreds of forvaltninger gets a picture that stays a picture (rows get thinner, the
timeline shows one lane per forvaltning), not hundreds of megabytes of pixels.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from sektorplan.overview.data import Matrix, Overview, labels

if TYPE_CHECKING:
    from sektorplan.render.maps import MapPlace, MapTexts

DPI = 110
MAX_HEIGHT = 40.0  # inches
MAX_ROWS_PER_INITIATIVE = 120  # more bars than this: one lane per forvaltning
CONFLICT = "#c5192d"
ARROW = "#4a5a70"
POINTS_PER_UNIT = 0.9 * 7.5 * 72 / 2.7  # the dependency picture: points per data unit
# Distinct, colour-blind-friendly colours for the forvaltninger (Okabe–Ito, then tab20).
PALETTE = [
    "#0072B2",
    "#E69F00",
    "#009E73",
    "#CC79A7",
    "#56B4E9",
    "#D55E00",
    "#F0E442",
    "#000000",
]


def department_colours(departments: list[str]) -> dict[str, str]:
    from matplotlib import colormaps
    from matplotlib.colors import to_hex

    extra = [to_hex(c) for c in colormaps["tab20"].colors]
    colours = PALETTE + extra
    return {d: colours[i % len(colours)] for i, d in enumerate(departments)}


def _figure(width: float, height: float) -> Any:
    from sektorplan.render.charts import new_figure as figure

    return figure(width, min(height, MAX_HEIGHT), DPI)


def _png(figure: Any) -> bytes:
    from sektorplan.render.charts import png_bytes as png

    return png(figure)


def _style() -> dict[str, Any]:
    """The plans' chart style (DejaVu, a "$" is text, not mathematics) a little larger."""
    from sektorplan.render.charts import STYLE

    return {**STYLE, "font.size": 9, "axes.titlesize": 11}


def charts(overview: Overview) -> dict[str, bytes]:
    """Every overview picture by its name (file stem)."""
    return {
        "oversigt-verdensmaal": sdg_heatmap(overview),
        "oversigt-kernevaerdier": core_value_heatmap(overview),
        "oversigt-tidslinje": timeline(overview),
        "oversigt-afhaengigheder": dependencies(overview),
        **({"oversigt-kort": place_map(overview)} if _located(overview) else {}),
    }


def _located(overview: Overview) -> bool:
    return any(place.coordinates for place in overview.places)


def place_map(overview: Overview) -> bytes:
    """The map of the places (render.maps) as a PNG: each place with a position is a marker
    sized by its number of initiatives."""
    from collections import defaultdict
    from decimal import Decimal

    from sektorplan.i18n import SITE
    from sektorplan.i18n import labels as catalogue
    from sektorplan.render.formatting import Formatter
    from sektorplan.render.maps import MapPlace, MapTexts

    lb = catalogue(overview.language, SITE)
    kr = Formatter(catalogue(overview.language)["locale"]).kr
    totals: dict[str, Decimal] = defaultdict(Decimal)
    for row in overview.initiatives:
        for place in row.places:
            totals[place] += sum(row.construction.values(), Decimal(0))
    places = [
        MapPlace(p.id, p.name, p.coordinates[0], p.coordinates[1], len(p.entries), kr(totals[p.id]))
        for p in overview.places
        if p.coordinates
    ]
    texts = MapTexts(
        initiative=lb["initiative_one"],
        initiatives=lb["initiatives"].lower(),
        none=lb["no_initiatives"],
        construction=lb["construction_total"].lower(),
        legend_title=lb["initiatives"],
    )
    return _map_png(tuple(places), texts, labels(overview.language)["map_alt"])


@functools.lru_cache(maxsize=2)
def _map_png(places: tuple[MapPlace, ...], texts: MapTexts, title: str) -> bytes:
    """The map's picture, kept by everything it shows: the overview in another language
    (made next in the same worker) mostly has the same words on its map."""
    import io

    from sektorplan.render.maps import map_png

    out = io.BytesIO()
    map_png(places, out, title=title, texts=texts, dpi=150)
    return out.getvalue()


def _styled(draw: Callable[[Overview], bytes]) -> Callable[[Overview], bytes]:
    """Every picture is drawn in the charts' style, also when called on its own."""

    @functools.wraps(draw)
    def styled(overview: Overview) -> bytes:
        from sektorplan.render.charts import drawing

        with drawing(_style()):
            return draw(overview)

    return styled


# --- heatmaps ----------------------------------------------------------------------------------


def _row_height(rows: int, wanted: float) -> float:
    return min(wanted, (MAX_HEIGHT - 1.6) / max(rows, 1))


@_styled
def sdg_heatmap(overview: Overview) -> bytes:
    """Forvaltninger × the 17 goals: each cell in its goal's colour, stronger with more
    references, with the count written in it; the header squares in the goal colours."""
    from matplotlib.colors import to_rgb

    from sektorplan.render.context import readable_text_colour

    matrix = overview.sdg
    rows = len(matrix.rows)
    figure = _figure(2.2 + 17 * 0.42, 1.6 + rows * _row_height(rows, 0.42))
    axes = _matrix_axes(figure, matrix)
    peak = max((max(r) for r in matrix.counts), default=0) or 1
    strengths = [[0.25 + 0.75 * c / peak if c else 0.0 for c in row] for row in matrix.counts]
    _cells(axes, strengths, [to_rgb(c) for c in matrix.colours])
    if rows <= 60:
        for y, counts in enumerate(matrix.counts):
            for x, count in enumerate(counts):
                if count:
                    dark = strengths[y][x] > 0.6
                    text = readable_text_colour(matrix.colours[x]) if dark else "#000000"
                    axes.text(x, y, str(count), ha="center", va="center", color=text)
    for x, colour in enumerate(matrix.colours):
        axes.add_patch(_cell(x, -1.1, colour, height=0.9))
        axes.text(
            x,
            -1.1,
            matrix.columns[x],
            ha="center",
            va="center",
            color=readable_text_colour(colour),
            fontweight="bold",
        )
    axes.set_ylim(rows - 0.5, -1.6)
    return _png(figure)


@_styled
def core_value_heatmap(overview: Overview) -> bytes:
    matrix = overview.core_values
    rows = len(matrix.rows)
    figure = _figure(2.4 + len(matrix.columns) * 1.6, 1.8 + rows * _row_height(rows, 0.42))
    axes = _matrix_axes(figure, matrix, names=True)
    peak = max((max(r) for r in matrix.counts), default=0) or 1
    strengths = [[0.2 + 0.8 * c / peak if c else 0.0 for c in row] for row in matrix.counts]
    _cells(axes, strengths, [(0.0, 0.45, 0.70)] * len(matrix.columns))
    if rows <= 60:
        for y, counts in enumerate(matrix.counts):
            for x, count in enumerate(counts):
                if count:
                    colour = "#FFFFFF" if strengths[y][x] > 0.6 else "#000000"
                    axes.text(x, y, str(count), ha="center", va="center", color=colour)
    return _png(figure)


def _cells(axes: Any, strengths: list[list[float]], colours: list[tuple[float, ...]]) -> None:
    """Every non-empty cell: the column's colour, as strong as the cell's strength."""
    cells = [
        (x, y, strength)
        for y, row in enumerate(strengths)
        for x, strength in enumerate(row)
        if strength
    ]
    _rectangles(
        axes,
        [(x - 0.5, y - 0.5, 1.0, 1.0) for x, y, _ in cells],
        [(*colours[x][:3], strength) for x, _, strength in cells],
    )


def _rectangles(axes: Any, boxes: list[tuple[float, float, float, float]], colours: list) -> None:
    """Rectangles (x, y, width, height) in one collection: thousands draw in a blink, where a
    patch each (as bar() makes them) takes seconds."""
    from matplotlib.collections import PolyCollection

    if not boxes:
        return
    axes.add_collection(
        PolyCollection(
            [[(x, y), (x + w, y), (x + w, y + h), (x, y + h)] for x, y, w, h in boxes],
            facecolors=colours,
            linewidths=0,
            zorder=0,
        ),
        autolim=False,
    )


def _ticks(labels: list[str], limit: int = 150) -> tuple[list[int], list[str]]:
    """Tick positions and labels: every row, or every n-th when there are very many."""
    step = max(1, math.ceil(len(labels) / limit))
    return list(range(0, len(labels), step)), labels[::step]


def _matrix_axes(figure: Any, matrix: Matrix, names: bool = False) -> Any:
    axes = figure.add_axes((0.0, 0.0, 1.0, 1.0))
    rows, columns = len(matrix.rows), len(matrix.columns)
    axes.set_xlim(-0.5, columns - 0.5)
    axes.set_ylim(rows - 0.5, -0.5)
    _row_labels(figure, axes, *_ticks(matrix.rows), fontsize=_label_size(rows))
    if names:
        axes.set_xticks(range(columns), [_wrap(n, 18) for n in matrix.column_names])
        axes.xaxis.tick_top()
    else:
        axes.set_xticks([])
    axes.tick_params(length=0)
    grid = {"color": "#dddddd", "linewidth": 0.6, "zorder": 1}
    axes.vlines([x - 0.5 for x in range(columns + 1)], -0.5, rows - 0.5, **grid)
    axes.hlines([y - 0.5 for y in range(rows + 1)], -0.5, columns - 0.5, **grid)
    for side in axes.spines.values():
        side.set_visible(False)
    # Room for the labels: fixed margins in inches, whatever the figure's size.
    width, height = figure.get_size_inches()
    left, top, bottom = 1.6 / width, (0.9 if names else 0.15) / height, 0.15 / height
    axes.set_position((left, bottom, 1 - left - 0.15 / width, 1 - top - bottom))
    return axes


def _row_labels(
    figure: Any, axes: Any, positions: list[int], labels: list[str], fontsize: float
) -> None:
    """The rows' names left of the axes, where tick labels would be: a tick each (its
    lines, texts and grid line made for every row) took a third of a heatmap's time."""
    import matplotlib
    from matplotlib.transforms import ScaledTranslation

    axes.set_yticks([])
    pad = matplotlib.rcParams["ytick.major.pad"]
    colour = matplotlib.rcParams["ytick.labelcolor"]
    if colour == "inherit":
        colour = matplotlib.rcParams["ytick.color"]
    place = axes.get_yaxis_transform() + ScaledTranslation(-pad / 72, 0, figure.dpi_scale_trans)
    for y, label in zip(positions, labels, strict=True):
        axes.text(
            0, y, label, transform=place, ha="right", va="center_baseline", fontsize=fontsize,
            color=colour, clip_on=False,
        )  # fmt: skip


def _cell(x: float, y: float, colour: Any, height: float = 1.0) -> Any:
    from matplotlib.patches import Rectangle

    return Rectangle((x - 0.5, y - height / 2), 1.0, height, facecolor=colour, linewidth=0)


def _label_size(rows: int) -> float:
    return 9 if rows <= 40 else max(4.0, 9 * 40 / rows)


def _wrap(text: str, width: int) -> str:
    import textwrap

    return "\n".join(textwrap.wrap(text, width)) or text


# --- the combined timeline ---------------------------------------------------------------------


@_styled
def timeline(overview: Overview) -> bytes:
    """One bar per initiative (one lane per forvaltning for very many), coloured by
    forvaltning, milestones as diamonds, over the planning period."""
    from matplotlib.colors import to_rgba
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    ov = labels(overview.language)
    departments = overview.sdg.rows
    colours = department_colours(list(overview.departments))
    bars = overview.timeline
    per_initiative = len(bars) <= MAX_ROWS_PER_INITIATIVE
    lanes = (
        [(b.department, f"{b.initiative.id}", [b]) for b in bars]
        if per_initiative
        else [(d, d, [b for b in bars if b.department == d]) for d in departments]
    )
    rows = len(lanes)
    size = _row_height(rows, 0.3)
    figure = _figure(11.0, 1.8 + rows * size)
    axes = figure.add_axes((0.0, 0.0, 1.0, 1.0))
    start, end = overview.period
    # All bars in one call and all milestones in another: thousands of initiatives draw fast.
    lane_bars = [(y, dept, bar) for y, (dept, _, lane) in enumerate(lanes) for bar in lane]
    alpha = 1.0 if per_initiative else 0.45
    _rectangles(
        axes,
        [(b.start - 0.5, y - 0.31, b.end - b.start + 1, 0.62) for y, _, b in lane_bars],
        [to_rgba(colours[d], alpha) for _, d, _ in lane_bars],
    )
    points = [(year, y) for y, _, bar in lane_bars for year, _ in bar.milestones]
    if points:
        axes.scatter(
            [x for x, _ in points],
            [y for _, y in points],
            marker="D",
            s=max(4.0, min(36.0, (60 * size) ** 2)),
            color="#222222",
            edgecolors="white",
            linewidths=0.5,
            zorder=3,
        )
    axes.set_xlim(start - 0.6, end + 0.6)
    axes.set_ylim(rows - 0.5, -0.5)
    axes.set_yticks(*_ticks([label for _, label, _ in lanes]), fontsize=_label_size(rows))
    axes.set_xticks(range(start, end + 1), [str(y) for y in range(start, end + 1)])
    axes.tick_params(length=0)
    axes.grid(axis="x", color="#e6e6e6", linewidth=0.6)
    axes.set_axisbelow(True)
    for side in ("top", "right", "left"):
        axes.spines[side].set_visible(False)
    handles = [Patch(color=colours[d], label=d) for d in departments[:20]]
    handles.append(
        Line2D([], [], marker="D", color="#222222", linestyle="none", label=ov["milestone"])
    )
    axes.legend(
        handles=handles,
        loc="upper left",
        bbox_to_anchor=(1.01, 1.0),
        frameon=False,
        fontsize=8,
    )
    width, height = figure.get_size_inches()
    left, right, top, bottom = 1.1 / width, 1.6 / width, 0.3 / height, 0.5 / height
    axes.set_position((left, bottom, 1 - left - right, 1 - top - bottom))
    return _png(figure)


# --- dependencies between forvaltninger -------------------------------------------------------


@_styled
def dependencies(overview: Overview) -> bytes:
    """The forvaltninger on a circle, in the order of sektorplan.yaml; an arrow from the one
    that waits to the one it waits for, thicker for more dependencies, red where any of them
    is a timing conflict, with the count (and conflicts) written on it."""
    from matplotlib.patches import Circle, FancyArrowPatch

    ov = labels(overview.language)
    departments = overview.sdg.rows
    colours = department_colours(list(overview.departments))
    links = overview.department_links()
    count = len(departments)
    figure = _figure(7.5, 7.5)
    axes = figure.add_axes((0.05, 0.05, 0.9, 0.9))
    axes.set_xlim(-1.35, 1.35)
    axes.set_ylim(-1.35, 1.35)
    axes.set_aspect("equal")
    axes.axis("off")
    radius = min(0.16, 2.4 / max(count, 1))
    position = {
        d: (math.sin(2 * math.pi * i / count), math.cos(2 * math.pi * i / count))
        for i, d in enumerate(departments)
    }
    for waiting, waited_for, number, conflicts in links:
        colour = CONFLICT if conflicts else ARROW
        arrow = FancyArrowPatch(
            position[waiting],
            position[waited_for],
            connectionstyle="arc3,rad=0.12",
            arrowstyle="-|>",
            mutation_scale=12,
            linewidth=min(0.8 + 0.7 * number, 5.0),
            color=colour,
            shrinkA=radius * POINTS_PER_UNIT + 2,
            shrinkB=radius * POINTS_PER_UNIT + 2,
        )
        axes.add_patch(arrow)
        if count <= 30:
            (x1, y1), (x2, y2) = position[waiting], position[waited_for]
            # The arc bends to the right of the direction of travel: put the label there.
            mx, my = (x1 + x2) / 2 + 0.08 * (y2 - y1), (y1 + y2) / 2 - 0.08 * (x2 - x1)
            axes.text(
                mx,
                my,
                str(number),
                ha="center",
                va="center",
                fontsize=8,
                color=colour,
                bbox={"boxstyle": "round,pad=0.15", "facecolor": "white", "linewidth": 0},
            )
    for dept in departments:
        x, y = position[dept]
        axes.add_patch(Circle((x, y), radius, facecolor=colours[dept], edgecolor="white"))
        if count <= 60:
            axes.text(
                x,
                y,
                dept,
                ha="center",
                va="center",
                fontsize=max(4.0, min(10.0, 60 * radius)),
                color="white",
                fontweight="bold",
            )
    if not links:
        axes.text(0, 0, ov["no_dependencies"], ha="center", va="center", wrap=True)
    figure.text(0.5, 0.02, ov["dependency_legend"], ha="center", va="bottom", fontsize=8)
    return _png(figure)
