"""A map of Kommuneqarfik Sermersooq: its towns and settlements with their initiatives.

Two outputs of the same drawing:

* :func:`map_svg` - SVG text for the website/HTML (accessible: ``role="img"`` with
  ``<title>`` and ``<desc>``; a tooltip ``<title>`` on every marker). A text that fell back
  to another language than the page's (``i18n.Fallback``: the title, the description, the
  words of a tooltip) gets that language on its element, ``lang`` and ``xml:lang``;
* :func:`map_png` - a PNG drawn with matplotlib (Agg) for Word documents.

Both are deterministic: the same input gives the same bytes (numbers are rounded, nothing
depends on time, and the PNG carries no "Software" tag).

Geography
---------
The coastline is ``sektorplan/data/kyst.json``: a list of rings of ``[lon, lat]`` cut from
Natural Earth's 1:10m land and simplified (see ``scripts/make_coast.py`` and
``data/SOURCE.md``). Natural Earth asks
for the attribution printed at the foot of the map.

Projection: Lambert azimuthal equal-area on a sphere, centred at 66 N, 40 W (see
:class:`Projection`). Over 60-72 N it keeps shapes close to what a reader knows from maps
of Greenland (meridians converging northwards) without the east-west stretching of a plain
lon/lat plot, and the west coast (Nuuk, about 52 W) and the east coast (Tasiilaq 38 W,
Ittoqqortoormiit 22 W) both fit in one frame: the whole southern half of Greenland from
about 59.6 to 71.6 N.

The six places around Tasiilaq lie within about 60 km of each other, so they are drawn
once more, larger, in an inset (:data:`AMMASSALIK`); on the main map they keep their
markers but their names are written in the inset only.

matplotlib is imported only inside :func:`map_png`.
"""

from __future__ import annotations

import html
import json
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import IO, Any

from sektorplan.i18n import Fallback

ATTRIBUTION = "Made with Natural Earth. Free vector and raster map data @ naturalearthdata.com."
COAST_FILE = "kyst.json"
EARTH_RADIUS_KM = 6371.0

PRIMARY = "#1F4E79"
SEA = "#EEF3F8"
LAND = "#D4D7DB"
COAST = "#A9AFB7"
TEXT = "#1A1A1A"
MUTED_TEXT = "#4A4F55"
PAPER = "#FFFFFF"
HALO = "#FFFFFF"

# The frame: everything between these parallels and meridians is on the map.
FRAME_LAT = (59.6, 71.6)
FRAME_LON = (-55.5, -19.5)

Ring = list[tuple[float, float]]


@dataclass(frozen=True)
class MapPlace:
    """A town or settlement as the map needs it.

    ``lat``/``lon`` in decimal degrees (north and east positive, so Greenland's longitudes
    are negative); ``None`` when the place has no known position (it is then left out).
    ``count`` is the number of initiatives, ``construction_total`` a preformatted amount
    such as ``"12.500.000 kr."`` (shown in the tooltip only).
    """

    id: str
    name: str
    lat: float | None
    lon: float | None
    count: int = 0
    construction_total: str = ""


@dataclass(frozen=True)
class MapTexts:
    """The words on the map (Danish by default)."""

    initiative: str = "initiativ"
    initiatives: str = "initiativer"
    none: str = "Ingen initiativer"
    construction: str = "anlægsudgifter"
    inset_title: str = "Tasiilaq-området"
    legend_title: str = "Initiativer"


@dataclass(frozen=True)
class Inset:
    """A part of the map drawn again, larger, in a corner of the frame."""

    lon_min: float
    lon_max: float
    lat_min: float
    lat_max: float
    width_share: float = 0.40  # of the map's width


AMMASSALIK = Inset(lon_min=-39.45, lon_max=-35.95, lat_min=65.42, lat_max=66.05)


@dataclass(frozen=True)
class Projection:
    """Spherical Lambert azimuthal equal-area projection, in kilometres.

    ``x`` grows eastwards and ``y`` northwards from the centre (``lat0``, ``lon0``)::

        k = sqrt(2 / (1 + sin(lat0) sin(lat) + cos(lat0) cos(lat) cos(lon - lon0)))
        x = R k cos(lat) sin(lon - lon0)
        y = R k (cos(lat0) sin(lat) - sin(lat0) cos(lat) cos(lon - lon0))
    """

    lat0: float = 66.0
    lon0: float = -40.0

    def __call__(self, lon: float, lat: float) -> tuple[float, float]:
        phi, phi0 = math.radians(lat), math.radians(self.lat0)
        dlam = math.radians(lon - self.lon0)
        cos_c = math.sin(phi0) * math.sin(phi) + math.cos(phi0) * math.cos(phi) * math.cos(dlam)
        k = math.sqrt(2.0 / (1.0 + cos_c))
        x = EARTH_RADIUS_KM * k * math.cos(phi) * math.sin(dlam)
        y = (
            EARTH_RADIUS_KM
            * k
            * (math.cos(phi0) * math.sin(phi) - math.sin(phi0) * math.cos(phi) * math.cos(dlam))
        )
        return x, y


