"""Jinja's messages about a user's template in Danish (render/templating.jinja_message). Each
is made by Jinja itself from a broken template, so a change in Jinja's wording fails here."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from jinja2 import TemplateError, TemplateSyntaxError
from jinja2.parser import Parser
from sektorplan.templates import PATH as BUILTIN

from sektorplan.render.templating import environment, jinja_message

from ..conftest import run


def jinja_error(source: str) -> str:
    """Jinja's own message for a template, compiled and then rendered as a user's Markdown
    template is (a filter or test inside an `if` is looked for only when it runs)."""
    try:
        environment("md", None).from_string(source).render(plan={"title": "Skoleplan"})
    except TemplateSyntaxError as exc:
        return exc.message or ""
    except TemplateError as exc:
        return str(exc)
    raise AssertionError(f"{source!r} is valid Jinja")


@pytest.mark.parametrize(
    ("source", "danish"),
    [
        # a tag Jinja does not know, or an end tag where it does not belong
        ("{% foo %}", "Jinja kender ikke mærket «{% foo %}»."),
        ("{% endif %}", "«{% endif %}» lukker en blok, der ikke er åbnet."),
        ("a{% else %}b", "«{% else %}» står uden for en «{% if %}»- eller «{% for %}»-blok."),
        ("{% elif plan %}", "«{% elif %}» står uden for en «{% if %}»- eller «{% for %}»-blok."),
        (
            "{% if plan %}a{% else %}b{% else %}c{% endif %}",
            "«{% else %}» står forkert her. "
            "Den inderste åbne blok er «{% if %}», som lukkes med «{% endif %}».",
        ),
        (
            "{% if plan %}{% foo %}{% endif %}",
            "Jinja kender ikke mærket «{% foo %}». "
            "Den inderste åbne blok er «{% if %}», som lukkes med «{% endif %}».",
        ),
        (
            "{% for g in plan %}{% endif %}",
            "«{% endif %}» lukker en blok, der ikke er åbnet. "
            "Den inderste åbne blok er «{% for %}», som lukkes med «{% endfor %}».",
        ),
        (
            "{% for g in plan %}{% if g %}{% endfor %}",
            "«{% endfor %}» kommer, før «{% if %}» er lukket: "
            "luk først «{% if %}» med «{% endif %}».",
        ),
        # a block not closed
        (
            "{% for g in plan %}\n{{ g }}\n",
            "Skabelonen slutter, før «{% for %}» er lukket: tilføj «{% endfor %}».",
        ),
        (
            "{% if plan %}x{% else %}y",
            "Skabelonen slutter, før «{% if %}» er lukket: tilføj «{% endif %}».",
        ),
        (
            "{% block indhold %}x",
            "Skabelonen slutter, før «{% block %}» er lukket: tilføj «{% endblock %}».",
        ),
        ("{{ plan.title", "Skabelonen slutter, men «}}» mangler."),
        (
            "{{ plan.title }}{# note",
            "En kommentar, der begynder med «{#», lukkes ikke: tilføj «#}».",
        ),
        ("{% raw %}{{ x }}", "«{% raw %}» lukkes ikke: tilføj «{% endraw %}»."),
        # a token where another was expected
        ("{% for g plan %}{% endfor %}", "Her ventes «in», men der står «plan»."),
        ("{{ plan title }}", "Her ventes «}}», men der står «title»."),
        ("{{ plan 'x' }}", "Her ventes «}}», men der står en tekst i anførselstegn."),
        ("{{ plan 2024 }}", "Her ventes «}}», men der står et tal."),
        ("{{ plan | }}", "Her ventes et navn, men der står «}}»."),
        ("{% macro %}{% endmacro %}", "Her ventes et navn, men der står «%}»."),
        ("{% if %}{% endif %}", "Der mangler en værdi før «%}»."),
        ("{{ }}", "Der mangler en værdi før «}}»."),
        ("{{ plan ~ }}", "Der mangler en værdi før «}}»."),
        ("{{ * }}", "«*» står forkert her."),
        (
            "<h1>{{ plan.title }</h1>",
            "«}» står forkert her. Afslut «{{» med «}}» og «{%» med «%}».",
        ),
        ("{{ (plan] }}", "«]» står, hvor der ventes «)»."),
        # characters a tag cannot hold
        ("{{ plan ! }}", "Tegnet «!» kan ikke bruges i et Jinja-mærke."),
        ("{{ plan.title ' }}", "Teksten, der begynder med «'», mangler sit afsluttende «'»."),
        (
            "{{ plan.title | default(“x”) }}",
            "Tegnet «“» kan ikke bruges i et Jinja-mærke: skriv \" eller ' i stedet.",
        ),
        # names that do not exist
        ("{{ plan.title | nope }}", "Filteret «nope» (efter «|») findes ikke."),
        (
            "{% if plan %}{{ plan.title | nope }}{% endif %}",
            "Filteret «nope» (efter «|») findes ikke.",
        ),
        ("{{ plan is nope }}", "Testen «nope» (efter «is») findes ikke."),
        ("{% if plan is nope %}ja{% endif %}", "Testen «nope» (efter «is») findes ikke."),
        # names missing
        ("{% %}", "Der mangler et navn efter «{%», fx «if», «for» eller «endif»."),
        ("{{ plan. }}", "Efter «.» mangler et navn, fx «plan.title»."),
        # blocks
        (
            "{% block a %}{% endblock %}{% block a %}{% endblock %}",
            "Blokken «a» findes to gange: giv den ene et andet navn.",
        ),
        (
            "{% block mit-indhold %}{% endblock %}",
            "Et bloknavn må ikke indeholde «-»: skriv «_» i stedet.",
        ),
    ],
)
def test_jinjas_message_is_danish(source: str, danish: str) -> None:
    assert jinja_message(jinja_error(source)) == danish


def test_a_subscript_with_nothing_after_it_is_danish() -> None:
    # Jinja's parser checks for `.` or `[` before it parses a subscript, so no template
    # reaches this message; Jinja's own parser, asked for one elsewhere, gives it.
    parser = Parser(environment("md", None), "plan title", state="variable")
    with pytest.raises(TemplateSyntaxError) as info:
        parser.parse_subscript(parser.parse_primary())
    assert jinja_message(info.value.message or "") == (
        "Efter «.» eller «[» mangler et navn eller et tal."
    )


def test_a_message_of_another_form_is_kept_as_jinja_wrote_it() -> None:
    message = jinja_error("{% call plan %}{% endcall %}")
    assert message == "expected call"
    assert jinja_message(message) == message


# Jinja's messages cut into pieces, put together anyhow: forms near the known ones.
_PIECES = st.sampled_from(
    [
        "Encountered unknown tag ",
        "Unexpected end of template.",
        " You probably made a nesting mistake. Jinja is expecting this tag,",
        " but currently looking for ",
        " Jinja was looking for the following tags: ",
        " The innermost block that needs to be closed is ",
        "unexpected end of template, expected ",
        "expected token ",
        ", got ",
        "unexpected ",
        ", expected ",
        "unexpected char ",
        " at 12",
        "No filter named ",
        "No test named ",
        " found",
        "Expected an expression, got ",
        "'",
        '"',
        "\\",
        "''",
        "'if'",
        "'end of print statement'",
        " or ",
        ".",
        "'\\x00'",
        "'\\''",
    ]
)


@given(st.one_of(st.text(), st.lists(st.one_of(_PIECES, st.text(max_size=3))).map("".join)))
@settings(max_examples=500, deadline=None)
def test_any_text_gives_a_text(message: str) -> None:
    assert isinstance(jinja_message(message), str)


# Jinja describes these tokens by their kind, which a name of the same spelling cannot be told from.
_KINDS = {
    "string",
    "integer",
    "float",
    "end of template",
    "template data / text",
    "begin of comment",
    "end of comment",
    "begin of statement block",
    "end of statement block",
    "begin of print statement",
    "end of print statement",
}


@given(st.text(st.characters(exclude_characters="'"), min_size=1).filter(lambda n: n not in _KINDS))
@settings(max_examples=200, deadline=None)
def test_a_name_the_user_wrote_is_shown_as_written(name: str) -> None:
    assert f"«{name}»" in jinja_message(f"No filter named '{name}'.")
    assert f"«{name}»" in jinja_message(f"expected token 'in', got '{name}'")


def test_a_name_spelled_comment_is_shown_as_written() -> None:
    """Found by hypothesis: a comment is no token the parser sees, so «comment» is a name."""
    assert "«comment»" in jinja_message("expected token 'in', got 'comment'")


# --- the commands -------------------------------------------------------------------------


def test_render_says_in_danish_which_end_tag_a_markdown_template_lacks(example_copy: Path) -> None:
    (example_copy / "skabeloner" / "plan.md.j2").write_text(
        "# {{ plan.title }}\n{% for goal in goals %}\n{{ goal.heading.title }}\n", "utf-8"
    )
    result = run(["render", "planer/bs.yaml", "-f", "md"], example_copy)
    assert result.exit_code == 1, result.output
    assert result.stderr.strip() == (
        "Fejl: skabeloner/plan.md.j2:3: fejl i skabelonens Jinja-kode (Skabelonen slutter, "
        "før «{% for %}» er lukket: tilføj «{% endfor %}»). Ret skabelonen."
    )


def test_render_names_an_unknown_filter_found_while_rendering_in_danish(example_copy: Path) -> None:
    (example_copy / "skabeloner" / "plan.html.j2").write_text(
        "<h1>{{ plan.title }}</h1>\n{% if plan %}{{ plan.title | nope }}{% endif %}\n", "utf-8"
    )
    result = run(["render", "planer/bs.yaml", "-f", "html"], example_copy)
    assert result.exit_code == 1, result.output
    assert result.stderr.strip() == (
        "Fejl: skabeloner/plan.html.j2:2: skabelonen fejler "
        "(Filteret «nope» (efter «|») findes ikke). Ret skabelonen."
    )


def overview_template_with(root: Path, tag: str) -> None:
    """The built-in overview Word template with its municipality's label replaced by `tag`."""
    with zipfile.ZipFile(BUILTIN / "oversigt.docx") as source:
        members = {name: source.read(name) for name in source.namelist()}
    xml = members["word/document.xml"].decode("utf-8")
    assert xml.count("{{ labels.municipality }}") == 1
    members["word/document.xml"] = xml.replace("{{ labels.municipality }}", tag).encode()
    with zipfile.ZipFile(root / "skabeloner" / "oversigt.docx", "w") as target:
        for name, data in members.items():
            target.writestr(name, data)


