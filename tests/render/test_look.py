"""The municipality's look in the documents: colours, logo, the draft mark, and Word pages
that look finished (short tables on one page, columns from their content)."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import Any

import docx
import pytest
from docx.oxml.ns import qn
from PIL import Image

from sektorplan.load.workspace import load_workspace
from sektorplan.overview.documents import overview_inputs, write_overview
from sektorplan.render import render_plan
from sektorplan.render.look import tint
from sektorplan.render.wordtables import text_width

from ..conftest import edit


def logo_png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (40, 16), "#00594F").save(out, "PNG")
    return out.getvalue()


@pytest.fixture(scope="module")
def looks(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example with a logo, its own colours and the school plan in consultation, rendered
    as Word and HTML."""
    import shutil

    from ..conftest import EXAMPLE

    root = tmp_path_factory.mktemp("look") / "ws"
    shutil.copytree(EXAMPLE, root)
    (root / "skabeloner").mkdir()
    (root / "skabeloner" / "logo.png").write_bytes(logo_png())
    config = root / "sektorplan.yaml"
    config.write_text(
        config.read_text(encoding="utf-8")
        + 'logo: skabeloner/logo.png\nfarver: {primær: "#00594F", accent: "#C00000"}\n',
        encoding="utf-8",
    )
    plan = root / "planer" / "bs.yaml"
    edit(plan, "status: vedtaget\nvedtaget: 2025-03-27\n", "status: høring\n")
    ws = load_workspace(root)
    out = root / "ud"
    for plan_file in ws.plans:
        if plan_file.path.stem in ("bs", "am"):
            render_plan(ws, plan_file, ["docx", "html"], out)
    write_overview(overview_inputs(ws), ["docx", "html", "md"], out)
    return out


def test_the_colours_drive_headings_and_table_heads_in_word(looks: Path) -> None:
    styles = zipfile.ZipFile(looks / "bs.docx").read("word/styles.xml").decode()
    assert 'w:val="00594F"' in styles and "1F4E79" not in styles
    assert f'w:fill="{tint("#00594F", 0.16)[1:]}"' in styles


def _header_paragraphs(document: Any) -> list[Any]:
    """The paragraphs in the first section's header tables."""
    tables = document.sections[0].header.tables
    return [p for t in tables for row in t.rows for cell in row.cells for p in cell.paragraphs]


def test_the_logo_is_on_the_cover_and_in_the_header(looks: Path) -> None:
    document = docx.Document(str(looks / "bs.docx"))
    header = document.sections[0].header
    assert header.part.rels and any(
        rel.reltype.endswith("/image") for rel in header.part.rels.values()
    )
    body = document.element.body
    first = body.find(qn("w:p"))
    assert first is not None and first.findall(".//" + qn("w:drawing"))


def test_the_overview_has_the_logo_on_its_cover_and_in_its_header(looks: Path) -> None:
    document = docx.Document(str(looks / "oversigt.docx"))
    header = document.sections[0].header
    assert any(rel.reltype.endswith("/image") for rel in header.part.rels.values())
    first = document.element.body.find(qn("w:p"))
    assert first is not None
    pictures = first.findall(".//" + qn("wp:docPr"))
    assert [p.get("descr") for p in pictures] == ["Logo: Kommuneqarfik Sermersooq"]


def test_the_overview_names_its_draft_plans_on_the_cover_and_marks_every_page(
    looks: Path,
) -> None:
    document = docx.Document(str(looks / "oversigt.docx"))
    cover = [p.text for p in document.paragraphs[:30]]
    assert "Omfatter udkast" in cover
    assert "Oversigten bygger også på planer, der ikke er vedtaget:" in cover
    drafts = [t for t in cover if t.endswith(("): Udkast", "): Høringsudkast"))]
    # bs is put in consultation above; bf and bo are in consultation, va a draft already.
    assert len(drafts) == 4, cover
    assert any(t.startswith("Skolesektorplan 2024–2035 (") for t in drafts)
    assert not any("Anlæg og Miljø" in t for t in drafts)  # am is adopted
    header_text = "\n".join(p.text for p in _header_paragraphs(document))
    assert "Omfatter udkast" in header_text


