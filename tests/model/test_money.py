"""Money: amounts as written, added exactly in one place, so rule SP307's warning, the overview
and the documents always tell the same story about the same plan."""

from __future__ import annotations

import datetime as dt
import decimal
import pickle
import tempfile
from decimal import Decimal
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sektorplan.check.examples import BASE_FILES
from sektorplan.check.validate import validate
from sektorplan.load.workspace import load_workspace
from sektorplan.model import money
from sektorplan.overview.data import build_overview
from sektorplan.render.context import Options, build_context
from sektorplan.render.formatting import Formatter

from ..conftest import write_files

CONSTRUCTION_BS = "anlæg: {2026: 50000000, 2027: 40000000}"
CONSTRUCTION_AM = "anlæg: {2025: 20000000, 2026: 30000000}"
FRAME = "anlægsramme: {2026: 100000000, 2027: 100000000}"


def workspace_with(root: Path, bs: str, am: str, frame: str) -> Path:
    """BASE_FILES with the 2026 construction amounts of BS-I1 and AM-I1 and the 2026 frame
    written as the given YAML texts."""
    files = dict(BASE_FILES)
    files["sektorplan.yaml"] = files["sektorplan.yaml"].replace(
        FRAME, f"anlægsramme: {{2026: {frame}, 2027: 100000000}}"
    )
    files["planer/bs.yaml"] = files["planer/bs.yaml"].replace(
        CONSTRUCTION_BS, f"anlæg: {{2026: {bs}, 2027: 40000000}}"
    )
    files["planer/am.yaml"] = files["planer/am.yaml"].replace(
        CONSTRUCTION_AM, f"anlæg: {{2025: 20000000, 2026: {am}}}"
    )
    return write_files(root, files)


def sp307(root: Path) -> list[str]:
    return [f.message for f in validate([root]).findings if f.rule == "SP307"]


# --- SP307 and the overview agree -------------------------------------------------------------


def _text(value: Decimal) -> str:
    """A YAML number for `value`: an integer, or a decimal with a point (YAML needs one)."""
    return format(value, "f")


AMOUNTS = st.one_of(
    st.sampled_from(["0.1", "0.2", "0.3", "0.7", "1.1", "2.675"]).map(Decimal),  # binary noise
    st.decimals(0, 10**12, places=2),  # kroner and øre
    st.integers(0, 10**30).map(Decimal),  # large, beyond a float's 17 digits
    st.decimals(10**14, 10**16, places=4),  # more digits than a float holds: kept as written
)
DIFFERENCES = st.sampled_from(
    ["0", "0.01", "0.001", "0.0000000001", "0.5", "1", "-0.01", "-0.0000001", "-1"]
).map(Decimal)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(AMOUNTS, AMOUNTS, DIFFERENCES)
def test_sp307_and_the_overview_agree_to_the_last_digit(
    bs: Decimal, am: Decimal, below: Decimal
) -> None:
    with decimal.localcontext() as paper:  # what the planner wrote, added on paper
        paper.prec = 100
        exact = bs + am
        frame = max(exact - below, Decimal(0))
    with tempfile.TemporaryDirectory() as tmp:
        root = workspace_with(Path(tmp), _text(bs), _text(am), _text(frame))
        messages = sp307(root)
        table = build_overview(load_workspace(root)).construction
    year = table.years.index(2026)
    assert table.totals()[year] == exact
    assert table.frame[year] == frame
    assert table.over_frame()[year] is (exact > frame)
    assert bool(messages) is (exact > frame)
    for message in messages:
        assert f"i alt {money.kr(exact)} i alle planer" in message
        assert f"rammen er {money.kr(frame)}:" in message
        assert money.kr(exact) != money.kr(frame)


def test_a_sum_like_0_1_plus_0_2_is_exactly_0_3(tmp_path: Path) -> None:
    # As floats, 0.1 + 0.2 is 0.30000000000000004: above a frame of 0.3
    root = workspace_with(tmp_path, "0.1", "0.2", "0.3")
    assert sp307(root) == []
    table = build_overview(load_workspace(root)).construction
    assert table.totals()[table.years.index(2026)] == Decimal("0.3")


