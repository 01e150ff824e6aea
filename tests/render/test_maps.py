"""Tests of the municipality map (kort.py): SVG and PNG."""

from __future__ import annotations

import io
import json
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from sektorplan.render import maps as kort
from sektorplan.render.maps import MapPlace

from ..conftest import ROOT

COAST = ROOT / "src" / "sektorplan" / "data" / "kyst.json"
SVG = "{http://www.w3.org/2000/svg}"

PLACES = [
    MapPlace("nuuk", "Nuuk", 64.20, -51.73, 12, "12.500.000 kr."),
    MapPlace("paamiut", "Paamiut", 62.00, -49.64, 3, "1.000.000 kr."),
    MapPlace("tasiilaq", "Tasiilaq", 65.60, -37.63, 5, "2.000.000 kr."),
    MapPlace("kulusuk", "Kulusuk", 65.57, -37.18, 1, "0 kr."),
    MapPlace("kuummiut", "Kuummiut", 65.87, -37.01, 0, "0 kr."),
    MapPlace("ittoqqortoormiit", "Ittoqqortoormiit", 70.48, -21.97, 2, "300.000 kr."),
]


def _svg(places: list[MapPlace] = PLACES, **kwargs: object) -> str:
    options: dict[str, object] = {"title": "Initiativer", "description": "Et kort."}
    options.update(kwargs)
    return kort.map_svg(places, **options)  # type: ignore[arg-type]


def _markers(svg: str) -> dict[str, ET.Element]:
    """The place markers by the name their tooltip starts with."""
    root = ET.fromstring(svg)
    out = {}
    for circle in root.iter(f"{SVG}circle"):
        title = circle.find(f"{SVG}title")
        if title is not None and title.text:
            out.setdefault(title.text.split(":")[0], circle)
    return out


def test_svg_is_deterministic() -> None:
    assert _svg() == _svg()
    assert (
        _svg().encode()
        == kort.map_svg(list(PLACES), title="Initiativer", description="Et kort.").encode()
    )


def test_the_kept_coast_gives_the_same_maps_as_a_coast_given_anew() -> None:
    """The package's coast is projected once per process and kept: the maps are the same
    bytes as when the same coast is handed in (and so projected for that map alone)."""
    coast = kort.load_coast()
    for places in (PLACES, PLACES[:2], []):
        assert _svg(places) == _svg(places, coast_rings=coast)
        pngs = []
        for rings in (coast, None):
            out = io.BytesIO()
            kort.map_png(places, out, title="Initiativer", coast_rings=rings)
            pngs.append(out.getvalue())
        assert pngs[0] == pngs[1]


def test_svg_is_well_formed_and_accessible() -> None:
    root = ET.fromstring(_svg(title="Kort over initiativer", description="Byer og bygder."))
    assert root.tag == f"{SVG}svg"
    assert root.get("role") == "img"
    title, desc = root.find(f"{SVG}title"), root.find(f"{SVG}desc")
    assert title is not None and title.text == "Kort over initiativer"
    assert desc is not None and desc.text == "Byer og bygder."
    labelled = (root.get("aria-labelledby") or "").split()
    assert labelled == [title.get("id"), desc.get("id")]
    # ids are unique
    ids = [e.get("id") for e in root.iter() if e.get("id")]
    assert len(ids) == len(set(ids))


def test_every_marker_has_a_tooltip_with_count_and_total() -> None:
    markers = _markers(_svg())
    nuuk = markers["Nuuk"].find(f"{SVG}title")
    assert nuuk is not None and nuuk.text is not None
    assert "12 initiativer" in nuuk.text and "12.500.000 kr." in nuuk.text
    kulusuk = markers["Kulusuk"].find(f"{SVG}title")
    assert kulusuk is not None and "1 initiativ," in (kulusuk.text or "")
    assert set(markers) == {p.name for p in PLACES}


def test_names_are_written_on_the_map() -> None:
    root = ET.fromstring(_svg())
    words = {t.text for t in root.iter(f"{SVG}text")}
    assert {p.name for p in PLACES} <= words
    assert kort.ATTRIBUTION in words


def test_place_without_coordinates_is_not_drawn() -> None:
    places = [
        *PLACES,
        MapPlace("nowhere", "Udenfor", None, None, 7, "1 kr."),
        MapPlace("half", "Halv", 64.0, None, 2, ""),
    ]
    svg = _svg(places)
    assert "Udenfor" not in svg and "Halv" not in svg
    assert len(_markers(svg)) == len(PLACES)
    # ... and does not change the rest of the map, except the size scale (max count 12).
    assert svg == _svg()


def test_marker_area_grows_with_count() -> None:
    markers = _markers(_svg())
    radius = {name: float(c.get("r") or 0) for name, c in markers.items()}
    order = sorted(PLACES, key=lambda p: p.count)
    radii = [radius[p.name] for p in order]
    assert radii == sorted(radii)
    assert len(set(radii)) == len(radii)  # strictly: counts 0, 1, 2, 3, 5, 12
    for count in range(0, 40):
        assert kort.marker_radius(count + 1, 40) > kort.marker_radius(count, 40)


def test_zero_initiatives_is_a_small_hollow_dot() -> None:
    markers = _markers(_svg())
    kuummiut, kulusuk = markers["Kuummiut"], markers["Kulusuk"]
    assert kuummiut.get("fill") == kort.PAPER and kuummiut.get("stroke") == kort.PRIMARY
    assert kulusuk.get("fill") == kort.PRIMARY
    assert float(kuummiut.get("r") or 0) < float(kulusuk.get("r") or 0)


