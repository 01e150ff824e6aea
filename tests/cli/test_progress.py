"""The progress method, by hand-computed cases, and `sektorplan progress`.

Compound rates (all values positive): obs = (yt/y0)^(1/(t−t0)) − 1, req = (yT/y0)^(1/(T−t0)) − 1.
Linear rates (otherwise): obs = (yt − y0)/(t − t0), req = (yT − y0)/(T − t0).
R = d·obs/|req|; ≥ 0.95 on track, ≥ 0.6 needs acceleration, ≥ 0 limited, < 0 deterioration.
"""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path

import pytest
from typer.testing import CliRunner

from sektorplan.cli import progress as progress_report
from sektorplan.cli.app import app
from sektorplan.model import money
from sektorplan.model.plan import Indicator
from sektorplan.model.progress import (
    ACHIEVED,
    DETERIORATION,
    INSUFFICIENT_DATA,
    LIMITED,
    NEEDS_ACCELERATION,
    ON_TRACK,
    STATUSES,
    Progress,
    assess,
    counts,
    indicator_progress,
)

from ..conftest import EXAMPLE, write_files

OP, NED = 1, -1


def test_statuses_in_display_order_with_danish_labels() -> None:
    assert STATUSES == (
        "achieved",
        "on_track",
        "needs_acceleration",
        "limited",
        "deterioration",
        "insufficient_data",
    )
    labels = [Progress(s).label for s in STATUSES]
    assert labels == [
        "opnået",
        "på sporet",
        "fremskridt – men skal accelereres",
        "begrænset fremskridt",
        "tilbageskridt",
        "utilstrækkelige data",
    ]
    assert len({Progress(s).symbol for s in STATUSES}) == len(STATUSES)
    assert len({Progress(s).colour for s in STATUSES}) == len(STATUSES)


# --- compound rates: y0 = 100 in 2020, one measurement in 2021, target in 2022 ------------------
# req for 121 = 1.21^(1/2) − 1 = 0.10; for 144: 0.20; for 64 (ned): 0.8 − 1 = −0.20.


@pytest.mark.parametrize(
    ("direction", "latest", "target", "status", "ratio"),
    [
        (OP, 110, 121, ON_TRACK, 1.0),  # obs 0.10 / req 0.10
        (OP, 115, 144, NEEDS_ACCELERATION, 0.75),  # 0.15 / 0.20
        (OP, 105, 144, LIMITED, 0.25),  # 0.05 / 0.20
        (OP, 100, 144, LIMITED, 0.0),  # standing still: 0 / 0.20
        (OP, 90, 121, DETERIORATION, -1.0),  # −0.10 / 0.10
        (NED, 80, 64, ON_TRACK, 1.0),  # −1 · −0.20 / 0.20
        (NED, 84, 64, NEEDS_ACCELERATION, 0.8),  # −1 · −0.16 / 0.20
        (NED, 90, 64, LIMITED, 0.5),  # −1 · −0.10 / 0.20
        (NED, 110, 64, DETERIORATION, -0.5),  # −1 · 0.10 / 0.20
    ],
)
def test_compound_rates(
    direction: int, latest: float, target: float, status: str, ratio: float
) -> None:
    result = assess(direction, (2020, 100), {2021: latest}, {2022: target})
    assert result == Progress(status, pytest.approx(ratio), (2021, latest), (2022, target))


def test_compound_rates_over_several_years() -> None:
    # obs = (121/100)^(1/2) − 1 = 0.10; req = (146.41/100)^(1/4) − 1 = 0.10
    result = assess(OP, (2020, 100), {2021: 105, 2022: 121}, {2024: 146.41})
    assert result.status == ON_TRACK
    assert result.ratio == pytest.approx(1.0)
    assert result.latest == (2022, 121)


