"""Build ``kyst.json`` (simplified coastline of southern Greenland) from Natural Earth.

Developer tool only: it is run by hand, never by the product, and it never
downloads anything. Give it a local copy of Natural Earth's 1:10m *Land* theme
as GeoJSON (``ne_10m_land.json`` / ``ne_10m_land.geojson``) or as the ``.7z``
archive that contains it::

    python make_coast.py /path/to/ne_10m_land.json -o kyst.json

Requires ``shapely`` (and ``py7zr`` only for ``.7z`` input); neither is a
runtime dependency of the map module.

Steps:

1. keep the land polygons that intersect the window (lon -58..-16, lat 59..72.5),
   clipped to that window (slightly larger than the map frame, so the clip
   edges fall outside the drawn area);
2. drop Iceland (everything east of -25 deg lon), which is not Greenland;
3. simplify with Douglas-Peucker in a locally equal-scaled plane
   (x = lon * cos(66 deg), y = lat) so that the tolerance means the same
   distance in both directions; drop islands smaller than a minimum area;
4. write a compact JSON list of rings, each a list of ``[lon, lat]`` with three
   decimals (about 100 m), exterior rings counter-clockwise, holes clockwise.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from pathlib import Path
from typing import Any

WINDOW = (-58.0, 59.0, -16.0, 72.5)  # min lon, min lat, max lon, max lat
ICELAND_MIN_LON = -25.0
KX = math.cos(math.radians(66.0))

# Defaults chosen so kyst.json stays well below 60 KB.
DEFAULT_TOLERANCE = 0.02  # degrees of latitude, ~2.2 km
DEFAULT_MIN_AREA = 0.0015  # square "degrees of latitude", ~18 km2 (keeps Kulusuk Island)


def load_geojson(path: Path) -> dict[str, Any]:
    if path.suffix == ".7z":
        import tempfile

        import py7zr  # dev-only dependency

        with tempfile.TemporaryDirectory() as tmp, py7zr.SevenZipFile(path) as archive:
            archive.extractall(tmp)
            (member,) = [p for p in Path(tmp).rglob("*") if p.suffix in {".json", ".geojson"}]
            return json.loads(member.read_text(encoding="utf-8"))
    return json.loads(path.read_text(encoding="utf-8"))


def build(source: dict[str, Any], tolerance: float, min_area: float) -> list[list[list[float]]]:
    from shapely import affinity
    from shapely.geometry import Polygon, box, shape
    from shapely.geometry.polygon import orient
    from shapely.ops import unary_union

    window = box(*WINDOW)
    parts = []
    for feature in source["features"]:
        geom = shape(feature["geometry"])
        if not geom.intersects(window):
            continue
        parts.append(geom.intersection(window))
    land = unary_union(parts)
    polygons = [land] if isinstance(land, Polygon) else list(getattr(land, "geoms", []))
    polygons = [p for p in polygons if isinstance(p, Polygon) and p.bounds[0] < ICELAND_MIN_LON]

    rings: list[list[list[float]]] = []
    for poly in polygons:
        flat = affinity.scale(poly, xfact=KX, yfact=1.0, origin=(0, 0))
        flat = flat.simplify(tolerance, preserve_topology=True)
        if flat.is_empty or flat.area < min_area:
            continue
        back = affinity.scale(flat, xfact=1.0 / KX, yfact=1.0, origin=(0, 0))
        pieces = [back] if isinstance(back, Polygon) else list(getattr(back, "geoms", []))
        for piece in pieces:
            piece = orient(piece, sign=1.0)
            for ring in [piece.exterior, *piece.interiors]:
                coords = _round_ring(ring.coords)
                if len(coords) >= 4:
                    rings.append(coords)
    # Deterministic order: biggest rings (by vertex count) first, then by position.
    rings.sort(key=lambda r: (-len(r), r[0][0], r[0][1]))
    return rings


def _round_ring(coords: Any) -> list[list[float]]:
    out: list[list[float]] = []
    for lon, lat in coords:
        point = [round(lon, 3), round(lat, 3)]
        if not out or out[-1] != point:
            out.append(point)
    return out


def dump(rings: list[list[list[float]]]) -> str:
    return json.dumps(rings, separators=(",", ":")) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", type=Path, help="ne_10m_land GeoJSON or .7z")
    parser.add_argument("-o", "--output", type=Path, default=Path(__file__).with_name("kyst.json"))
    parser.add_argument("--tolerance", type=float, default=DEFAULT_TOLERANCE)
    parser.add_argument("--min-area", type=float, default=DEFAULT_MIN_AREA)
    args = parser.parse_args(argv)

    rings = build(load_geojson(args.source), args.tolerance, args.min_area)
    text = dump(rings)
    args.output.write_text(text, encoding="utf-8")
    points = sum(len(r) for r in rings)
    print(f"{args.output}: {len(rings)} rings, {points} points, {len(text.encode())} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
