"""The plan's pictures, as PNG: the 12-year timeline (its initiatives as bars over the
workspace period, their milestones as markers, the four-year planning periods as bands) and
a small trend chart per indicator (baseline, measurements, the straight path to each target
value). The same bytes for the same plan: a Figure of fixed size and resolution (no pyplot
state), the bundled DejaVu fonts, and no "Software" or date in the PNG's metadata.

matplotlib is imported inside the functions: it is slow to import and only needed here. The
Figures are drawn on the canvas of internals/textcache.py (the fast path `text`, which keeps
each text's picture per process), or on matplotlib's own when that path is off.
"""

from __future__ import annotations

import warnings
from collections import OrderedDict
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from functools import cache
from typing import Any, NamedTuple

from sektorplan.internals.textcache import canvas_class, release
from sektorplan.model.periods import four_year_periods

Overlay = tuple[int, Any]  # a row of a picture, from the top, and the pixels laid there

WIDTH_INCHES = 6.3  # 16 cm, the text width of an A4 page in the Word template
ROW_INCHES = 0.34
LEGEND_INCHES = 0.3
DPI = 200
MAX_LABEL = 42
TICK_PAD = 3.5  # points between an axis and its labels, as matplotlib's ticks have
LAYOUT_PAD = 1.08  # font sizes around the picture's content, as matplotlib's tight_layout
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
STYLE = {
    "font.family": "DejaVu Sans",
    "font.size": 7.5,
    "text.parse_math": False,  # a "$" in a title is text, not mathematics
    "svg.hashsalt": "sektorplan",
    "axes.edgecolor": "#9AA5B1",
    "legend.frameon": False,
    "legend.fontsize": 7,
}

# The trend charts: many per plan, so small, at a low resolution, and one Figure for them
# all, its artists made once and set anew for each indicator. matplotlib's Axis and Legend
# objects (tick objects, layout passes) are slow to draw: the ticks and grid lines here are
# plain texts and lines, the legend a picture.
TREND_INCHES = (3.4, 1.9)  # shown 7.8 cm wide in Word: two side by side on the page
TREND_DPI = 130
COMPRESSION = 3  # zlib level: twice as fast as 4 to 6, the files 5 to 10 % larger
TREND_AXES = (0.16, 0.27, 0.81, 0.6)  # left, bottom, width, height: fixed, no layout pass
TREND_STYLE = {"font.size": 6.5, "axes.linewidth": 0.6}
Y_INTERVALS = 4  # at most, between the value labels
TREND_LEGEND_INCHES = 0.24  # the legend's height
TREND_LEGEND_Y = 0.08  # where its middle is: a figure fraction, as the sizes below
TREND_LEGEND_HANDLE = 0.07  # the sample of a line
TREND_LEGEND_TEXT = 0.085  # from an entry's start to its text
TREND_LEGEND_GAP = 0.05  # between entries
INK = "#1F2933"
MUTED = "#52606D"
MEASURED = "#0072B2"
TARGET = "#7B8794"
GRID = "#E4E7EB"
MAX_UNIT = 22
UNIT_LEFTMOST = -0.18  # axes fraction: the unit stays inside the picture
BASELINE_STYLE = {"linestyle": "none", "marker": "s", "markersize": 4, "color": INK, "zorder": 4}
MEASURED_STYLE = {"color": MEASURED, "linewidth": 1.4, "marker": "o", "markersize": 3, "zorder": 3}
TARGET_STYLE = {
    "color": TARGET,
    "linewidth": 1,
    "linestyle": (0, (4, 2)),
    "marker": "o",
    "markersize": 3.5,
    "markerfacecolor": "white",
    "zorder": 2,
}
LATEST_STYLE = {
    "linestyle": "none",
    "marker": "o",
    "markersize": 5.5,
    "markeredgecolor": INK,
    "markeredgewidth": 0.6,
    "zorder": 5,
}


@contextmanager
def drawing(style: dict[str, Any]) -> Iterator[None]:
    from matplotlib import rc_context

    with rc_context(style), warnings.catch_warnings():
        # Characters DejaVu lacks (emoji) are left out of the chart; the tables have them.
        warnings.simplefilter("ignore", UserWarning)
        yield


