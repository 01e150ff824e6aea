"""Schema findings say what is wrong with the value as written, where it is written."""

from __future__ import annotations

from pathlib import Path

import pytest

from sektorplan.check.validate import validate
from sektorplan.findings import Finding

from ..conftest import edit

INDICATOR = "mål[0].delmål[0].indikatorer[0]"


def only_finding(root: Path) -> Finding:
    findings = validate([root]).findings
    assert len(findings) == 1, findings
    return findings[0]


@pytest.mark.parametrize(
    ("old", "new", "path"),
    [
        ("værdi: 78}", "værdi: .nan}", f"{INDICATOR}.basis.værdi"),
        ("målinger: {2024: 80}", "målinger: {2024: -.inf}", f"{INDICATOR}.målinger.2024"),
        ("målinger: {2024: 80}", "målinger: {2024: .inf}", f"{INDICATOR}.målinger.2024"),
    ],
)
def test_an_indicator_value_that_is_not_finite_is_no_amount(
    workspace: Path, old: str, new: str, path: str
) -> None:
    edit(workspace / "planer" / "bs.yaml", old, new)
    finding = only_finding(workspace)
    assert (finding.rule, finding.path) == ("SP108", path)
    assert "beløb" not in finding.message and "0 eller derover" not in finding.message
    assert "endeligt tal (gerne negativt)" in finding.message


def test_a_negative_amount_keeps_the_amount_wording(workspace: Path) -> None:
    edit(workspace / "planer" / "am.yaml", "{2025: 20000000,", "{2025: .inf,")
    finding = only_finding(workspace)
    assert finding.rule == "SP108"
    assert finding.message.startswith("Beløbet for 2025 er «.inf»; et beløb skal")


@pytest.mark.parametrize(
    ("file", "old", "new", "where", "path"),
    [
        (
            "planer/bs.yaml",
            "målværdier: {2027: 84,",
            'målværdier: {"2027": 84,',
            (25, 26),
            f"{INDICATOR}.målværdier.2027",
        ),
        (
            "sektorplan.yaml",
            "anlægsramme: {2026: 100000000,",
            "anlægsramme: {'2026': 100000000,",
            (15, 15),
            "anlægsramme.2026",
        ),
    ],
)
def test_a_quoted_year_key_names_its_mapping_once(
    workspace: Path, file: str, old: str, new: str, where: tuple[int, int], path: str
) -> None:
    edit(workspace / file, old, new)
    finding = only_finding(workspace)
    assert (finding.rule, finding.path, (finding.line, finding.column)) == ("SP102", path, where)
    mapping = path.rsplit(".", 2)[-2]
    assert f"Nøglerne i «{mapping}» skal være årstal" in finding.message
    assert "Skriv 2026 uden anførselstegn" in finding.message or "2027 uden" in finding.message


def test_a_year_key_that_is_no_number_is_not_told_about_quotes(workspace: Path) -> None:
    edit(workspace / "planer" / "bs.yaml", "{2027: 84,", "{år2027: 84,")
    finding = only_finding(workspace)
    assert finding.path == f"{INDICATOR}.målværdier.år2027"
    assert "anførselstegn" not in finding.message and "fire cifre" in finding.message


@pytest.mark.parametrize("number", ["1e400", "-1.5e999", "1.0e+400"])
def test_a_number_too_large_to_calculate_with_says_so(workspace: Path, number: str) -> None:
    edit(workspace / "planer" / "bs.yaml", "{2024: 80}", f"{{2024: {number}}}")
    finding = only_finding(workspace)
    assert (finding.rule, finding.path) == ("SP108", f"{INDICATOR}.målinger.2024")
    assert finding.message == (
        f"Værdien for 2024 er «{number}»; det tal er for stort til at regne med. Ret værdien."
    )


def test_a_number_yaml_reads_as_text_is_not_told_to_lose_its_quotes(workspace: Path) -> None:
    edit(workspace / "planer" / "bs.yaml", "{2024: 80}", "{2024: 8.05e1}")
    finding = only_finding(workspace)
    assert finding.rule == "SP102"
    assert "«8.05e1» læses som tekst" in finding.message and "fx 80.5" in finding.message
    assert "anførselstegn" not in finding.message


@pytest.mark.parametrize(
    ("value", "hint"),
    [
        ('"80"', "Skriv tallet uden anførselstegn"),
        ("'80'", "Skriv tallet uden anførselstegn"),
        ("1.234.567", "Skriv tallet med cifre, punktum som decimaltegn"),
    ],
)
def test_text_for_a_number_is_told_what_to_change(workspace: Path, value: str, hint: str) -> None:
    edit(workspace / "planer" / "bs.yaml", "{2024: 80}", f"{{2024: {value}}}")
    finding = only_finding(workspace)
    assert finding.rule == "SP102" and hint in finding.message


@pytest.mark.parametrize(
    "written",
    ["mahe.example.gl", "skole@example", "skole@@example.gl", "sko le@example.gl", "@example.gl",
     "skole@example..gl", "a@b@example.gl"],
)  # fmt: skip
def test_an_email_that_is_no_address_is_an_error(workspace: Path, written: str) -> None:
    edit(workspace / "planer" / "bs.yaml", "email: skole@example.gl", f'email: "{written}"')
    finding = only_finding(workspace)
    assert (finding.rule, finding.path, finding.line) == ("SP102", "ansvarlig.email", 6)
    assert f"«{written}», som ikke er en e-mailadresse" in finding.message


@pytest.mark.parametrize("written", ["skole@sermersooq.gl", "mahe.kleist@nanoq.gl", "a+b@x.y.z"])
def test_an_email_address_passes(workspace: Path, written: str) -> None:
    edit(workspace / "planer" / "bs.yaml", "email: skole@example.gl", f"email: {written}")
    assert validate([workspace]).findings == []


def test_every_echoed_value_is_cut_short(workspace: Path) -> None:
    long_id = "BS-" + "1" * 5000 + "!"
    edit(workspace / "planer" / "bs.yaml", "id: BS-1.1.a", f"id: {long_id}")
    finding = only_finding(workspace)
    assert finding.rule == "SP106"
    assert "«BS-" + "1" * 76 + "…»" in finding.message
    assert len(finding.message) < 300


def test_an_error_message_is_cut_and_cannot_drive_the_terminal() -> None:
    from sektorplan.errors import SektorplanError

    text = str(SektorplanError(f"Skabelonen «{'a' * 500}\x1b[2J» findes ikke.\x07"))
    assert text == f"Skabelonen «{'a' * 79}…» findes ikke.\ufffd"
