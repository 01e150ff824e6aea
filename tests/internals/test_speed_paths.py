"""The fence (internals/): each fast path that reaches into a library's internals can run on
the installed versions, gives the library's own result, and is turned off by its flag.
These tests FAIL, never skip, when a fast path cannot run: an upgrade that moves an
internal must be seen, not quietly make a step slower."""

from __future__ import annotations

import io
import os
import shutil
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sektorplan.templates import PATH as TEMPLATES

from sektorplan import internals as fast
from sektorplan.build import Options, build
from sektorplan.internals import docxtemplate, textcache, wordpackage
from sektorplan.internals.docxtemplate import fast_template_class
from sektorplan.render import charts
from sektorplan.render.docx import environment

from ..conftest import EXAMPLE
from ..render.test_charts import EDGE_CASES, MANY, TIMELINE_CASES, _contexts


def _forget() -> None:
    """What a new process would not know yet: the flags, the charts' Figures."""
    fast.enabled.cache_clear()
    charts.forget_kept_charts()
    environment.cache_clear()


@pytest.fixture(autouse=True)
def _fresh(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    for name in [v for v in os.environ if v.startswith("SEKTORPLAN_INTERNALS")]:
        monkeypatch.delenv(name)
    _forget()
    yield
    monkeypatch.undo()
    _forget()


def test_every_fast_path_can_run_on_the_installed_versions() -> None:
    """Each fast path runs: none falls back to the library's own way."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    canvas = textcache.fast_canvas_class()
    assert issubclass(canvas, FigureCanvasAgg) and canvas is not FigureCanvasAgg
    assert textcache.canvas_class() is canvas
    data = (TEMPLATES / "sektorplan.docx").read_bytes()
    document = wordpackage.fast_open_document(data)
    assert document.paragraphs
    assert fast_template_class() is docxtemplate.template_class()
    tpl = docxtemplate.template_class()(io.BytesIO(data))
    tpl.init_docx()
    assert docxtemplate.fast_members(tpl)["word/document.xml"]
    assert environment().template_class.__name__ == "ParagraphsJoined"


@pytest.mark.parametrize("variable", ["SEKTORPLAN_INTERNALS", "SEKTORPLAN_INTERNALS_TEXT"])
def test_a_flag_turns_a_fast_path_off(monkeypatch: pytest.MonkeyPatch, variable: str) -> None:
    from docxtpl import DocxTemplate
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    monkeypatch.setenv(variable, "0")
    fast.enabled.cache_clear()
    assert textcache.canvas_class() is FigureCanvasAgg
    assert not fast.enabled("text")
    everything_off = variable == "SEKTORPLAN_INTERNALS"
    assert (docxtemplate.template_class() is DocxTemplate) == everything_off
    for name in ("wordpackage", "docxtpl", "wordzip"):
        assert fast.enabled(name) != everything_off


def test_an_unknown_fast_path_is_a_mistake() -> None:
    with pytest.raises(ValueError):
        fast.enabled("nope")


# --- text: the kept texts' pictures, within a pixel of matplotlib's own drawing ---


def _ink(picture: bytes, lightest: int) -> Any:
    """Where a picture is darker than `lightest` (0 to 255) in one of its channels."""
    import numpy as np
    from PIL import Image

    with Image.open(io.BytesIO(picture)) as image:
        pixels = np.asarray(image.convert("RGB")).astype(int)
    return pixels.min(axis=2) < lightest


def _grown(mask: Any) -> Any:
    """`mask` and the pixels next to it (one pixel in each direction)."""
    import numpy as np

    padded = np.pad(mask, 1)
    grown = np.zeros_like(mask)
    for dy in (0, 1, 2):
        for dx in (0, 1, 2):
            grown |= padded[dy : dy + mask.shape[0], dx : dx + mask.shape[1]]
    return grown


def _pictures() -> dict[str, bytes]:
    from sektorplan.render.formatting import Formatter

    labels = _contexts()[0]["labels"]
    pictures = {
        f"trend {k}": v
        for k, v in charts.trend_pngs(
            EDGE_CASES, labels, Formatter(labels["locale"]).number
        ).items()
    }
    for name, rows, period in [*TIMELINE_CASES, ("many", MANY, (2024, 2035))]:
        pictures[f"timeline {name}"] = charts.timeline_png(rows, period, labels)
    return pictures


def test_the_text_path_draws_the_texts_where_matplotlib_does(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The same pictures, the same size, and every text within a pixel of where matplotlib's
    own canvas puts it (matplotlib 3.11 places glyphs at sub-pixel positions, the kept
    pictures on whole pixels)."""
    assert textcache.canvas_class() is textcache.fast_canvas_class()
    kept = _pictures()
    monkeypatch.setenv("SEKTORPLAN_INTERNALS_TEXT", "0")
    _forget()
    own = _pictures()
    assert kept.keys() == own.keys()
    for name in kept:
        # Dark ink in one within a pixel of any ink in the other (edges are antialiased).
        dark, faint = _ink(kept[name], 128), _ink(own[name], 250)
        assert dark.shape == faint.shape, name
        assert dark.any(), name
        assert not (dark & ~_grown(faint)).any(), f"{name}: ink where matplotlib has none"
        dark, faint = _ink(own[name], 128), _ink(kept[name], 250)
        assert not (dark & ~_grown(faint)).any(), f"{name}: matplotlib's ink missing"


# --- wordpackage, docxtpl, wordzip: the same bytes as the libraries' own ---


@pytest.fixture(scope="module")
def word_documents(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, bytes]]:
    """The example's Word documents with every fast path on, and with each Word path off."""
    root = tmp_path_factory.mktemp("fast") / "ws"
    shutil.copytree(EXAMPLE, root)
    made = {}
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", "1700000000")
        for off in (None, "wordpackage", "docxtpl", "wordzip"):
            for name in fast.PATHS:
                patch.delenv(f"SEKTORPLAN_INTERNALS_{name.upper()}", raising=False)
            if off:
                patch.setenv(f"SEKTORPLAN_INTERNALS_{off.upper()}", "0")
            _forget()
            out = root.parent / f"out-{off}"
            outcome = build(root, Options(out, formats=("docx",), jobs=1, languages=("da",)))
            assert not outcome.errors, outcome.errors
            documents = sorted((out / "da" / "filer").glob("*.docx"))
            made[off or "fast"] = {p.name: p.read_bytes() for p in documents}
    _forget()
    return made


