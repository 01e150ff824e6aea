"""A new user's first steps: where `new` writes, what `init` says next, the interactive
`new`, `render` without a file, and `skabelon`."""

from __future__ import annotations

from pathlib import Path

import pytest
from sektorplan.templates import PATH as BUILTIN
from typer.testing import CliRunner

from sektorplan.cli import authoring
from sektorplan.cli.app import app

from ..conftest import run


def test_new_outside_a_workspace_refuses_and_says_where_and_how(tmp_path: Path) -> None:
    result = run(["new", "BS", "--no-input"], tmp_path)
    assert result.exit_code == 2
    assert result.stderr == (
        "Fejl: Den aktuelle mappe er ikke i et arbejdsområde (der er ingen sektorplan.yaml her "
        "eller i mapperne over). Gå til arbejdsområdets mappe med cd, opret et med `sektorplan "
        "init <mappe>`, eller skriv planen i en bestemt fil med --output.\n"
    )
    assert list(tmp_path.iterdir()) == []
    result = run(["new", "BS", "--no-input", "--output", "kladde.yaml"], tmp_path)
    assert result.exit_code == 0, result.output
    assert (tmp_path / "kladde.yaml").is_file()


def test_init_says_cd_as_the_next_step(tmp_path: Path) -> None:
    result = run(["init", "planrunde 2027"], tmp_path)
    assert result.exit_code == 0
    assert "Næste skridt: cd 'planrunde 2027'\n" in result.stdout
    here = tmp_path / "her"
    here.mkdir()
    assert "Næste skridt" not in run(["init"], here).stdout  # already there


def test_interactive_new_shows_the_plans_and_refuses_before_asking_the_title(
    workspace: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(authoring, "interactive", lambda: True)
    before = (workspace / "planer" / "bs.yaml").read_bytes()
    monkeypatch.chdir(workspace)
    result = CliRunner().invoke(app, ["new"], input="BS\n")
    assert "  1. BS  Forvaltning for Børn og Skole  (har en plan: planer/bs.yaml)" in result.stdout
    assert "  2. AM  Forvaltning for Anlæg og Miljø  (har en plan: planer/am.yaml)" in result.stdout
    assert "Planens titel" not in result.output  # refused before the title is asked
    assert result.exit_code == 1
    assert "planer/bs.yaml findes allerede" in result.stderr
    assert (workspace / "planer" / "bs.yaml").read_bytes() == before


def test_render_without_a_file_renders_the_workspace_here(workspace: Path) -> None:
    result = run(["render", "-f", "md"], workspace)
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (workspace / "build").glob("*.md")) == ["am.md", "bs.md"]


def test_skabelon_copies_the_built_in_templates_and_never_overwrites(workspace: Path) -> None:
    result = run(["skabelon"], workspace)
    assert result.exit_code == 0, result.output
    folder = workspace / "skabeloner"
    names = sorted(p.name for p in folder.iterdir())
    assert names == sorted(
        ["sektorplan.docx", "oversigt.docx", "plan.md.j2", "plan.html.j2", "oversigt.md.j2",
         "oversigt.html.j2", "README.md"]
    )  # fmt: skip
    for name in names:
        assert (folder / name).read_bytes() == (BUILTIN / name).read_bytes()
    (folder / "plan.md.j2").write_text("kommunens egen", encoding="utf-8")
    result = run(["skabelon"], workspace)
    assert result.exit_code == 1
    assert "Intet er kopieret. Brug --force" in result.stderr
    assert (folder / "plan.md.j2").read_text(encoding="utf-8") == "kommunens egen"
    assert run(["skabelon", "--force"], workspace).exit_code == 0
    assert (folder / "plan.md.j2").read_bytes() == (BUILTIN / "plan.md.j2").read_bytes()
    other = run(["skabelon", "--output", "andet"], workspace / "planer")
    assert other.exit_code == 0
    assert (workspace / "planer" / "andet" / "sektorplan.docx").is_file()


def test_skabelon_outside_a_workspace_is_refused_unless_output_is_given(tmp_path: Path) -> None:
    result = run(["skabelon"], tmp_path)
    assert result.exit_code == 2
    assert "er ikke i et arbejdsområde" in result.stderr
    assert "--output" in result.stderr and "Traceback" not in result.output
    assert list(tmp_path.iterdir()) == []
    assert run(["skabelon", "--output", "skabeloner"], tmp_path).exit_code == 0
    assert (tmp_path / "skabeloner" / "sektorplan.docx").is_file()
