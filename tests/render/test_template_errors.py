"""A user's template that fails while it is read or rendered is a Danish message naming the
file (and line), never a traceback nor the «intern fejl» message for a bug."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from sektorplan.templates import PATH as BUILTIN

from ..conftest import run

RENDER_MD = ["render", "planer/bs.yaml", "-f", "md"]


def failed(args: list[str], root: Path) -> str:
    result = run(args, root)
    assert result.exit_code == 1, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output
    assert "intern fejl" not in result.output
    return result.stderr


def test_a_template_not_saved_as_utf8_says_how_to_save_it(example_copy: Path) -> None:
    (example_copy / "skabeloner" / "plan.md.j2").write_bytes(b"# {{ plan.title }} \xe6\xf8\xe5\n")
    message = failed(RENDER_MD, example_copy)
    assert "skabeloner/plan.md.j2:1: skabelonen er ikke gemt som UTF-8." in message
    assert "Kodning: UTF-8" in message


def test_an_included_template_not_saved_as_utf8_is_named(example_copy: Path) -> None:
    (example_copy / "skabeloner" / "plan.md.j2").write_text('{% include "del.j2" %}\n', "utf-8")
    (example_copy / "skabeloner" / "del.j2").write_bytes(b"linje\n\xe6\xf8\xe5\n")
    message = failed(RENDER_MD, example_copy)
    assert "skabeloner/del.j2:2: skabelonen er ikke gemt som UTF-8." in message


@pytest.mark.parametrize(
    ("code", "kind"),
    [("{{ 1/0 }}", "ZeroDivisionError"), ("{{ plan.title + 1 }}", "TypeError")],
)
def test_a_template_that_fails_names_its_file_and_line(
    example_copy: Path, code: str, kind: str
) -> None:
    (example_copy / "skabeloner" / "plan.md.j2").write_text(f"# Plan\n\n{code}\n", "utf-8")
    message = failed(RENDER_MD, example_copy)
    assert f"skabeloner/plan.md.j2:3: skabelonen fejler ({kind}). Ret skabelonen." in message


def test_an_include_of_a_missing_template_says_it_does_not_exist(example_copy: Path) -> None:
    (example_copy / "skabeloner" / "plan.md.j2").write_text('# Plan\n{% include "mangler.j2" %}\n')
    message = failed(RENDER_MD, example_copy)
    assert "skabeloner/plan.md.j2:2: Skabelonen «mangler.j2» findes ikke." in message


def word_template_with(path: Path, old: str, new: str) -> Path:
    """The built-in Word template with one tag's text replaced in word/document.xml."""
    with zipfile.ZipFile(BUILTIN / "sektorplan.docx") as source:
        members = {name: source.read(name) for name in source.namelist()}
    xml = members["word/document.xml"].decode("utf-8")
    assert xml.count(old) == 1
    members["word/document.xml"] = xml.replace(old, new).encode("utf-8")
    with zipfile.ZipFile(path, "w") as target:
        for name, data in members.items():
            target.writestr(name, data)
    return path


def test_a_word_template_that_fails_names_the_file(example_copy: Path) -> None:
    word_template_with(
        example_copy / "skabeloner" / "sektorplan.docx", "{{ plan.department.name }}", "{{ 1/0 }}"
    )
    message = failed(["render", "planer/bs.yaml", "-f", "docx"], example_copy)
    assert (
        "skabeloner/sektorplan.docx: Word-skabelonen fejler (ZeroDivisionError). "
        "Ret skabelonen." in message
    )
    assert not (example_copy / "build" / "bs.docx").exists()


def test_an_unreadable_word_template_has_no_english_text(example_copy: Path) -> None:
    (example_copy / "skabeloner" / "sektorplan.docx").write_text("ikke Word", encoding="utf-8")
    message = failed(["render", "planer/bs.yaml", "-f", "docx"], example_copy)
    assert message.strip() == (
        "Fejl: Word-skabelonen skabeloner/sektorplan.docx kan ikke læses som et "
        "Word-dokument (.docx). Gem den som .docx i Word."
    )