# --- the coastline -------------------------------------------------------------------------


def _default_coast() -> Traversable:
    return resources.files("sektorplan").joinpath("data", COAST_FILE)


def load_coast(source: Traversable | Path | str | None = None) -> list[Ring]:
    """The coastline rings (``[(lon, lat), ...]``) from ``source`` or the package data."""
    if source is None:
        return list(_cached_default_coast())
    return _parse_coast(
        Path(source).read_text(encoding="utf-8")
        if isinstance(source, str)
        else source.read_text(encoding="utf-8")
    )


@lru_cache(maxsize=1)
def _cached_default_coast() -> tuple[Ring, ...]:
    return tuple(_parse_coast(_default_coast().read_text(encoding="utf-8")))


def _parse_coast(text: str) -> list[Ring]:
    rings = json.loads(text)
    return [[(float(lon), float(lat)) for lon, lat in ring] for ring in rings]


# --- the drawing, independent of the output format -----------------------------------------


@dataclass
class _Circle:
    x: float
    y: float
    r: float
    hollow: bool
    tooltip: str
    place_id: str
    lang: str | None = None  # the tooltip's language, when it fell back to another one


@dataclass
class _Label:
    x: float
    y: float  # baseline
    text: str
    size: float
    anchor: str  # "start" | "middle" | "end"
    colour: str = TEXT
    bold: bool = False
    halo: bool = True


@dataclass
class _Panel:
    """The main map or the inset: a rectangle in pixels, and what is drawn in it."""

    box: tuple[float, float, float, float]  # x0, y0, x1, y1 (pixels, y down)
    land: list[list[tuple[float, float]]] = field(default_factory=list)
    land_path: str = ""  # the land as SVG path data
    circles: list[_Circle] = field(default_factory=list)
    labels: list[_Label] = field(default_factory=list)
    framed: bool = False


@dataclass
class _Drawing:
    width: float
    height: float
    map_height: float
    panels: list[_Panel]
    lines: list[tuple[float, float, float, float]]  # leader lines
    rects: list[tuple[float, float, float, float]]  # outlines on the main map
    texts: list[_Label]  # legend and attribution
    legend: list[_Circle]
    legend_box: tuple[float, float, float, float] | None
    primary: str
    sea: str
    land: str
    coast: str


def _plural(count: int, texts: MapTexts) -> str:
    return f"{count} {texts.initiative if count == 1 else texts.initiatives}"


def _tooltip(place: MapPlace, texts: MapTexts) -> str:
    parts = [f"{place.name}: {_plural(place.count, texts)}"]
    if place.construction_total:
        parts.append(f"{texts.construction} {place.construction_total}")
    return ", ".join(parts)


def _tooltip_language(place: MapPlace, texts: MapTexts) -> str | None:
    """The language of a tooltip whose words fell back to another one (the place's name is
    a name in any language): None when they are in the page's own."""
    words = [texts.initiative if place.count == 1 else texts.initiatives]
    if place.construction_total:
        words.append(texts.construction)
    return next((w.lang for w in words if isinstance(w, Fallback)), None)


def _lang(text: str | None) -> str:
    """`lang` and `xml:lang` for an element whose text fell back to another language."""
    lang = text.lang if isinstance(text, Fallback) else None
    return _lang_attributes(lang)


def _lang_attributes(lang: str | None) -> str:
    return f' lang="{_esc(lang)}" xml:lang="{_esc(lang)}"' if lang else ""


def marker_radius(count: int, max_count: int, scale: float = 1.0) -> float:
    """The marker's radius in pixels: its area grows with ``count`` (0 gives a small dot).

    ``r = 4 + 14 * sqrt(count / max_count)`` (times ``scale``) for ``count > 0``, and 3 for
    ``count == 0``: strictly growing with ``count`` for a given ``max_count``.
    """
    if count <= 0:
        return 3.0 * scale
    top = max(max_count, count, 1)
    return (4.0 + 14.0 * math.sqrt(count / top)) * scale


def _text_width(text: str, size: float) -> float:
    return 0.62 * size * len(text) + 2.0


def _bbox_overlap(
    a: tuple[float, float, float, float], b: tuple[float, float, float, float]
) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _label_box(label: _Label) -> tuple[float, float, float, float]:
    w = _text_width(label.text, label.size)
    x0 = {"start": label.x, "middle": label.x - w / 2, "end": label.x - w}[label.anchor]
    return (x0 - 1, label.y - 0.8 * label.size, x0 + w + 1, label.y + 0.25 * label.size)