def new_figure(width: float, height: float, dpi: int) -> Any:
    from matplotlib.figure import Figure

    fig = Figure(figsize=(width, height), dpi=dpi)
    canvas_class()(fig)
    return fig


def png_bytes(
    fig: Any,
    compress_level: int = COMPRESSION,
    overlay: Overlay | None = None,
    *,
    again: bool = False,
) -> bytes:
    """The PNG of `fig` at its own resolution, with `overlay` (a row of the picture from the
    top, and pixels) laid over it. `compress_level` is zlib's.
    The pixels are let go of afterwards unless the Figure is to be drawn `again`.
    An opaque picture is written without its alpha channel: a quarter less to compress. No
    "Software" nor date in the PNG, only the resolution (`png.encode`)."""
    import numpy as np

    fig.canvas.draw()
    data = _encode(np.asarray(fig.canvas.buffer_rgba()), fig.dpi, compress_level, overlay)
    if not again:
        release(fig.canvas)
    return data


def _encode(pixels: Any, dpi: float, compress_level: int, overlay: Overlay | None) -> bytes:
    """The PNG of `pixels` (RGBA rows from the top), as `png_bytes` writes it. The pixels are a
    renderer's own, drawn anew each time: `overlay` is laid onto them."""
    from sektorplan.render.png import encode

    if overlay is not None:
        row, picture = overlay
        pixels[row : row + picture.shape[0], : picture.shape[1]] = picture
    # Opaque: each pixel's alpha, the high byte of its 4 bytes read little-endian, is 255.
    if pixels.view("<u4").min() >= 0xFF000000:
        pixels = pixels[:, :, :3]
    return encode(pixels, dpi, compress_level)


def _label(text: str) -> str:
    line = " ".join(text.split())
    return line if len(line) <= MAX_LABEL else line[: MAX_LABEL - 1].rstrip() + "…"


def timeline_png(
    initiatives: Sequence[dict[str, Any]], period: tuple[int, int], labels: dict[str, Any]
) -> bytes:
    """`initiatives` as in the render context (id, title, type, start, end, milestones);
    `period` is the workspace's (first year, last year); `labels` the document's labels."""
    with drawing(STYLE):
        return _timeline().draw(list(initiatives), period, labels)


@cache
def _timeline() -> _Timeline:
    return _Timeline()


def forget_kept_charts() -> None:
    """Forget the Figures kept per process, as a new worker process starts without them."""
    _timeline.cache_clear()
    trend_chart.cache_clear()


