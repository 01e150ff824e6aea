"""The reports: text with the changed words marked, Markdown, and the Word change report in
the municipality's template and in every language of the workspace."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from docx import Document

from sektorplan.i18n import catalogue_keys
from sektorplan.render.templating import USER_FOLDER

from ..conftest import run
from .conftest import versions

BS = "planer/bs.yaml"
EDITS = (
    (
        BS,
        "vision: Alle børn går i en skole, der giver dem lyst til at lære.",
        "vision: Alle børn går i en god skole, der giver dem mod på at lære.",
    ),
    (BS, "anlæg: {2026: 50000000, 2027: 40000000}", "anlæg: {2026: 50000000, 2027: 60000000.5}"),
    (
        BS,
        "målværdier: {2027: 84, 2031: 90, 2035: 95}",
        "målværdier: {2027: 86, 2031: 90, 2035: 95}",
    ),
)


def test_text_marks_removed_and_added_words(tmp_path: Path) -> None:
    root = versions(tmp_path, *EDITS)
    text = run(["diff", "old", "new"], root).stdout
    assert "Ændringer fra version old til version new" in text
    assert (
        "Vision: Alle børn går i en skole, der giver dem [-lyst til-] at lære. → "
        "Alle børn går i en {+god +}skole, der giver dem {+mod på+} at lære." in text
    )
    assert "Målværdi 2027: [-84-] → {+86+} (+2)" in text
    assert "Anlæg 2027: [-40.000.000-] → {+60.000.000,50+} (+20.000.000,50)" in text
    assert "\x1b[" not in text  # no colours when it is not a terminal


def test_markdown_tables_old_and_new(tmp_path: Path) -> None:
    root = versions(tmp_path, *EDITS)
    md = run(["diff", "old", "new", "-f", "md"], root).stdout
    assert md.startswith("# Ændringer fra version old til version new\n")
    assert "| Felt | Før | Nu | Forskel |" in md
    assert "| Målværdi 2027 | ~~84~~ | **86** | +2 |" in md
    assert "| 2027 | 40.000.000 | 60.000.000,50 | +20.000.000,50 |" in md
    assert "| **I alt** | **90.000.000** | **110.000.000,50** | **+20.000.000,50** |" in md


def test_markdown_escapes_plan_text(tmp_path: Path) -> None:
    root = versions(tmp_path, (BS, "titel: Ny skole i Nuuk", "titel: Ny *skole* | <b>Nuuk</b>"))
    md = run(["diff", "old", "new", "-f", "md"], root).stdout
    assert r"Ny \*skole\* \| \<b\>Nuuk\</b\>" in md


def test_the_report_in_a_file(tmp_path: Path) -> None:
    root = versions(tmp_path, *EDITS)
    result = run(["diff", "old", "new", "-f", "md", "-o", "ændringer.md"], root)
    assert result.exit_code == 0
    assert (root / "ændringer.md").read_text(encoding="utf-8").startswith("# Ændringer")
    again = run(["diff", "old", "new", "-f", "md", "-o", "ændringer.md"], root)
    assert again.exit_code == 1 and "findes allerede" in again.stderr
    assert (
        run(["diff", "old", "new", "-f", "md", "-o", "ændringer.md", "--force"], root).exit_code
        == 0
    )


def word_text(path: Path) -> tuple[list[str], list[list[list[str]]]]:
    doc = Document(str(path))
    paragraphs = [p.text for p in doc.paragraphs]
    tables = [[[c.text for c in row.cells] for row in t.rows] for t in doc.tables]
    return paragraphs, tables


def test_the_word_report(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    root = versions(tmp_path, *EDITS)
    result = run(["diff", "old", "new", "-f", "docx", "-o", "ændringer.docx"], root)
    assert result.exit_code == 0, result.output
    paragraphs, tables = word_text(root / "ændringer.docx")
    assert paragraphs[0] == "Ændringer fra version old til version new"
    assert "BS – Skolesektorplan 2024–2035" in paragraphs
    assert ["Målværdi 2027", "84", "86", "+2"] in [row for t in tables for row in t]
    economy = next(t for t in tables if t[0] == ["År", "Før", "Nu", "Forskel"] and len(t) == 4)
    assert economy[-1] == ["I alt", "90.000.000", "110.000.000,50", "+20.000.000,50"]
    # The removed words struck through, the added ones underlined.
    doc = Document(str(root / "ændringer.docx"))
    runs = [
        r
        for t in doc.tables
        for row in t.rows
        for c in row.cells
        for p in c.paragraphs
        for r in p.runs
    ]
    assert any(r.text == "lyst til" and r.font.strike for r in runs)
    assert any(r.text == "mod på" and r.font.underline for r in runs)
    # The template's header and footer filled, no Jinja left anywhere.
    with zipfile.ZipFile(root / "ændringer.docx") as z:
        xml = {n: z.read(n).decode() for n in z.namelist() if n.endswith(".xml")}
    assert not [n for n, x in xml.items() if "{{" in x or "{%" in x]
    # Every table's first row a header row (read aloud as the columns' names).
    body = xml["word/document.xml"]
    assert body.count("<w:tblHeader") == body.count("<w:tbl>") == len(tables)
    assert any("Kommuneqarfik Sermersooq" in x for n, x in xml.items() if "header" in n)
    assert any(
        "Ændringer fra version old til version new" in x for n, x in xml.items() if "footer" in n
    )
    # Reproducible.
    first = (root / "ændringer.docx").read_bytes()
    run(["diff", "old", "new", "-f", "docx", "-o", "ændringer.docx", "--force"], root)
    assert (root / "ændringer.docx").read_bytes() == first


def test_the_word_report_in_every_language(tmp_path: Path) -> None:
    root = versions(tmp_path, *EDITS)
    for side in ("old", "new"):
        config = root / side / "sektorplan.yaml"
        config.write_text(
            config.read_text(encoding="utf-8").replace("sprog: [da, kl]", "sprog: [da, en]"),
            encoding="utf-8",
        )
    result = run(["diff", "old", "new", "-f", "docx", "-o", "ændringer.docx"], root)
    assert result.exit_code == 0, result.output
    danish, _ = word_text(root / "ændringer.docx")
    english, tables = word_text(root / "ændringer-en.docx")
    assert danish[0] == "Ændringer fra version old til version new"
    assert english[0] == "Changes from version old to version new"
    assert ["Target 2027", "84", "86", "+2"] in [row for t in tables for row in t]
    # en_DK, as the plans' English documents: English words, Danish numbers.
    assert ["2027", "40.000.000", "60.000.000,50", "+20.000.000,50"] in [
        row for t in tables for row in t
    ]


def test_the_word_report_uses_the_municipalitys_template(tmp_path: Path) -> None:
    from docx.enum.style import WD_STYLE_TYPE

    root = versions(tmp_path, *EDITS)
    template = Document()
    template.styles.add_style("Kommunens egen", WD_STYLE_TYPE.PARAGRAPH)
    template.sections[0].header.paragraphs[0].text = "{{ municipality }} · {{ plan.version }}"
    template.add_paragraph("{{ plan.vision }}")
    (root / "new" / USER_FOLDER).mkdir()
    buffer = io.BytesIO()
    template.save(buffer)
    (root / "new" / USER_FOLDER / "sektorplan.docx").write_bytes(buffer.getvalue())
    result = run(["diff", "old", "new", "-f", "docx", "-o", "ændringer.docx"], root)
    assert result.exit_code == 0, result.output
    doc = Document(str(root / "ændringer.docx"))
    assert "Kommunens egen" in {s.name for s in doc.styles}
    assert doc.sections[0].header.paragraphs[0].text == "Kommuneqarfik Sermersooq · "
    assert "{{ plan.vision }}" not in [p.text for p in doc.paragraphs]


def test_an_existing_word_report_is_not_replaced_without_force(tmp_path: Path) -> None:
    root = versions(tmp_path, *EDITS)
    (root / "ændringer-kl.docx").write_bytes(b"mine")
    result = run(["diff", "old", "new", "-f", "docx", "-o", "ændringer.docx"], root)
    assert result.exit_code == 1
    assert "ændringer-kl.docx" in result.stderr
    assert not (root / "ændringer.docx").exists()
    assert (root / "ændringer-kl.docx").read_bytes() == b"mine"


def test_the_label_catalogues_have_the_same_keys() -> None:
    folder = ("labels", "diff")
    assert catalogue_keys("en", folder) == catalogue_keys("da", folder)
    assert catalogue_keys("kl", folder) == catalogue_keys("da", folder)


def test_in_a_terminal_the_words_are_coloured(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from sektorplan.diff.report import print_rich
    from sektorplan.diff.run import compare
    from sektorplan.diff.sides import load_side

    root = versions(tmp_path, *EDITS)
    diff = compare(
        load_side(root / "old", "den gamle version", "1"),
        load_side(root / "new", "den nye version", "2"),
    )
    monkeypatch.setenv("FORCE_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "200")
    print_rich(diff)
    out = capsys.readouterr().out
    assert "\x1b[9;31mlyst til\x1b[0m" in out  # struck through, red
    assert "\x1b[32mmod på\x1b[0m" in out  # green


def test_a_word_template_that_unpacks_too_large_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from sektorplan.render import docx

    from ..render.test_word_template_limits import with_extra_part

    root = versions(tmp_path, *EDITS)
    monkeypatch.setattr(docx, "MAX_UNPACKED_PART", 1_000_000)
    (root / "new" / USER_FOLDER).mkdir()
    with_extra_part(root / "new" / USER_FOLDER / "sektorplan.docx", 2_000_000)
    result = run(["diff", "old", "new", "-f", "docx", "-o", "ændringer.docx"], root)
    assert result.exit_code == 1
    assert "er ikke et almindeligt Word-dokument" in result.stderr
    assert not (root / "ændringer.docx").exists()


def test_the_word_report_has_the_municipalitys_logo_and_colours(tmp_path: Path) -> None:
    from ..render.test_look import logo_png

    root = versions(tmp_path, *EDITS)
    (root / "new" / "skabeloner").mkdir()
    (root / "new" / "skabeloner" / "logo.png").write_bytes(logo_png())
    config = root / "new" / "sektorplan.yaml"
    config.write_text(
        config.read_text(encoding="utf-8")
        + 'logo: skabeloner/logo.png\nfarver: {primær: "#00594F", accent: "#C00000"}\n',
        encoding="utf-8",
    )
    result = run(["diff", "old", "new", "-f", "docx", "-o", "ændringer.docx"], root)
    assert result.exit_code == 0, result.output
    with zipfile.ZipFile(root / "ændringer.docx") as z:
        names = z.namelist()
        headers = "".join(z.read(n).decode() for n in names if n.startswith("word/header"))
        styles = z.read("word/styles.xml").decode()
    assert any(n.startswith("word/media/") for n in names)
    assert "<pic:pic" in headers or "graphicData" in headers
    assert 'w:val="00594F"' in styles
