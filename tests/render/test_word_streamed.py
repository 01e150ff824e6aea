"""A streamed Word body (`fill_template(streamed=True)`, a long overview's: never one tree) is
the same document as one rendered as a single tree, byte for byte: the plans' documents
(amount tables fitted to the page, shaded status cells, pictures with their ids) and the
overview's, with the built-in templates and with a user's template that has text between
the body's elements and a table inside a content control."""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sektorplan.templates import PATH as TEMPLATES

from sektorplan.build import Options, build
from sektorplan.render import docx as word

from ..conftest import EXAMPLE


def _documents(root: Path, out: Path, monkeypatch: pytest.MonkeyPatch, streamed: bool) -> dict:
    real = word.fill_template

    def fill(template, context, pictures, *, streamed: bool = False):
        return real(template, context, pictures, streamed=wanted)

    wanted = streamed
    calls: list[bool] = []
    real_body = word._streamed_body

    def body(*args):
        calls.append(True)
        return real_body(*args)

    with monkeypatch.context() as patch:
        patch.setattr(word, "fill_template", fill)
        patch.setattr(word, "STREAMED_FROM", 0)  # however short the body
        patch.setattr(word, "_streamed_body", body)
        outcome = build(root, Options(out, formats=("docx",), jobs=1, languages=("da",)))
    assert outcome.exit_code == 0, outcome.errors
    documents = {p.name: p.read_bytes() for p in sorted((out / "da" / "filer").glob("*.docx"))}
    assert len(calls) == (len(documents) if streamed else 0)
    return documents


@pytest.fixture(autouse=True)
def _fixed_date(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")


def test_streamed_documents_are_the_same_bytes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    whole = _documents(EXAMPLE, tmp_path / "whole", monkeypatch, streamed=False)
    streamed = _documents(EXAMPLE, tmp_path / "streamed", monkeypatch, streamed=True)
    assert len(whole) == len(list((EXAMPLE / "planer").glob("*.yaml"))) + 1  # the overview
    assert streamed.keys() == whole.keys()
    for name in whole:
        assert streamed[name] == whole[name], name


@pytest.mark.parametrize("streamed_from", [0, None])
def test_only_a_long_overview_is_streamed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, streamed_from: int | None
) -> None:
    seen: list[bool] = []
    real = word._streamed_body

    def spy(*args):
        seen.append(True)
        return real(*args)

    monkeypatch.setattr(word, "_streamed_body", spy)
    if streamed_from is not None:
        monkeypatch.setattr(word, "STREAMED_FROM", streamed_from)
    build(EXAMPLE, Options(tmp_path / "ud", formats=("docx",), jobs=1, languages=("da",)))
    # The overview's body when long enough; the plans' never (their bodies are short).
    assert len(seen) == (1 if streamed_from == 0 else 0)


def _template_with_odd_body(target: Path) -> Path:
    """The built-in overview template with text between two of the body's elements and a
    table of its own inside a content control (w:sdt), after the first table."""
    with zipfile.ZipFile(TEMPLATES / "oversigt.docx") as source:
        members = {name: source.read(name) for name in source.namelist()}
    xml = members["word/document.xml"].decode("utf-8")
    end = xml.index("</w:tbl>") + len("</w:tbl>")
    sdt = (
        "<w:sdt><w:sdtPr/><w:sdtContent><w:tbl><w:tblPr/><w:tblGrid><w:gridCol w:w='100'/>"
        "</w:tblGrid><w:tr><w:tc><w:p><w:r><w:t>{{ labels.municipality }}</w:t></w:r>"
        "<w:r><w:t>i</w:t></w:r></w:p></w:tc><w:tc><w:p/></w:tc></w:tr></w:tbl>"
        "</w:sdtContent></w:sdt>"
    )
    # A table in a table's cell, whose grid is short of a column for its two cells.
    nested = (
        "<w:tbl><w:tblPr/><w:tblGrid><w:gridCol w:w='300'/><w:gridCol w:w='200'/></w:tblGrid>"
        "<w:tr><w:tc><w:tbl><w:tblPr/><w:tblGrid><w:gridCol w:w='90'/></w:tblGrid><w:tr>"
        "<w:tc><w:p/></w:tc><w:tc><w:p><w:r><w:t>{{ labels.municipality }}</w:t></w:r></w:p>"
        "</w:tc></w:tr></w:tbl><w:p/></w:tc></w:tr></w:tbl>"
    )
    # A table whose grid has a column more than its cells.
    wide = (
        "<w:tbl><w:tblPr/><w:tblGrid><w:gridCol w:w='100'/><w:gridCol w:w='110'/>"
        "<w:gridCol w:w='120'/></w:tblGrid><w:tr><w:tc><w:p/></w:tc><w:tc><w:p/></w:tc>"
        "</w:tr></w:tbl>"
    )
    xml = xml[:end] + "\n  " + sdt + " \n" + nested + wide + xml[end:]
    members["word/document.xml"] = xml.encode("utf-8")
    with zipfile.ZipFile(target, "w") as out:
        for name, data in members.items():
            out.writestr(name, data)
    return target


