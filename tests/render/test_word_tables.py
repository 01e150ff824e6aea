"""Amount tables in Word (paragraph style «Tabeltal»): their year and matrix columns are
spread over the text width (16 cm, 9072 twips in the built-in templates): the first column
a share that shrinks with the number of columns, the others evenly; where an amount does not
fit that, every year column is as wide as the widest amount (tests/build/test_amount_wrap.py
checks in the PDF that none wraps)."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import docx
from docx.oxml.ns import qn
from docx.shared import Cm

from sektorplan.load.workspace import load_workspace
from sektorplan.overview.data import build_overview
from sektorplan.overview.documents import build_context, find_word_template, render_docx
from sektorplan.render.docx import AMOUNT_STYLE, fit_amount_tables
from sektorplan.render.wordtables import is_amount, text_width

from ..conftest import EXAMPLE, edit, run

TEXT_WIDTH = 9072  # twips: A4 less the built-in templates' margins
FIRST_SHARE = {3: 0.4, 4: 0.4, 5: 0.36, 6: 0.32, 7: 0.28}  # more columns: 0.24


def expected(columns: int) -> list[int]:
    first = int(TEXT_WIDTH * FIRST_SHARE.get(columns, 0.24))
    return [first] + [(TEXT_WIDTH - first) // (columns - 1)] * (columns - 1)


def amount_tables(document: docx.document.Document) -> list[docx.table.Table]:
    return [
        t
        for t in document.tables
        if any(p.style.name == AMOUNT_STYLE for c in t._cells for p in c.paragraphs)
    ]


def grid(table: docx.table.Table) -> list[int]:
    return [int(col.get(qn("w:w"))) for col in table._tbl.tblGrid.findall(qn("w:gridCol"))]


def cell_widths(table: docx.table.Table) -> list[list[tuple[str, int]]]:
    """Each row's cells as (type, width) of their w:tcW."""
    rows = []
    for tr in table._tbl.tr_lst:
        widths = [tc.tcPr.find(qn("w:tcW")) for tc in tr.findall(qn("w:tc"))]
        rows.append([(w.get(qn("w:type")), int(w.get(qn("w:w")))) for w in widths])
    return rows


def assert_fitted(table: docx.table.Table, widths: list[int]) -> None:
    assert grid(table) == widths
    assert TEXT_WIDTH - len(widths) < sum(widths) <= TEXT_WIDTH
    for row in cell_widths(table):
        assert row == [("dxa", w) for w in widths]


def test_a_plan_with_many_years_gets_its_columns_spread_over_the_page(workspace: Path) -> None:
    plan = workspace / "planer" / "bs.yaml"
    edit(
        plan,
        "anlæg: {2026: 50000000, 2027: 40000000}",
        "anlæg: {2026: 5000000, 2027: 4000000, 2028: 3000000, 2029: 2000000, 2030: 1000000,"
        " 2031: 1000000}\n      drift: {"
        + ", ".join(f"{year}: 100000" for year in range(2024, 2036))
        + "}",
    )
    edit(plan, "slut: 2029", "slut: 2035")
    edit(
        workspace / "planer" / "am.yaml",
        "anlæg: {2025: 20000000, 2026: 30000000}",
        "anlæg: {2025: 20000000}",
    )
    result = run(["render", "planer", "-f", "docx"], workspace)
    assert result.exit_code == 0, result.output

    bs = amount_tables(docx.Document(str(workspace / "build" / "bs.docx")))
    header = [[c.text for c in t.rows[0].cells] for t in bs]
    assert header[0] == ["Indsats", "2026", "2027", "2028", "2029", "2030", "2031", "I alt"]
    assert header[1:] == [
        ["Indsats", "2024", "2025", "2026", "2027", "I alt"],
        ["Indsats", "2028", "2029", "2030", "2031", "I alt"],
        ["Indsats", "2032", "2033", "2034", "2035", "I alt"],
        ["Indsats", "2024–2027", "2028–2031", "2032–2035", "I alt"],
    ]
    assert_fitted(bs[0], [2177] + [985] * 7)
    for table in bs[1:4]:
        assert_fitted(table, [2903] + [1233] * 5)
    assert_fitted(bs[4], [3265] + [1451] * 4)

    # One year and the total: the initiatives' titles get the widest first column.
    (am,) = amount_tables(docx.Document(str(workspace / "build" / "am.docx")))
    assert [c.text for c in am.rows[0].cells] == ["Indsats", "2025", "I alt"]
    assert_fitted(am, [3628, 2722, 2722])


def test_the_overview_spreads_its_year_and_matrix_columns_and_keeps_the_fixed_tables() -> None:
    ws = load_workspace(EXAMPLE)
    when = dt.datetime(2024, 6, 20, tzinfo=dt.UTC)
    template = find_word_template(EXAMPLE)
    data = render_docx(template, build_context(build_overview(ws), when), {}, when)
    document = docx.Document(io.BytesIO(data))

    tables = amount_tables(document)
    columns = [len(grid(t)) for t in tables]
    assert 19 in columns  # the SDG matrix: a column per goal the plans work towards
    assert_fitted(tables[columns.index(19)], [2177] + [383] * 18)
    widened = 0
    for table, count in zip(tables, columns, strict=True):
        if grid(table) == expected(count):
            assert_fitted(table, expected(count))
            continue
        # Amounts too wide for the even spread (the construction by year, in kr.): the year
        # columns as wide as the widest amount, in bold, and the first column the rest.
        widened += 1
        widest = max(
            text_width(c.text, 9.0, bold=True)
            for r in table.rows
            for c in r.cells[1:]
            if is_amount(c.text)
        )
        first, *rest = grid(table)
        assert len(set(rest)) == 1 and rest[0] >= widest + 140
        assert_fitted(table, [first, *rest])
    assert widened  # the example's construction sums (1.043.000.000 kr.) need it

    # The list of plans (no «Tabeltal») is not spread as an amount table: its columns are
    # fitted to their content within the width the template gives the table.
    plans = document.tables[0]
    assert plans not in tables
    assert plans.rows[0].cells[0].text == "Forvaltning"
    template_grid = grid(docx.Document(str(template)).tables[0])
    assert abs(sum(grid(plans)) - sum(template_grid)) <= len(template_grid)


def test_a_cell_spanning_columns_gets_their_width_and_other_tables_are_left_alone() -> None:
    document = docx.Document()
    document.styles.add_style(AMOUNT_STYLE, docx.enum.style.WD_STYLE_TYPE.PARAGRAPH)
    section = document.sections[0]
    section.page_width = Cm(21)
    section.left_margin = section.right_margin = Cm(2.5)  # 16 cm: 9071 twips
    plain = document.add_table(rows=2, cols=5)
    before = grid(plain)
    amounts = document.add_table(rows=2, cols=5)
    for cell in amounts.rows[1].cells[1:]:
        cell.paragraphs[0].style = AMOUNT_STYLE
    amounts.cell(0, 1).merge(amounts.cell(0, 3))  # a heading over three years

    fit_amount_tables(document)

    assert grid(plain) == before
    widths = [3265] + [1451] * 4  # int(9071 * 0.36), (9071 - 3265) // 4
    assert grid(amounts) == widths
    assert cell_widths(amounts) == [
        [("dxa", 3265), ("dxa", 3 * 1451), ("dxa", 1451)],
        [("dxa", w) for w in widths],
    ]
