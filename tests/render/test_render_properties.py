"""Nothing lost, nothing executed: every text of a plan appears as written in the Word,
Markdown and HTML documents, whatever it contains."""

from __future__ import annotations

import re
import tempfile
from html import unescape
from pathlib import Path

import docx
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sektorplan.check.examples import BASE_FILES
from sektorplan.load.workspace import load_workspace
from sektorplan.render import render_plan

from ..conftest import write_files

# What must survive: markup of every kind, template code, Danish and Greenlandic letters,
# emoji, quotes, line breaks, docxtpl's own brace escapes.
PHRASES = [
    "&", "<", ">", "<b>fed</b>", '"', "'", "{{ navn }}", "{% if %}", "{{ 7*7 }}", "{#", "{_{",
    "}_}", "{_%", "%_}", "{%p endif %}", "*", "_", "#", "|", "[x](y)", "`", "1. ", "- ",
    "æøå ÆØÅ", "ĸ", "Kalaallit Nunaat", "Sermersuaq qaqqanut", "🙂", "🇬🇱", "\n", "\n\n", "\t",
    "  ", "$5", "\\", "&amp;", "&#32;",
]  # fmt: skip
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\r\u2028\u2029]")
_pieces = st.one_of(
    st.sampled_from(PHRASES),
    st.text(
        st.characters(codec="utf-8", exclude_categories=("Cc", "Cs", "Zl", "Zp")),
        min_size=1,
        max_size=8,
    ),
)
# Texts a plan can hold: no control characters (rule SP007), never blank.
texts = (
    st.lists(_pieces, min_size=1, max_size=6)
    .map("".join)
    .filter(lambda t: t.strip() and not _CONTROL.search(t))
)

FIELDS = ("titel", "vision", "udgangspunkt", "mål", "indikator", "indsats", "ansvarlig", "milepæl")


def plan_with(values: dict[str, str]) -> str:
    plan = yaml.safe_load(BASE_FILES["planer/bs.yaml"])
    plan["titel"], plan["vision"] = values["titel"], values["vision"]
    plan["udgangspunkt"] = values["udgangspunkt"]
    plan["mål"][0]["titel"] = values["mål"]
    plan["mål"][0]["delmål"][0]["indikatorer"][0]["navn"] = values["indikator"]
    initiative = plan["indsatser"][0]
    initiative["titel"], initiative["ansvarlig"] = values["indsats"], values["ansvarlig"]
    initiative["milepæle"][0]["titel"] = values["milepæl"]
    return yaml.safe_dump(plan, allow_unicode=True, sort_keys=False)


def docx_text(path: Path) -> str:
    document = docx.Document(str(path))
    parts = [p.text for p in document.paragraphs]
    parts += [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join(parts)


_MD_ESCAPE = re.compile(r"\\([\\`*_\[\]<>#|~$&.)+=\-\n])|&#(\d+);|<br>")


def md_unescape(text: str) -> str:
    """The inverse of the Markdown escaping (render/markdown.py)."""

    def one(match: re.Match[str]) -> str:
        if match[1] is not None:
            return match[1]
        if match[2] is not None:
            return chr(int(match[2]))
        return "\n"

    return _MD_ESCAPE.sub(one, text)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.fixed_dictionaries({field: texts for field in FIELDS}))
def test_every_text_appears_as_written_in_every_format(values: dict[str, str]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = write_files(Path(tmp), {**BASE_FILES, "planer/bs.yaml": plan_with(values)})
        ws = load_workspace(root)
        plan_file = next(p for p in ws.plans if p.path.name == "bs.yaml")
        assert plan_file.plan is not None, plan_file.doc.findings
        out = root / "build"
        render_plan(ws, plan_file, ["md", "html", "docx"], out, charts=False)
        word = docx_text(out / "bs.docx")
        markdown = md_unescape((out / "bs.md").read_text(encoding="utf-8"))
        html = unescape((out / "bs.html").read_text(encoding="utf-8"))
        for field, text in values.items():
            assert text in word, f"{field} mangler i Word"
            assert text in markdown, f"{field} mangler i Markdown"
            assert text in html, f"{field} mangler i HTML"


def test_template_code_in_a_plan_is_never_run(workspace: Path) -> None:
    values = dict.fromkeys(FIELDS, "{{ 7*7 }} {% for x in [1] %}x{% endfor %} {_{ y }_}")
    write_files(workspace, {"planer/bs.yaml": plan_with(values)})
    ws = load_workspace(workspace)
    plan_file = next(p for p in ws.plans if p.path.name == "bs.yaml")
    out = workspace / "build"
    render_plan(ws, plan_file, ["md", "html", "docx"], out, charts=False)
    for text in (
        docx_text(out / "bs.docx"),
        md_unescape((out / "bs.md").read_text(encoding="utf-8")),
        unescape((out / "bs.html").read_text(encoding="utf-8")),
    ):
        assert "49" not in text
        assert text.count("{{ 7*7 }} {% for x in [1] %}x{% endfor %} {_{ y }_}") >= len(FIELDS)


def test_a_title_longer_than_a_core_property_is_cut_in_the_property_only(
    workspace: Path,
) -> None:
    """Word's core properties hold 255 characters; the title on the page stays whole."""
    title = "Skoler og dagtilbud i Sermersooq " * 12  # 396 characters
    values = dict.fromkeys(FIELDS, "tekst") | {"titel": title.strip()}
    write_files(workspace, {"planer/bs.yaml": plan_with(values)})
    ws = load_workspace(workspace)
    plan_file = next(p for p in ws.plans if p.path.name == "bs.yaml")
    assert plan_file.plan is not None, plan_file.doc.findings
    out = workspace / "build"
    render_plan(ws, plan_file, ["docx"], out, charts=False)
    document = docx.Document(str(out / "bs.docx"))
    assert len(document.core_properties.title) == 255
    assert document.core_properties.title.endswith("…")
    assert title.strip() in docx_text(out / "bs.docx")
