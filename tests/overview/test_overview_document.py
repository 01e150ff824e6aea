"""oversigt.md, .html and .docx: the content, plan text as data, the Word template's bytes."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn
from sektorplan.templates import PATH as TEMPLATES

from sektorplan.check.examples import BASE_FILES
from sektorplan.load.workspace import load_workspace
from sektorplan.overview.charts import charts
from sektorplan.overview.data import build_overview
from sektorplan.overview.documents import (
    build_context,
    find_word_template,
    render_docx,
    render_text,
)

from ..conftest import EXAMPLE, ROOT, write_files

WHEN = dt.datetime(2024, 6, 20, tzinfo=dt.UTC)
NASTY = 'Skole {{ navn }} {% if x %} <b>&amp;</b> *fed* | "citat" æøå ĸ 🚀'


@pytest.fixture(scope="module")
def example():
    ws = load_workspace(EXAMPLE)
    return ws, build_overview(ws)


def _nasty_workspace(root: Path) -> Path:
    files = dict(BASE_FILES)
    files["planer/am.yaml"] = (
        files["planer/am.yaml"]
        .replace("slut: 2026", "slut: 2027")  # a conflict: BS-I1 starts 2026
        .replace("titel: Byggemodning af skolegrunden", f"titel: '{NASTY}'")
    )
    return write_files(root, files)


def test_markdown_and_html_name_every_forvaltning_and_section(example) -> None:
    ws, overview = example
    context = build_context(overview, WHEN, {"bs": {"md": "bs.md", "html": "bs.html"}})
    md = render_text("md", ws.root, context)
    html = render_text("html", ws.root, context)
    for text in (md, html):
        for name in overview.departments.values():
            assert name in text
        assert "Samlet oversigt" in text
        assert "1.043.000.000" in text  # the construction total, hand-checked in test_overview
        assert "Ingen tidskonflikter." in text
        assert "Kapisillit" in text
    assert "[Skolesektorplan 2024–2035](bs.md)" in md
    assert '<a href="bs.html">Skolesektorplan 2024–2035</a>' in html


def test_plan_text_is_data_in_every_format(tmp_path: Path) -> None:
    ws = load_workspace(_nasty_workspace(tmp_path))
    overview = build_overview(ws)
    context = build_context(overview, WHEN)
    html = render_text("html", ws.root, context)
    assert "{{ navn }} {% if x %} &lt;b&gt;&amp;amp;&lt;/b&gt; *fed* | &#34;citat&#34;" in html
    md = render_text("md", ws.root, context)
    assert r"{{ navn }} {% if x %} \<b\>\&amp;\</b\> \*fed\* \| " in md
    docx = Document(io.BytesIO(render_docx(find_word_template(ws.root), context, {}, WHEN)))
    texts = [c.text for t in docx.tables for r in t.rows for c in r.cells]
    texts += [p.text for p in docx.paragraphs]
    assert any(NASTY in t for t in texts)
    # The conflict, with both initiatives named, in every format.
    conflict = "BS-I1 Ny skole i Nuuk (Forvaltning for Børn og Skole) starter i 2026"
    assert conflict in html and conflict in md
    assert any(t.startswith(conflict) and "slutter i 2027" in t for t in texts)


def test_docx_has_the_tables_and_pictures_and_is_reproducible(example) -> None:
    ws, overview = example
    pictures = charts(overview)
    context = build_context(overview, WHEN, images={k: f"{k}.png" for k in pictures})
    template = find_word_template(ws.root)
    data = render_docx(template, context, pictures, WHEN)
    assert data == render_docx(template, context, pictures, WHEN)
    doc = Document(io.BytesIO(data))
    assert len(doc.inline_shapes) == 5  # four charts and the map
    assert 'descr="Kort over kommunens byer og bygder;' in doc.element.body.xml  # alt text
    first_rows = [[c.text for c in t.rows[0].cells] for t in doc.tables]
    assert ["Forvaltning", "2028", "2029", "2030", "2031", "I alt"] in first_rows
    # python-docx 1.1.1 (the lowest allowed) reads the date back without its time zone (UTC).
    assert doc.core_properties.created.replace(tzinfo=dt.UTC) == WHEN


def test_a_workspace_template_overrides_the_built_in(tmp_path: Path, example) -> None:
    _, overview = example
    root = write_files(
        tmp_path, {"skabeloner/oversigt.md.j2": "# {{ ov.title }} for {{ municipality }}\n"}
    )
    text = render_text("md", root, build_context(overview, WHEN))
    assert text == "# Samlet oversigt for Kommuneqarfik Sermersooq\n"


def test_the_word_template_in_the_repository_is_what_the_script_builds(tmp_path: Path) -> None:
    import runpy

    script = ROOT / "scripts" / "build_overview_word_template.py"
    runpy.run_path(str(script), run_name="builder")["build"](tmp_path / "oversigt.docx")
    assert (tmp_path / "oversigt.docx").read_bytes() == (TEMPLATES / "oversigt.docx").read_bytes()


def test_shaded_cells_of_a_users_word_template_have_their_properties_in_order(
    tmp_path: Path, example
) -> None:
    import zipfile

    _, overview = example
    with zipfile.ZipFile(TEMPLATES / "oversigt.docx") as source:
        members = {name: source.read(name) for name in source.namelist()}
    xml = members["word/document.xml"].decode("utf-8")
    tag = "{{ labels.department }}"  # the first cell of the plans table
    assert tag in xml
    members["word/document.xml"] = xml.replace(tag, '{% cellbg "C5192D" %}' + tag, 1).encode()
    template = tmp_path / "oversigt.docx"
    with zipfile.ZipFile(template, "w") as target:
        for name, data in members.items():
            target.writestr(name, data)
    doc = Document(io.BytesIO(render_docx(template, build_context(overview, WHEN), {}, WHEN)))
    shaded = [
        [child.tag.split("}")[1] for child in shd.getparent()]
        for shd in doc.element.body.iter(qn("w:shd"))
        if shd.getparent().tag == qn("w:tcPr")
    ]
    assert shaded and all(p.index("tcW") < p.index("shd") for p in shaded if "tcW" in p)