@pytest.mark.parametrize(
    ("tag", "start", "end"),
    [
        (
            "{% if %}",
            "skabeloner/oversigt.docx: fejl i et Jinja-mærke i Word-skabelonen "
            "(Der mangler en værdi før «%}»). Nær: «{{ draft.note }}{% for line in draft.plans %}",
            "». Ret mærket i Word.",
        ),
        (
            "{% if labels %}{{ labels.municipality | nope }}{% endif %}",
            "skabeloner/oversigt.docx: Word-skabelonen fejler "
            "(Filteret «nope» (efter «|») findes ikke). Ret skabelonen.",
            "(Filteret «nope» (efter «|») findes ikke). Ret skabelonen.",
        ),
    ],
)
def test_build_says_in_danish_what_is_wrong_with_a_word_template(
    example_copy: Path, tag: str, start: str, end: str
) -> None:
    overview_template_with(example_copy, tag)
    result = run(["build", "-f", "docx", "--jobs", "1", "-o", "ud", "--sprog", "da"], example_copy)
    assert result.exit_code == 1, result.output
    errors = [line for line in result.stderr.splitlines() if line.startswith("Fejl: ")]
    assert len(errors) == 1, result.stderr
    assert errors[0].startswith(f"Fejl: oversigt (da): {start}")
    assert errors[0].endswith(end)
