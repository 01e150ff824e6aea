"""Amounts never wrap in the Word tables, checked in the PDF LibreOffice makes of them: twelve
years of 1.234.567.890 kr. (every krone shown) in a plan's budget tables, six years in
another's (one table would have eight columns), and the overview's sums by forvaltning."""

from __future__ import annotations

import re
import subprocess
from collections import Counter
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn

from sektorplan.check.examples import BASE_FILES
from sektorplan.render.wordtables import amount_layout, is_amount, text_width

from ..conftest import require_tools, run, write_files

BIG = 1234567890


def _years(first: int, last: int) -> str:
    return "{" + ", ".join(f"{year}: {BIG}" for year in range(first, last + 1)) + "}"


def _big_workspace(root: Path) -> Path:
    files = dict(BASE_FILES)
    twelve = _years(2024, 2035)
    bs = files["planer/bs.yaml"].replace(
        "    start: 2026\n    slut: 2029\n", "    start: 2024\n    slut: 2035\n"
    )
    bs = bs.replace(
        "      anlæg: {2026: 50000000, 2027: 40000000}\n",
        f"      anlæg: {twelve}\n      drift: {twelve}\n",
    )
    bs += (
        "  - id: BS-I2\n    titel: Renovering af skolerne\n    type: anlæg\n"
        "    bidrager-til: [BS-1.1]\n    start: 2024\n    slut: 2035\n"
        "    ansvarlig: Skoleafdelingen\n"
        f"    økonomi:\n      anlæg: {twelve}\n      drift: {twelve}\n"
    )
    six = _years(2027, 2032)
    am = files["planer/am.yaml"].replace(
        "    start: 2024\n    slut: 2026\n", "    start: 2027\n    slut: 2032\n"
    )
    am = am.replace(
        "      anlæg: {2025: 20000000, 2026: 30000000}\n",
        f"      anlæg: {six}\n      drift: {six}\n",
    )
    files["planer/bs.yaml"], files["planer/am.yaml"] = bs, am
    return write_files(root, files)


def _amount_cells(path: Path) -> tuple[Counter[str], int, int]:
    """The amounts in the document's tables (how often each), and how many of their cells
    have w:noWrap, of how many."""
    amounts: Counter[str] = Counter()
    unwrapped = cells = 0
    for table in docx.Document(str(path)).tables:
        for cell in table._tbl.iter(qn("w:tc")):
            text = "".join(t.text or "" for t in cell.iter(qn("w:t"))).strip()
            if is_amount(text) and re.search(r"\d\.\d{3}", text):
                amounts[text] += 1
                cells += 1
                unwrapped += bool(cell.findall(f"{qn('w:tcPr')}/{qn('w:noWrap')}"))
    return amounts, unwrapped, cells


def test_no_amount_wraps_in_the_pdf(tmp_path: Path) -> None:
    require_tools("soffice", "pdftotext")
    root = _big_workspace(tmp_path / "ws")
    # One build: every document's PDF from one LibreOffice (build.pdfs).
    result = run(["build", "-f", "docx,pdf", "--sprog", "da", "--jobs", "2", "-o", "ud"], root)
    assert result.exit_code == 0, result.output
    folder = root / "ud" / "da" / "filer"
    for name in ("bs", "am", "oversigt"):
        amounts, unwrapped, cells = _amount_cells(folder / f"{name}.docx")
        assert f"{BIG:,}".replace(",", ".") in amounts, name
        assert unwrapped == cells, name
        text = subprocess.run(
            ["pdftotext", "-layout", str(folder / f"{name}.pdf"), "-"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        # Each amount as a whole number on a line as often as the tables have it: a wrapped
        # amount is cut in two there.
        whole = {
            amount: len(re.findall(rf"(?<![\d.]){re.escape(amount)}(?![\d.])", text))
            for amount in amounts
        }
        cut = {a: (n, whole[a]) for a, n in amounts.items() if whole[a] < n}
        assert not cut, (name, cut)


def test_a_table_too_wide_for_its_amounts_gets_columns_from_them() -> None:
    page = 9070
    even = [2177] + [984] * 7  # the even spread of eight columns
    small = [(0, "Indsats", True), *((c, "120.000", False) for c in range(1, 8))]
    assert amount_layout(small, even, page) == (even, 9.0)  # they fit: unchanged
    wide = [(0, "AM-I1 Byggemodning", False), *((c, "1.234.567.890", True) for c in range(1, 6))]
    widths, size = amount_layout(wide, [2902] + [1233] * 5, page)
    assert size == 9.0 and sum(widths) == page
    assert min(widths[1:]) >= text_width("1.234.567.890", 9.0, bold=True) + 140
    assert widths[0] >= text_width("Byggemodning", 9.0) + 140
    # Too many for the page even so: smaller type, and the columns still hold the amounts.
    many = [(0, "Indsats", False), *((c, "44.444.444.444,50", True) for c in range(1, 6))]
    widths, size = amount_layout(many, [2902] + [1233] * 5, page)
    assert 7.0 <= size < 9.0
    assert sum(widths) <= page
    assert min(widths[1:]) >= text_width("44.444.444.444,50", size, bold=True) + 140


@pytest.mark.parametrize("amount", ["1.234.567.890", "2024–2027", "84 %", "3.000 kr."])
def test_what_counts_as_an_amount(amount: str) -> None:
    assert is_amount(amount)
    assert not is_amount("BS-I1 Ny skole")
