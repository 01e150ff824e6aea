"""`sektorplan render` as a user meets it: what is rendered and what is refused, where files
go, overwriting, the user's own templates, languages and PDF."""

from __future__ import annotations

import shutil
from pathlib import Path

import docx
import pytest

from sektorplan.build.manifest import NAME as MANIFEST

from ..conftest import edit, held_for_a_second, require_tools, run


def outputs(folder: Path) -> list[str]:
    """The documents in an output folder, without sektorplan's own manifest."""
    return sorted(p.name for p in folder.iterdir() if p.name != MANIFEST)


def files(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def test_renders_md_docx_and_html_into_build_by_default(workspace: Path) -> None:
    result = run(["render", "planer/bs.yaml"], workspace)
    assert result.exit_code == 0, result.output
    names = outputs(workspace / "build")
    assert names == [
        "bs-indikator-bs-1.1.a.png",
        "bs-tidslinje.png",
        "bs.docx",
        "bs.html",
        "bs.md",
    ]
    assert "Skrevet: build/bs.md" in result.stdout


def test_a_plan_with_errors_is_not_rendered_but_the_others_are(workspace: Path) -> None:
    edit(workspace / "planer" / "bs.yaml", 'verdensmål: ["4.1"]', "verdensmål: [17.10]")
    result = run(["render", "planer/bs.yaml", "planer/am.yaml", "-f", "md"], workspace)
    assert result.exit_code == 1
    assert "planer/bs.yaml:13:18: fejl SP204 mål BS-1 › verdensmål nr. 1:" in result.stderr
    assert "planer/bs.yaml er ikke dannet, fordi den har fejl" in result.stderr
    assert outputs(workspace / "build") == [
        "am-indikator-am-1.1.a.png",
        "am-tidslinje.png",
        "am.md",
    ]


def test_warnings_are_shown_and_the_plan_is_rendered(workspace: Path) -> None:
    edit(workspace / "planer" / "bs.yaml", "    ansvarlig: Skoleafdelingen\n", "")
    result = run(["render", "planer/bs.yaml", "-f", "md"], workspace)
    assert result.exit_code == 0
    assert "advarsel SP304" in result.stderr
    assert (workspace / "build" / "bs.md").is_file()


def test_broken_sektorplan_yaml_stops_every_plan(workspace: Path) -> None:
    edit(workspace / "sektorplan.yaml", "periode: {fra: 2024, til: 2035}", "periode: 2024")
    result = run(["render", "planer/bs.yaml", "-f", "md"], workspace)
    assert result.exit_code == 1
    assert "sektorplan.yaml:4:10: fejl SP102" in result.stderr
    assert "fordi sektorplan.yaml har fejl" in result.stderr
    assert not (workspace / "build").exists()


def test_nothing_is_written_outside_the_output_folder(
    workspace: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    before = files(workspace)
    out = tmp_path_factory.mktemp("andetsteds") / "ud" / "dokumenter"
    result = run(["render", "planer/bs.yaml", "planer/am.yaml", "-o", str(out)], workspace)
    assert result.exit_code == 0, result.output
    assert files(workspace) == before
    assert sorted(files(out)) == sorted(
        [
            MANIFEST,
            *(
                f"{stem}{suffix}"
                for stem in ("am", "bs")
                for suffix in (
                    f"-indikator-{stem}-1.1.a.png",
                    "-tidslinje.png",
                    ".md",
                    ".docx",
                    ".html",
                )
            ),
        ]
    )


def test_existing_documents_are_kept_unless_forced(workspace: Path) -> None:
    build = workspace / "build"
    build.mkdir()
    (build / "bs.html").write_text("mit eget", encoding="utf-8")
    result = run(["render", "planer/bs.yaml"], workspace)
    assert result.exit_code == 1
    assert "Findes allerede og er ikke lavet af sektorplan: build/bs.html." in result.stderr
    assert [p.name for p in build.iterdir()] == ["bs.html"]
    assert (build / "bs.html").read_text(encoding="utf-8") == "mit eget"
    result = run(["render", "planer/bs.yaml", "--force"], workspace)
    assert result.exit_code == 0
    assert (build / "bs.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_documents_sektorplan_made_are_made_again_without_force(workspace: Path) -> None:
    assert run(["render", "planer/bs.yaml", "-f", "md"], workspace).exit_code == 0
    edit(workspace / "planer" / "bs.yaml", "titel: Skolesektorplan", "titel: Ny skoleplan")
    result = run(["render", "planer/bs.yaml", "-f", "md"], workspace)
    assert result.exit_code == 0, result.output
    assert (workspace / "build" / "bs.md").read_text(encoding="utf-8").startswith("# Ny skoleplan")


def test_render_and_build_share_the_output_folder(workspace: Path) -> None:
    assert run(["render", "planer/bs.yaml", "-f", "md"], workspace).exit_code == 0
    result = run(["build", "-f", "md"], workspace)
    assert result.exit_code == 0, result.output
    assert "bs.md" in outputs(workspace / "build")


def test_render_waits_for_a_build_or_render_in_its_folder_and_gives_up_after_a_while(
    workspace: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from sektorplan.build import lock

    monkeypatch.setattr(lock, "WAIT_SECONDS", 0.5)
    out = workspace / "ud"
    with lock.output_lock(out, lambda text: None):  # as a build (or render) holds it
        result = run(["render", "planer/bs.yaml", "-f", "md", "-o", "ud"], workspace)
    assert result.exit_code == 1, result.output
    assert "En anden sektorplan build eller render skriver i ud lige nu. Venter" in result.stderr
    assert "har skrevet i ud i over 0 sekunder. Intet er dannet." in result.stderr
    assert not out.exists()  # nothing written: the folder made for the lock is gone


def test_a_render_that_writes_nothing_leaves_no_folder_for_its_lock(workspace: Path) -> None:
    (workspace / "skabeloner").mkdir()
    (workspace / "skabeloner" / "plan.md.j2").write_text("{{ plan.findes_ikke }}\n", "utf-8")
    (workspace / "ud").mkdir()
    (workspace / "ud" / "mine.txt").write_text("", "utf-8")
    result = run(["render", "planer/bs.yaml", "-f", "md", "-o", "ud/a/b"], workspace)
    assert result.exit_code == 1, result.output
    assert [p.name for p in (workspace / "ud").iterdir()] == ["mine.txt"]


def test_a_second_render_waits_for_the_first(workspace: Path) -> None:
    from sektorplan.build import lock

    out = workspace / "build"
    with held_for_a_second(out):
        result = run(["render", "planer/bs.yaml", "-f", "md"], workspace)
    assert result.exit_code == 0, result.output
    assert "Venter, til den er færdig" in result.stderr
    assert (out / "bs.md").is_file()
    assert not (out / lock.NAME).exists()


def test_render_holds_the_lock_while_it_writes_and_lets_go_after(
    workspace: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another build or render that comes while this render writes must wait."""
    from sektorplan.build import lock
    from sektorplan.build import render as render_command

    monkeypatch.setattr(lock, "WAIT_SECONDS", 0.2)
    out = workspace / "build"
    refused: list[str] = []
    real = render_command.render_plan

    def render_plan(*args: object, **kwargs: object) -> list[Path]:
        try:
            with lock.output_lock(out, lambda text: None):
                pass
        except lock.BusyError as exc:
            refused.append(str(exc))
        return real(*args, **kwargs)

    monkeypatch.setattr(render_command, "render_plan", render_plan)
    result = run(["render", "planer/bs.yaml", "planer/am.yaml", "-f", "md"], workspace)
    assert result.exit_code == 0, result.output
    assert len(refused) == 2 and "Intet er dannet" in refused[0]
    assert not (out / lock.NAME).exists()
    with lock.output_lock(out, lambda text: None):  # free again
        pass


def test_usage_errors_exit_2(workspace: Path) -> None:
    result = run(["render", "planer/bs.yaml", "-f", "md,odt"], workspace)
    assert result.exit_code == 2
    assert "Ukendt format «odt». Mulige: md, docx, html, pdf." in result.stderr
    result = run(["render", "planer/bs.yaml", "--word-skabelon", "findes-ikke.docx"], workspace)
    assert result.exit_code == 2
    assert "findes ikke" in result.stderr
    assert run(["render", "planer/xx.yaml"], workspace).exit_code == 2
    result = run(["render", "planer/bs.yaml", "-f", ","], workspace)
    assert result.exit_code == 2
    assert "Angiv mindst ét format" in result.stderr and "Ukendt format" not in result.stderr


def _no_traceback(result) -> None:
    assert isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output


def test_an_output_path_that_is_a_file_is_refused(workspace: Path) -> None:
    (workspace / "afil").write_text("", encoding="utf-8")
    result = run(["render", "planer/bs.yaml", "-o", "afil", "-f", "md"], workspace)
    assert result.exit_code == 2
    _no_traceback(result)
    assert "afil er en fil. Angiv en mappe med -o." in result.stderr
    result = run(["render", "planer/bs.yaml", "-o", "afil/sub", "-f", "md"], workspace)
    assert result.exit_code == 1
    _no_traceback(result)
    # Said once, for the folder (render takes its lock first, as build does).
    assert "afil/sub kan ikke skrives (en del af stien er ikke en mappe). Intet er dannet." in (
        result.stderr
    )


def test_a_document_that_cannot_be_written_is_a_danish_error(workspace: Path) -> None:
    (workspace / "o1" / "bs.md").mkdir(parents=True)
    result = run(["render", "planer/bs.yaml", "-o", "o1", "-f", "md", "--force"], workspace)
    assert result.exit_code == 1
    _no_traceback(result)
    assert "Fejl: planer/bs.yaml: o1/bs.md kan ikke skrives (det er en mappe)." in result.stderr


def test_a_damaged_manifest_stops_render_unless_forced(workspace: Path) -> None:
    assert run(["render", "planer/bs.yaml", "-f", "md"], workspace).exit_code == 0
    (workspace / "build" / MANIFEST).write_text("[1, 2", encoding="utf-8")
    result = run(["render", "planer/bs.yaml", "-f", "md"], workspace)
    assert result.exit_code == 1
    _no_traceback(result)
    assert f"build/{MANIFEST} kan ikke læses" in result.stderr and "--force" in result.stderr
    assert "ikke lavet af sektorplan" not in result.stderr
    result = run(["render", "planer/bs.yaml", "-f", "md", "--force"], workspace)
    assert result.exit_code == 0, result.output
    assert (workspace / "build" / MANIFEST).read_text(encoding="utf-8").startswith("{")


# --- templates ---------------------------------------------------------------------------


def test_a_template_in_skabeloner_replaces_the_built_in(workspace: Path) -> None:
    (workspace / "skabeloner").mkdir()
    (workspace / "skabeloner" / "plan.md.j2").write_text(
        "# {{ plan.title }}\n\n{{ plan.vision | md_block }}\n", encoding="utf-8"
    )
    result = run(["render", "planer/bs.yaml", "-f", "md,html"], workspace)
    assert result.exit_code == 0, result.output
    assert (workspace / "build" / "bs.md").read_text(encoding="utf-8") == (
        "# Skolesektorplan 2024–2035\n\nAlle børn går i en skole, der giver dem lyst til at lære.\n"
    )
    html = (workspace / "build" / "bs.html").read_text(encoding="utf-8")
    assert "<nav" in html  # HTML still comes from the built-in template


def test_a_template_may_extend_the_built_in_and_change_one_block(workspace: Path) -> None:
    (workspace / "skabeloner").mkdir()
    (workspace / "skabeloner" / "plan.html.j2").write_text(
        '{% extends "standard/plan.html.j2" %}'
        "{% block style %}{{ super() }} h1 { color: #005A9C; }{% endblock %}",
        encoding="utf-8",
    )
    result = run(["render", "planer/bs.yaml", "-f", "html"], workspace)
    assert result.exit_code == 0, result.output
    html = (workspace / "build" / "bs.html").read_text(encoding="utf-8")
    assert "h1 { color: #005A9C; }" in html and "<h1>Skolesektorplan 2024–2035</h1>" in html


def test_a_template_with_an_unknown_value_is_an_error_naming_it(workspace: Path) -> None:
    (workspace / "skabeloner").mkdir()
    (workspace / "skabeloner" / "plan.md.j2").write_text(
        "# {{ plan.title }}\n\n{{ plan.undertitel }}\n", encoding="utf-8"
    )
    result = run(["render", "planer/bs.yaml"], workspace)
    assert result.exit_code == 1
    assert (
        "Fejl: skabeloner/plan.md.j2:3: skabelonen bruger «undertitel», som ikke findes"
        in result.stderr
    )
    assert not (workspace / "build").exists()


def test_a_jinja_syntax_error_in_a_template_names_the_line(workspace: Path) -> None:
    (workspace / "skabeloner").mkdir()
    (workspace / "skabeloner" / "plan.html.j2").write_text(
        "<h1>{{ plan.title }</h1>\n", encoding="utf-8"
    )
    result = run(["render", "planer/bs.yaml", "-f", "html"], workspace)
    assert result.exit_code == 1
    assert "skabeloner/plan.html.j2:1: fejl i skabelonens Jinja-kode" in result.stderr


def word_template(path: Path, *texts: str) -> Path:
    document = docx.Document()
    for text in texts:
        document.add_paragraph(text)
    document.save(str(path))
    return path


def test_the_users_word_template_is_used(workspace: Path) -> None:
    (workspace / "skabeloner").mkdir()
    word_template(
        workspace / "skabeloner" / "sektorplan.docx",
        "Egen skabelon: {{ plan.title }}",
        "{%p for goal in goals %}",
        "{{ goal.heading.title }}",
        "{%p endfor %}",
    )
    result = run(["render", "planer/bs.yaml", "-f", "docx"], workspace)
    assert result.exit_code == 0, result.output
    document = docx.Document(str(workspace / "build" / "bs.docx"))
    assert [p.text for p in document.paragraphs] == [
        "Egen skabelon: Skolesektorplan 2024–2035",
        "BS-1 En god skolestart for alle børn",
    ]


def test_word_skabelon_in_sektorplan_yaml_and_on_the_command_line(workspace: Path) -> None:
    word_template(workspace / "fra-config.docx", "Config: {{ plan.title }}")
    word_template(workspace / "fra-kommandolinjen.docx", "Kommandolinje: {{ plan.title }}")
    with (workspace / "sektorplan.yaml").open("a", encoding="utf-8") as config:
        config.write("word-skabelon: fra-config.docx\n")
    assert run(["render", "planer/bs.yaml", "-f", "docx"], workspace).exit_code == 0
    first = docx.Document(str(workspace / "build" / "bs.docx")).paragraphs[0].text
    assert first == "Config: Skolesektorplan 2024–2035"
    args = ["render", "planer/bs.yaml", "-f", "docx", "--force"]
    args += ["--word-skabelon", "fra-kommandolinjen.docx"]
    assert run(args, workspace).exit_code == 0
    first = docx.Document(str(workspace / "build" / "bs.docx")).paragraphs[0].text
    assert first == "Kommandolinje: Skolesektorplan 2024–2035"


def test_a_word_template_with_an_unknown_value_is_an_error_naming_it(workspace: Path) -> None:
    template = word_template(workspace / "egen.docx", "{{ plan.title }} {{ kommunevaaben }}")
    result = run(["render", "planer/bs.yaml", "--word-skabelon", str(template)], workspace)
    assert result.exit_code == 1
    assert "Word-skabelonen bruger værdien «kommunevaaben», som sektorplan ikke giver" in (
        result.stderr
    )
    assert not (workspace / "build").exists()
    word_template(template, "{{ plan.undertitel }}")
    result = run(["render", "planer/bs.yaml", "--word-skabelon", str(template)], workspace)
    assert result.exit_code == 1
    assert "værdien «undertitel»" in result.stderr


def test_a_file_that_is_not_a_word_document_is_a_clear_error(workspace: Path) -> None:
    (workspace / "egen.docx").write_text("ikke Word", encoding="utf-8")
    result = run(["render", "planer/bs.yaml", "--word-skabelon", "egen.docx"], workspace)
    assert result.exit_code == 1
    assert "kan ikke læses som et Word-dokument (.docx)" in result.stderr


# --- languages ---------------------------------------------------------------------------


def test_english_documents_have_english_labels_and_texts(workspace: Path) -> None:
    edit(
        workspace / "planer" / "bs.yaml",
        "titel: Skolesektorplan 2024–2035",
        "titel: {da: Skolesektorplan 2024–2035, en: School sector plan 2024–2035}",
    )
    result = run(["render", "planer/bs.yaml", "-f", "md", "--sprog", "en"], workspace)
    assert result.exit_code == 0, result.output
    text = (workspace / "build" / "bs.md").read_text(encoding="utf-8")
    assert text.startswith("# School sector plan 2024–2035\n")
    assert "## Action plan" in text and "**Status:** Draft" in text
    # BS-1.1.a: 78 (2023) to 80 (2024) is 2,6 % a year, 84 in 2027 needs 1,9 %: on track.
    assert "| 80 (2024) | ● on track |" in text
    assert "**Status of the indicators:** ● 1 on track\n" in text
    # Texts without English fall back to the primary language, Danish.
    assert "Alle børn går i en skole, der giver dem lyst til at lære." in text
    # The SDG target texts are English, so no language note in an English document.
    assert "(English)" not in text and "4.1:** By 2030" in text


def test_greenlandic_documents_fall_back_to_danish_and_say_so(workspace: Path) -> None:
    result = run(["render", "planer/bs.yaml", "-f", "md", "--sprog", "kl"], workspace)
    assert result.exit_code == 0, result.output
    text = (workspace / "build" / "bs.md").read_text(encoding="utf-8")
    assert "## Handlingsplan" in text  # a label with no Greenlandic source stays Danish
    assert "## Takorluukkat" in text  # a sourced one is Greenlandic (labels/SOURCE.md)
    assert "| 80 (2024) | ● på sporet |" in text
    assert "4.1 Kvalitetsuddannelse (qallunaatut)" in text  # the goal title is Danish
    assert "(tuluttut)" in text  # the target texts are English


# --- PDF -----------------------------------------------------------------------------------


def test_without_libreoffice_pdf_says_how_to_install_it_and_the_rest_renders(
    workspace: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(shutil, "which", lambda name: None)
    result = run(["render", "planer/bs.yaml", "-f", "md,pdf"], workspace)
    assert result.exit_code == 1
    assert "apt-get install libreoffice-writer" in result.stderr
    assert outputs(workspace / "build") == [
        "bs-indikator-bs-1.1.a.png",
        "bs-tidslinje.png",
        "bs.md",
    ]


def _contents(pdf: Path) -> list[str]:
    """The table of contents' lines (a heading, dots, a page number) on the PDF's first
    pages, as pdftotext reads them."""
    import re
    import subprocess

    text = subprocess.run(
        ["pdftotext", "-l", "3", str(pdf), "-"], capture_output=True, check=True, text=True
    ).stdout
    return re.findall(r"^(.+?)\.{4,}\s*(\d+)$", text, flags=re.MULTILINE)


@pytest.fixture
def needs_pdf_tools() -> None:
    require_tools("soffice", "pdftotext")


@pytest.mark.usefixtures("needs_pdf_tools")
def test_pdf_through_libreoffice_with_page_numbers_in_its_contents(workspace: Path) -> None:
    result = run(["render", "planer/bs.yaml", "-f", "pdf"], workspace)
    assert result.exit_code == 0, result.output
    pdf = workspace / "build" / "bs.pdf"
    assert pdf.read_bytes().startswith(b"%PDF")
    assert outputs(pdf.parent) == ["bs.pdf"]
    contents = dict(_contents(pdf))
    assert "Vision" in contents and "Handlingsplan" in contents
    assert 1 < int(contents["Vision"]) <= int(contents["Handlingsplan"])


@pytest.mark.usefixtures("needs_pdf_tools")
@pytest.mark.parametrize("macro", ["none", "does nothing", "odd folder"])
def test_without_the_macro_the_pdf_is_made_as_before(
    workspace: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, macro: str
) -> None:
    import tempfile

    from sektorplan.render import pdf

    made_once = pdf.macro_profile  # a profile is made once per process
    made_once.cache_clear()
    if macro == "none":
        monkeypatch.setattr(pdf, "macro_profile", lambda soffice: None)
    elif macro == "does nothing":  # e.g. macros turned off: the call converts nothing
        monkeypatch.setattr(pdf, "MACRO", pdf.MACRO.replace("On Error GoTo Stop", "Exit Sub"))
    else:  # a temporary folder whose name cannot stand in the macro's call
        odd = tmp_path / 'midlertidig (1), "x"'
        odd.mkdir()
        monkeypatch.setattr(tempfile, "tempdir", str(odd))
    try:
        result = run(["render", "planer/bs.yaml", "-f", "pdf"], workspace)
    finally:
        made_once.cache_clear()
    assert result.exit_code == 0, result.output
    made = workspace / "build" / "bs.pdf"
    assert made.read_bytes().startswith(b"%PDF")
    assert _contents(made) == []  # the headings as the Word document has them, no numbers
    assert outputs(made.parent) == ["bs.pdf"]


@pytest.mark.usefixtures("needs_pdf_tools")
def test_one_libreoffice_makes_every_pdf_of_a_render_call_whatever_their_names(
    workspace: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Quotes, commas and parentheses in a document's name cannot break the macro's call:
    the names go into a list file, not into the call."""
    from sektorplan.render import pdf

    from .pdfcheck import macro_calls, soffice_spy

    spy, log = soffice_spy(tmp_path)
    monkeypatch.setattr(pdf, "find_soffice", lambda: str(spy))
    (workspace / "planer" / "bs.yaml").rename(workspace / "planer" / "b's (2),x.yaml")
    result = run(["render", "planer/b's (2),x.yaml", "planer/am.yaml", "-f", "pdf"], workspace)
    assert result.exit_code == 0, result.output
    assert "Vision" in dict(_contents(workspace / "build" / "b's (2),x.pdf"))  # the macro ran
    assert "Vision" in dict(_contents(workspace / "build" / "am.pdf"))
    assert len(macro_calls(log)) == 1


# --- verdensmål.yaml ----------------------------------------------------------------------

SDG_TEXTS = """\
- number: 4
  colour: "#00689D"
  targets:
    - id: "4.2"
      text: {da: "Den officielle danske tekst til delmål 4.2"}
"""


def test_verdensmaal_yaml_supplies_official_texts(workspace: Path) -> None:
    (workspace / "verdensmål.yaml").write_text(SDG_TEXTS, encoding="utf-8")
    result = run(["render", "planer/bs.yaml", "-f", "md,html"], workspace)
    assert result.exit_code == 0, result.output
    text = (workspace / "build" / "bs.md").read_text(encoding="utf-8")
    assert "- **Delmål 4.2:** Den officielle danske tekst til delmål 4.2\n" in text
    assert "- **Delmål 4.1:** By 2030, ensure that all girls and boys complete" in text
    assert "(engelsk)" in text  # 4.1 has no Danish text
    html = (workspace / "build" / "bs.html").read_text(encoding="utf-8")
    assert 'style="background-color: #00689D; color: #FFFFFF">4.1 Kvalitetsuddannelse' in html


def test_verdensmaal_yaml_is_validated_and_counted(workspace: Path) -> None:
    (workspace / "verdensmål.yaml").write_text(SDG_TEXTS, encoding="utf-8")
    result = run(["validate"], workspace)
    assert result.exit_code == 0
    assert "4 filer kontrolleret: ingen fejl" in result.stdout
    broken = SDG_TEXTS.replace('id: "4.2"', 'id: "4.12"')
    (workspace / "verdensmål.yaml").write_text(broken, encoding="utf-8")
    result = run(["validate", "verdensmål.yaml"], workspace)
    assert result.exit_code == 1
    expected = "verdensmål.yaml:4:11: fejl SP231 nr. 1 › targets 4.12 › id: Delmålet «4.12»"
    assert expected in result.stdout
    assert "1 fil kontrolleret: 1 fejl" in result.stdout


def test_a_broken_verdensmaal_yaml_stops_rendering(workspace: Path) -> None:
    (workspace / "verdensmål.yaml").write_text("- number: 18\n", encoding="utf-8")
    result = run(["render", "planer/bs.yaml", "-f", "md"], workspace)
    assert result.exit_code == 1
    assert "verdensmål.yaml:1:11: fejl SP230" in result.stderr
    assert "planer/bs.yaml er ikke dannet, fordi verdensmål.yaml har fejl" in result.stderr
    assert not (workspace / "build").exists()


def test_verdensmaal_yaml_is_found_under_a_decomposed_name(workspace: Path) -> None:
    import unicodedata

    name = unicodedata.normalize("NFD", "verdensmål.yaml")
    (workspace / name).write_text("- number: 18\n", encoding="utf-8")
    assert "fejl SP230" in run(["validate"], workspace).stdout


def test_a_character_no_document_can_hold_is_a_clear_error(workspace: Path) -> None:
    edit(
        workspace / "planer" / "bs.yaml",
        "vision: Alle børn går i en skole, der giver dem lyst til at lære.",
        'vision: "Alle børn \\uFFFF går i skole."',
    )
    result = run(["render", "planer/bs.yaml"], workspace)
    assert result.exit_code == 1
    # validation already names it, with its position, so nothing is rendered
    assert "planer/bs.yaml:7:9: fejl SP007 vision: Teksten indeholder tegnet U+FFFF" in (
        result.stderr
    )
    assert not (workspace / "build").exists()


def test_a_plan_without_initiatives_says_so(workspace: Path) -> None:
    plan = workspace / "planer" / "bs.yaml"
    text = plan.read_text(encoding="utf-8")
    plan.write_text(text[: text.index("indsatser:")] + "indsatser: []\n", encoding="utf-8")
    result = run(["render", "planer/bs.yaml"], workspace)
    assert result.exit_code == 0, result.output
    assert outputs(workspace / "build") == [
        "bs-indikator-bs-1.1.a.png",
        "bs.docx",
        "bs.html",
        "bs.md",
    ]  # no timeline without initiatives; the indicator's chart all the same
    text = (workspace / "build" / "bs.md").read_text(encoding="utf-8")
    assert "Handlingsplanen har ingen indsatser." in text
    assert "Planen har ingen anlægsudgifter." in text
    assert "Planen har ingen driftsudgifter." in text
    document = docx.Document(str(workspace / "build" / "bs.docx"))
    assert "Planen har ingen anlægsudgifter." in [p.text for p in document.paragraphs]


def test_amounts_that_are_not_whole_thousands_keep_every_krone(workspace: Path) -> None:
    edit(workspace / "planer" / "bs.yaml", "anlæg: {2026: 50000000,", "anlæg: {2026: 1234567.5,")
    result = run(["render", "planer/bs.yaml", "-f", "md"], workspace)
    assert result.exit_code == 0, result.output
    text = (workspace / "build" / "bs.md").read_text(encoding="utf-8")
    assert "Alle beløb er i kr.\n" in text
    assert "| BS-I1 Ny skole i Nuuk | 1.234.567,50 | 40.000.000 | 41.234.567,50 |" in text
    assert "**I alt: 41.234.567,50 kr.**" in text


def test_common_write_errors_are_told_in_danish() -> None:
    import errno

    from sektorplan.paths import os_error_text

    for code in (errno.EEXIST, errno.EISDIR, errno.ENOTDIR, errno.ENOSPC, errno.EROFS):
        text = os_error_text(OSError(code, "English text"))
        assert text != "English text"


def test_two_plans_with_the_same_file_name_are_refused(workspace: Path) -> None:
    (workspace / "gammel").mkdir()
    (workspace / "planer" / "am.yaml").rename(workspace / "gammel" / "bs.yaml")
    result = run(["render", "planer/bs.yaml", "gammel/bs.yaml", "-f", "md"], workspace)
    assert result.exit_code == 1
    assert (
        "planer/bs.yaml og gammel/bs.yaml ville begge blive til bs.*. Dan dem hver for sig med "
        "hver sin -o MAPPE. Intet er skrevet." in result.output
    )
    assert not (workspace / "build").exists()


def test_the_same_plan_named_twice_is_rendered_once(workspace: Path) -> None:
    result = run(["render", "planer/bs.yaml", str(workspace / "planer" / "bs.yaml")], workspace)
    assert result.exit_code == 0, result.output
    assert "bs.md" in outputs(workspace / "build")
    assert result.stdout.count("Skrevet: build/bs.md") == 1


def test_two_plans_whose_names_differ_only_in_case_are_refused(workspace: Path) -> None:
    (workspace / "gammel").mkdir()
    (workspace / "planer" / "am.yaml").rename(workspace / "gammel" / "BS.yaml")
    result = run(["render", "planer/bs.yaml", "gammel/BS.yaml", "-f", "md"], workspace)
    assert result.exit_code == 1
    assert "planer/bs.yaml og gammel/BS.yaml ville begge blive til BS.*" in result.output


@pytest.mark.skipif(not Path("/proc/self").exists(), reason="process groups, seen in /proc")
def test_a_libreoffice_that_hangs_is_stopped_whole_and_told(
    workspace: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    import os
    import time

    from sektorplan.render import pdf

    fake = tmp_path / "soffice"
    started = tmp_path / "libreoffice.pid"
    # A launcher that starts LibreOffice as a process of its own, and neither ends.
    fake.write_text(
        f"#!/bin/sh\nsleep 86 >/dev/null 2>&1 &\necho $! > '{started}'\nexec sleep 87\n"
    )
    fake.chmod(0o755)
    monkeypatch.setattr(pdf, "find_soffice", lambda: str(fake))
    monkeypatch.setattr(pdf, "TIMEOUT_SECONDS", 1)
    pdf.macro_profile.cache_clear()
    try:
        result = run(["render", "planer/bs.yaml", "-f", "pdf"], workspace)
    finally:
        pdf.macro_profile.cache_clear()
    assert result.exit_code == 1
    assert "LibreOffice blev ikke færdig med bs.pdf på 1 sekunder." in result.stderr
    pid = int(started.read_text())
    for _ in range(50):  # SIGKILL is sent; the process is gone as soon as it is reaped
        if not Path(f"/proc/{pid}").exists() or "Z" in _state(pid):
            break
        time.sleep(0.02)
    else:
        os.kill(pid, 9)
        raise AssertionError("LibreOffice's own process was left running")


def _state(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/stat").read_text().split(") ")[1][:1]
    except (OSError, IndexError):
        return "Z"


def test_a_libreoffice_that_cannot_be_started_is_told(
    workspace: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from sektorplan.render import pdf

    fake = tmp_path / "soffice"
    fake.write_text("not a program\n")  # not executable
    monkeypatch.setattr(pdf, "find_soffice", lambda: str(fake))
    pdf.macro_profile.cache_clear()
    try:
        result = run(["render", "planer/bs.yaml", "-f", "pdf"], workspace)
    finally:
        pdf.macro_profile.cache_clear()
    assert result.exit_code == 1
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    assert f"LibreOffice ({fake}) kan ikke startes:" in result.stderr
    assert "Traceback" not in result.output
