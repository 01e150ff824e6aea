"""A place's `koordinater` and its page's file name (plan-format.md: places and maps)."""

from __future__ import annotations

from pathlib import Path

import pytest

from sektorplan.check.validate import validate
from sektorplan.load.workspace import load_workspace

from ..conftest import EXAMPLE, ROOT, edit

NUUK = "  - {id: nuuk, navn: Nuuk, type: by, koordinater: {bredde: 64.2, længde: -51.73}}"


def findings(root: Path) -> list[tuple[str, int, int, str]]:
    return [(f.rule, f.line, f.column, f.message) for f in validate([root]).findings]


def set_nuuk(root: Path, line: str) -> None:
    edit(root / "sektorplan.yaml", NUUK, line)


def test_coordinates_are_read(workspace: Path) -> None:
    config = load_workspace(workspace).config
    assert config is not None
    coordinates = config.places[0].coordinates
    assert coordinates is not None
    assert (coordinates.latitude, coordinates.longitude) == (64.2, -51.73)
    assert config.places[1].coordinates is None  # optional


@pytest.mark.parametrize(
    ("written", "number", "what"),
    [
        ("{bredde: 91, længde: -51.73}", "91", "bredde er «91»"),
        ("{bredde: -90.5, længde: -51.73}", "-90.5", "bredde er «-90.5»"),
        ("{bredde: 64.2, længde: -181}", "-181", "længde er «-181»"),
    ],
)
def test_a_number_out_of_range_is_an_error_on_its_line(
    workspace: Path, written: str, number: str, what: str
) -> None:
    text = f"  - {{id: nuuk, navn: Nuuk, type: by, koordinater: {written}}}"
    set_nuuk(workspace, text)
    [(rule, line, col, message)] = findings(workspace)
    assert (rule, line, col) == ("SP111", 13, text.index(f" {number}") + 2)
    assert what in message and "mellem" in message


def test_the_edges_of_the_ranges_are_valid(workspace: Path) -> None:
    set_nuuk(
        workspace, "  - {id: nuuk, navn: Nuuk, type: by, koordinater: {bredde: -90, længde: 180}}"
    )
    assert findings(workspace) == []


@pytest.mark.parametrize(
    ("written", "missing"), [("{bredde: 64.2}", "længde"), ("{længde: -51.7}", "bredde")]
)
def test_one_number_alone_is_an_error(workspace: Path, written: str, missing: str) -> None:
    set_nuuk(workspace, f"  - {{id: nuuk, navn: Nuuk, type: by, koordinater: {written}}}")
    [(rule, line, _, message)] = findings(workspace)
    assert (rule, line) == ("SP101", 13)
    assert f"«{missing}» mangler" in message


def test_a_number_as_text_is_an_error(workspace: Path) -> None:
    set_nuuk(
        workspace, '  - {id: nuuk, navn: Nuuk, type: by, koordinater: {bredde: "64", længde: -51}}'
    )
    assert [f[:2] for f in findings(workspace)] == [("SP102", 13)]


@pytest.mark.parametrize("other", ["NUUK", "Nuuk"])
def test_ids_that_differ_only_in_case_clash_as_file_names(workspace: Path, other: str) -> None:
    edit(
        workspace / "sektorplan.yaml",
        "  - {id: kapisillit, navn: Kapisillit, type: bygd}",
        f"  - {{id: {other}, navn: Kapisillit, type: bygd}}",
    )
    [(rule, line, column, message)] = findings(workspace)
    assert (rule, line, column) == ("SP234", 14, 10)
    assert f"«{other}»" in message and "linje 13" in message and "steder/nuuk.html" in message


def test_the_shipped_workspaces_place_every_place() -> None:
    for root in (EXAMPLE, ROOT / "src" / "sektorplan" / "data"):
        text = (root / "sektorplan.yaml").read_text("utf-8")
        places = [line for line in text.splitlines() if line.startswith("  - {id:")]
        places = [p for p in places if "type: by" in p]
        assert len(places) == 12
        assert all("koordinater: {bredde: 6" in p or "bredde: 70" in p for p in places)
        assert all("# [NE]" in p or "# [WP" in p for p in places)  # each with its source
    config = load_workspace(EXAMPLE).config
    assert config is not None
    assert all(p.coordinates is not None for p in config.places)
    tasiilaq = next(p for p in config.places if p.id == "tasiilaq").coordinates
    assert tasiilaq is not None and (tasiilaq.latitude, tasiilaq.longitude) == (65.60, -37.63)
