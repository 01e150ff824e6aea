"""The translators' round trip: `oversæt udtræk` → xlsx → `oversæt indlæs`, and `status`."""

from __future__ import annotations

import difflib
import json
from pathlib import Path

import pytest
import yaml
from openpyxl import load_workbook

from sektorplan.translate.sheet import SHEET

from ..conftest import run

TRICKY = "{{ plan.titel }} & <b> æøå ÆØÅ ĸ 🙂\nanden linje: '\"' # ikke en kommentar"


def _fill(sheet_path: Path, translation) -> None:
    book = load_workbook(sheet_path)
    sheet = book[SHEET]
    for row in range(2, sheet.max_row + 1):
        sheet.cell(row=row, column=7).value = translation(row, sheet.cell(row=row, column=4).value)
    book.save(sheet_path)


def _texts_lines(path: Path) -> set[int]:
    """The 1-based lines of the file that hold a text (the Tekst values, with their keys)."""
    from ruamel.yaml import YAML

    from sektorplan.load.workspace import load_workspace, workspace_name
    from sektorplan.translate.texts import workspace_texts
    from sektorplan.translate.writeback import locate

    root = path.parent if path.name == "sektorplan.yaml" else path.parent.parent
    ws = load_workspace(root)
    source = path.read_text("utf-8")
    node = YAML(typ="rt").compose(source)
    lines: set[int] = set()
    for text in workspace_texts(ws):
        if text.name != workspace_name(path, root):
            continue
        _, key, value = locate(node, text.keys)
        end = value.end_mark.line + (0 if value.end_mark.column else -1)
        lines.update(range(key.start_mark.line + 1, max(end, key.start_mark.line) + 2))
    return lines


def test_every_text_of_the_example_round_trips_and_nothing_else_changes(
    example_copy: Path,
) -> None:
    files = {
        p: p.read_bytes()
        for p in [*example_copy.glob("planer/*.yaml"), example_copy / "sektorplan.yaml"]
    }
    text_lines = {p: _texts_lines(p) for p in files}
    sheet = example_copy / "kl.xlsx"
    result = run(["oversæt", "udtræk", "--sprog", "kl", "-o", "kl.xlsx"], example_copy)
    assert result.exit_code == 0, result.output
    wanted: dict[int, str] = {}

    def translation(row: int, source: str) -> str:
        wanted[row] = f"{TRICKY} {row}" if row % 2 else f"=kl {source}"
        return wanted[row]

    _fill(sheet, translation)
    # "=kl …" typed into a cell by openpyxl is a formula; the translator's text cell is not.
    book = load_workbook(sheet)
    for row in book[SHEET].iter_rows(min_row=2):
        row[6].data_type = "s"
    book.save(sheet)
    result = run(["oversæt", "indlæs", "kl.xlsx"], example_copy)
    assert result.exit_code == 0, result.output
    assert f"{len(wanted)} oversættelser til kl skrevet" in result.output
    # Every text now has kl, exactly as written in the sheet.
    status = run(["oversæt", "status", "--format", "json"], example_copy)
    counts = json.loads(status.output)["files"]
    assert all(c["missing"] == 0 and c["translated"] == c["texts"] for c in counts)
    book = load_workbook(sheet)
    by_key = {(r[0].value, r[1].value): wanted[r[0].row] for r in book[SHEET].iter_rows(min_row=2)}
    for path, before in files.items():
        after = path.read_bytes()
        name = path.relative_to(example_copy).as_posix()
        data = yaml.safe_load(after)
        for (file, key_path), text in by_key.items():
            if file == name:
                assert _at(data, key_path)["kl"] == text
        # Outside the lines of the texts, the file is byte for byte what it was.
        old, new = before.decode().splitlines(), after.decode().splitlines()
        for tag, i1, i2, _, _ in difflib.SequenceMatcher(
            None, old, new, autojunk=False
        ).get_opcodes():
            if tag != "equal":
                changed = set(range(i1 + 1, i2 + 1))
                assert changed <= text_lines[path], (name, sorted(changed - text_lines[path]))
    # The result is a valid workspace whose Greenlandic documents carry the translations.
    result = run(["validate"], example_copy)
    assert result.exit_code == 0, result.output
    # A second round changes nothing.
    snapshot = {p: p.read_bytes() for p in files}
    again = run(["oversæt", "indlæs", "kl.xlsx"], example_copy)
    assert again.exit_code == 0 and "0 oversættelser til kl skrevet" in again.output
    assert {p: p.read_bytes() for p in files} == snapshot


def _at(data, key_path: str):
    import re

    for part in re.findall(r"[^.\[\]]+|\[\d+\]", key_path):
        data = data[int(part[1:-1])] if part.startswith("[") else data[part]
    return data


