"""The overview's pictures: reproducible PNGs, conflicts in red, bounded sizes."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import pytest
from PIL import Image

from sektorplan.check.examples import BASE_FILES
from sektorplan.load.workspace import load_workspace
from sektorplan.overview.charts import CONFLICT, MAX_HEIGHT, charts, dependencies, timeline
from sektorplan.overview.data import build_overview

from ..conftest import EXAMPLE, ROOT, write_files


@pytest.fixture(scope="module")
def example():
    return build_overview(load_workspace(EXAMPLE))


def _colours(png: bytes) -> set[tuple[int, int, int]]:
    image = Image.open(io.BytesIO(png)).convert("RGB")
    return {colour for _, colour in image.getcolors(maxcolors=1 << 20)}


def test_every_picture_is_a_reproducible_png_without_software_tag(example) -> None:
    first, second = charts(example), charts(example)
    assert list(first) == [
        "oversigt-verdensmaal",
        "oversigt-kernevaerdier",
        "oversigt-tidslinje",
        "oversigt-afhaengigheder",
        "oversigt-kort",  # the example's places have koordinater
    ]
    for name, png in first.items():
        assert png.startswith(b"\x89PNG\r\n\x1a\n"), name
        assert b"Software" not in png and b"matplotlib" not in png
        assert png == second[name]


def test_sdg_heatmap_uses_the_goal_colours(example) -> None:
    colours = _colours(charts(example)["oversigt-verdensmaal"])
    assert (0xC5, 0x19, 0x2D) in colours  # goal 4's header square
    assert (0x19, 0x48, 0x6A) in colours  # goal 17's


def test_a_conflict_is_drawn_in_red(tmp_path: Path, example) -> None:
    red = tuple(int(CONFLICT[i : i + 2], 16) for i in (1, 3, 5))
    assert red not in _colours(dependencies(example))
    files = dict(BASE_FILES)
    files["planer/am.yaml"] = files["planer/am.yaml"].replace("slut: 2026", "slut: 2027")
    conflicted = build_overview(load_workspace(write_files(tmp_path, files)))
    assert red in _colours(dependencies(conflicted))


def test_many_plans_give_a_bounded_picture(tmp_path: Path) -> None:
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from generate import generate

    generate(tmp_path, 25)  # 150 initiatives: one lane per forvaltning
    overview = build_overview(load_workspace(tmp_path))
    image = Image.open(io.BytesIO(timeline(overview)))
    assert image.height <= MAX_HEIGHT * 110
    assert image.height < 25 * 0.3 * 110 + 400  # 25 lanes, not 150 bars


def test_names_are_text_not_mathematics(tmp_path: Path) -> None:
    """A core value's name is shown as written: matplotlib would read "$…$" as mathematics
    (and fail on "$\\frac$")."""
    from sektorplan.overview.charts import core_value_heatmap

    files = dict(BASE_FILES)
    files["sektorplan.yaml"] = files["sektorplan.yaml"].replace(
        "navn: Vi skaber vækst}", "navn: 'Vækst $\\frac$ {{ x }}'}"
    )
    overview = build_overview(load_workspace(write_files(tmp_path, files)))
    assert "Vækst $\\frac$ {{ x }}" in overview.core_values.column_names
    assert core_value_heatmap(overview).startswith(b"\x89PNG")


@pytest.mark.parametrize("draw", ["sdg_heatmap", "core_value_heatmap"])
def test_heatmap_row_names_are_drawn_as_tick_labels_would_be(
    example, monkeypatch: pytest.MonkeyPatch, draw: str
) -> None:
    """The rows' names are texts placed as matplotlib places tick labels: the same pixels as
    a tick per row, and not none at all."""
    from sektorplan.overview import charts as overview_charts

    ours = getattr(overview_charts, draw)(example)

    def as_ticks(figure, axes, positions, labels, fontsize) -> None:
        axes.set_yticks(positions, labels, fontsize=fontsize)

    monkeypatch.setattr(overview_charts, "_row_labels", as_ticks)
    assert getattr(overview_charts, draw)(example) == ours

    monkeypatch.setattr(overview_charts, "_row_labels", lambda *args, **kwargs: None)
    assert getattr(overview_charts, draw)(example) != ours


def test_the_map_is_drawn_once_for_languages_whose_map_shows_the_same(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The Greenlandic overview's map has the Danish words where Greenlandic has none: the
    worker that makes both overviews draws it once; a map that shows other words is drawn."""
    from sektorplan.overview.charts import place_map
    from sektorplan.render import maps

    ws = load_workspace(EXAMPLE)
    drawn: list[str] = []
    real = maps.map_png
    monkeypatch.setattr(maps, "map_png", lambda *a, **k: (drawn.append(k["title"]), real(*a, **k)))
    danish = place_map(build_overview(ws, "da"))
    greenlandic = place_map(build_overview(ws, "kl"))
    assert greenlandic == danish and len(drawn) <= 1  # (none: kept from a test before)
    before = len(drawn)
    english = place_map(build_overview(ws, "en"))
    assert english != danish and len(drawn) == before + 1
