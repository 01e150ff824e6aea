"""A text missing in the document's language falls back to the primary one and is marked:
`lang` on an element in HTML, the run's language in Word; never the markers themselves."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from sektorplan.render.fallback import END, MIDDLE, START, Fallback, html, word, wrapped

from ..conftest import run

MARKERS = re.compile(f"[{START}{MIDDLE}{END}]")


def test_a_greenlandic_document_marks_the_danish_texts(workspace: Path) -> None:
    bs = workspace / "planer" / "bs.yaml"
    text = bs.read_text("utf-8")
    bs.write_text(
        text.replace(
            "titel: Skolesektorplan 2024–2035", "titel: {da: Skolesektorplan, kl: Atuarfik}", 1
        ),
        "utf-8",
    )
    result = run(["render", "planer/bs.yaml", "--sprog", "kl", "-f", "md,html,docx"], workspace)
    assert result.exit_code == 0, result.output
    page = (workspace / "build" / "bs.html").read_text("utf-8")
    markdown = (workspace / "build" / "bs.md").read_text("utf-8")
    with zipfile.ZipFile(workspace / "build" / "bs.docx") as docx:
        xml = docx.read("word/document.xml").decode("utf-8")
    for output in (page, markdown, xml):
        assert not MARKERS.search(output)
    # The Greenlandic title is not marked; the Danish vision is, on its own element.
    assert "<title>Atuarfik</title>" in page
    assert '<span lang="da">Atuarfik</span>' not in page
    assert (
        '<span lang="da">Alle børn går i en skole, der giver dem lyst til at lære.</span>' in page
    )
    assert '<span lang="da">BS-1 ' in page  # a heading made of an id and a Danish title
    assert "Alle børn går i en skole" in markdown and "lang=" not in markdown
    runs = re.findall(r"<w:r>(?:(?!</w:r>).)*</w:r>", xml)
    vision = [r for r in runs if "Alle børn går i en skole, der giver dem lyst" in r]
    assert vision and all('<w:lang w:val="da-DK"/>' in r for r in vision)
    title = [r for r in runs if ">Atuarfik<" in r]
    assert title and not [r for r in title if "da-DK" in r]


def test_the_primary_language_is_not_marked(workspace: Path) -> None:
    result = run(["render", "planer/bs.yaml", "-f", "html,docx"], workspace)
    assert result.exit_code == 0, result.output
    assert "<span lang=" not in (workspace / "build" / "bs.html").read_text("utf-8")
    with zipfile.ZipFile(workspace / "build" / "bs.docx") as docx:
        assert "da-DK" not in docx.read("word/document.xml").decode("utf-8")


def test_markers_inside_a_tag_or_the_title_are_only_taken_away() -> None:
    marked = wrapped("da", "Skole &amp; fritid")
    page = f'<title>{marked}</title><img alt="{marked}"><p>{marked}</p>'
    assert html(page) == (
        '<title>Skole &amp; fritid</title><img alt="Skole &amp; fritid">'
        '<p><span lang="da">Skole &amp; fritid</span></p>'
    )


def test_a_marked_text_gets_a_run_with_the_run_properties_and_its_language() -> None:
    xml = (
        f'<w:p><w:r><w:rPr><w:b/><w:lang w:val="kl-GL"/></w:rPr><w:t>Før {wrapped("da", "Skole")} '
        f'efter</w:t></w:r><w:r><w:drawing descr="{wrapped("da", "alt")}"/></w:r></w:p>'
    )
    assert word(xml) == (
        '<w:p><w:r><w:rPr><w:b/><w:lang w:val="kl-GL"/></w:rPr><w:t>Før </w:t></w:r>'
        '<w:r><w:rPr><w:b/><w:lang w:val="da-DK"/></w:rPr>'
        '<w:t xml:space="preserve">Skole</w:t></w:r>'
        '<w:r><w:rPr><w:b/><w:lang w:val="kl-GL"/></w:rPr><w:t xml:space="preserve"> efter</w:t>'
        '</w:r><w:r><w:drawing descr="alt"/></w:r></w:p>'
    )
    plain = word(f"<w:r><w:t>{wrapped('en', 'x')}</w:t></w:r>")
    assert '<w:rPr><w:lang w:val="en-GB"/></w:rPr><w:t xml:space="preserve">x</w:t>' in plain


def test_runs_with_attributes_texts_outside_runs_and_many_marks() -> None:
    """The run is looked for only after the last run that ended: a run with attributes
    (`<w:r w:rsidR>`) after plain ones, and a mark in a paragraph but in no run."""
    xml = (
        f"<w:p><w:r><w:t>{wrapped('da', 'a')}</w:t></w:r></w:p>"
        f'<w:p><w:r w:rsidR="1"><w:t>{wrapped("da", "b")}</w:t></w:r></w:p>'
        f"<w:p>{wrapped('da', 'c')}</w:p>"
    )
    assert word(xml) == (
        '<w:p><w:r><w:t></w:t></w:r><w:r><w:rPr><w:lang w:val="da-DK"/></w:rPr>'
        '<w:t xml:space="preserve">a</w:t></w:r><w:r><w:t xml:space="preserve"></w:t></w:r></w:p>'
        '<w:p><w:r w:rsidR="1"><w:t></w:t></w:r><w:r w:rsidR="1"><w:rPr>'
        '<w:lang w:val="da-DK"/></w:rPr><w:t xml:space="preserve">b</w:t></w:r>'
        '<w:r w:rsidR="1"><w:t xml:space="preserve"></w:t></w:r></w:p>'
        "<w:p>c</w:p>"
    )
    many = "".join(f'<w:r w:rsidR="1"><w:t>{wrapped("da", str(i))}</w:t></w:r>' for i in range(500))
    assert word(many).count('<w:lang w:val="da-DK"/>') == 500


def test_a_fallback_text_survives_pickling_to_a_worker() -> None:
    import pickle

    text = pickle.loads(pickle.dumps(Fallback("Vision", "da")))
    assert isinstance(text, Fallback) and text == "Vision" and text.lang == "da"


def test_fixed_texts_without_a_greenlandic_source_are_marked_danish(workspace: Path) -> None:
    from sektorplan.i18n import labels

    kl = labels("kl")
    assert isinstance(kl["action_plan"], Fallback) and kl["action_plan"].lang == "da"
    assert not isinstance(kl["vision"], Fallback)  # Takorluukkat, sourced
    assert not isinstance(kl["locale"], Fallback)  # not a text
    assert not any(isinstance(v, Fallback) for v in labels("da").values())
    result = run(["render", "planer/bs.yaml", "--sprog", "kl", "-f", "html"], workspace)
    assert result.exit_code == 0, result.output
    page = (workspace / "build" / "bs.html").read_text("utf-8")
    assert '<h2 id="handlingsplan"><span lang="da">Handlingsplan</span></h2>' in page
    assert '<h2 id="takorluukkat">Takorluukkat</h2>' in page


def test_the_greenlandic_overview_marks_the_danish_plan_texts(
    workspace: Path, tmp_path: Path
) -> None:
    from sektorplan.build import Options, build

    options = Options(tmp_path / "ud", formats=("html",), jobs=1, languages=("kl",))
    assert build(workspace, options).errors == []
    page = (tmp_path / "ud" / "kl" / "oversigt.html").read_text("utf-8")
    assert '<span lang="da">Skolesektorplan 2024–2035</span>' in page
    assert not MARKERS.search(page)


def test_the_greenlandic_overview_word_document_marks_the_danish_texts(
    example_copy: Path, tmp_path: Path
) -> None:
    from sektorplan.build import Options, build

    options = Options(tmp_path / "ud", formats=("docx",), jobs=1, languages=("kl",))
    assert build(example_copy, options).errors == []
    with zipfile.ZipFile(tmp_path / "ud" / "kl" / "filer" / "oversigt.docx") as docx:
        xml = docx.read("word/document.xml").decode("utf-8")
    assert not MARKERS.search(xml)
    runs = re.findall(r"<w:r>(?:(?!</w:r>).)*</w:r>", xml)

    def language_of(text: str) -> set[str]:
        found = [r for r in runs if f">{text}</w:t>" in r]
        assert found, text
        return {m for r in found for m in re.findall(r'<w:lang w:val="([^"]+)"/>', r)}

    # Danish: a plan's title (no kl), a department's name, an unsourced overview label.
    assert language_of("Skolesektorplan 2024–2035") == {"da-DK"}
    assert language_of("Indikatorer") == {"da-DK"}
    # Greenlandic (sourced labels) is not marked Danish.
    assert "da-DK" not in language_of("Pilersaarut")
    assert "da-DK" not in language_of("Anguniakkat")