class _Timeline:
    """One Figure and Axes per process, emptied and drawn anew for each plan: making them
    took a fifth of a timeline's time.

    The years and the initiatives' names are plain texts beside the axes, not matplotlib's
    Axis ticks, and the axes are placed from the widest name, not by a layout pass: ticks
    and `tight_layout` took half the time a timeline took. The legend is drawn once per set
    of entries and laid over the picture. The artists are made for each plan and
    matplotlib draws them (`show`)."""

    def __init__(self) -> None:
        self.fig = new_figure(WIDTH_INCHES, 1.0 + ROW_INCHES, DPI)
        ax = self.ax = self.fig.add_axes((0, 0, 1, 1))  # placed in draw()
        ax.xaxis.set_visible(False)
        ax.yaxis.set_visible(False)
        for spine in ("top", "right", "left"):
            ax.spines[spine].set_visible(False)
        self.artists: list[Any] = []  # the last plan's, removed before the next
        self.legends: dict[tuple[Any, ...], Any] = {}

    def draw(
        self, rows: list[dict[str, Any]], period: tuple[int, int], labels: dict[str, Any]
    ) -> bytes:
        used = [t for t in TYPE_COLOURS if any(ini["type"] == t for ini in rows)]
        entries = tuple((TYPE_COLOURS[t], labels["types"][t]) for t in used)
        marked = labels["milestone"] if any(ini["milestones"] for ini in rows) else None
        legend = self._legend(entries, marked)
        self.show(rows, period)
        row = self.fig.canvas.get_width_height(physical=True)[1] - legend.shape[0]
        return png_bytes(self.fig, COMPRESSION, (row, legend), again=True)

    def show(self, rows: list[dict[str, Any]], period: tuple[int, int]) -> None:
        """Make the artists that show `rows` over `period`, for matplotlib to draw."""
        from matplotlib.collections import PolyCollection
        from matplotlib.transforms import offset_copy

        fig, ax = self.fig, self.ax
        for artist in self.artists:
            artist.remove()
        first, last = period
        height = _size(fig, ax, rows, period)
        added = self.artists = []
        for i, (a, b) in enumerate(four_year_periods(first, last)):
            if i % 2 == 0:
                added.append(_band(ax, a, b))
            span = f"{a}–{b}" if a != b else str(a)
            added.append(_span_text(ax, (a + b + 1) / 2, span))
        bars, colours = _bars(rows)
        if bars:
            collection = PolyCollection(bars, facecolors=colours, linewidths=0, zorder=2)
            added.append(ax.add_collection(collection, autolim=False))
        milestones = _milestones(rows)
        if milestones:
            xs, ys = zip(*milestones, strict=True)
            added += ax.plot(xs, ys, linestyle="none", zorder=3, **MILESTONE)
        # The labels TICK_PAD points from the axes, as matplotlib's tick labels are.
        below = offset_copy(ax.get_xaxis_transform(), fig, y=-TICK_PAD, units="points")
        years = [_year_text(ax, year + 0.5, str(year), below) for year in range(first, last + 1)]
        left = offset_copy(ax.get_yaxis_transform(), fig, x=-TICK_PAD, units="points")
        names = [_name_text(ax, y, _name(ini), left) for y, ini in enumerate(rows)]
        added += years + names
        # Measured with the axes where a new Figure has them, not where the last plan left
        # them: a text's extent is the difference of two positions, and its last bit
        # depends on where it stands (one pixel of a bar's end differed after another plan).
        ax.set_position((0, 0, 1, 1))
        renderer = fig.canvas.get_renderer()
        name_width = max((t.get_window_extent(renderer).width for t in names), default=0)
        _place(ax, name_width, years[0].get_window_extent(renderer).height, height)

    def _legend(self, entries: tuple[tuple[str, str], ...], milestone: str | None) -> Any:
        """The legend's strip at the bottom of the picture, as matplotlib's figure legend
        draws it there; kept for each set of entries."""
        key = (entries, milestone)
        if key not in self.legends:
            import numpy as np
            from matplotlib.lines import Line2D
            from matplotlib.patches import Patch

            strip = new_figure(WIDTH_INCHES, LEGEND_INCHES, DPI)
            handles: list[Any] = [Patch(color=colour, label=text) for colour, text in entries]
            if milestone is not None:
                handles.append(Line2D([], [], linestyle="none", label=milestone, **MILESTONE))
            strip.legend(handles=handles, loc="lower center", ncol=max(len(handles), 1))
            strip.canvas.draw()
            self.legends[key] = np.asarray(strip.canvas.buffer_rgba()).copy()
        return self.legends[key]


# A timeline's parts.


def _size(fig: Any, ax: Any, rows: list[dict[str, Any]], period: tuple[int, int]) -> float:
    """Size the Figure and set the axes' limits for `rows` over `period`; the height."""
    height = 1.0 + ROW_INCHES * max(len(rows), 1)
    fig.set_size_inches(WIDTH_INCHES, height)
    ax.set_xlim(period[0], period[1] + 1)
    ax.set_ylim(len(rows) - 0.4, -1.4)
    return height


def _place(ax: Any, name_width: float, year_height: float, height: float) -> None:
    """The margins tight_layout would give: the widest name and the years' height (pixels),
    a pad around them, the legend's strip at the bottom."""
    pad = LAYOUT_PAD * STYLE["font.size"] / 72
    x0 = (pad + name_width / DPI + TICK_PAD / 72) / WIDTH_INCHES
    y0 = (LEGEND_INCHES + pad + year_height / DPI + TICK_PAD / 72) / height
    ax.set_position((x0, y0, 1 - pad / WIDTH_INCHES - x0, 1 - pad / height - y0))


def _band(ax: Any, a: int, b: int) -> Any:
    return ax.axvspan(a, b + 1, color=BAND, zorder=0, linewidth=0)


def _span_text(ax: Any, x: float, s: str) -> Any:
    return ax.text(x, -0.9, s, ha="center", va="center", color=MUTED)