def _place_labels(
    panel: _Panel,
    places: Sequence[tuple[MapPlace, _Circle]],
    size: float,
    west_first: bool,
    avoid: Sequence[tuple[float, float, float, float]] = (),
) -> None:
    """Put each name beside its marker where it overlaps no other name or marker.

    Candidates (right, left, above, below, then the diagonals) are tried in order; west of
    the projection's centre the left side comes first (the names go out over the sea).
    The first candidate that fits is taken, else the first one. Crude but deterministic.
    """
    taken: list[tuple[float, float, float, float]] = list(avoid)
    for _, c in places:
        pad = 1.0
        taken.append((c.x - c.r - pad, c.y - c.r - pad, c.x + c.r + pad, c.y + c.r + pad))
    x0, y0, x1, y1 = panel.box
    for place, c in places:
        gap = c.r + 3.0
        right = _Label(c.x + gap, c.y + size * 0.35, place.name, size, "start")
        left = _Label(c.x - gap, c.y + size * 0.35, place.name, size, "end")
        above = _Label(c.x, c.y - gap - 1, place.name, size, "middle")
        below = _Label(c.x, c.y + gap + size * 0.8, place.name, size, "middle")
        d = gap * 0.75
        diagonals = [
            _Label(c.x + d, c.y - d, place.name, size, "start"),
            _Label(c.x - d, c.y - d, place.name, size, "end"),
            _Label(c.x + d, c.y + d + size * 0.7, place.name, size, "start"),
            _Label(c.x - d, c.y + d + size * 0.7, place.name, size, "end"),
        ]
        west = west_first and c.x < (x0 + x1) / 2 * 0.9
        candidates = [left, right] if west else [right, left]
        candidates += [above, below, *diagonals]
        own = (c.x - c.r - 1, c.y - c.r - 1, c.x + c.r + 1, c.y + c.r + 1)
        chosen = candidates[0]
        for cand in candidates:
            box = _label_box(cand)
            inside = box[0] >= x0 + 2 and box[2] <= x1 - 2 and box[1] >= y0 + 2 and box[3] <= y1 - 2
            if inside and not any(_bbox_overlap(box, t) for t in taken if t != own):
                chosen = cand
                break
        panel.labels.append(chosen)
        taken.append(_label_box(chosen))


def _frame_points(projection: Projection) -> list[tuple[float, float]]:
    (lat_a, lat_b), (lon_a, lon_b) = FRAME_LAT, FRAME_LON
    pts = []
    steps = 24
    for i in range(steps + 1):
        lon = lon_a + (lon_b - lon_a) * i / steps
        pts += [projection(lon, lat_a), projection(lon, lat_b)]
        lat = lat_a + (lat_b - lat_a) * i / steps
        pts += [projection(lon_a, lat), projection(lon_b, lat)]
    return pts


def _clip_ring(
    ring: list[tuple[float, float]], box: tuple[float, float, float, float]
) -> list[tuple[float, float]]:
    """Sutherland-Hodgman: the part of a polygon ring inside an axis-parallel box."""
    points = list(ring)
    # (axis, bound, keep the side >= bound?) for the four sides of the box
    for axis, bound, above in (
        (0, box[0], True),
        (0, box[2], False),
        (1, box[1], True),
        (1, box[3], False),
    ):
        if not points:
            break

        def inside(
            p: tuple[float, float], axis: int = axis, bound: float = bound, above: bool = above
        ) -> bool:
            return p[axis] >= bound if above else p[axis] <= bound

        def cut(
            a: tuple[float, float], b: tuple[float, float], axis: int = axis, bound: float = bound
        ) -> tuple[float, float]:
            t = (bound - a[axis]) / (b[axis] - a[axis])
            q = (a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t)
            return (bound, q[1]) if axis == 0 else (q[0], bound)

        kept: list[tuple[float, float]] = []
        prev = points[-1]
        for cur in points:
            if inside(cur):
                if not inside(prev):
                    kept.append(cut(prev, cur))
                kept.append(cur)
            elif inside(prev):
                kept.append(cut(prev, cur))
            prev = cur
        points = kept
    return points


def _rings_in_box(
    rings: Iterable[list[tuple[float, float]]], box: tuple[float, float, float, float]
) -> list[list[tuple[float, float]]]:
    """The rings cut to ``box`` grown by 4 pixels (the cut edges fall outside the panel)."""
    grown = (box[0] - 4, box[1] - 4, box[2] + 4, box[3] + 4)
    out = []
    for ring in rings:
        xs = [p[0] for p in ring]
        ys = [p[1] for p in ring]
        if max(xs) < grown[0] or min(xs) > grown[2] or max(ys) < grown[1] or min(ys) > grown[3]:
            continue
        inside = min(xs) >= grown[0] and max(xs) <= grown[2]
        inside = inside and min(ys) >= grown[1] and max(ys) <= grown[3]
        clipped = ring if inside else _clip_ring(ring, grown)
        if len(clipped) >= 3:
            out.append(clipped)
    return out