@pytest.mark.parametrize(
    ("direction", "latest", "target"),
    [(OP, 121, 121), (OP, 130, 121), (NED, 64, 64), (NED, 50, 64)],
)
def test_achieved_when_the_latest_value_reaches_the_target(
    direction: int, latest: float, target: float
) -> None:
    result = assess(direction, (2020, 100), {2021: latest}, {2022: target})
    assert result == Progress(ACHIEVED, None, (2021, latest), (2022, target))


# --- linear rates: a zero or negative value anywhere -------------------------------------------


@pytest.mark.parametrize(
    ("direction", "baseline", "latest", "target", "status", "ratio"),
    [
        # y0 = 0: obs = 3/2 = 1.5, req = 10/5 = 2
        (OP, 0, 3, 10, NEEDS_ACCELERATION, 0.75),
        # negative values, op: obs = (−14 + 20)/2 = 3, req = (−10 + 20)/5 = 2
        (OP, -20, -14, -10, ON_TRACK, 1.5),
        # negative values, ned: obs = (−6 + 5)/2 = −0.5, req = (−15 + 5)/5 = −2
        (NED, -5, -6, -15, LIMITED, 0.25),
        # ned across zero: obs = (1 − 5)/2 = −2, req = (−5 − 5)/5 = −2
        (NED, 5, 1, -5, ON_TRACK, 1.0),
        # a target of zero: obs = (2 − 6)/2 = −2, req = (0 − 6)/5 = −1.2
        (NED, 6, 2, 0, ON_TRACK, 2 / 1.2),
        # the latest value is zero, op: obs = (0 − 4)/2 = −2, req = (9 − 4)/5 = 1
        (OP, 4, 0, 9, DETERIORATION, -2.0),
    ],
)
def test_linear_rates(
    direction: int, baseline: float, latest: float, target: float, status: str, ratio: float
) -> None:
    result = assess(direction, (2020, baseline), {2022: latest}, {2025: target})
    assert result.status == status
    assert result.ratio == pytest.approx(ratio)


def test_a_zero_ratio_is_never_negative_zero() -> None:
    result = assess(NED, (2020, 0), {2022: 0}, {2025: -5})
    assert result.status == LIMITED
    assert str(result.ratio) == "0.0"


# --- thresholds and floating point ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("latest", "status"),
    [(9.5, ON_TRACK), (9.4, NEEDS_ACCELERATION), (6, NEEDS_ACCELERATION), (5.9, LIMITED)],
)
def test_thresholds_are_inclusive(latest: float, status: str) -> None:
    # linear (y0 = 0): req = 20/4 = 5; obs = latest/2; R = latest/10
    result = assess(OP, (2020, 0), {2022: latest}, {2024: 20})
    assert result.status == status
    assert result.ratio == pytest.approx(latest / 10)


def test_a_ratio_exactly_at_095_on_paper_is_on_track() -> None:
    # obs = 0.57/3 = 0.19, req = 0.8/4 = 0.2: R = 0.95, which floating point makes 0.9499…98
    assert (0.57 / 3) / (0.8 / 4) < 0.95
    result = assess(OP, (2020, 0), {2023: 0.57}, {2024: 0.8})
    assert result == Progress(ON_TRACK, 0.95, (2023, 0.57), (2024, 0.8))


def test_a_ratio_exactly_at_06_on_paper_needs_acceleration() -> None:
    # ned: obs = −0.1, req = −0.5/3: R = 0.6, which floating point makes 0.5999…9
    assert -1 * (-0.3 - -0.2) / abs((-0.7 - -0.2) / 3) < 0.6
    result = assess(NED, (2020, -0.2), {2021: -0.3}, {2023: -0.7})
    assert result == Progress(NEEDS_ACCELERATION, 0.6, (2021, -0.3), (2023, -0.7))


# --- which measurement, which target -------------------------------------------------------------


def test_no_measurement_is_insufficient_data_against_the_first_target() -> None:
    result = assess(OP, (2023, 78), {}, {2031: 90, 2027: 84})
    assert result == Progress(INSUFFICIENT_DATA, None, None, (2027, 84))