def test_an_overview_of_adopted_plans_has_no_draft_mark(tmp_path: Path) -> None:
    from sektorplan.check.examples import BASE_FILES

    from ..conftest import write_files

    root = write_files(tmp_path, BASE_FILES)
    edit(
        root / "planer" / "bs.yaml", "status: udkast\n", "status: vedtaget\nvedtaget: 2024-06-20\n"
    )
    written = write_overview(overview_inputs(load_workspace(root)), ["docx"], tmp_path / "ud")
    document = docx.Document(str(written[0]))
    texts = [p.text for p in document.paragraphs]
    texts += [p.text for p in _header_paragraphs(document)]
    assert not any("udkast" in t.lower() for t in texts)
    # With a draft, the same workspace's overview names it (the test above for the example).
    edit(
        root / "planer" / "bs.yaml", "status: vedtaget\nvedtaget: 2024-06-20\n", "status: udkast\n"
    )
    written = write_overview(overview_inputs(load_workspace(root)), ["docx"], tmp_path / "ud")
    texts = [p.text for p in docx.Document(str(written[0])).paragraphs]
    assert "Omfatter udkast" in texts


def test_a_plan_in_consultation_is_marked_on_the_cover_and_every_page(looks: Path) -> None:
    document = docx.Document(str(looks / "bs.docx"))
    header_text = "\n".join(p.text for p in _header_paragraphs(document))
    assert "Høringsudkast" in header_text
    cover = [p.text for p in document.paragraphs[:12]]
    assert "Høringsudkast" in cover
    adopted = docx.Document(str(looks / "am.docx"))
    assert "Udkast" not in "".join(p.text for p in adopted.paragraphs[:12])
    html = (looks / "bs.html").read_text(encoding="utf-8")
    assert '<div class="draft-banner" role="note">Høringsudkast</div>' in html
    assert 'class="draft-banner"' not in (looks / "am.html").read_text(encoding="utf-8")


def test_html_takes_the_colours_and_the_logo(looks: Path) -> None:
    html = (looks / "bs.html").read_text(encoding="utf-8")
    assert "--accent: #00594F;" in html
    assert '<img class="logo" src="data:image/png;base64,' in html


def test_short_tables_stay_on_one_page_and_only_headings_keep_with_what_follows(
    looks: Path,
) -> None:
    document = docx.Document(str(looks / "bs.docx"))
    for table in document.tables:
        rows = table._tbl.findall(qn("w:tr"))
        kept = [bool(row.findall(".//" + qn("w:keepNext"))) for row in rows]
        if len(rows) <= 10:
            assert kept == [True] * (len(rows) - 1) + [False]
        else:
            assert not any(kept)
    # Outside tables only a heading keeps with what follows it, and a table's caption or
    # lead-in note with its table.
    for paragraph in document.paragraphs:
        if paragraph.paragraph_format.keep_with_next:
            before_table = paragraph._p.getnext() is not None and paragraph._p.getnext().tag == qn(
                "w:tbl"
            )
            assert paragraph.style.name.startswith("Heading") or before_table, paragraph.text


def test_no_word_is_broken_in_a_column(looks: Path) -> None:
    """Each indicator table's columns are at least as wide as their longest word."""
    document = docx.Document(str(looks / "bs.docx"))
    tables = [t for t in document.tables if t.rows[0].cells[0].text == "Indikator"]
    assert tables
    for table in tables:
        widths = [int(c.get(qn("w:w"))) for c in table._tbl.tblGrid.findall(qn("w:gridCol"))]
        for row in table.rows:
            for cell, width in zip(row.cells, widths, strict=True):
                for word in cell.text.split():
                    assert text_width(word, 9.0, bold=True) / 1.1 <= width - 140, (word, width)


def test_the_overviews_html_and_markdown_name_the_draft_plans_at_the_top(looks: Path) -> None:
    html = (looks / "oversigt.html").read_text(encoding="utf-8")
    top = html[html.index("<header>") : html.index("</header>")]
    assert '<p class="draft-mark">Omfatter udkast</p>' in top
    assert top.count("<li>") == 4 and "): Høringsudkast</li>" in top
    markdown = (looks / "oversigt.md").read_text(encoding="utf-8")
    first = markdown.split("\n## ", 1)[0]
    assert "**Omfatter udkast.** Oversigten bygger også på planer, der ikke er vedtaget:" in first
    drafts = [line for line in first.splitlines() if line.endswith(("Udkast", "Høringsudkast"))]
    assert len(drafts) == 4 and all(line.startswith("- ") for line in drafts)