def _legend(
    max_count: int, texts: MapTexts, ui: float, fs: float, *, right: float, bottom: float
) -> tuple[list[_Circle], list[_Label], tuple[float, float, float, float]]:
    """The marker sizes explained: no initiatives, one, and the most on the map."""
    entries: list[tuple[int, str]] = [(0, texts.none)]
    if max_count > 1:
        entries.append((1, _plural(1, texts)))
    if max_count > 0:
        entries.append((max_count, _plural(max_count, texts)))
    radii = [marker_radius(count, max_count, ui) for count, _ in entries]
    row_heights = [max(2 * r + 4 * ui, fs + 4 * ui) for r in radii]
    max_r = max(radii)
    box_w = 2 * max_r + 18 * ui + max(_text_width(t, fs) for _, t in entries)
    box_w = max(box_w, _text_width(texts.legend_title, fs) + 12 * ui)
    box_h = sum(row_heights) + fs + 12 * ui
    x0, y0 = right - box_w, bottom - box_h
    circles: list[_Circle] = []
    labels = [
        _Label(
            x0 + 6 * ui,
            y0 + fs + 3 * ui,
            texts.legend_title,
            fs,
            "start",
            TEXT,
            bold=True,
            halo=False,
        )
    ]
    cy = y0 + fs + 8 * ui
    for (count, text), r, rh in zip(entries, radii, row_heights, strict=True):
        mid = cy + rh / 2
        cx = x0 + 6 * ui + max_r
        circles.append(_Circle(cx, mid, round(r, 1), count <= 0, text, f"legend-{count}"))
        labels.append(
            _Label(cx + max_r + 6 * ui, mid + fs * 0.35, text, fs, "start", TEXT, halo=False)
        )
        cy += rh
    return circles, labels, (x0, y0, right, bottom)


Transform = tuple[float, float, float, float, float]  # ox, oy, x0, y1, scale


def _land(
    rings: Sequence[Ring] | None,
    projection: Projection,
    transform: Transform,
    box: tuple[float, float, float, float],
) -> tuple[list[list[tuple[float, float]]], str]:
    """The coast's rings in pixels (x = ox + (x - x0) scale, y = oy + (y1 - y) scale), cut to
    `box`, and as SVG path data. The package's coastline is projected once per process and
    its pixels kept per transform: every map of a site shows the same coast."""
    if rings is None:
        return _default_land(projection, transform, box)
    return _land_of(_projected(rings, projection), transform, box)


@lru_cache(maxsize=4)
def _default_projected(projection: Projection) -> list[list[tuple[float, float]]]:
    return _projected(load_coast(), projection)


@lru_cache(maxsize=16)
def _default_land(
    projection: Projection, transform: Transform, box: tuple[float, float, float, float]
) -> tuple[list[list[tuple[float, float]]], str]:
    return _land_of(_default_projected(projection), transform, box)


def _projected(rings: Iterable[Ring], projection: Projection) -> list[list[tuple[float, float]]]:
    return [[projection(lon, lat) for lon, lat in ring] for ring in rings]


def _land_of(
    projected: list[list[tuple[float, float]]],
    transform: Transform,
    box: tuple[float, float, float, float],
) -> tuple[list[list[tuple[float, float]]], str]:
    ox, oy, x0, y1, scale = transform
    pixels = [
        [(ox + (x - x0) * scale, oy + (y1 - y) * scale) for x, y in ring] for ring in projected
    ]
    land = _rings_in_box(pixels, box)
    return land, _path_data(land)