def test_a_measurement_only_in_the_baseline_year_is_insufficient_data() -> None:
    result = assess(OP, (2023, 78), {2023: 79}, {2027: 84})
    assert result == Progress(INSUFFICIENT_DATA, None, (2023, 79), (2027, 84))


def test_a_measurement_before_the_baseline_is_insufficient_data() -> None:
    # SP214 reports it; the method does not use it.
    result = assess(OP, (2023, 78), {2021: 70}, {2027: 84})
    assert result.status == INSUFFICIENT_DATA


def test_a_single_measurement_is_enough() -> None:
    result = assess(OP, (2023, 78), {2024: 80}, {2027: 84})
    assert result.status != INSUFFICIENT_DATA
    assert result.latest == (2024, 80)


def test_the_latest_measurement_is_the_latest_year_whatever_the_order() -> None:
    result = assess(OP, (2020, 100), {2022: 121, 2021: 200}, {2024: 146.41})
    assert result.latest == (2022, 121)


def test_the_target_is_the_first_after_the_latest_measurement() -> None:
    targets = {2027: 84, 2031: 90, 2035: 95}
    assert assess(OP, (2023, 78), {2026: 80}, targets).target == (2027, 84)
    # a measurement in a target year: that target has passed, the next one counts
    assert assess(OP, (2023, 78), {2027: 83}, targets).target == (2031, 90)
    # the measurement is in the last target year: the last target
    assert assess(OP, (2023, 78), {2035: 96}, targets) == Progress(
        ACHIEVED, None, (2035, 96), (2035, 95)
    )


def test_all_targets_passed_measures_against_the_last_one() -> None:
    # obs = (115/100)^(1/4) − 1 = 0.035558; req = 1.21^(1/2) − 1 = 0.1: R = 0.35558
    result = assess(OP, (2020, 100), {2024: 115}, {2022: 121})
    assert result.target == (2022, 121)
    assert result.status == LIMITED
    assert result.ratio == pytest.approx((1.15**0.25 - 1) / 0.1)


def test_a_target_equal_to_the_baseline_not_held_is_deterioration() -> None:
    assert assess(OP, (2020, 50), {2022: 45}, {2024: 50}) == Progress(
        DETERIORATION, None, (2022, 45), (2024, 50)
    )
    assert assess(NED, (2020, 0), {2022: 3}, {2024: 0}).status == DETERIORATION
    assert assess(OP, (2020, 50), {2022: 50}, {2024: 50}).status == ACHIEVED


def test_a_target_on_the_wrong_side_of_the_baseline_is_never_progress_when_missed() -> None:
    # op, but the target (40) is below the baseline (50) (warning SP301), and the value fell
    # below it: obs = 0.7^(1/2) − 1 = −0.1633, req = 0.8^(1/4) − 1 = −0.0543. obs/req would be
    # +3.01 ("on track"); d·obs/|req| = −3.01.
    result = assess(OP, (2020, 50), {2022: 35}, {2024: 40})
    assert result.status == DETERIORATION
    assert result.ratio == pytest.approx((0.7**0.5 - 1) / abs(0.8**0.25 - 1))  # −3.01
    # …and when it is reached it is achieved, as for any target
    assert assess(OP, (2020, 50), {2022: 45}, {2024: 40}).status == ACHIEVED


def test_a_target_year_not_after_the_baseline_does_not_crash() -> None:
    # SP213 makes this an error in a plan; the method still answers.
    assert assess(OP, (2027, 10), {2028: 12}, {2027: 20}).status == INSUFFICIENT_DATA