@pytest.fixture
def extracted(workspace: Path) -> Path:
    result = run(["oversæt", "udtræk", "--sprog", "kl", "-o", "kl.xlsx"], workspace)
    assert result.exit_code == 0, result.output
    return workspace / "kl.xlsx"


def test_the_sheet_has_a_frozen_header_text_cells_and_a_fingerprint(
    workspace: Path,
) -> None:
    from sektorplan.translate.texts import fingerprint

    plan = workspace / "planer" / "bs.yaml"
    text = plan.read_text("utf-8")
    first = text.split("titel: ", 1)[1].split("\n", 1)[0]
    plan.write_text(text.replace(f"titel: {first}", 'titel: "=SUM(A1:A9)"', 1), "utf-8")
    result = run(["oversæt", "udtræk", "--sprog", "kl", "-o", "kl.xlsx"], workspace)
    assert result.exit_code == 0, result.output
    sheet = load_workbook(workspace / "kl.xlsx")[SHEET]
    assert sheet.freeze_panes == "A2"
    header = [c.value for c in sheet[1]]
    assert header == [
        "Fil", "Sti", "Id", "Kilde (da)", "Nuværende (kl)", "Fingeraftryk", "Oversættelse (kl)"
    ]  # fmt: skip
    assert all(c.font.bold for c in sheet[1])
    rows = {(r[0].value, r[1].value): r for r in sheet.iter_rows(min_row=2)}
    formula = rows[("planer/bs.yaml", "titel")]
    assert formula[3].value == "=SUM(A1:A9)" and formula[3].data_type == "s"
    assert formula[2].value == "BS" and formula[5].value == fingerprint("=SUM(A1:A9)")
    cells = [c for r in sheet.iter_rows(min_row=2) for c in r[:6] if c.value is not None]
    assert cells and all(c.data_type == "s" for c in cells)
    again = run(["oversæt", "udtræk", "--sprog", "kl", "-o", "kl.xlsx"], workspace)
    assert again.exit_code == 1 and "findes allerede" in again.output


def test_udtraek_lists_only_the_missing_texts_unless_alle(workspace: Path) -> None:
    from sektorplan.load.workspace import load_workspace
    from sektorplan.translate.texts import workspace_texts

    every = len(workspace_texts(load_workspace(workspace)))
    plan = workspace / "planer" / "bs.yaml"
    text = plan.read_text("utf-8")
    first = text.split("\nvision: ", 1)[1].split("\n", 1)[0]
    plan.write_text(
        text.replace(f"\nvision: {first}", f'\nvision: {{da: "{first}", kl: Takorluukkat}}', 1),
        "utf-8",
    )
    run(["oversæt", "udtræk", "--sprog", "kl", "-o", "a.xlsx"], workspace)
    run(["oversæt", "udtræk", "--sprog", "kl", "-o", "b.xlsx", "--alle"], workspace)
    missing = load_workbook(workspace / "a.xlsx")[SHEET]
    full = load_workbook(workspace / "b.xlsx")[SHEET]
    assert missing.max_row - 1 == every - 1 and full.max_row - 1 == every
    vision = next(
        r
        for r in full.iter_rows(min_row=2)
        if r[0].value == "planer/bs.yaml" and r[1].value == "vision"
    )
    assert vision[4].value == "Takorluukkat"


def test_a_changed_source_is_skipped_and_an_existing_translation_kept_unless_force(
    workspace: Path, extracted: Path
) -> None:
    _fill(extracted, lambda row, source: f"kl {row}")
    plan = workspace / "planer" / "bs.yaml"
    text = plan.read_text("utf-8")
    first = text.split("\nvision: ", 1)[1].split("\n", 1)[0]
    plan.write_text(text.replace(f"\nvision: {first}", "\nvision: En ny vision.", 1), "utf-8")
    result = run(["oversæt", "indlæs", "kl.xlsx"], workspace)
    assert result.exit_code == 0, result.output
    assert "Sprunget over: række" in result.output and "vision" in result.output
    assert "1 sprunget over" in result.output
    assert "\nvision: En ny vision.\n" in plan.read_text("utf-8")
    # Another translation of the same texts: kept, unless --force.
    _fill(extracted, lambda row, source: f"anden {row}")
    kept = run(["oversæt", "indlæs", "kl.xlsx"], workspace)
    assert kept.exit_code == 0 and "Beholdt: række" in kept.output
    assert "anden" not in plan.read_text("utf-8")
    forced = run(["oversæt", "indlæs", "kl.xlsx", "--force"], workspace)
    assert forced.exit_code == 0, forced.output
    assert "kl: anden" in plan.read_text("utf-8")


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda s: s.cell(row=1, column=2, value="Nøgle"), "række 1, kolonne B: her står «Nøgle»"),
        (lambda s: s.cell(row=3, column=2, value="mål[99].titel"), "række 3, kolonne B:"),
        (
            lambda s: setattr(s["G2"], "value", None),
            "række 2, kolonne G (Oversættelse (kl)): oversættelsen er tom",
        ),
        (
            lambda s: s.cell(row=4, column=7, value="=A1&B1"),
            "række 4, kolonne G (Oversættelse (kl)): cellen er en formel",
        ),
    ],
)
def test_bad_input_names_sheet_row_and_column_and_changes_nothing(
    workspace: Path, extracted: Path, change, message: str
) -> None:
    _fill(extracted, lambda row, source: f"kl {row}")
    book = load_workbook(extracted)
    change(book[SHEET])
    book.save(extracted)
    before = {p: p.read_bytes() for p in workspace.rglob("*.yaml")}
    result = run(["oversæt", "indlæs", "kl.xlsx"], workspace)
    assert result.exit_code == 1
    assert f"kl.xlsx, ark «{SHEET}», {message}" in result.output, result.output
    assert "Intet er ændret" in result.output and "Traceback" not in result.output
    assert {p: p.read_bytes() for p in workspace.rglob("*.yaml")} == before