def _layout(
    places: Sequence[MapPlace],
    *,
    width: float,
    primary: str,
    sea: str,
    land: str,
    coast: str,
    texts: MapTexts,
    inset: Inset | None,
    coast_rings: Sequence[Ring] | None,
    projection: Projection,
) -> _Drawing:
    located = [p for p in places if p.lat is not None and p.lon is not None]

    pts = _frame_points(projection)
    pts += [projection(p.lon, p.lat) for p in located]  # type: ignore[arg-type]
    xmin, xmax = min(p[0] for p in pts), max(p[0] for p in pts)
    ymin, ymax = min(p[1] for p in pts), max(p[1] for p in pts)
    scale = width / (xmax - xmin)
    map_height = (ymax - ymin) * scale
    footer = 18.0
    height = map_height + footer
    ui = width / 800.0  # sizes of marks and text follow the width

    def px(lon: float, lat: float) -> tuple[float, float]:
        x, y = projection(lon, lat)
        return ((x - xmin) * scale, (ymax - y) * scale)

    main = _Panel(box=(0.0, 0.0, width, map_height))
    main.land, main.land_path = _land(
        coast_rings, projection, (0.0, 0.0, xmin, ymax, scale), main.box
    )

    max_count = max((p.count for p in located), default=0)
    in_inset: set[str] = set()
    if inset is not None:
        in_inset = {
            p.id
            for p in located
            if inset.lon_min <= p.lon <= inset.lon_max  # type: ignore[operator]
            and inset.lat_min <= p.lat <= inset.lat_max  # type: ignore[operator]
        }
        if len(in_inset) < 2:  # nothing crowded there: no inset
            in_inset = set()

    def circle(p: MapPlace, x: float, y: float, s: float) -> _Circle:
        return _Circle(
            x,
            y,
            round(marker_radius(p.count, max_count, s), 1),
            p.count <= 0,
            _tooltip(p, texts),
            p.id,
            _tooltip_language(p, texts),
        )

    main_pairs = []
    for p in located:
        x, y = px(p.lon, p.lat)  # type: ignore[arg-type]
        main_pairs.append((p, circle(p, x, y, ui)))
    main.circles = [c for _, c in main_pairs]

    panels = [main]
    lines: list[tuple[float, float, float, float]] = []
    rects: list[tuple[float, float, float, float]] = []
    avoid: list[tuple[float, float, float, float]] = []

    legend_texts: list[_Label] = []
    fs = 11.0 * ui
    margin = 10.0 * ui
    legend_bottom = map_height - margin  # the inset, if any, moves it up

    if in_inset and inset is not None:
        corners = [
            projection(lon, lat)
            for lon in (inset.lon_min, inset.lon_max)
            for lat in (inset.lat_min, inset.lat_max)
        ]
        corners += [projection((inset.lon_min + inset.lon_max) / 2, inset.lat_max)]
        ixmin, ixmax = min(c[0] for c in corners), max(c[0] for c in corners)
        iymin, iymax = min(c[1] for c in corners), max(c[1] for c in corners)
        iw = width * inset.width_share
        iscale = iw / (ixmax - ixmin)
        ih = (iymax - iymin) * iscale
        title_h = 16.0 * ui
        bx1, by1 = width - margin, map_height - margin
        bx0, by0 = bx1 - iw, by1 - ih - title_h
        box = (bx0, by0 + title_h, bx1, by1)

        def ipx(lon: float, lat: float) -> tuple[float, float]:
            x, y = projection(lon, lat)
            return (bx0 + (x - ixmin) * iscale, by0 + title_h + (iymax - y) * iscale)

        inner = _Panel(box=box, framed=True)
        inner.land, inner.land_path = _land(
            coast_rings, projection, (bx0, by0 + title_h, ixmin, iymax, iscale), box
        )
        inner_pairs = []
        for p in located:
            if p.id in in_inset:
                x, y = ipx(p.lon, p.lat)  # type: ignore[arg-type]
                inner_pairs.append((p, circle(p, x, y, ui)))
        inner.circles = [c for _, c in inner_pairs]
        _place_labels(inner, inner_pairs, 11.5 * ui, west_first=False)
        legend_texts.append(
            _Label(
                bx0 + 6 * ui,
                by0 + title_h - 4.5 * ui,
                texts.inset_title,
                fs,
                "start",
                TEXT,
                bold=True,
                halo=False,
            )
        )
        panels.append(inner)
        # The inset's area outlined on the main map, with a line to the inset.
        mc = [
            px(lon, lat)
            for lon in (inset.lon_min, inset.lon_max)
            for lat in (inset.lat_min, inset.lat_max)
        ]
        rx0, rx1 = min(c[0] for c in mc), max(c[0] for c in mc)
        ry0, ry1 = min(c[1] for c in mc), max(c[1] for c in mc)
        rects.append((rx0, ry0, rx1, ry1))
        lines.append(((rx0 + rx1) / 2, ry1, (bx0 + bx1) / 2, by0))
        avoid += [(bx0, by0, bx1, by1), (rx0 - 2, ry0 - 2, rx1 + 2, ry1 + 2)]
        legend_bottom = by0 - 8.0 * ui

    # Legend: right-hand side, over the Irminger Sea (above the inset).
    legend, legend_more, legend_box = _legend(
        max_count, texts, ui, fs, right=width - margin, bottom=legend_bottom
    )
    legend_texts += legend_more
    avoid.append(legend_box)

    labelled = [(p, c) for p, c in main_pairs if p.id not in in_inset]
    _place_labels(main, labelled, 12.0 * ui, west_first=True, avoid=avoid)

    attribution = _Label(
        width - 6 * ui, height - 5.5 * ui, ATTRIBUTION, 9.0 * ui, "end", MUTED_TEXT, halo=False
    )
    texts_out = [*legend_texts, attribution]
    for panel in panels:  # big markers first, so small ones stay visible on top
        panel.circles.sort(key=lambda c: (-c.r, c.place_id))
    return _Drawing(
        width=width,
        height=height,
        map_height=map_height,
        panels=panels,
        lines=lines,
        rects=rects,
        texts=texts_out,
        legend=legend,
        legend_box=legend_box,
        primary=primary,
        sea=sea,
        land=land,
        coast=coast,
    )