def test_a_users_template_streamed_is_the_same_bytes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import shutil

    root = tmp_path / "ws"
    shutil.copytree(EXAMPLE, root)
    (root / "skabeloner").mkdir(exist_ok=True)
    _template_with_odd_body(root / "skabeloner" / "oversigt.docx")
    whole = _documents(root, tmp_path / "whole", monkeypatch, streamed=False)
    fixed: list[bool] = []
    real = word._grids_fixed

    def grids_fixed(element, fix_tables):
        has_table = next(element.iter("{*}tbl"), None) is not None
        done = real(element, fix_tables)
        if has_table:
            fixed.append(done)
        return done

    monkeypatch.setattr(word, "_grids_fixed", grids_fixed)
    streamed = _documents(root, tmp_path / "streamed", monkeypatch, streamed=True)
    # Tables fixed from a copy of their grids and rows, and a table in a table as a whole.
    assert True in fixed and False in fixed
    assert streamed["oversigt.docx"] == whole["oversigt.docx"]
    with zipfile.ZipFile(tmp_path / "streamed" / "da" / "filer" / "oversigt.docx") as made:
        body = made.read("word/document.xml").decode("utf-8")
    assert "<w:sdtContent><w:tbl>" in body
    assert "Kommuneqarfik Sermersooq" in body


# docxtpl's own steps, which ours stand in for, on text built from Word's pieces.
_PIECES = [
    "<w:p>",
    '<w:p w:rsidR="1">',
    "</w:p>",
    "<w:pPr><w:jc/></w:pPr>",
    "<w:r>",
    "</w:r>",
    "<w:rPr><w:b/></w:rPr>",
    "<w:t>",
    '<w:t xml:space="preserve">',
    "</w:t>",
    "<w:tab/>",
    "<w:tbl>",
    "</w:tbl>",
    "\n",
    "\t",
    "\a",
    "\f",
    "a",
    "æ–ø",
    " ",
    "\n<w:p>",
    "\n<w:p ",
]


_TEXT = st.text(alphabet="a æ–\t\n\a\f<>", max_size=6)
_RUN = st.tuples(st.sampled_from(["", "<w:rPr><w:b/></w:rPr>"]), _TEXT).map(
    lambda r: f'<w:r>{r[0]}<w:t xml:space="preserve">{r[1]}</w:t></w:r>'
)
_PARAGRAPH = st.tuples(st.sampled_from(["", "<w:pPr><w:jc/></w:pPr>"]), st.lists(_RUN, max_size=3))


def _body(pieces: list[str], max_size: int) -> st.SearchStrategy[str]:
    """Text of whole paragraphs and loose `pieces`."""
    paragraphs = _PARAGRAPH.map(lambda p: f"<w:p>{p[0]}{''.join(p[1])}</w:p>")
    return st.lists(st.one_of(paragraphs, st.sampled_from(pieces)), max_size=max_size).map("".join)


_BODY = _body(_PIECES, 12)


@given(_BODY)
@settings(max_examples=300, deadline=None)
def test_resolve_listing_is_docxtpls(xml: str) -> None:
    from docxtpl import DocxTemplate

    ours = word._template_class()
    assert ours.resolve_listing(ours.__new__(ours), xml) == DocxTemplate.resolve_listing(
        DocxTemplate.__new__(DocxTemplate), xml
    )


