"""build/oversigt.xlsx, read back with openpyxl: real numbers, the right sums, stable bytes."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections import Counter, defaultdict
from pathlib import Path

import openpyxl
import pytest
import yaml

from sektorplan.check.examples import BASE_FILES
from sektorplan.i18n import labels as plan_labels
from sektorplan.load.workspace import load_workspace
from sektorplan.overview.data import build_overview
from sektorplan.overview.xlsx import workbook_bytes

from ..conftest import EXAMPLE, write_files

WHEN = dt.datetime(2024, 6, 20, 12, 0, tzinfo=dt.UTC)


@pytest.fixture(scope="module")
def book_bytes() -> bytes:
    return workbook_bytes(build_overview(load_workspace(EXAMPLE)), plan_labels("da"), WHEN)


@pytest.fixture(scope="module")
def book(book_bytes):
    return openpyxl.load_workbook(io.BytesIO(book_bytes))


def _rows(sheet) -> list[dict]:
    header = [c.value for c in sheet[1]]
    return [dict(zip(header, (c for c in row), strict=True)) for row in sheet.iter_rows(min_row=2)]


def test_sheets(book) -> None:
    assert book.sheetnames == [
        "Indsatser",
        "Indikatorer",
        "Verdensmål",
        "Kerneværdier",
        "Anlæg pr. år",
        "Drift pr. år",
    ]


def test_initiatives_with_economy_by_year_as_numbers(book) -> None:
    plans = [yaml.safe_load(p.read_text("utf-8")) for p in sorted(EXAMPLE.glob("planer/*.yaml"))]
    initiatives = {i["id"]: i for p in plans for i in p["indsatser"]}
    rows = _rows(book["Indsatser"])
    *body, total = rows
    assert sorted(r["Indsats"].value for r in body) == sorted(initiatives)
    for row in body:
        economy = initiatives[row["Indsats"].value].get("økonomi", {})
        for year in range(2024, 2036):
            for kind, name in (("anlæg", "Anlæg"), ("drift", "Drift")):
                cell = row[f"{name} {year}"]
                assert cell.value == economy.get(kind, {}).get(year)
                if cell.value is not None:
                    assert isinstance(cell.value, int | float)
                    assert cell.number_format == "#,##0"
    assert total["Forvaltning"].value == "I alt"
    all_construction = sum(
        a for i in initiatives.values() for a in i.get("økonomi", {}).get("anlæg", {}).values()
    )
    assert total["Anlæg i alt"].value == all_construction


def test_indicators_with_baseline_targets_and_measurements(book) -> None:
    rows = {r["Indikator"].value: r for r in _rows(book["Indikatorer"])}
    bs = rows["BS-1.1.a"]
    assert (bs["Basisår"].value, bs["Basis"].value) == (2023, 78)
    assert (bs["Målværdi 2027"].value, bs["Målværdi 2035"].value) == (84, 95)
    assert (bs["Måling 2024"].value, bs["Måling 2025"].value) == (80, 83)
    assert bs["Status"].value == "på sporet"  # 78 (2023) → 83 (2025), target 84 in 2027
    assert rows["BS-2.2.a"]["Måling 2024"].value is None


def test_sdg_matrix_with_goal_colours(book) -> None:
    sheet = book["Verdensmål"]
    header = [c.value for c in sheet[1]]
    assert header[4] == "4 Kvalitetsuddannelse"
    assert sheet.cell(1, 5).fill.fgColor.rgb.endswith("C5192D")
    rows = {r["Forvaltning"].value: r for r in _rows(sheet)}
    assert rows["Forvaltning for Børn og Skole"]["4 Kvalitetsuddannelse"].value == 6
    assert rows["I alt"]["I alt"].value == sum(
        r["I alt"].value for name, r in rows.items() if name != "I alt"
    )


def test_construction_by_year_against_frame(tmp_path: Path) -> None:
    files = dict(BASE_FILES)  # 2026: 50 + 30 mio.; 2027: 40 mio.; frame 100 mio. in both years
    files["planer/am.yaml"] = files["planer/am.yaml"].replace("2026: 30000000}", "2026: 60000000}")
    overview = build_overview(load_workspace(write_files(tmp_path, files)))
    book = openpyxl.load_workbook(io.BytesIO(workbook_bytes(overview, plan_labels("da"), WHEN)))
    rows = {r["Forvaltning"].value: r for r in _rows(book["Anlæg pr. år"])}
    assert rows["Forvaltning for Børn og Skole"]["2026"].value == 50_000_000
    assert rows["I alt"]["2026"].value == 110_000_000
    assert rows["I alt"]["2027"].value == 40_000_000
    assert rows["Anlægsramme"]["2026"].value == 100_000_000
    assert rows["Anlægsramme"]["2025"].value is None
    assert rows["Over rammen"]["2026"].value == "Ja"
    assert rows["Over rammen"]["2027"].value is None
    assert rows["I alt"]["2026"].fill.fgColor.rgb.endswith("F4C7C3")


def test_operation_sums_by_department(book) -> None:
    sums: dict[str, Counter] = defaultdict(Counter)
    config = yaml.safe_load((EXAMPLE / "sektorplan.yaml").read_text("utf-8"))
    names = {d["id"]: d["navn"] for d in config["forvaltninger"]}
    for path in EXAMPLE.glob("planer/*.yaml"):
        plan = yaml.safe_load(path.read_text("utf-8"))
        for i in plan["indsatser"]:
            for year, amount in i.get("økonomi", {}).get("drift", {}).items():
                sums[names[plan["forvaltning"]]][year] += amount
    rows = {r["Forvaltning"].value: r for r in _rows(book["Drift pr. år"])}
    for name, by_year in sums.items():
        assert rows[name]["I alt"].value == sum(by_year.values())
        assert all(rows[name][str(y)].value == v for y, v in by_year.items())


def test_bytes_are_reproducible_and_stamped_with_the_build_time(book_bytes) -> None:
    again = workbook_bytes(build_overview(load_workspace(EXAMPLE)), plan_labels("da"), WHEN)
    assert again == book_bytes
    with zipfile.ZipFile(io.BytesIO(book_bytes)) as archive:
        assert {i.date_time for i in archive.infolist()} == {(2024, 6, 20, 12, 0, 0)}
        core = archive.read("docProps/core.xml").decode()
    assert core.count("2024-06-20T12:00:00Z") == 2  # created and modified


def test_sdg_header_text_reads_on_the_goal_colour(book) -> None:
    header = {c.value: c for c in book["Verdensmål"][1]}
    assert header["7 Bæredygtig energi"].font.color.rgb.endswith("000000")  # on yellow
    assert header["4 Kvalitetsuddannelse"].font.color.rgb.endswith("FFFFFF")  # on dark red


@pytest.mark.parametrize("text", ['=HYPERLINK("http://x","klik")', "#N/A"])
def test_text_that_looks_like_a_formula_stays_text(tmp_path: Path, text: str) -> None:
    files = dict(BASE_FILES)
    quoted = "'" + text.replace("'", "''") + "'"
    files["planer/bs.yaml"] = files["planer/bs.yaml"].replace(
        "titel: Ny skole i Nuuk", f"titel: {quoted}"
    )
    overview = build_overview(load_workspace(write_files(tmp_path, files)))
    data = workbook_bytes(overview, plan_labels("da"), WHEN)
    sheet = openpyxl.load_workbook(io.BytesIO(data))["Indsatser"]
    rows = {r["Indsats"].value: r for r in _rows(sheet)}
    cell = rows["BS-I1"]["Titel"]
    assert cell.value == text
    assert cell.data_type == "s"
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        sheets = [n for n in archive.namelist() if n.startswith("xl/worksheets/")]
        assert all(b"<f>" not in archive.read(n) for n in sheets)
        assert b"<v>#N/A</v>" not in archive.read("xl/worksheets/sheet1.xml")