def test_indicator_progress_uses_the_indicators_own_measurements_by_default() -> None:
    indicator = Indicator.model_validate(
        {
            "id": "BS-1.1.a",
            "navn": "Andel børn i dagtilbud",
            "enhed": "%",
            "retning": "ned",
            "basis": {"år": 2020, "værdi": 100},
            "målværdier": {2022: 64, 2030: 20},
            "målinger": {2021: 90},
        }
    )
    assert indicator_progress(indicator) == Progress(
        LIMITED, pytest.approx(0.5), (2021, 90), (2022, 64)
    )
    assert indicator_progress(indicator, {2021: 80}).status == ON_TRACK
    assert indicator_progress(indicator, {}).status == INSUFFICIENT_DATA


def test_counts_has_every_status_in_order() -> None:
    result = counts([Progress(LIMITED), Progress(ACHIEVED), Progress(LIMITED)])
    assert list(result) == list(STATUSES)
    assert result[LIMITED] == 2 and result[ACHIEVED] == 1 and result[ON_TRACK] == 0


def test_number_is_written_the_danish_way() -> None:
    assert money.number(9600) == "9.600"
    assert money.number(1234.5) == "1.234,5"
    assert money.number(83.0) == "83"
    assert money.number(-0.25) == "-0,25"
    assert money.number(1234567) == "1.234.567"


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (1e-20, "0,00000000000000000001"),
        (-1.5e-16, "-0,00000000000000015"),
        (2.5e-300, "0," + "0" * 299 + "25"),
        (-0.0, "0"),
    ],
)
def test_number_shows_a_tiny_value_with_its_digits_not_as_0(value: float, shown: str) -> None:
    assert money.number(value) == shown


def test_number_shows_the_digits_written_not_the_floats(tmp_path: Path) -> None:
    from sektorplan.load.yamlfile import Document, load_bytes

    written = "0.1000000000000000000000001"
    doc = load_bytes(f"v: {written}\n".encode(), Document(tmp_path / "a.yaml", "a.yaml"))
    assert money.number(doc.data["v"]) == written.replace(".", ",")


# --- the command ---------------------------------------------------------------------------------

runner = CliRunner()

EXPECTED = {  # hand-checked against the example's numbers (see docs/progress.md)
    "BS-1.1.a": (ON_TRACK, 1.687380046),  # (83/78)^(1/2) − 1 over (84/78)^(1/4) − 1
    "BS-2.1.a": (LIMITED, 0.492450692),  # ned: (415/420)^(1/2) − 1 over (400/420)^(1/4) − 1
    "AM-2.2.a": (ON_TRACK, 1.5),  # basis 0, linear: (3 − 0)/2 over (4 − 0)/4
    "AM-2.1.a": (LIMITED, 0.0),  # 25 → 25
    "AM-1.2.a": (DETERIORATION, -0.426581442),  # ned, 95 → 104
    "VA-2.1.a": (NEEDS_ACCELERATION, 0.60500634),
    "KS-1.1.a": (ACHIEVED, None),
    "BF-2.2.a": (INSUFFICIENT_DATA, None),
}


def test_progress_json_on_the_example() -> None:
    result = runner.invoke(app, ["progress", str(EXAMPLE), "--format", "json"])
    assert result.exit_code == 0, result.output
    items = json.loads(result.stdout)["indicators"]
    assert len(items) == 32
    assert {i["status"] for i in items} == set(STATUSES)
    by_id = {i["id"]: i for i in items}
    for id_, (status, ratio) in EXPECTED.items():
        assert by_id[id_]["status"] == status, id_
        assert by_id[id_]["ratio"] == (None if ratio is None else pytest.approx(ratio)), id_
    assert by_id["BS-1.1.a"] == {
        "id": "BS-1.1.a",
        "plan": progress_report.shown_path(EXAMPLE / "planer" / "bs.yaml"),
        "status": "on_track",
        "ratio": pytest.approx(1.687380046),
        "latest": {"year": 2025, "value": 83},
        "target": {"year": 2027, "value": 84},
    }
    assert by_id["BF-2.2.a"]["latest"] is None
    assert by_id["BF-2.2.a"]["target"] == {"year": 2027, "value": 55}
    # plans in the order of forvaltninger in sektorplan.yaml
    assert [i["id"][:2] for i in items][::6][:2] == ["AM", "BF"]


