"""Revisions from git: a repository made in the test, with two tagged commits."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from sektorplan.check.examples import BASE_FILES

from ..conftest import edit, require_tools, run, write_files


@pytest.fixture(autouse=True)
def _git_installed() -> None:
    require_tools("git")  # skipped here without git; a failure in CI, which installs it


def git(repo: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", "-c", "user.name=Test", "-c", "user.email=test@example.gl", *args],
        cwd=repo,
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A repository whose workspace is in the folder runde/ (not at the top): v1.0 is the
    base workspace, v2.0 changes the school's end year; the working tree then changes its
    title too."""
    repo = tmp_path / "repo"
    ws = write_files(repo / "runde", dict(BASE_FILES))
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "v1")
    git(repo, "tag", "v1.0")
    edit(ws / "planer" / "bs.yaml", "slut: 2029", "slut: 2030")
    git(repo, "commit", "-q", "-am", "v2")
    git(repo, "tag", "v2.0")
    edit(ws / "planer" / "bs.yaml", "titel: Ny skole i Nuuk", "titel: Ny skole i Qinngorput")
    return repo


def changes(output: str) -> dict[str, tuple[str | None, str | None]]:
    data = json.loads(output)
    return {
        f"{i['id']} {c['field']}": (c["old"], c["new"])
        for p in data["plans"]
        for i in p["items"]
        for c in i["changes"]
    }


def test_two_revisions(repo: Path) -> None:
    result = run(["diff", "--fra", "v1.0", "--til", "v2.0", "-f", "json"], repo / "runde")
    assert result.exit_code == 0, result.output
    assert changes(result.stdout) == {"BS-I1 slut": ("2029", "2030")}
    text = run(["diff", "--fra", "v1.0", "--til", "v2.0"], repo / "runde").stdout
    assert text.startswith("Ændringer fra version v1.0 til version v2.0")


def test_a_revision_against_the_working_tree(repo: Path) -> None:
    result = run(["diff", "--fra", "v1.0", "-f", "json"], repo / "runde" / "planer")
    assert result.exit_code == 0, result.output
    assert changes(result.stdout) == {
        "BS-I1 titel": ("Ny skole i Nuuk", "Ny skole i Qinngorput"),
        "BS-I1 slut": ("2029", "2030"),
    }
    text = run(["diff", "--fra", "v2.0"], repo / "runde").stdout
    assert text.startswith("Ændringer fra version v2.0 til den nuværende udgave")


def test_one_plan_at_a_revision(repo: Path) -> None:
    result = run(["diff", "--fra", "v1.0", "planer/am.yaml", "--exit-code"], repo / "runde")
    assert result.exit_code == 0, result.output
    assert "Ingen forskelle." in result.stdout
    changed = run(["diff", "--fra", "v1.0", "planer/bs.yaml", "--exit-code"], repo / "runde")
    assert changed.exit_code == 1


def test_nothing_is_checked_out(repo: Path) -> None:
    before = git(repo, "status", "--porcelain")
    head = git(repo, "rev-parse", "HEAD")
    run(["diff", "--fra", "v1.0", "--til", "v2.0"], repo / "runde")
    assert git(repo, "status", "--porcelain") == before
    assert git(repo, "rev-parse", "HEAD") == head


def test_an_unknown_revision(repo: Path) -> None:
    result = run(["diff", "--fra", "v9.9"], repo / "runde")
    assert result.exit_code == 2
    assert "Versionen «v9.9» findes ikke i git-arkivet" in result.stderr
    option = run(["diff", "--fra", "--output=x"], repo / "runde")
    assert option.exit_code == 2


def test_a_folder_outside_git(tmp_path: Path) -> None:
    ws = write_files(tmp_path / "ws", dict(BASE_FILES))
    result = run(["diff", "--fra", "v1.0"], ws)
    assert result.exit_code == 2
    assert "ligger ikke i et git-arkiv" in result.stderr


def test_a_revision_without_the_workspace(repo: Path) -> None:
    git(repo, "commit", "-q", "--allow-empty", "-m", "empty")
    first = git(repo, "rev-list", "--max-parents=0", "HEAD").strip()
    other = repo / "andet"
    write_files(other, dict(BASE_FILES))
    result = run(["diff", "--fra", first], other)
    assert result.exit_code == 2
    assert "Mappen andet findes ikke i version" in result.stderr


def test_errors_in_an_old_revision_name_the_file_as_git_does(repo: Path) -> None:
    ws = repo / "runde"
    edit(ws / "planer" / "bs.yaml", "forvaltning: BS", "forvaltning: XX")
    git(repo, "commit", "-q", "-am", "broken")
    git(repo, "tag", "v3.0")
    result = run(["diff", "--fra", "v3.0", "--til", "v2.0"], ws)
    assert result.exit_code == 1
    assert "v3.0:runde/planer/bs.yaml:2:" in result.stdout
    assert "Den gamle version (v3.0) har fejl" in result.stderr
