"""Measurements from the statistics office: målinger/*.csv, read, checked and merged."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

from sektorplan.check.validate import validate
from sektorplan.findings import Finding
from sektorplan.load import measurements
from sektorplan.load.workspace import load_workspace

from ..conftest import run, write_files

CSV = Path("målinger/statistik.csv")


def parse(text: str) -> tuple[list[measurements.Row], list[Finding]]:
    return measurements.parse(text, CSV)


def where(findings: list[Finding]) -> list[tuple[str, int, int, str]]:
    return [(f.rule, f.line, f.column, f.path) for f in findings]


# --- reading a file ------------------------------------------------------------------------------


def test_a_comma_file_with_decimal_points() -> None:
    rows, findings = parse("indikator,år,værdi\nBS-1.1.a,2024,80\nBS-1.1.a,2025,82.5\n")
    assert findings == []
    assert [(r.indicator, r.year, r.value, r.line) for r in rows] == [
        ("BS-1.1.a", 2024, 80, 2),
        ("BS-1.1.a", 2025, 82.5, 3),
    ]
    assert isinstance(rows[0].value, int)
    assert rows[1].columns == (1, 10, 15)


def test_a_semicolon_file_from_danish_excel_uses_decimal_commas() -> None:
    rows, findings = parse("indikator;år;værdi\r\nBS-1.1.a;2025;82,5\r\nAM-1.1.a;2025;-3\r\n")
    assert findings == []
    assert [(r.indicator, r.value) for r in rows] == [("BS-1.1.a", 82.5), ("AM-1.1.a", -3)]


def test_a_point_in_a_semicolon_file_is_ambiguous() -> None:
    _, findings = parse("indikator;år;værdi\nBS-1.1.a;2025;1.234\n")
    assert where(findings) == [("SP222", 2, 15, "værdi")]
    assert "tvetydigt" in findings[0].message and "1234,5" in findings[0].message


def test_header_in_any_order_any_case_blank_lines_and_spaces() -> None:
    text = "\n Værdi , indikator , år\n\n82 , BS-1.1.a , 2025\n"
    rows, findings = parse(text)
    assert findings == []
    assert [(r.indicator, r.year, r.value, r.line) for r in rows] == [("BS-1.1.a", 2025, 82, 4)]
    assert rows[0].columns == (6, 17, 1)


def test_quoted_fields() -> None:
    rows, findings = parse('"indikator","år","værdi"\n"BS-1.1.a","2025","82.5"\n')
    assert findings == []
    assert (rows[0].indicator, rows[0].value) == ("BS-1.1.a", 82.5)


def test_a_wrong_header() -> None:
    _, findings = parse("indikator,aar,værdi\nBS-1.1.a,2025,82\n")
    assert where(findings) == [("SP220", 1, 1, "")]
    assert "indikator,aar,værdi" in findings[0].message


def test_an_empty_file() -> None:
    _, findings = parse("\n  \n")
    assert [f.rule for f in findings] == ["SP002"]


def test_rows_with_the_wrong_number_of_fields() -> None:
    text = "indikator,år,værdi\nBS-1.1.a,2025\nBS-1.1.a,2025,82,5\nBS-1.1.a,2024,80\n"
    rows, findings = parse(text)
    assert where(findings) == [("SP221", 2, 1, ""), ("SP221", 3, 1, "")]
    assert "punktum" in findings[1].message  # 82,5 in a comma file
    assert [r.line for r in rows] == [4]


def test_an_unclosed_quote() -> None:
    _, findings = parse('indikator,år,værdi\n"BS-1.1.a,2025,82\n')
    assert where(findings) == [("SP221", 2, 1, "")]


@pytest.mark.parametrize(
    ("row", "column", "field", "hint"),
    [
        ("BS-1.1.a,25,82", 10, "år", "fire cifre"),
        ("BS-1.1.a,2025.0,82", 10, "år", "fire cifre"),
        ("BS-1.1.a,2025,82 %", 15, "værdi", "ikke et tal"),
        ("BS-1.1.a,2025,..", 15, "værdi", "ikke et tal"),
        ("BS-1.1.a,2025,", 15, "værdi", "mangler"),
        ("BS-1.1.a,2025,1e5", 15, "værdi", "ikke et tal"),
        ("BS-1.1.a,2025,nan", 15, "værdi", "ikke et tal"),
        ('BS-1.1.a,2025,"82,5"', 15, "værdi", "punktum"),
        ("BS-1.1.a,2025," + "9" * 400 + ".5", 15, "værdi", "alt for stort"),
    ],
)
def test_bad_numbers(row: str, column: int, field: str, hint: str) -> None:
    rows, findings = parse(f"indikator,år,værdi\n{row}\n")
    assert rows == []
    assert where(findings) == [("SP222", 2, column, field)]
    assert hint in findings[0].message


def test_a_bom_is_fine_and_other_encodings_are_not(tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    path.write_bytes("indikator,år,værdi\nBS-1.1.a,2025,82\n".encode("utf-8-sig"))
    rows, findings = measurements.read_file(path)
    assert findings == [] and len(rows) == 1
    path.write_bytes("indikator,år,værdi\nBS-1.1.a,2025,82\n".encode("cp1252"))
    _, findings = measurements.read_file(path)
    assert where(findings) == [("SP001", 1, 11, "")]
    assert "CSV UTF-8" in findings[0].message


def test_the_files_are_found_by_name_and_folder(tmp_path: Path) -> None:
    folder = tmp_path / unicodedata.normalize("NFD", "målinger")  # as a Mac may store it
    write_files(folder, {"b.CSV": "", "a.csv": "", "noter.txt": "", "sub/c.csv": ""})
    assert [p.name for p in measurements.find_files(tmp_path)] == ["a.csv", "b.CSV"]
    assert measurements.find_files(tmp_path / "findes-ikke") == []


# --- against the plans ---------------------------------------------------------------------------

HEADER = "indikator,år,værdi\n"


def findings_of(workspace: Path, files: dict[str, str]) -> list[Finding]:
    write_files(workspace, files)
    return [f for f in validate([workspace]).findings if f.rule.startswith("SP22")]


def test_a_valid_file_gives_no_findings_and_is_counted(workspace: Path) -> None:
    write_files(workspace, {"målinger/a.csv": HEADER + "BS-1.1.a,2024,80\nAM-1.1.a,2025,14\n"})
    result = validate([workspace])
    assert result.findings == []
    assert result.files == 4


def test_unknown_indicators(workspace: Path) -> None:
    text = HEADER + "BS-1.1.b,2025,82\nBS-1.1,2025,82\nXX,2025,1\n,2025,1\n"
    findings = findings_of(workspace, {"målinger/a.csv": text})
    assert where(findings) == [
        ("SP223", 2, 1, "indikator"),
        ("SP223", 3, 1, "indikator"),
        ("SP223", 4, 1, "indikator"),
        ("SP223", 5, 1, "indikator"),
    ]
    assert "Mente du «BS-1.1.a»?" in findings[0].message
    assert "er et delmål, ikke en indikator" in findings[1].message
    assert "mangler indikatorens id" in findings[3].message


def test_an_indicator_of_a_plan_that_fails_the_schema_is_not_unknown(workspace: Path) -> None:
    bs = workspace / "planer" / "bs.yaml"
    bs.write_text(bs.read_text().replace("status: udkast", "status: kladde"))
    findings = findings_of(workspace, {"målinger/a.csv": HEADER + "BS-1.1.a,2025,82\n"})
    assert findings == []


def test_a_year_before_the_baseline(workspace: Path) -> None:
    findings = findings_of(workspace, {"målinger/a.csv": HEADER + "AM-1.1.a,2022,9\n"})
    assert where(findings) == [("SP224", 2, 10, "år")]
    assert "basisåret 2023" in findings[0].message


def test_a_value_that_disagrees_with_the_plan(
    workspace: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(workspace)
    text = HEADER + "BS-1.1.a,2024,80.0\nBS-1.1.a,2024,81\n"  # the plan says 80 (line 26)
    findings = findings_of(workspace, {"målinger/a.csv": text})
    assert where(findings) == [("SP225", 3, 15, "værdi"), ("SP226", 3, 15, "værdi")]
    assert "81 i 2024 her, men 80 i planer/bs.yaml linje 26" in findings[0].message
    assert "80.0 i målinger/a.csv linje 2" in findings[1].message


def test_duplicate_rows_across_files(workspace: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(workspace)
    files = {
        "målinger/2024.csv": HEADER + "AM-1.1.a,2024,12\n",
        "målinger/2025.csv": HEADER + "AM-1.1.a,2025,14\nAM-1.1.a,2024,12\nAM-1.1.a,2024,13\n",
    }
    findings = findings_of(workspace, files)
    assert [(f.file.name, *w) for f, w in zip(findings, where(findings), strict=True)] == [
        ("2025.csv", "SP226", 4, 15, "værdi")
    ]
    assert "13 i 2024 her, men 12 i målinger/2024.csv linje 2" in findings[0].message


def test_validate_a_measurement_file_or_folder(workspace: Path) -> None:
    write_files(workspace, {"målinger/a.csv": HEADER + "XX,2025,1\n", "målinger/b.csv": HEADER})
    alone = validate([workspace / "målinger" / "a.csv"])
    assert [f.rule for f in alone.findings] == ["SP223"]
    assert alone.files == 1
    folder = validate([workspace / "målinger"])
    assert [f.rule for f in folder.findings] == ["SP223"]
    assert folder.files == 5  # a folder inside the workspace checks all of it
    plan = validate([workspace / "planer" / "bs.yaml"])
    assert plan.findings == [] and plan.files == 1


# --- merged ------------------------------------------------------------------------------------


def test_merged_measurements(workspace: Path) -> None:
    write_files(
        workspace,
        {
            "målinger/a.csv": HEADER + "BS-1.1.a,2025,82\nBS-1.1.a,2024,99\nAM-1.1.a,2025,14\n",
            "målinger/b.csv": HEADER + "AM-1.1.a,2025,15\nAM-1.1.a,2026,16\nXX,2025,1\n",
        },
    )
    merged = measurements.merged(load_workspace(workspace))
    # the plan's 80 for 2024 wins over the file's 99; the first row wins over a later one
    assert merged == {"BS-1.1.a": {2024: 80, 2025: 82}, "AM-1.1.a": {2025: 14, 2026: 16}}


def test_merged_without_files(workspace: Path) -> None:
    assert measurements.merged(load_workspace(workspace)) == {
        "BS-1.1.a": {2024: 80},
        "AM-1.1.a": {},
    }


def test_old_mac_line_ends_are_lines() -> None:
    """Excel for Mac may save "CSV" with a carriage return alone between the lines."""
    rows, findings = parse("indikator;år;værdi\r\rBS-1.1.a;2024;80\rBS-1.1.a;2025;8,5;9\r")
    assert [(r.indicator, r.year, r.value, r.line) for r in rows] == [("BS-1.1.a", 2024, 80, 3)]
    assert where(findings) == [("SP221", 4, 1, "")]
    assert all("\r" not in f.message for f in findings)


def test_a_bad_header_with_mixed_line_ends_names_only_the_first_line() -> None:
    _, findings = parse("indikator,aar,værdi\rBS-1.1.a,2024,80\r\nBS-1.1.a,2025,8\n")
    assert where(findings) == [("SP220", 1, 1, "")]
    assert "«indikator,aar,værdi»" in findings[0].message


def test_a_form_feed_or_line_separator_does_not_end_a_line() -> None:
    _, findings = parse("indikator,år,værdi\nBS-1.1.a\x0c,2024,80\u2028\nX,2024,bad\n")
    # The form feed is a control character (SP007, as in a plan), on line 2, not a line end.
    assert where(findings) == [("SP007", 2, 9, ""), ("SP222", 3, 8, "værdi")]


def test_control_characters_get_the_plans_rule_and_never_reach_the_terminal(
    workspace: Path,
) -> None:
    write_files(
        workspace,
        {"målinger/x.csv": "indikator,år,værdi\nBS-1.1.a\x1b[2J\x1b]0;hej\x07,2024,x\x1b[31m\n"},
    )
    result = run(["validate"], workspace)
    assert result.exit_code == 1
    assert "\x1b" not in result.output and "\x07" not in result.output
    assert "målinger/x.csv:2:9: fejl SP007: Kontroltegnet U+001B er ikke tilladt." in result.output
    assert "målinger/x.csv:2:27: fejl SP222 værdi: «x [31m» er ikke et tal." in result.output


def test_a_long_value_is_cut_short_in_the_message(workspace: Path) -> None:
    write_files(workspace, {"målinger/x.csv": f"indikator,år,værdi\n{'X' * 5000},2024,1\n"})
    result = run(["validate"], workspace)
    assert result.exit_code == 1
    assert "«" + "X" * 79 + "…»" in result.output
    assert "X" * 81 not in result.output


def test_not_utf8_after_old_mac_line_ends(tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    path.write_bytes("indikator,år,værdi\rBS-1.1.a,2024,8\r".encode() + b"AM,20\xe524,1\r")
    _, findings = measurements.read_file(path)
    assert where(findings) == [("SP001", 3, 6, "")]


@pytest.mark.parametrize("separator", [",", ";"])
@pytest.mark.parametrize("digits", ["9" * 5000, "9" * 400 + ".5", "9" * 400])
def test_an_absurdly_long_number_is_a_finding(separator: str, digits: str) -> None:
    digits = digits.replace(".", "," if separator == ";" else ".")
    text = f"indikator{separator}år{separator}værdi\nBS-1.1.a{separator}2024{separator}{digits}\n"
    rows, findings = parse(text)
    assert rows == []
    assert where(findings) == [("SP222", 2, 15, "værdi")]
    assert "alt for stort" in findings[0].message and len(findings[0].message) < 100