def test_progress_text_on_the_example() -> None:
    result = runner.invoke(app, ["progress", str(EXAMPLE)])
    assert result.exit_code == 0, result.output
    out = result.stdout
    for heading in ("AM – Forvaltning for Anlæg og Miljø", "BO – Borgerservice", "Status pr. plan"):
        assert heading in out
    for label in ("opnået", "på sporet", "fremskridt – men skal accelereres"):
        assert label in out
    assert "\x1b[" not in out  # no colour without a terminal
    line = next(x for x in out.splitlines() if x.startswith("BS-1.1.a"))
    assert "83 % (2025)" in line and "84 % (2027)" in line and line.endswith("● på sporet")
    line = next(x for x in out.splitlines() if x.startswith("AM-3.1.a"))
    assert "9.600 ton CO2 (2025)" in line and line.endswith("○ begrænset fremskridt")
    line = next(x for x in out.splitlines() if x.startswith("BF-2.2.a"))
    assert "–" in line and line.endswith("? utilstrækkelige data")
    total = next(x for x in out.splitlines() if x.startswith("I alt"))
    assert total.split() == ["I", "alt", "6", "10", "2", "6", "5", "3", "32"]
    bs = next(x for x in out.splitlines() if x.startswith("BS ") and "–" not in x)
    assert bs.split()[2:] == ["1", "1", "0", "1", "1", "1", "5"]


def test_progress_in_a_terminal_is_coloured() -> None:
    from rich.console import Console

    loaded = progress_report.load(EXAMPLE)
    console = Console(file=StringIO(), force_terminal=True, color_system="truecolor", width=200)
    progress_report.print_rich(loaded.workspace, loaded.statuses, console)
    out = console.file.getvalue()
    assert "\x1b[" in out
    assert "fremskridt – men skal accelereres" in out and "Status pr. plan" in out


