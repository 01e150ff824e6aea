"""Two of docxtpl's steps done faster in render/docx.py give docxtpl's own results: its
`resolve_listing` (tabs, line breaks and page breaks in a text made Word's) and its taking
out of the line breaks it puts before each paragraph."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from sektorplan.render import docx as word

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
