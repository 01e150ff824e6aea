"""`sektorplan build -f pdf`: every plan's and the overview's PDF, made from the Word documents
by one LibreOffice, tagged PDF/UA-1 as a screen reader needs it, and made again only when its
Word document is.

The example is built once per test session (`example_pdfs`): converting it takes LibreOffice
several seconds. Every build here has the same SOURCE_DATE_EPOCH, so the PDFs are the same
byte for byte.
"""

from __future__ import annotations

import html
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
from typer.testing import Result

from ..conftest import EXAMPLE, require_tools, run
from .pdfcheck import (
    empty_headings,
    macro_calls,
    outline_titles,
    pdfua_problems,
    role,
    soffice_spy,
    structure,
)

PLANS = ["am", "bf", "bo", "bs", "ks", "va"]
DOCUMENTS = [*PLANS, "oversigt"]
LANGUAGES = {"da": "da-DK", "kl": "kl-GL"}  # the example's, as a PDF names them
EVERY = [(lang, name) for lang in LANGUAGES for name in DOCUMENTS]
EPOCH = "1718841600"  # 2024-06-20 00:00:00 UTC


@dataclass
class Built:
    root: Path  # the workspace
    out: Path  # the build's output folder
    calls: Path  # one line per LibreOffice started: its arguments


def find(out: Path, name: str) -> Path:
    """The one output called `name`, wherever the site's layout puts it."""
    found = [p for p in out.rglob(name) if p.is_file()]
    assert len(found) == 1, (name, found)
    return found[0]


def build_with_spy(root: Path, out: Path, spy: Path, *args: str) -> Result:
    from sektorplan.render import pdf

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(pdf, "find_soffice", lambda: str(spy))
        patch.setenv("SOURCE_DATE_EPOCH", EPOCH)
        return run(["build", "-o", str(out), *args], root)


@pytest.fixture(scope="session")
def example_pdfs(tmp_path_factory: pytest.TempPathFactory) -> Built:
    require_tools("soffice")
    folder = tmp_path_factory.mktemp("pdf")
    root = folder / "sermersooq"
    shutil.copytree(EXAMPLE, root, ignore=shutil.ignore_patterns("build", "ud"))
    spy, log = soffice_spy(folder)
    out = folder / "ud"
    result = build_with_spy(root, out, spy, "-f", "html,pdf", "--jobs", "2")
    assert result.exit_code == 0, result.output
    return Built(root, out, log)


def test_build_makes_every_pdf_of_every_language_with_one_libreoffice(example_pdfs: Built) -> None:
    for lang, name in EVERY:
        folder = example_pdfs.out / lang
        assert find(folder, f"{name}.pdf").read_bytes().startswith(b"%PDF")
        assert find(folder, f"{name}.docx").is_file()  # the PDF's source
    assert len(macro_calls(example_pdfs.calls)) == 1
    # Its profile is made by hand, not by starting LibreOffice once more.
    assert "--terminate_after_init" not in example_pdfs.calls.read_text()
    assert not [p for p in example_pdfs.out.rglob("*") if p.name.endswith(".part")]


@pytest.mark.parametrize(("lang", "name"), EVERY)
def test_pdfua_finds_nothing(example_pdfs: Built, lang: str, name: str) -> None:
    assert pdfua_problems(find(example_pdfs.out / lang, f"{name}.pdf")) == []


def html_alts(page: Path) -> list[str]:
    return [html.unescape(a) for a in re.findall(r'<img [^>]*alt="([^"]*)"', page.read_text())]


@pytest.mark.parametrize(("lang", "name"), EVERY)
def test_the_pdf_says_what_a_screen_reader_needs(example_pdfs: Built, lang: str, name: str) -> None:
    import docx
    import pikepdf

    folder = example_pdfs.out / lang
    word = docx.Document(find(folder, f"{name}.docx"))
    title = word.core_properties.title
    headings = [p.text for p in word.paragraphs if p.style.name.startswith("Heading")]
    with pikepdf.open(find(folder, f"{name}.pdf")) as pdf:
        root = pdf.Root
        assert "/StructTreeRoot" in root and bool(root.MarkInfo.Marked)
        assert str(root.Lang) == LANGUAGES[lang]
        assert str(pdf.docinfo.Title) == title
        with pdf.open_metadata() as meta:
            assert meta["dc:title"] == title
            assert meta["pdfuaid:part"] == "1"
        assert bool(root.ViewerPreferences.DisplayDocTitle)  # the title bar shows it
        bookmarks = outline_titles(pdf)
        elements = structure(pdf)
        figures = [e for e in elements if role(e) == "/Figure"]
        alts = [str(e.Alt) for e in figures]
        tables = [e for e in elements if role(e) == "/Table"]
        header_cells = [e for e in elements if role(e) == "/TH"]
        assert empty_headings(pdf) == []
    # The bookmarks are the Word document's headings, in order.
    assert bookmarks == headings and len(headings) > 5
    if (lang, name) == ("da", "bs"):
        assert bookmarks[:3] == ["Vision", "Udgangspunkt", "Mål og delmål"]
    # Every picture has its alternative text: the HTML's alt, after the picture's title.
    page = find(folder, f"{name}.html")
    expected = html_alts(page)
    assert len(figures) == len(expected) > 0
    for alt in expected:
        assert any(text.endswith(f" - {alt}") for text in alts), (alt, alts)
    # Every table has header cells.
    assert tables and header_cells
    for table in tables:
        assert any(role(e) == "/TH" for e in structure_below(table)), table.get("/T")