def _year_text(ax: Any, x: float, s: str, below: Any) -> Any:
    return ax.text(x, 0, s, transform=below, ha="center", va="top")


def _name_text(ax: Any, y: float, s: str, left: Any) -> Any:
    return ax.text(0, y, s, transform=left, ha="right", va="center_baseline")


def _name(ini: dict[str, Any]) -> str:
    return _label(f"{ini['id']} {ini['title']}")


def _bars(rows: list[dict[str, Any]]) -> tuple[list[list[tuple[float, float]]], list[str]]:
    bars = [
        [(ini["start"], y - 0.28), (ini["end"] + 1, y - 0.28), (ini["end"] + 1, y + 0.28),
         (ini["start"], y + 0.28)]
        for y, ini in enumerate(rows)
    ]  # fmt: skip
    return bars, [TYPE_COLOURS.get(ini["type"], "#7F7F7F") for ini in rows]


def _milestones(rows: list[dict[str, Any]]) -> list[tuple[float, int]]:
    return [(m["year"] + 0.5, y) for y, ini in enumerate(rows) for m in ini["milestones"]]


def trend_pngs(
    indicators: Sequence[dict[str, Any]],
    labels: dict[str, Any],
    number: Callable[[float], str],
    measured_colour: str = MEASURED,
) -> dict[str, bytes]:
    """One trend chart per indicator, by id. `indicators` as in the render context (id,
    unit, status, series); `labels` the document's labels; `number` writes a tick value in
    the document's form (`1.250`, `0,5`); `measured_colour` the measurements' line (the
    workspace's accent colour)."""
    pngs = {}
    with drawing({**STYLE, **TREND_STYLE}):
        chart = trend_chart(
            labels["baseline"], labels["measurements"], labels["targets"], measured_colour
        )
        for ind in indicators:
            pngs[ind["id"]] = chart.png(ind, number)
    return pngs


@cache
def trend_chart(
    baseline: str, measurements: str, targets: str, measured: str = MEASURED
) -> _TrendChart:
    """One chart per process, legend and colour: making its Figure, Axes and legend took as
    long as drawing two charts."""
    labels = {"baseline": baseline, "measurements": measurements, "targets": targets}
    return _TrendChart(labels, measured)


class _Frame(NamedTuple):
    """What a trend chart shows of an indicator."""

    title: str
    status: dict[str, str]  # text, colour, text_colour
    unit: str
    unit_x: float  # the unit's middle, an axes fraction
    base: tuple[float, float]  # (year, value)
    targets: list[tuple[float, float]]
    measured: list[tuple[float, float]]
    xlim: tuple[float, float]
    ylim: tuple[float, float]
    years: list[int]  # labelled under the axis
    ticks: list[tuple[float, str]]  # values with a grid line and a label


# How many trend charts each chart keeps: more than a plan has, so that the same plan in its
# next language (rendered right after it, build/pool.py's bundles) finds them.
KEPT_TREND_PNGS = 64


