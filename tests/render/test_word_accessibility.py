"""The Word documents as a screen reader needs them: pictures with alternative text, a title
and a name of their own; the title, subject, language and keywords in the properties; the
styles' default language the document's; a header row in every table; headings in order.
For the plans and the overview, with the built-in templates and with a municipality's own
template that has none of it."""

from __future__ import annotations

import html
import io
import itertools
import re
import shutil
import zipfile
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn

from ..conftest import run

WP = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}"
LANGUAGE_TAGS = {"da": "da-DK", "kl": "kl-GL", "en": "en-GB"}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example in Word and HTML, in Danish and Greenlandic."""
    from ..conftest import EXAMPLE

    root = tmp_path_factory.mktemp("word") / "sermersooq"
    shutil.copytree(EXAMPLE, root, ignore=shutil.ignore_patterns("build", "ud"))
    result = run(["build", "-f", "docx,html", "-o", "ud", "--jobs", "2"], root)
    assert result.exit_code == 0, result.output
    return root / "ud"


def one(folder: Path, name: str) -> Path:
    found = [p for p in folder.rglob(name) if p.is_file()]
    assert len(found) == 1, (name, found)
    return found[0]


def pictures(document: docx.document.Document) -> list[dict[str, str]]:
    return [dict(pr.attrib) for pr in document.element.body.iter(f"{WP}docPr")]


def default_language(document: docx.document.Document) -> str:
    defaults = document.styles.element.find(qn("w:docDefaults"))
    return defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:lang')}").get(qn("w:val"))


DOCUMENTS = [(lang, name) for lang in ("da", "kl") for name in ("bs", "am", "oversigt")]


@pytest.mark.parametrize(("lang", "name"), DOCUMENTS)
def test_every_picture_has_the_htmls_alt_text_a_title_and_its_own_name(
    built: Path, lang: str, name: str
) -> None:
    document = docx.Document(one(built / lang, f"{name}.docx"))
    page = one(built / lang, f"{name}.html").read_text("utf-8")
    alts = [html.unescape(a) for a in re.findall(r'<img [^>]*alt="([^"]*)"', page)]
    found = pictures(document)
    assert sorted(p["descr"] for p in found) == sorted(alts) and alts
    assert all(p.get("title") for p in found)
    names = [p["name"] for p in found]
    assert len(set(names)) == len(names) and not any(n.startswith("Picture") for n in names)


@pytest.mark.parametrize(("lang", "name"), DOCUMENTS)
def test_the_properties_and_the_styles_say_what_the_document_is_and_its_language(
    built: Path, lang: str, name: str
) -> None:
    document = docx.Document(one(built / lang, f"{name}.docx"))
    props = document.core_properties
    assert props.language == LANGUAGE_TAGS[lang]
    assert default_language(document) == LANGUAGE_TAGS[lang]
    assert props.title and props.subject
    if name == "bs":
        assert props.title == "Skolesektorplan 2024–2035"
        assert props.subject == "Forvaltning for Børn og Skole"
        assert props.keywords.startswith("4 ")  # the SDGs: 4 Kvalitetsuddannelse, …
    assert props.keywords


@pytest.mark.parametrize(("lang", "name"), DOCUMENTS)
def test_every_table_has_a_header_row_in_the_style_table_heading(
    built: Path, lang: str, name: str
) -> None:
    document = docx.Document(one(built / lang, f"{name}.docx"))
    assert document.tables
    for table in document.tables:
        first = table.rows[0]
        assert first._tr.trPr.find(qn("w:tblHeader")) is not None
        for cell in first.cells:
            assert {p.style.name for p in cell.paragraphs} == {"Table Heading"}
        assert all(
            p.style.name != "Table Heading" for row in table.rows[1:] for c in row.cells
            for p in c.paragraphs
        )  # fmt: skip


@pytest.mark.parametrize(("lang", "name"), DOCUMENTS)
def test_headings_use_the_built_in_styles_in_order_without_a_skipped_level(
    built: Path, lang: str, name: str
) -> None:
    document = docx.Document(one(built / lang, f"{name}.docx"))
    levels = [
        int(p.style.name.removeprefix("Heading "))
        for p in document.paragraphs
        if re.fullmatch(r"Heading \d", p.style.name)
    ]
    assert levels and levels[0] == 1
    assert all(b <= a + 1 for a, b in itertools.pairwise(levels))


def stripped_template(source: Path, target: Path) -> Path:
    """A municipality's own template as Word might save it: no language in the styles, no
    «Table Heading» style, no header rows."""
    with zipfile.ZipFile(source) as template:
        members = {name: template.read(name) for name in template.namelist()}
    styles = members["word/styles.xml"].decode("utf-8")
    styles = re.sub(r"<w:lang [^>]*/>", "", styles)
    assert "Table Heading" not in styles
    members["word/styles.xml"] = styles.encode("utf-8")
    body = members["word/document.xml"].decode("utf-8")
    members["word/document.xml"] = body.replace("<w:tblHeader/>", "").encode("utf-8")
    with zipfile.ZipFile(target, "w") as out:
        for name, data in members.items():
            out.writestr(name, data)
    return target


def test_a_municipalitys_own_template_gets_them_too(example_copy: Path) -> None:
    from sektorplan.templates import PATH as BUILTIN

    for name in ("sektorplan.docx", "oversigt.docx"):
        stripped_template(BUILTIN / name, example_copy / "skabeloner" / name)
    result = run(["build", "-f", "docx", "-o", "ud", "--sprog", "kl", "--jobs", "1"], example_copy)
    assert result.exit_code == 0, result.output
    for name in ("bs.docx", "oversigt.docx"):
        data = one(example_copy / "ud" / "kl", name).read_bytes()
        document = docx.Document(io.BytesIO(data))
        assert default_language(document) == "kl-GL"
        assert document.core_properties.language == "kl-GL"
        assert all(p.get("descr") for p in pictures(document)) and pictures(document)
        for table in document.tables:
            assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
            assert table.rows[0].cells[0].paragraphs[0].style.name == "Table Heading"


def test_a_header_cell_of_amounts_keeps_its_alignment(built: Path) -> None:
    document = docx.Document(one(built / "da", "bs.docx"))
    table = next(t for t in document.tables if t.rows[0].cells[-1].text == "I alt")
    last = table.rows[0].cells[-1].paragraphs[0]
    assert last.style.name == "Table Heading"
    assert last.paragraph_format.alignment == docx.enum.text.WD_ALIGN_PARAGRAPH.RIGHT