def test_primary_colour_is_a_parameter() -> None:
    svg = _svg(primary="#7A1F5C")
    assert 'fill="#7A1F5C"' in svg and kort.PRIMARY not in svg


def test_names_are_escaped() -> None:
    tricky = MapPlace("x", 'A & B <x> "q"', 64.0, -50.0, 1, "1 < 2 kr.")
    svg = _svg([*PLACES, tricky], title="T & <t>", description='D > d & "e"')
    root = ET.fromstring(svg)  # would raise on bad escaping
    assert "<x>" not in svg
    texts = {t.text for t in root.iter(f"{SVG}text")}
    assert 'A & B <x> "q"' in texts
    title = root.find(f"{SVG}title")
    assert title is not None and title.text == "T & <t>"
    tooltip = _markers(svg)['A & B <x> "q"'].find(f"{SVG}title")
    assert tooltip is not None and "1 < 2 kr." in (tooltip.text or "")


def test_no_places_still_gives_a_map() -> None:
    root = ET.fromstring(_svg([]))
    assert any(p.get("d") for p in root.iter(f"{SVG}path"))
    assert _markers(_svg([])) == {}


def test_crowded_east_coast_gets_an_inset_and_can_do_without() -> None:
    with_inset = _svg()
    assert kort.MapTexts().inset_title in with_inset
    without = _svg(inset=None)
    assert kort.MapTexts().inset_title not in without
    assert {"Tasiilaq", "Kulusuk"} <= {t.text for t in ET.fromstring(without).iter(f"{SVG}text")}


def test_text_colours_have_enough_contrast() -> None:
    for background in (kort.SEA, kort.LAND, kort.PAPER):
        assert kort.contrast_ratio(kort.TEXT, background) >= 4.5
    assert kort.contrast_ratio(kort.MUTED_TEXT, kort.PAPER) >= 4.5
    assert kort.contrast_ratio(kort.MUTED_TEXT, kort.SEA) >= 4.5


def test_coast_data_is_compact_and_inside_the_area() -> None:
    path = COAST
    assert path.stat().st_size < 60_000
    rings = json.loads(path.read_text(encoding="utf-8"))
    assert rings and all(len(r) >= 4 for r in rings)
    for ring in rings:
        for lon, lat in ring:
            assert -58.0 <= lon <= -16.0 and 59.0 <= lat <= 72.5
            assert round(lon, 3) == lon and round(lat, 3) == lat
    assert kort.load_coast() == kort.load_coast(path)


def test_projection_keeps_north_up_and_west_left() -> None:
    project = kort.Projection()
    nuuk, tasiilaq = project(-51.73, 64.20), project(-37.63, 65.60)
    ittoqqortoormiit = project(-21.97, 70.48)
    assert nuuk[0] < tasiilaq[0] < ittoqqortoormiit[0]
    assert ittoqqortoormiit[1] > tasiilaq[1] > nuuk[1] - 200
    assert project(-40.0, 66.0) == (0.0, 0.0)


def test_png_is_deterministic_and_a_png() -> None:
    pytest.importorskip("matplotlib")
    first, second = io.BytesIO(), io.BytesIO()
    kort.map_png(PLACES, first, title="Initiativer", dpi=72)
    kort.map_png(PLACES, second, title="Initiativer", dpi=72)
    data = first.getvalue()
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    assert data == second.getvalue()
    assert b"Software" not in data and b"matplotlib" not in data
    assert b"Initiativer" in data  # the Title text chunk


def test_png_to_a_path(tmp_path: Path) -> None:
    pytest.importorskip("matplotlib")
    target = tmp_path / "kort.png"
    kort.map_png(PLACES, target, title="Kort", dpi=60, show_title=True)
    assert target.read_bytes().startswith(b"\x89PNG")


def test_import_does_not_load_matplotlib() -> None:
    code = (
        "import sys; import sektorplan.render.maps; "
        "assert 'matplotlib' not in sys.modules, 'matplotlib imported'"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_texts_that_fell_back_carry_their_language() -> None:
    """On a Greenlandic page the Danish words of a tooltip, the title and the description
    are marked Danish (`lang`, `xml:lang`); texts in the page's own language are not."""
    from sektorplan.i18n import Fallback

    xml_lang = "{http://www.w3.org/XML/1998/namespace}lang"
    danish = kort.MapTexts(
        initiative=Fallback("initiativ", "da"),
        initiatives=Fallback("initiativer", "da"),
        construction=Fallback("anlæg i alt", "da"),
    )
    root = ET.fromstring(
        _svg(title=Fallback("Kort", "da"), description=Fallback("Et kort.", "da"), texts=danish)
    )
    titles = [c.find(f"{SVG}title") for c in root.iter(f"{SVG}circle")]
    tooltips = [t for t in titles if t is not None]
    assert len(tooltips) >= len(PLACES)  # the inset draws some twice
    assert all(t.get("lang") == "da" and t.get(xml_lang) == "da" for t in tooltips)
    for element in (root.find(f"{SVG}title"), root.find(f"{SVG}desc")):
        assert element is not None and element.get("lang") == "da"
    # Greenlandic words: a Danish-looking place name alone is a name, not marked.
    own = kort.MapTexts(initiative="suliniut", initiatives="suliniutit", construction="x")
    places = [MapPlace("nuuk", Fallback("Nuuk", "da"), 64.2, -51.73, 2, "1 kr.")]
    plain = _svg(places, texts=own)
    assert "lang=" not in plain
    assert "lang=" not in _svg()  # the primary language: nothing marked