def structure_below(element: object) -> list:
    import pikepdf

    out = []

    def walk(node: object) -> None:
        if isinstance(node, pikepdf.Array):
            for item in node:
                walk(item)
        elif isinstance(node, pikepdf.Dictionary) and "/S" in node:
            out.append(node)
            if "/K" in node:
                walk(node.K)

    walk(element.K)  # type: ignore[attr-defined]
    return out


def test_the_table_of_contents_has_page_numbers(example_pdfs: Built) -> None:
    require_tools("pdftotext")
    import subprocess

    text = subprocess.run(
        ["pdftotext", "-l", "3", str(find(example_pdfs.out / "da", "bs.pdf")), "-"],
        capture_output=True,
        check=True,
        text=True,
    ).stdout
    contents = dict(re.findall(r"^(.+?)\.{4,}\s*(\d+)$", text, flags=re.MULTILINE))
    assert 1 < int(contents["Vision"]) <= int(contents["Handlingsplan"])


def test_a_pdf_is_made_again_only_when_it_or_its_word_document_is_missing_or_changed(
    example_pdfs: Built, tmp_path: Path
) -> None:
    spy, log = soffice_spy(tmp_path)
    root = tmp_path / "sermersooq"
    shutil.copytree(example_pdfs.root, root)
    out = tmp_path / "ud"
    shutil.copytree(example_pdfs.out, out)
    # Nothing changed: no LibreOffice.
    result = build_with_spy(root, out, spy, "-f", "html,pdf")
    assert result.exit_code == 0, result.output
    assert "14 dokumentsæt var allerede opdateret" in result.stdout
    assert log.read_text() == ""
    # One PDF gone: only it is made, from the Word document as it is, the same bytes again.
    before = find(out / "kl", "bs.pdf").read_bytes()
    find(out / "kl", "bs.pdf").unlink()
    times = {p: p.stat().st_mtime_ns for p in out.rglob("*.*")}
    result = build_with_spy(root, out, spy, "-f", "html,pdf")
    assert result.exit_code == 0, result.output
    assert "1 fil dannet" in result.stdout
    changed = sorted(p.name for p in out.rglob("*.*") if times.get(p) != p.stat().st_mtime_ns)
    assert changed == [".sektorplan-manifest.json", "bs.pdf"]
    assert len(macro_calls(log)) == 1
    assert find(out / "kl", "bs.pdf").read_bytes() == before


def test_the_same_input_gives_the_same_pdfs_byte_for_byte(
    example_pdfs: Built, tmp_path: Path
) -> None:
    """A second build into a fresh folder, same SOURCE_DATE_EPOCH (one language: each is
    converted alike), gives the same bytes; the dates are SOURCE_DATE_EPOCH's, not now."""
    import pikepdf

    spy, _ = soffice_spy(tmp_path)
    root = tmp_path / "sermersooq"
    shutil.copytree(EXAMPLE, root, ignore=shutil.ignore_patterns("build", "ud"))
    out = tmp_path / "ud"
    result = build_with_spy(root, out, spy, "-f", "html,pdf", "--sprog", "da")
    assert result.exit_code == 0, result.output
    for name in DOCUMENTS:
        again = find(out / "da", f"{name}.pdf")
        assert again.read_bytes() == find(example_pdfs.out / "da", f"{name}.pdf").read_bytes()
        with pikepdf.open(again) as pdf, pdf.open_metadata() as meta:
            assert str(pdf.docinfo.CreationDate) == "D:20240620000000Z"
            assert meta["xmp:CreateDate"].startswith("2024-06-20T00:00:00")
            assert bytes(pdf.trailer.ID[0]) == bytes(pdf.trailer.ID[1])


def test_without_libreoffice_the_other_formats_are_made_and_it_says_how_to_install_it(
    example_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from sektorplan.render import pdf

    monkeypatch.setattr(pdf, "find_soffice", lambda: None)
    result = run(["build", "-f", "md,pdf", "-o", "ud", "--jobs", "1"], example_copy)
    assert result.exit_code == 1
    assert "apt-get install libreoffice-writer" in result.stderr
    out = example_copy / "ud"
    assert find(out / "da", "bs.md").is_file() and find(out / "da", "bs.docx").is_file()
    assert not list(out.rglob("*.pdf"))