class _TrendChart:
    """One Figure, its artists made once and set anew for each indicator; matplotlib
    draws them."""

    def __init__(self, labels: dict[str, str], measured: str = MEASURED) -> None:
        from matplotlib.ticker import MaxNLocator

        self.measured_style = {**MEASURED_STYLE, "color": measured}
        self.locator = MaxNLocator(nbins=Y_INTERVALS)
        self.fig = new_figure(*TREND_INCHES, TREND_DPI)
        ax = self.ax = self.fig.add_axes(TREND_AXES)
        ax.xaxis.set_visible(False)
        ax.yaxis.set_visible(False)
        for spine in ("top", "right"):
            ax.spines[spine].set_visible(False)
        # Both lines start at the baseline: the target path as the method's required rate
        # does, the measurements as the observed rate does. Markers only on their own points.
        (self.targets,) = ax.plot([], [], **TARGET_STYLE)
        (self.measured,) = ax.plot([], [], **self.measured_style)
        (self.latest,) = ax.plot([], [], **LATEST_STYLE)
        (self.baseline,) = ax.plot([], [], **BASELINE_STYLE)
        self.title = ax.text(0, 1.04, "", transform=ax.transAxes, va="bottom", fontsize=7,
                             fontweight="bold")  # fmt: skip
        self.status = self._status_text(1, 1.04, ax.transAxes)
        self.unit = ax.text(-0.14, 0.5, "", transform=ax.transAxes, rotation=90, ha="center",
                            va="center", color=MUTED)  # fmt: skip
        self.x_labels: list[Any] = []
        self.y_labels: list[Any] = []
        self.grid: list[Any] = []
        self.legends = self._legends(labels)
        # The last charts drawn, by everything they show: a plan's charts in its second
        # language are mostly the same pixels (the texts in them fell back, or are numbers).
        self.kept: OrderedDict[str, bytes] = OrderedDict()

    def png(self, ind: dict[str, Any], number: Callable[[float], str]) -> bytes:
        """The chart of `ind`, with its legend, as PNG."""
        frame = self.frame(ind, number)
        key = repr(frame)  # every text and number the chart shows (the legend is this chart's)
        kept = self.kept.get(key)
        if kept is not None:
            self.kept.move_to_end(key)
            return kept
        overlay = self.legends[bool(frame.measured)]
        self.show(frame)
        data = png_bytes(self.fig, COMPRESSION, overlay, again=True)
        self.kept[key] = data
        if len(self.kept) > KEPT_TREND_PNGS:
            self.kept.popitem(last=False)
        return data

    def frame(self, ind: dict[str, Any], number: Callable[[float], str]) -> _Frame:
        series, status = ind["series"], ind["status"]
        base = (series["baseline"]["year"], series["baseline"]["value"])
        targets = [(p["year"], p["value"]) for p in series["targets"]]
        measured = [(p["year"], p["value"]) for p in series["measurements"]]
        unit = " ".join(ind["unit"].split())
        years = sorted({base[0], *(y for y, _ in targets)})
        first = min([years[0], *(y for y, _ in measured)])
        last = max([years[-1], *(y for y, _ in measured)])
        values = [v for _, v in (base, *targets, *measured)]
        low, high = min(values), max(values)
        pad = (high - low) * 0.18 or max(abs(high) * 0.1, 1)
        ticks = self._y_ticks(low - pad, high + pad, number)
        # A character's width estimated (DejaVu's digits are 0.64 em), not measured: a
        # measurement costs a layout pass. The unit beside the widest value.
        em = TREND_STYLE["font.size"] / 72 / (TREND_INCHES[0] * TREND_AXES[2])
        widest = max((len(label) for _, label in ticks), default=0)
        return _Frame(
            title=ind["id"],
            status=status,
            unit=unit if len(unit) <= MAX_UNIT else unit[: MAX_UNIT - 1] + "…",
            unit_x=max(-0.05 - widest * 0.64 * em - em, UNIT_LEFTMOST),
            base=base,
            targets=targets,
            measured=measured,
            # As set_xlim and set_ylim keep them.
            xlim=self.ax.xaxis.get_major_locator().nonsingular(first - 0.6, last + 0.6),
            ylim=self.ax.yaxis.get_major_locator().nonsingular(low - pad, high + pad),
            years=years,
            ticks=ticks,
        )

    def _y_ticks(
        self, low: float, high: float, number: Callable[[float], str]
    ) -> list[tuple[float, str]]:
        """Round values with a grid line each, as matplotlib's own axis would choose them."""
        ticks = [float(v) for v in self.locator.tick_values(low, high) if low <= v <= high]
        return [(value, number(round(value, 9))) for value in ticks]

    def show(self, frame: _Frame) -> None:
        """Set the artists to show `frame`, for matplotlib to draw."""
        self.baseline.set_data([frame.base[0]], [frame.base[1]])
        _set_line(self.targets, [frame.base, *frame.targets])
        _set_line(self.measured, [frame.base, *frame.measured])
        self.measured.set_visible(bool(frame.measured))
        self.latest.set_visible(bool(frame.measured))
        if frame.measured:
            self.latest.set_data([frame.measured[-1][0]], [frame.measured[-1][1]])
            self.latest.set_markerfacecolor(frame.status["colour"])
        self.title.set_text(frame.title)
        self.status.set_text(frame.status["text"])
        self.status.set_color(frame.status["text_colour"])
        self.status.get_bbox_patch().set_facecolor(frame.status["colour"])
        self.unit.set_text(frame.unit)
        self.unit.set_x(frame.unit_x)
        self.ax.set_xlim(*frame.xlim)
        self.ax.set_ylim(*frame.ylim)
        # The baseline and target years under the axis.
        x_labels = _pool(self.x_labels, len(frame.years), self._x_label)
        for text, year in zip(x_labels, frame.years, strict=True):
            text.set_x(year)
            text.set_text(str(year))
        y_labels = _pool(self.y_labels, len(frame.ticks), self._y_label)
        lines = _pool(self.grid, len(frame.ticks), self._grid_line)
        for text, line, (value, label) in zip(y_labels, lines, frame.ticks, strict=True):
            text.set_y(value)
            text.set_text(label)
            line.set_ydata([value, value])

    def _status_text(self, x: float, y: float, transform: Any) -> Any:
        # The status as in the document's table: its colour behind a text that reads on it.
        return self.ax.text(x, y, "", transform=transform, ha="right", va="bottom",
                            bbox={"edgecolor": "none", "boxstyle": "round,pad=0.25"})  # fmt: skip

    def _x_label(self) -> Any:
        ax = self.ax
        return ax.text(0, -0.05, "", transform=ax.get_xaxis_transform(), ha="center", va="top")

    def _y_label(self) -> Any:
        ax = self.ax
        return ax.text(-0.02, 0, "", transform=ax.get_yaxis_transform(), ha="right", va="center")

    def _grid_line(self) -> Any:
        ax = self.ax
        transform = ax.get_yaxis_transform()
        return ax.plot([0, 1], [0, 0], transform=transform, color=GRID, linewidth=0.6, zorder=0.5)[
            0
        ]

    def _legends(self, labels: dict[str, str]) -> dict[bool, Overlay]:
        """The legend, with and without measurements, each drawn once as a picture and
        laid over every chart: it is the same in all of them, and its texts took a fifth of
        the time a chart took."""
        import numpy as np
        from matplotlib.lines import Line2D

        strip = new_figure(TREND_INCHES[0], TREND_LEGEND_INCHES, TREND_DPI)
        entries = {}
        for key, style in (
            ("baseline", BASELINE_STYLE),
            ("measurements", self.measured_style),
            ("targets", TARGET_STYLE),
        ):
            line = Line2D([0, 0, 0], [0.5] * 3, transform=strip.transFigure, markevery=[1],
                          **style)  # fmt: skip
            strip.add_artist(line)
            entries[key] = (line, strip.text(0, 0.5, labels[key], va="center_baseline"))
        renderer = strip.canvas.get_renderer()
        widths = {
            key: TREND_LEGEND_TEXT + text.get_window_extent(renderer).width / strip.bbox.width
            for key, (_, text) in entries.items()
        }
        legends = {}
        for measured in (True, False):
            keys = ["baseline", "measurements", "targets"] if measured else ["baseline", "targets"]
            # In a row, centred under the chart.
            x = 0.5 - (sum(widths[k] for k in keys) + TREND_LEGEND_GAP * (len(keys) - 1)) / 2
            for key, (line, text) in entries.items():
                line.set_visible(key in keys)
                text.set_visible(key in keys)
                if key in keys:
                    line.set_xdata([x, x + TREND_LEGEND_HANDLE / 2, x + TREND_LEGEND_HANDLE])
                    text.set_x(x + TREND_LEGEND_TEXT)
                    x += widths[key] + TREND_LEGEND_GAP
            strip.canvas.draw()
            pixels = np.asarray(strip.canvas.buffer_rgba()).copy()
            middle = (1 - TREND_LEGEND_Y) * self.fig.bbox.height  # from the top
            legends[measured] = (round(middle - pixels.shape[0] / 2), pixels)
        return legends


def _pool(items: list[Any], count: int, make: Callable[[], Any]) -> list[Any]:
    """The first `count` of `items` (made as needed), shown; the rest hidden."""
    while len(items) < count:
        items.append(make())
    for i, item in enumerate(items):
        item.set_visible(i < count)
    return items[:count]


def _set_line(line: Any, points: list[tuple[int, float]]) -> None:
    """`line` through `points`, with a marker on each point but the first (the baseline)."""
    line.set_data([x for x, _ in points], [y for _, y in points])
    line.set_markevery(list(range(1, len(points))))