def test_progress_of_one_plan(workspace: Path) -> None:
    result = runner.invoke(
        app, ["progress", str(workspace / "planer" / "am.yaml"), "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    items = json.loads(result.stdout)["indicators"]
    assert [i["id"] for i in items] == ["AM-1.1.a"]
    assert items[0]["status"] == INSUFFICIENT_DATA


def test_progress_includes_the_statistics_files(workspace: Path) -> None:
    # BS-1.1.a: 78 in 2023, 80 in 2024 (plan); the file adds 86 in 2025: target 84 reached
    write_files(workspace, {"målinger/2025.csv": "indikator,år,værdi\nBS-1.1.a,2025,86\n"})
    result = runner.invoke(app, ["progress", str(workspace), "--format", "json"])
    assert result.exit_code == 0, result.output
    bs = json.loads(result.stdout)["indicators"][0]
    assert (bs["id"], bs["status"], bs["latest"]) == (
        "BS-1.1.a",
        ACHIEVED,
        {"year": 2025, "value": 86},
    )


def test_progress_refuses_a_workspace_with_errors(workspace: Path) -> None:
    write_files(workspace, {"målinger/2025.csv": "indikator,år,værdi\nBS-1.1.x,2025,86\n"})
    result = runner.invoke(app, ["progress", str(workspace)])
    assert result.exit_code == 1
    assert "SP223" in result.stdout and "2025.csv:2:1" in result.stdout
    assert "Fremskridt kan ikke beregnes" in result.stderr
    as_json = runner.invoke(app, ["progress", str(workspace), "--format", "json"])
    assert as_json.exit_code == 1
    assert json.loads(as_json.stdout)["errors"] == 1


def test_progress_goes_on_despite_warnings(workspace: Path) -> None:
    bs = workspace / "planer" / "bs.yaml"
    bs.write_text(bs.read_text().replace("    ansvarlig: Skoleafdelingen\n", ""))
    result = runner.invoke(app, ["progress", str(workspace)])
    assert result.exit_code == 0, result.output
    assert "BS-1.1.a" in result.stdout
    assert "1 advarsel" in result.stderr


def test_progress_of_a_missing_path_is_a_usage_error(tmp_path: Path) -> None:
    result = runner.invoke(app, ["progress", str(tmp_path / "findes-ikke")])
    assert result.exit_code == 2
    assert "findes ikke" in result.output


def test_progress_without_plans_says_what_to_do(tmp_path: Path) -> None:
    result = runner.invoke(app, ["progress", str(tmp_path)])
    assert result.exit_code == 0
    assert "sektorplan new" in result.stdout
    as_json = runner.invoke(app, ["progress", str(tmp_path), "--format", "json"])
    assert json.loads(as_json.stdout) == {"indicators": []}


def test_rates_that_overflow_fall_back_to_linear_rates() -> None:
    # compound: (1e200 / 1e-200) ** (1/2) overflows; linear: obs = 1e200 / 2, req = 2e200 / 4
    result = assess(OP, (2023, 1.0e-200), {2024: 1.0e100, 2025: 1.0e200}, {2027: 2.0e200})
    assert (result.status, result.ratio) == (ON_TRACK, 1.0)
    # linear differences that overflow too: the halves give the same R
    result = assess(OP, (2020, -1.5e308), {2022: 1.5e308}, {2024: 1.7e308})
    assert result.status == ON_TRACK
    assert result.ratio == pytest.approx(2 * 1.5 / 1.6, rel=1e-9)


def test_a_ratio_beyond_any_float_has_a_status_but_no_ratio() -> None:
    # obs = -1e300 - 1e-300, req = 1e-301: R = -1e601 is no float
    result = assess(OP, (2020, 1e-300), {2021: -1e300}, {2030: 2e-300})
    assert (result.status, result.ratio) == (DETERIORATION, None)


def test_progress_json_is_valid_json_for_huge_values(workspace: Path) -> None:
    bs = workspace / "planer" / "bs.yaml"
    text = bs.read_text(encoding="utf-8")
    for old, new in [
        ("basis: {år: 2023, værdi: 78}", "basis: {år: 2023, værdi: 1.0e-200}"),
        ("målværdier: {2027: 84, 2031: 90, 2035: 95}", "målværdier: {2027: 2.0e+200}"),
        ("målinger: {2024: 80}", "målinger: {2024: 1.0e+100, 2025: 1.0e+200}"),
    ]:
        assert text.count(old) == 1
        text = text.replace(old, new)
    bs.write_text(text, encoding="utf-8")
    result = runner.invoke(app, ["progress", str(workspace), "--format", "json"])
    assert result.exit_code == 0, result.output
    assert "NaN" not in result.stdout and "Infinity" not in result.stdout
    item = json.loads(result.stdout)["indicators"][0]
    assert (item["id"], item["status"], item["ratio"]) == ("BS-1.1.a", ON_TRACK, 1.0)


def test_progress_json_writes_a_number_without_a_finite_value_as_null() -> None:
    assert [progress_report.finite(x) for x in (float("nan"), float("-inf"), 0.5, None)] == [
        None,
        None,
        0.5,
        None,
    ]


def test_a_count_is_shown_without_a_unit_word() -> None:
    """«60 antal» reads wrong: a count is the number alone; other units stay."""
    from sektorplan.cli.progress import with_unit

    assert with_unit(60, "antal") == "60"
    assert with_unit(60, " Antal ") == "60"
    assert with_unit(12, "stk.") == "12"
    assert with_unit(84.5, "%") == "84,5 %"
    assert with_unit(3, "elever pr. lærer") == "3 elever pr. lærer"