@given(st.lists(st.sampled_from(_PIECES), max_size=40).map("".join))
@settings(max_examples=300, deadline=None)
def test_paragraph_breaks_are_taken_out_as_docxtpl_does(xml: str) -> None:
    import re

    from jinja2 import Template

    template = word.environment().from_string(xml.replace("{", "").replace("}", ""))
    rendered = template.render()
    plain = Template.render(template)  # Jinja's own, which docxtpl's expression cleans up

    def docxtpls(text: str) -> str:
        return re.sub(r"\n<w:p([ >])", r"<w:p\1", text)

    assert docxtpls(rendered) == docxtpls(plain)
    if "\n\n<w:p" not in plain:
        assert docxtpls(rendered) is rendered  # none left for docxtpl's expression


_CLEAN_UP = [*_PIECES, "{_{", "}_}", "{_%", "%_}", "{_", "_}", "%", "<", "<w:", "\n<"]
_MIXED = _body(_CLEAN_UP, 20)
_CUTS = st.lists(st.integers(min_value=0, max_value=400), max_size=8)


def _cut(text: str, cuts: list[int]) -> list[str]:
    """`text` cut at `cuts` (as Jinja might yield it)."""
    from itertools import pairwise

    bounds = sorted({min(c, len(text)) for c in cuts} | {0, len(text)})
    return [text[a:b] for a, b in pairwise(bounds)]


def _our_resolve_listing() -> Any:
    ours = word._template_class()
    return ours.resolve_listing.__get__(ours.__new__(ours))


@given(_MIXED, _CUTS)
@settings(max_examples=400, deadline=None)
def test_clean_up_a_window_at_a_time_is_docxtpls(source: str, cuts: list[int]) -> None:
    """docxtpl's steps after Jinja (its render_xml_part) on the whole rendered text, and
    ours on the same text cut anywhere into pieces, as Jinja yields it."""
    import re
    from types import SimpleNamespace

    from docxtpl import DocxTemplate

    class Verbatim:  # Jinja left out: the rendered text is the source
        def from_string(self, text: str) -> SimpleNamespace:
            return SimpleNamespace(render=lambda context: text)

    docxtpl = DocxTemplate.__new__(DocxTemplate)
    expected = DocxTemplate.render_xml_part(docxtpl, source, None, {}, Verbatim())
    rendered = re.sub(r"<w:p([ >])", r"\n<w:p\1", source)  # what Jinja is given and gives
    pieces = _cut(rendered, cuts)
    assert "".join(word._resolved(word._cleaned(pieces), _our_resolve_listing())) == expected


@given(_MIXED, _CUTS)
@settings(max_examples=300, deadline=None)
def test_listing_resolved_a_piece_at_a_time_is_the_same(text: str, cuts: list[int]) -> None:
    resolve = _our_resolve_listing()
    assert "".join(word._resolved(_cut(text, cuts), resolve)) == resolve(text)


@pytest.mark.parametrize(
    "tag",
    ["{% if %}", "{{ labels.municipality.nope() }}", "{{ labels.municipality | nope }}"],
)
def test_a_broken_users_template_gives_the_same_message_streamed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, tag: str
) -> None:
    import shutil

    root = tmp_path / "ws"
    shutil.copytree(EXAMPLE, root)
    (root / "skabeloner").mkdir(exist_ok=True)
    with zipfile.ZipFile(TEMPLATES / "oversigt.docx") as source:
        members = {name: source.read(name) for name in source.namelist()}
    xml = members["word/document.xml"].decode("utf-8")
    members["word/document.xml"] = xml.replace("{{ labels.municipality }}", tag, 1).encode()
    with zipfile.ZipFile(root / "skabeloner" / "oversigt.docx", "w") as out:
        for name, data in members.items():
            out.writestr(name, data)
    errors = {}
    for streamed in (False, True):
        with monkeypatch.context() as patch:
            if streamed:
                patch.setattr(word, "STREAMED_FROM", 0)
            outcome = build(
                root,
                Options(tmp_path / str(streamed), formats=("docx",), jobs=1, languages=("da",)),
            )
        errors[streamed] = outcome.errors
    assert len(errors[False]) == 1 and "oversigt.docx" in errors[False][0], errors
    assert errors[True] == errors[False]
    assert not (tmp_path / "True" / "da" / "filer" / "oversigt.docx").exists()