def test_status_counts_per_file_and_strict_fails_on_missing(workspace: Path) -> None:
    result = run(["oversæt", "status"], workspace)
    assert result.exit_code == 0, result.output
    assert "planer/bs.yaml" in result.output and "I alt" in result.output
    strict = run(["oversæt", "status", "--strict"], workspace)
    assert strict.exit_code == 1 and "mangler oversættelse" in strict.output
    data = json.loads(run(["oversæt", "status", "--format", "json"], workspace).output)
    bs = next(f for f in data["files"] if f["file"] == "planer/bs.yaml")
    assert bs["language"] == "kl" and bs["translated"] == 0 and bs["missing"] == bs["texts"] > 5
    en = run(["oversæt", "status", "--sprog", "en", "--strict"], workspace)
    assert en.exit_code == 1
    assert run(["oversæt", "status", "--sprog", "da"], workspace).exit_code == 2


def test_usage_errors_of_udtraek_and_indlaes_are_danish(workspace: Path) -> None:
    wrong = run(["oversæt", "udtræk", "--sprog", "kl", "-o", "kl.csv"], workspace)
    assert wrong.exit_code == 2 and "endelsen .xlsx" in wrong.output
    primary = run(["oversæt", "udtræk", "--sprog", "da", "-o", "da.xlsx"], workspace)
    assert primary.exit_code == 2 and "primære sprog" in primary.output
    missing = run(["oversæt", "indlæs", "findes-ikke.xlsx"], workspace)
    assert missing.exit_code == 2 and "findes ikke" in missing.output
    (workspace / "tekst.xlsx").write_text("ikke et regneark", "utf-8")
    broken = run(["oversæt", "indlæs", "tekst.xlsx"], workspace)
    assert broken.exit_code == 1 and "kan ikke læses som et Excel-regneark" in broken.output
    assert "Traceback" not in broken.output


def test_a_language_beside_those_of_sprog_can_be_prepared(workspace: Path) -> None:
    # Tekst mappings may always hold da, kl and en: English can be added before sprog: has it.
    result = run(["oversæt", "udtræk", "--sprog", "en", "-o", "en.xlsx"], workspace)
    assert result.exit_code == 0, result.output
    _fill(workspace / "en.xlsx", lambda row, source: f"en {row}")
    applied = run(["oversæt", "indlæs", "en.xlsx"], workspace)
    assert applied.exit_code == 0, applied.output
    assert "til en skrevet" in applied.output
    assert "en: en " in (workspace / "planer" / "bs.yaml").read_text("utf-8")
    status = run(["oversæt", "status", "--sprog", "en", "--strict"], workspace)
    assert status.exit_code == 0, status.output


@pytest.mark.parametrize(
    "args",
    [["status"], ["udtræk", "--sprog", "kl", "-o", "ny.xlsx"], ["indlæs", "kl.xlsx"]],
)
def test_oversaet_outside_a_workspace_says_so_and_writes_nothing(
    args: list[str], tmp_path: Path
) -> None:
    (tmp_path / "kl.xlsx").write_bytes(b"PK")
    result = run(["oversæt", *args], tmp_path)
    assert result.exit_code == 2
    assert "er ikke i et arbejdsområde" in result.output and "--workspace" in result.output
    assert list(tmp_path.iterdir()) == [tmp_path / "kl.xlsx"]
    assert (tmp_path / "kl.xlsx").read_bytes() == b"PK"