def test_digits_a_float_cannot_hold_are_kept(tmp_path: Path) -> None:
    # 12345678901234567.89 as a float is 12345678901234568: the total would pass the frame
    root = workspace_with(tmp_path, "12345678901234567.89", "0", "12345678901234567.88")
    (message,) = sp307(root)
    assert "i alt 12.345.678.901.234.567,89 kr." in message
    assert "rammen er 12.345.678.901.234.567,88 kr." in message
    table = build_overview(load_workspace(root)).construction
    assert table.totals()[table.years.index(2026)] == Decimal("12345678901234567.89")


def test_the_digits_survive_the_copy_a_build_hands_its_workers(tmp_path: Path) -> None:
    root = workspace_with(tmp_path, "12345678901234567.89", "0", "1.0")
    plan = next(p for _, p in load_workspace(root).valid_plans if p.department == "BS")
    amount = pickle.loads(pickle.dumps(plan)).initiatives[0].economy.construction[2026]
    assert money.exact(amount) == Decimal("12345678901234567.89")
    assert amount == 12345678901234567.89  # still a float for everything that computes


# --- messages never contradict themselves ------------------------------------------------------


def test_a_difference_below_one_krone_is_shown_with_øre(tmp_path: Path) -> None:
    root = workspace_with(tmp_path, "59999999.6", "40000000.0", "99999999.5")
    (message,) = sp307(root)
    assert "i alt 99.999.999,60 kr." in message
    assert "rammen er 99.999.999,50 kr." in message


def test_a_total_just_above_a_whole_frame_shows_every_digit(tmp_path: Path) -> None:
    root = workspace_with(tmp_path, "60000000.004", "40000000", "100000000")
    (message,) = sp307(root)
    assert "i alt 100.000.000,004 kr. i alle planer, men rammen er 100.000.000 kr." in message


def test_whole_amounts_read_as_before(tmp_path: Path) -> None:
    (message,) = sp307(workspace_with(tmp_path, "70000000", "30000000", "80000000"))
    assert "i alt 100.000.000 kr. i alle planer, men rammen er 80.000.000 kr." in message


# --- one form for amounts, with and without Babel ----------------------------------------------


def test_amounts_in_danish_form() -> None:
    assert money.kr(1234567) == "1.234.567 kr."
    assert money.kr(1234567.5) == "1.234.567,50 kr."
    assert money.kr(Decimal("0.30")) == "0,30 kr."
    assert money.kr(Decimal("12.500")) == "12,50 kr."  # never 12,500: that reads as thousands
    assert money.kr(Decimal("1000.004")) == "1.000,004 kr."
    assert money.kr(Decimal("5000.000")) == "5.000 kr."
    assert money.kr(-0.0) == "0 kr."
    assert money.kr(10**30) == "1" + ".000" * 10 + " kr."


@settings(max_examples=200, deadline=None)
@given(
    st.one_of(
        st.integers(0, 10**40),
        st.floats(0, 1e20, allow_nan=False, allow_infinity=False),
        st.decimals(0, 10**20, allow_nan=False, allow_infinity=False),
    )
)
def test_documents_show_the_digits_messages_show(value: int | float | Decimal) -> None:
    assert Formatter("da").kr(value) == money.kr(value)


def test_totals_are_exact_at_any_size() -> None:
    assert money.total([0.1, 0.2]) == Decimal("0.3")
    big = 10**300
    assert money.total([big, Decimal("0.01")]) - big == Decimal("0.01")
    assert money.total([]) == 0


def test_huge_whole_thousands_render_in_thousands(tmp_path: Path) -> None:
    # 10^40 is more digits than Decimal's default precision: the table once crashed here
    root = workspace_with(tmp_path, str(10**40), "30000000", "100000000")
    ws = load_workspace(root)
    plan = next(p for _, p in ws.valid_plans if p.department == "BS")
    context = build_context(ws, plan, Options("da", dt.datetime(2025, 1, 1, tzinfo=dt.UTC)))
    construction = context["construction"]
    assert construction["note"] == "Alle beløb er i 1.000 kr."
    assert construction["tables"][0]["rows"][0]["cells"][0] == "10" + ".000" * 12
    assert construction["total"] == money.kr(10**40 + 40_000_000)