# --- SVG -----------------------------------------------------------------------------------


def _n(value: float) -> str:
    """A number for the SVG: one decimal, no trailing ``.0``, never ``-0``."""
    text = f"{round(value, 1):.1f}"
    if text.endswith(".0"):
        text = text[:-2]
    return "0" if text == "-0" else text


def _esc(text: str) -> str:
    return html.escape(text, quote=True)


def _path_data(rings: Iterable[list[tuple[float, float]]]) -> str:
    parts = []
    for ring in rings:
        pts: list[str] = []
        last = ""
        for x, y in ring:
            pair = f"{_n(x)} {_n(y)}"
            if pair != last:
                pts.append(pair)
                last = pair
        if len(pts) >= 3:
            parts.append("M" + "L".join(pts) + "Z")
    return "".join(parts)


def _svg_label(label: _Label) -> str:
    attrs = [
        f'x="{_n(label.x)}"',
        f'y="{_n(label.y)}"',
        f'font-size="{_n(label.size)}"',
        f'fill="{label.colour}"',
    ]
    if label.anchor != "start":
        attrs.append(f'text-anchor="{label.anchor}"')
    if label.bold:
        attrs.append('font-weight="bold"')
    if label.halo:
        attrs.append(
            f'stroke="{HALO}" stroke-width="{_n(label.size * 0.28)}" stroke-linejoin="round" '
            'paint-order="stroke"'
        )
    return f"<text {' '.join(attrs)}>{_esc(label.text)}</text>"


def _svg_circle(c: _Circle, primary: str, with_title: bool = True) -> str:
    if c.hollow:
        style = f'fill="{PAPER}" stroke="{primary}" stroke-width="1.5"'
    else:
        style = f'fill="{primary}" fill-opacity="0.85" stroke="{PAPER}" stroke-width="1"'
    head = f'<circle cx="{_n(c.x)}" cy="{_n(c.y)}" r="{_n(c.r)}" {style}'
    if not with_title:
        return head + "/>"
    return f"{head}><title{_lang_attributes(c.lang)}>{_esc(c.tooltip)}</title></circle>"


def map_svg(
    places: Sequence[MapPlace],
    *,
    title: str,
    description: str,
    width: int = 800,
    primary: str = PRIMARY,
    sea: str = SEA,
    land: str = LAND,
    coast: str = COAST,
    texts: MapTexts | None = None,
    inset: Inset | None = AMMASSALIK,
    id_prefix: str = "kort",
    font_family: str = "'DejaVu Sans', Verdana, Arial, sans-serif",
    coast_rings: Sequence[Ring] | None = None,
    projection: Projection | None = None,
) -> str:
    """The map as SVG text (deterministic: the same input gives the same string).

    ``title``/``description`` become the SVG's ``<title>``/``<desc>``, which
    ``aria-labelledby`` points to; ``id_prefix`` keeps their ids unique when several maps
    share a page. Places without coordinates are left out.
    """
    texts = texts or MapTexts()
    d = _layout(
        places,
        width=float(width),
        primary=primary,
        sea=sea,
        land=land,
        coast=coast,
        texts=texts,
        inset=inset,
        coast_rings=coast_rings,
        projection=projection or Projection(),
    )
    tid, did = f"{id_prefix}-titel", f"{id_prefix}-beskrivelse"
    w, h = _n(d.width), _n(d.height)
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w} {h}" width="{w}" '
        f'height="{h}" role="img" aria-labelledby="{tid} {did}" '
        f'font-family="{_esc(font_family)}">',
        f'<title id="{tid}"{_lang(title)}>{_esc(title)}</title>',
        f'<desc id="{did}"{_lang(description)}>{_esc(description)}</desc>',
        f'<rect width="{w}" height="{h}" fill="{PAPER}"/>',
    ]
    for i, panel in enumerate(d.panels):
        x0, y0, x1, y1 = panel.box
        clip = f"{id_prefix}-klip-{i}"
        out.append(
            f'<clipPath id="{clip}"><rect x="{_n(x0)}" y="{_n(y0)}" width="{_n(x1 - x0)}" '
            f'height="{_n(y1 - y0)}"/></clipPath>'
        )
        out.append(f'<g clip-path="url(#{clip})">')
        out.append(
            f'<rect x="{_n(x0)}" y="{_n(y0)}" width="{_n(x1 - x0)}" height="{_n(y1 - y0)}" '
            f'fill="{d.sea}"/>'
        )
        out.append(
            f'<path d="{panel.land_path}" fill="{d.land}" stroke="{d.coast}" '
            'stroke-width="0.5" stroke-linejoin="round"/>'
        )
        out.append("</g>")
        if panel.framed:
            out.append(
                f'<rect x="{_n(x0)}" y="{_n(y0)}" width="{_n(x1 - x0)}" height="{_n(y1 - y0)}" '
                f'fill="none" stroke="{MUTED_TEXT}" stroke-width="1"/>'
            )
        if i == 0:
            for rx0, ry0, rx1, ry1 in d.rects:
                out.append(
                    f'<rect x="{_n(rx0)}" y="{_n(ry0)}" width="{_n(rx1 - rx0)}" '
                    f'height="{_n(ry1 - ry0)}" fill="none" stroke="{MUTED_TEXT}" '
                    'stroke-width="1" stroke-dasharray="3 2"/>'
                )
            for lx0, ly0, lx1, ly1 in d.lines:
                out.append(
                    f'<line x1="{_n(lx0)}" y1="{_n(ly0)}" x2="{_n(lx1)}" y2="{_n(ly1)}" '
                    f'stroke="{MUTED_TEXT}" stroke-width="1" stroke-dasharray="3 2"/>'
                )
            if d.legend_box is not None:
                bx0, by0, bx1, by1 = d.legend_box
                out.append(
                    f'<rect x="{_n(bx0)}" y="{_n(by0)}" width="{_n(bx1 - bx0)}" '
                    f'height="{_n(by1 - by0)}" fill="{PAPER}" fill-opacity="0.9" '
                    f'stroke="{COAST}" stroke-width="0.5"/>'
                )
        out.append('<g class="steder">')
        out += [_svg_circle(c, d.primary) for c in panel.circles]
        out.append("</g>")
        out.append('<g class="navne">')
        out += [_svg_label(label) for label in panel.labels]
        out.append("</g>")
    out.append('<g class="forklaring" aria-hidden="true">')
    out += [_svg_circle(c, d.primary, with_title=False) for c in d.legend]
    out += [_svg_label(label) for label in d.texts]
    out.append("</g>")
    out.append("</svg>")
    return "\n".join(out) + "\n"


