"""Years that are most likely typed wrong: a measurement after the period is an error, one
from a year that has not come a warning (and no progress), money outside the initiative's
years a warning. Tested exactly: line, column, message."""

from __future__ import annotations

from pathlib import Path

import pytest

from sektorplan.check.examples import BASE_FILES, EXAMPLE_EPOCH
from sektorplan.check.validate import validate
from sektorplan.cli.reporters import text_line
from sektorplan.load.workspace import load_workspace, shown_path
from sektorplan.model.progress import indicator_progress

from ..conftest import write_files

BS = "planer/bs.yaml"


@pytest.fixture(autouse=True)
def in_2025(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EXAMPLE_EPOCH)  # 2025-06-15


def findings(tmp_path: Path, old: str, new: str) -> list[str]:
    files = dict(BASE_FILES)
    assert files[BS].count(old) == 1
    files[BS] = files[BS].replace(old, new)
    write_files(tmp_path, files)
    shown = shown_path(tmp_path) + "/"  # relative or absolute, by how deep the current folder is
    return [text_line(f).removeprefix(shown) for f in validate([tmp_path]).findings]


def test_a_measurement_after_the_period_is_an_error(tmp_path: Path) -> None:
    assert findings(tmp_path, "målinger: {2024: 80}", "målinger: {2024: 80, 2205: 83}") == [
        "planer/bs.yaml:26:34: fejl SP211 mål BS-1 › delmål BS-1.1 › indikator BS-1.1.a › "
        "målinger 2205: "
        "Målingen for 2205 ligger efter periodens slutning (2035). Ret året."
    ]


def test_a_measurement_from_a_year_to_come_is_a_warning_and_no_progress(tmp_path: Path) -> None:
    assert findings(tmp_path, "målinger: {2024: 80}", "målinger: {2024: 80, 2028: 96}") == [
        "planer/bs.yaml:26:34: advarsel SP312 mål BS-1 › delmål BS-1.1 › indikator BS-1.1.a › "
        "målinger 2028: "
        "Målingen for 2028 er fra et år, der ikke er kommet endnu (det er 2025). Ret året; "
        "indtil da tæller målingen ikke med i indikatorens status."
    ]
    ws = load_workspace(tmp_path)
    plan = next(p.plan for p in ws.plans if p.path.name == "bs.yaml")
    assert plan is not None
    indicator = plan.goals[0].sub_goals[0].indicators[0]
    # 96 in 2028 would be «opnået» (the last target is 95); 80 in 2024 is what counts
    assert indicator_progress(indicator).status != "achieved"
    assert indicator_progress(indicator).latest == (2024, 80)


def test_the_current_year_comes_from_source_date_epoch(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1893456000")  # 2030-01-01
    assert findings(tmp_path, "målinger: {2024: 80}", "målinger: {2024: 80, 2028: 96}") == []


def test_money_outside_the_initiatives_years_is_a_warning(tmp_path: Path) -> None:
    old = "anlæg: {2026: 50000000, 2027: 40000000}"
    assert findings(tmp_path, old, "anlæg: {2025: 50000000, 2030: 40000000}") == [
        "planer/bs.yaml:38:15: advarsel SP313 indsats BS-I1 › økonomi › anlæg 2025: økonomi.anlæg "
        "har "
        "et beløb i 2025, men BS-I1 løber fra 2026 til 2029. Ret året, eller ret start eller "
        "slut.",
        "planer/bs.yaml:38:31: advarsel SP313 indsats BS-I1 › økonomi › anlæg 2030: økonomi.anlæg "
        "har "
        "et beløb i 2030, men BS-I1 løber fra 2026 til 2029. Ret året, eller ret start eller "
        "slut.",
    ]


def test_a_constructions_operating_costs_after_it_is_built_are_expected(tmp_path: Path) -> None:
    old = "      anlæg: {2026: 50000000, 2027: 40000000}"
    new = old + "\n      drift: {2030: 2000000, 2031: 2000000}"
    assert findings(tmp_path, old, new) == []
    before = old + "\n      drift: {2025: 2000000}"
    assert [line.split()[2] for line in findings(tmp_path, old, before)] == ["SP313"]
