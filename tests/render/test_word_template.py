"""A user's Word template: the check for values sektorplan does not give (before rendering)
lets through all valid Jinja, and names every truly unknown value in Danish."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from docx import Document

from sektorplan.render.docx import fill_template
from sektorplan.render.errors import RenderError

from ..conftest import run
from .test_template_errors import word_template_with

CONTEXT: dict[str, Any] = {
    "plan": {"title": "Skoleplan"},
    "goals": [{"title": "Læsning"}, {"title": "Trivsel"}],
    "municipality": "Sermersooq",
}


def word_template(
    path: Path, *paragraphs: str, footer: str = "", title: str = "", header: str = ""
) -> Path:
    """A small Word template made with python-docx: one paragraph per text."""
    doc = Document()
    for text in paragraphs:
        doc.add_paragraph(text)
    if header:
        doc.sections[0].header.paragraphs[0].text = header
    if footer:
        doc.sections[0].footer.paragraphs[0].text = footer
    doc.core_properties.title = title
    doc.save(str(path))
    return path


def filled(template: Path) -> list[str]:
    """The paragraphs of the document the template gives with CONTEXT."""
    tpl = fill_template(template, dict(CONTEXT), lambda tpl: {})
    buffer = io.BytesIO()
    tpl.save(buffer)
    return [p.text for p in Document(buffer).paragraphs]


def refused(template: Path) -> str:
    with pytest.raises(RenderError) as info:
        fill_template(template, dict(CONTEXT), lambda tpl: {})
    return str(info.value)


@pytest.mark.parametrize(
    ("code", "text"),
    [
        ("{% if logo is defined %}{{ logo }}{% else %}uden logo{% endif %}", "uden logo"),
        ("{% if logo is undefined %}uden logo{% endif %}", "uden logo"),
        ("[{{ logo | default('intet') }}]", "[intet]"),
        ("[{{ logo | d('intet') }}]", "[intet]"),
        ("{{ logo if logo is defined else plan.title }}", "Skoleplan"),
        ("{% set navn = plan.title %}{{ navn }}", "Skoleplan"),
        (
            "{% for g in goals %}{{ loop.index }}. {{ g.title }} {% endfor %}",
            "1. Læsning 2. Trivsel ",
        ),
        ("{% with by = municipality %}{{ by }}{% endwith %}", "Sermersooq"),
        ("{% macro m(tekst) %}[{{ tekst }}]{% endmacro %}{{ m(plan.title) }}", "[Skoleplan]"),
        (
            "{% set ns = namespace(n=0) %}{% for g in goals %}{% set ns.n = ns.n + 1 %}"
            "{% endfor %}{{ ns.n }} mål",
            "2 mål",
        ),
        ("{{ plan.title | upper }} {{ range(3) | list | length }}", "SKOLEPLAN 3"),
    ],
)
def test_valid_jinja_renders(tmp_path: Path, code: str, text: str) -> None:
    assert filled(word_template(tmp_path / "skabelon.docx", "Før", code, "Efter")) == [
        "Før",
        text,
        "Efter",
    ]


def test_docxtpl_paragraph_loops_render(tmp_path: Path) -> None:
    template = word_template(
        tmp_path / "skabelon.docx", "{%p for g in goals %}", "{{ g.title }}", "{%p endfor %}"
    )
    assert filled(template) == ["Læsning", "Trivsel"]


def test_an_unknown_value_is_named_with_the_values_a_template_can_use(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    message = refused(word_template(tmp_path / "skabelon.docx", "{{ ukendt_navn }}"))
    assert message == (
        "skabelon.docx: Word-skabelonen bruger værdien «ukendt_navn», som "
        "sektorplan ikke giver skabelonen. Skabelonen kan bruge: goals, municipality, plan. "
        "Ret eller fjern feltet i Word. Se templates/README.md for de værdier, en skabelon "
        "kan bruge."
    )


def test_a_misspelt_value_gets_the_likely_one(tmp_path: Path) -> None:
    message = refused(word_template(tmp_path / "skabelon.docx", "{{ plann.title }}"))
    assert "bruger værdien «plann» (mente du «plan»?), som sektorplan ikke" in message
    assert "Skabelonen kan bruge" not in message


def test_every_unknown_value_is_named_at_once(tmp_path: Path) -> None:
    template = word_template(
        tmp_path / "skabelon.docx",
        "{{ plann }}",
        "{% for x in ukendte %}{% endfor %}",
        "{% if logo is defined %}{{ logo }}{% endif %}",
        header="{{ sidehoved }}",
        footer="{{ sidefod }}",
        title="{{ dokumenttitel }}",
    )
    message = refused(template)
    assert "bruger værdierne «dokumenttitel», «plann» (mente du «plan»?), «sidefod», " in message
    assert "«sidehoved», «ukendte», som sektorplan ikke giver skabelonen." in message
    assert "logo" not in message


def test_a_value_asked_about_in_one_place_and_used_in_another_is_still_named(
    tmp_path: Path,
) -> None:
    template = word_template(
        tmp_path / "skabelon.docx", "{% if logo is defined %}ja{% endif %}", "{{ logo }}"
    )
    message = refused(template)
    assert "Word-skabelonen bruger værdien «logo», som sektorplan ikke giver" in message
    assert "Skabelonen kan bruge: goals, municipality, plan." in message


def test_an_unknown_attribute_is_named(tmp_path: Path) -> None:
    template = word_template(
        tmp_path / "skabelon.docx", "{% for g in goals %}{{ g.titel }}{% endfor %}"
    )
    message = refused(template)
    assert "Word-skabelonen bruger værdien «titel», som sektorplan ikke giver" in message


@pytest.mark.parametrize(
    ("code", "error"),
    [
        ("{% if %}", "Der mangler en værdi før «%}»"),
        ("{{ plan.title | ukendt_filter }}", "Filteret «ukendt_filter» (efter «|») findes ikke"),
    ],
)
def test_a_broken_tag_shows_the_text_near_it(tmp_path: Path, code: str, error: str) -> None:
    message = refused(word_template(tmp_path / "skabelon.docx", "Kapitel 1", code, "Kapitel 2"))
    assert f": fejl i et Jinja-mærke i Word-skabelonen ({error})." in message
    assert f"Nær: «Kapitel 1 {code} Kapitel 2»." in message
    assert message.endswith("Ret mærket i Word.")


def test_a_changed_template_is_checked_again(tmp_path: Path) -> None:
    path = tmp_path / "skabelon.docx"
    assert filled(word_template(path, "{{ plan.title }}")) == ["Skoleplan"]
    assert "«plann»" in refused(word_template(path, "{{ plann.title }}"))
    assert filled(word_template(path, "{{ plan.title }}")) == ["Skoleplan"]


# --- the command --------------------------------------------------------------------------


def test_render_refuses_a_template_with_an_unknown_value(workspace: Path) -> None:
    word_template(workspace / "kommunen.docx", "{{ plan.title }}", "{{ ukendt_navn }}")
    result = run(
        ["render", "planer/bs.yaml", "-f", "docx", "--word-skabelon", "kommunen.docx"], workspace
    )
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    assert "kommunen.docx: Word-skabelonen bruger værdien «ukendt_navn», som sektorplan" in (
        result.stderr
    )
    assert "Skabelonen kan bruge: " in result.stderr
    assert "Ret eller fjern feltet i Word." in result.stderr
    assert not (workspace / "build" / "bs.docx").exists()


def test_render_fills_the_built_in_template_with_guarded_values(workspace: Path) -> None:
    word_template_with(
        workspace / "kommunen.docx",
        "{{ plan.department.name }}",
        "{{ plan.department.name }}{% if logo_tekst is defined %}{{ logo_tekst }}{% endif %}"
        "{{ logo_note | default(' (uden logo)') }}",
    )
    args = ["render", "planer/bs.yaml", "-f", "docx", "--word-skabelon", "kommunen.docx"]
    result = run(args, workspace)
    assert result.exit_code == 0, result.output
    paragraphs = [p.text for p in Document(str(workspace / "build" / "bs.docx")).paragraphs]
    assert "Forvaltning for Børn og Skole (uden logo)" in paragraphs


def _builtin_with(target: Path, old: str, new: str) -> Path:
    """The built-in plan template with `old` (in its XML) replaced once by `new`."""
    import zipfile

    from sektorplan.templates import PATH as TEMPLATES

    with zipfile.ZipFile(TEMPLATES / "sektorplan.docx") as source:
        members = {name: source.read(name) for name in source.namelist()}
    xml = members["word/document.xml"].decode("utf-8")
    assert old in xml
    members["word/document.xml"] = xml.replace(old, new, 1).encode("utf-8")
    with zipfile.ZipFile(target, "w") as out:
        for name, data in members.items():
            out.writestr(name, data)
    return target


P_TAG_HINT = "lukkes med samme slags, i sit eget afsnit: «{%p endfor %}», «{%tr endfor %}»."


def test_a_missing_paragraph_end_tag_says_how_word_closes_it(workspace: Path) -> None:
    _builtin_with(workspace / "skabelon.docx", "{%p endfor %}", "")
    result = run(
        ["render", "planer/bs.yaml", "-f", "docx", "--word-skabelon", "skabelon.docx"], workspace
    )
    assert result.exit_code == 1
    assert "tilføj «{% endfor %}»" in result.stderr and P_TAG_HINT in result.stderr


def test_a_paragraph_loop_closed_inside_a_text_is_a_message_not_a_traceback(
    workspace: Path,
) -> None:
    # `{%p for %}` opened in its own paragraph, closed with `{% endfor %}` inside a text: the
    # filled XML is broken (the advice of a plain «tilføj {% endfor %}» followed literally).
    _builtin_with(workspace / "skabelon.docx", "{%p endfor %}", "{% endfor %}")
    result = run(
        ["render", "planer/bs.yaml", "-f", "docx", "--word-skabelon", "skabelon.docx"], workspace
    )
    assert result.exit_code == 1
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    assert "skabelon.docx: Word-skabelonen giver et ødelagt dokument" in result.stderr
    assert P_TAG_HINT in result.stderr
    assert not (workspace / "build" / "bs.docx").exists()