@pytest.mark.parametrize("path", ["wordpackage", "docxtpl", "wordzip"])
def test_a_word_fast_path_gives_the_librarys_bytes(
    word_documents: dict[str, dict[str, bytes]], path: str
) -> None:
    fast_made, own = word_documents["fast"], word_documents[path]
    assert len(fast_made) == 7  # six plans and the overview
    assert own.keys() == fast_made.keys()
    for name in fast_made:
        assert own[name] == fast_made[name], name


# --- docxtpl: its steps done faster give its own results, for any text ---

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

    ours = fast_template_class()
    assert ours.resolve_listing(ours.__new__(ours), xml) == DocxTemplate.resolve_listing(
        DocxTemplate.__new__(DocxTemplate), xml
    )


@given(st.lists(st.sampled_from(_PIECES), max_size=40).map("".join))
@settings(max_examples=300, deadline=None)
def test_paragraph_breaks_are_taken_out_as_docxtpl_does(xml: str) -> None:
    import re

    from jinja2 import Template

    template = environment().from_string(xml.replace("{", "").replace("}", ""))
    rendered = template.render()
    plain = Template.render(template)  # Jinja's own, which docxtpl's expression cleans up

    def docxtpls(text: str) -> str:
        return re.sub(r"\n<w:p([ >])", r"<w:p\1", text)

    assert docxtpls(rendered) == docxtpls(plain)
    if "\n\n<w:p" not in plain:
        assert docxtpls(rendered) is rendered  # none left for docxtpl's expression
