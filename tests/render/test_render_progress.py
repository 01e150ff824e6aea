"""Progress in the plan documents: measurements from målinger/*.csv in the indicator table,
the trend charts (their pictures and their file names)."""

from __future__ import annotations

import datetime as dt
import io
import os
import re
from pathlib import Path

import docx
from hypothesis import given
from hypothesis import strategies as st
from PIL import Image
from typer.testing import CliRunner

from sektorplan.cli.app import app
from sektorplan.load.workspace import load_workspace
from sektorplan.model.plan import ID_PATTERN
from sektorplan.render import trend_chart_names

from ..conftest import write_files

runner = CliRunner()


def render(workspace: Path, *args: str) -> None:
    old = Path.cwd()
    os.chdir(workspace)
    try:
        result = runner.invoke(app, ["render", "planer/bs.yaml", *args])
    finally:
        os.chdir(old)
    assert result.exit_code == 0, result.output


def test_a_measurement_from_a_csv_file_is_the_latest_in_the_table(workspace: Path) -> None:
    # The plan has BS-1.1.a at 78 in 2023 and 80 in 2024; the statistics office's file adds
    # 76 for 2025: below the baseline, so the status is tilbageskridt (R < 0).
    write_files(workspace, {"målinger/statistik.csv": "indikator,år,værdi\nBS-1.1.a,2025,76\n"})
    render(workspace, "-f", "md,docx")
    text = (workspace / "build" / "bs.md").read_text(encoding="utf-8")
    assert "| 2027: 84<br>2031: 90<br>2035: 95 | 76 (2025) | ✖ tilbageskridt |" in text
    document = docx.Document(str(workspace / "build" / "bs.docx"))
    row = next(t for t in document.tables if t.rows[0].cells[0].text == "Indikator").rows[1]
    assert [c.text for c in row.cells[-2:]] == ["76 (2025)", "✖ tilbageskridt"]


def test_the_trend_chart_draws_the_csv_measurement_too(workspace: Path) -> None:
    from sektorplan.render.context import Options, build_context

    write_files(workspace, {"målinger/statistik.csv": "indikator,år,værdi\nBS-1.1.a,2025,76\n"})
    ws = load_workspace(workspace)
    plan = next(p.plan for p in ws.plans if p.path.stem == "bs")
    assert plan is not None
    context = build_context(ws, plan, Options("da", dt.datetime(2025, 1, 1, tzinfo=dt.UTC)))
    indicator = context["goals"][0]["sub_goals"][0]["indicators"][0]
    assert indicator["series"] == {
        "baseline": {"year": 2023, "value": 78},
        "measurements": [{"year": 2024, "value": 80}, {"year": 2025, "value": 76}],
        "targets": [
            {"year": 2027, "value": 84},
            {"year": 2031, "value": 90},
            {"year": 2035, "value": 95},
        ],
    }
    assert indicator["status"]["code"] == "deterioration"


def colours(png: bytes) -> set[tuple[int, int, int]]:
    found = Image.open(io.BytesIO(png)).convert("RGB").getcolors(maxcolors=1 << 24) or []
    return {colour for _, colour in found}


def test_a_trend_chart_is_a_small_png_in_the_status_colour(workspace: Path) -> None:
    render(workspace, "-f", "md")
    png = (workspace / "build" / "bs-indikator-bs-1.1.a.png").read_bytes()
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    assert b"Software" not in png and b"matplotlib" not in png
    image = Image.open(io.BytesIO(png))
    assert image.size == (442, 247)
    found = colours(png)
    assert (0x4C, 0x9F, 0x38) in found  # på sporet: the latest measurement and the status
    assert (0x00, 0x72, 0xB2) in found  # the measurements' line


# --- file names ------------------------------------------------------------------------------


class _Plan:
    """Just what trend_chart_names reads: goals → sub-goals → indicators with ids."""

    def __init__(self, ids: list[str]) -> None:
        indicators = [type("I", (), {"id": id_})() for id_ in ids]
        sub = type("S", (), {"indicators": indicators})()
        self.goals = [type("G", (), {"sub_goals": [sub]})()]


def names(*ids: str) -> list[str]:
    return list(trend_chart_names("bs", _Plan(list(ids))).values())  # type: ignore[arg-type]


def test_chart_names_are_the_ids_in_lower_case() -> None:
    assert names("BS-1.1.a", "BS-2_b", "Bæ-ø.å") == [
        "bs-indikator-bs-1.1.a.png",
        "bs-indikator-bs-2_b.png",
        "bs-indikator-bæ-ø.å.png",
    ]


def test_other_letters_are_written_with_their_code() -> None:
    assert names("ĸ-1", "é") == ["bs-indikator-+000138-1.png", "bs-indikator-+0000e9.png"]


def test_ids_that_differ_only_in_case_keep_their_capitals() -> None:
    # Most file systems on Windows and macOS ignore case: bs-1.a.png would be one file.
    assert names("BS-1.a", "bs-1.a", "BS-2.a") == [
        "bs-indikator-+b+s-1.a.png",
        "bs-indikator-bs-1.a.png",
        "bs-indikator-bs-2.a.png",
    ]


_ID = re.compile(ID_PATTERN)
ids = st.from_regex(ID_PATTERN, fullmatch=True).filter(lambda s: len(s) <= 12)


def with_other_case(plan_ids: list[str]) -> list[str]:
    """The ids and, where it is an id too, each one in the other case: the hard case."""
    swapped = [i.swapcase() for i in plan_ids if _ID.fullmatch(i.swapcase())]
    return list(dict.fromkeys(plan_ids + swapped))


@given(st.lists(ids, max_size=6).map(with_other_case))
def test_two_ids_never_get_the_same_file_name_even_ignoring_case(plan_ids: list[str]) -> None:
    chart_names = names(*plan_ids)
    assert len({n.casefold() for n in chart_names}) == len(plan_ids)
    for name in chart_names:
        assert set(name) <= set("abcdefghijklmnopqrstuvwxyz0123456789.-_+æøå")