# --- PNG -----------------------------------------------------------------------------------


def map_png(
    places: Sequence[MapPlace],
    path_or_buffer: str | Path | IO[bytes],
    *,
    title: str,
    dpi: int = 200,
    width: int = 800,
    primary: str = PRIMARY,
    sea: str = SEA,
    land: str = LAND,
    coast: str = COAST,
    texts: MapTexts | None = None,
    inset: Inset | None = AMMASSALIK,
    show_title: bool = False,
    coast_rings: Sequence[Ring] | None = None,
    projection: Projection | None = None,
) -> None:
    """The same map as :func:`map_svg`, as a PNG (matplotlib, Agg), for Word documents.

    ``width`` is in CSS pixels (1/96 inch), as for the SVG; ``dpi`` sets the resolution.
    ``title`` is written to the PNG's Title text chunk, and drawn above the map only with
    ``show_title`` (a Word document usually has its own caption). Deterministic: no
    Software tag or date in the file.
    """
    import matplotlib
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.patches import Circle, PathPatch, Rectangle
    from matplotlib.path import Path as MplPath
    from matplotlib.patheffects import withStroke

    texts = texts or MapTexts()
    d = _layout(
        places,
        width=float(width),
        primary=primary,
        sea=sea,
        land=land,
        coast=coast,
        texts=texts,
        inset=inset,
        coast_rings=coast_rings,
        projection=projection or Projection(),
    )
    top = 26.0 * width / 800.0 if show_title else 0.0
    total_h = d.height + top
    pt = 72.0 / 96.0  # points per CSS pixel

    with matplotlib.rc_context(
        {
            "font.family": "DejaVu Sans",
            "text.usetex": False,
            "svg.hashsalt": "sektorplan",
            "path.simplify": False,
        }
    ):
        fig = Figure(figsize=(width / 96.0, total_h / 96.0), dpi=dpi)
        FigureCanvasAgg(fig)
        ax = fig.add_axes((0.0, 0.0, 1.0, 1.0))
        ax.set_xlim(0, width)
        ax.set_ylim(total_h, 0)
        ax.set_axis_off()
        ax.add_patch(Rectangle((0, 0), width, total_h, facecolor=PAPER, edgecolor="none"))

        def shift(y: float) -> float:
            return y + top

        def text(label: _Label) -> None:
            effects = (
                [withStroke(linewidth=label.size * 0.28 * pt, foreground=HALO)]
                if label.halo
                else []
            )
            ha = {"start": "left", "middle": "center", "end": "right"}[label.anchor]
            ax.text(
                label.x,
                shift(label.y),
                label.text,
                fontsize=label.size * pt,
                color=label.colour,
                ha=ha,
                va="baseline",
                fontweight="bold" if label.bold else "normal",
                path_effects=effects,
                zorder=6,
            )

        def circle(c: _Circle, z: float) -> None:
            if c.hollow:
                patch = Circle(
                    (c.x, shift(c.y)),
                    c.r,
                    facecolor=PAPER,
                    edgecolor=d.primary,
                    linewidth=1.5 * pt,
                    zorder=z,
                )
            else:
                patch = Circle(
                    (c.x, shift(c.y)),
                    c.r,
                    facecolor=d.primary,
                    alpha=None,
                    edgecolor=PAPER,
                    linewidth=1.0 * pt,
                    zorder=z,
                )
                patch.set_facecolor(matplotlib.colors.to_rgba(d.primary, 0.85))
            ax.add_patch(patch)

        for i, panel in enumerate(d.panels):
            x0, y0, x1, y1 = panel.box
            frame = Rectangle(
                (x0, shift(y0)),
                x1 - x0,
                y1 - y0,
                facecolor=d.sea,
                edgecolor=MUTED_TEXT if panel.framed else "none",
                linewidth=1.0 * pt,
                zorder=2 + i * 2,
            )
            ax.add_patch(frame)
            vertices: list[tuple[float, float]] = []
            codes: list[Any] = []
            for ring in panel.land:
                if len(ring) < 3:
                    continue
                vertices += [(x, shift(y)) for x, y in ring] + [(ring[0][0], shift(ring[0][1]))]
                codes += [MplPath.MOVETO] + [MplPath.LINETO] * (len(ring) - 1)
                codes += [MplPath.CLOSEPOLY]
            if vertices:
                patch = PathPatch(
                    MplPath(vertices, codes),
                    facecolor=d.land,
                    edgecolor=d.coast,
                    linewidth=0.5 * pt,
                    joinstyle="round",
                    zorder=2 + i * 2,
                )
                ax.add_patch(patch)
                patch.set_clip_path(frame)  # after add_patch, which sets the axes' clip
            if panel.framed:
                ax.add_patch(
                    Rectangle(
                        (x0, shift(y0)),
                        x1 - x0,
                        y1 - y0,
                        facecolor="none",
                        edgecolor=MUTED_TEXT,
                        linewidth=1.0 * pt,
                        zorder=2.5 + i * 2,
                    )
                )
            if i == 0:
                for rx0, ry0, rx1, ry1 in d.rects:
                    ax.add_patch(
                        Rectangle(
                            (rx0, shift(ry0)),
                            rx1 - rx0,
                            ry1 - ry0,
                            facecolor="none",
                            edgecolor=MUTED_TEXT,
                            linewidth=1.0 * pt,
                            linestyle=(0, (3, 2)),
                            zorder=2.6,
                        )
                    )
                for lx0, ly0, lx1, ly1 in d.lines:
                    ax.plot(
                        [lx0, lx1],
                        [shift(ly0), shift(ly1)],
                        color=MUTED_TEXT,
                        linewidth=1.0 * pt,
                        linestyle=(0, (3, 2)),
                        zorder=2.6,
                    )
                if d.legend_box is not None:
                    bx0, by0, bx1, by1 = d.legend_box
                    ax.add_patch(
                        Rectangle(
                            (bx0, shift(by0)),
                            bx1 - bx0,
                            by1 - by0,
                            facecolor=matplotlib.colors.to_rgba(PAPER, 0.9),
                            edgecolor=COAST,
                            linewidth=0.5 * pt,
                            zorder=2.7,
                        )
                    )
            for c in panel.circles:
                circle(c, 3 + i * 2)
            for label in panel.labels:
                text(label)
        for c in d.legend:
            circle(c, 7)
        for label in d.texts:
            text(label)
        if show_title:
            ax.text(
                6.0,
                top - 8.0,
                title,
                fontsize=14.0 * width / 800.0 * pt,
                color=TEXT,
                ha="left",
                va="baseline",
                fontweight="bold",
            )
        fig.savefig(
            path_or_buffer,
            format="png",
            dpi=dpi,
            metadata={"Software": None, "Title": title},
        )


# --- colour contrast (WCAG 2) ----------------------------------------------------------------


def _luminance(colour: str) -> float:
    value = colour.lstrip("#")
    channels = [int(value[i : i + 2], 16) / 255.0 for i in (0, 2, 4)]
    lin = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def contrast_ratio(foreground: str, background: str) -> float:
    """WCAG 2 contrast ratio of two ``#RRGGBB`` colours (1 to 21)."""
    a, b = sorted((_luminance(foreground), _luminance(background)), reverse=True)
    return (a + 0.05) / (b + 0.05)
