"""Nothing is read from outside the workspace, nor from what is not a regular file, nor more
than a limit: a symbolic link to /proc/self/environ or a .env never ends up in the findings
(and so never in a pull request's annotations), and a FIFO or a device never makes the tool
hang."""

from __future__ import annotations

import os
import signal
from collections.abc import Iterator
from pathlib import Path

import pytest

from sektorplan.paths import ReadRefused, TooLarge, is_inside, read_limited

from ..conftest import run, write_files

SECRET = "HEMMELIG_NØGLE=abc123"
needs_fifo = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this system")
needs_symlinks = pytest.mark.skipif(os.name == "nt", reason="symbolic links need rights")


@pytest.fixture
def secret(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A file outside the workspace that reads as a (broken) plan: its text would be echoed."""
    path = tmp_path_factory.mktemp("udenfor") / ".env"
    path.write_text(f"titel: [{SECRET}\n", "utf-8")
    return path


def refused(result_output: str) -> None:
    assert SECRET not in result_output
    assert "uden for arbejdsområdet" in result_output
    assert "Traceback" not in result_output


@needs_symlinks
@pytest.mark.parametrize("output", ["text", "github", "json"])
def test_a_plan_linked_to_a_file_outside_is_not_read(
    workspace: Path, secret: Path, output: str
) -> None:
    (workspace / "planer" / "x.yaml").symlink_to(secret)
    result = run(["validate", "--format", output], workspace)
    assert result.exit_code == 1
    refused(result.output)
    assert "x.yaml" in result.output


@needs_symlinks
def test_a_linked_plan_named_on_the_command_line_is_not_read(workspace: Path, secret: Path) -> None:
    (workspace / "planer" / "x.yaml").symlink_to(secret)
    result = run(["validate", "planer/x.yaml"], workspace)
    assert result.exit_code == 1
    refused(result.output)


@needs_symlinks
@pytest.mark.parametrize("name", ["målinger/x.csv", "verdensmål.yaml", "sektorplan.yaml"])
def test_other_workspace_files_linked_outside_are_not_read(
    workspace: Path, secret: Path, name: str
) -> None:
    target = workspace / name
    target.parent.mkdir(exist_ok=True)
    target.unlink(missing_ok=True)
    target.symlink_to(secret)
    result = run(["validate"], workspace)
    assert result.exit_code == 1
    refused(result.output)


@needs_symlinks
def test_a_link_inside_the_workspace_is_read(workspace: Path) -> None:
    (workspace / "planer" / "bs.yaml").rename(workspace / "bs-kilde.yaml")
    (workspace / "planer" / "bs.yaml").symlink_to(workspace / "bs-kilde.yaml")
    assert run(["validate"], workspace).exit_code == 0


@needs_symlinks
@pytest.mark.parametrize("linked", ["file", "folder"])
def test_a_template_linked_outside_is_not_read(
    example_copy: Path, tmp_path: Path, linked: str
) -> None:
    outside = tmp_path / "andet"
    outside.mkdir()
    (outside / "plan.md.j2").write_text(SECRET, "utf-8")
    templates = example_copy / "skabeloner"
    if linked == "file":
        (templates / "plan.md.j2").symlink_to(outside / "plan.md.j2")
    else:
        templates.rmdir()
        templates.symlink_to(outside)
    result = run(["render", "planer/bs.yaml", "-f", "md"], example_copy)
    assert result.exit_code == 1
    refused(result.output)
    assert not (example_copy / "build" / "bs.md").exists()


@needs_symlinks
def test_a_word_template_linked_outside_is_not_read(example_copy: Path, tmp_path: Path) -> None:
    from sektorplan.templates import PATH as BUILTIN

    outside = tmp_path / "andet.docx"
    outside.write_bytes((BUILTIN / "sektorplan.docx").read_bytes())
    (example_copy / "skabeloner" / "sektorplan.docx").symlink_to(outside)
    result = run(["render", "planer/bs.yaml", "-f", "docx"], example_copy)
    assert result.exit_code == 1
    assert "ligger uden for arbejdsområdet" in result.output


def test_a_configured_word_template_outside_the_workspace_is_a_finding(workspace: Path) -> None:
    outside = workspace.parent / "skabelon.docx"
    outside.write_bytes(b"PK")
    config = workspace / "sektorplan.yaml"
    config.write_text(config.read_text("utf-8") + f"word-skabelon: ../{outside.name}\n", "utf-8")
    result = run(["validate"], workspace)
    assert result.exit_code == 1
    assert "SP009" in result.output
    assert "ligger uden for arbejdsområdet" in result.output


@pytest.fixture
def no_hang() -> Iterator[None]:
    """Fails the test, instead of hanging the suite, when it blocks for 20 seconds."""

    def hung(signum: int, frame: object) -> None:
        raise AssertionError("blocked reading a FIFO")

    previous = signal.signal(signal.SIGALRM, hung)
    signal.alarm(20)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


@needs_fifo
@pytest.mark.parametrize("name", ["planer/fifo.yaml", "målinger/x.csv", "verdensmål.yaml"])
def test_a_fifo_is_refused_without_hanging(workspace: Path, name: str, no_hang: None) -> None:
    path = workspace / name
    path.parent.mkdir(exist_ok=True)
    os.mkfifo(path)
    result = run(["validate"], workspace)
    assert result.exit_code == 1
    assert f"{name}:1:1: fejl SP009" in result.output
    assert "ikke en almindelig fil" in result.output
    assert "Flyt den" not in result.output


@needs_fifo
def test_a_fifo_named_on_the_command_line_is_not_told_to_move(
    workspace: Path, no_hang: None
) -> None:
    (workspace / "målinger").mkdir()
    os.mkfifo(workspace / "målinger" / "x.csv")
    result = run(["validate", "målinger/x.csv"], workspace)
    assert result.exit_code == 1
    assert "ikke en almindelig fil" in result.output
    assert "Flyt den til" not in result.output


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero")
def test_a_device_is_refused_before_a_byte_is_read() -> None:
    with pytest.raises(ReadRefused, match="ikke en almindelig fil"):
        read_limited(Path("/dev/zero"), 100)


def test_at_most_the_limit_is_read(tmp_path: Path) -> None:
    path = tmp_path / "stor.yaml"
    path.write_bytes(b"x" * 101)
    with pytest.raises(TooLarge) as caught:
        read_limited(path, 100)
    assert caught.value.size == 101
    assert read_limited(path, 101) == b"x" * 101


@needs_symlinks
def test_inside_follows_links_on_both_sides(tmp_path: Path) -> None:
    (tmp_path / "rigtig").mkdir()
    (tmp_path / "rigtig" / "a.yaml").write_text("a")
    (tmp_path / "genvej").symlink_to(tmp_path / "rigtig")
    assert is_inside(tmp_path / "genvej" / "a.yaml", tmp_path / "rigtig")
    assert is_inside(tmp_path / "rigtig" / "a.yaml", tmp_path / "genvej")
    assert not is_inside(tmp_path / "rigtig" / "a.yaml", tmp_path / "rig")


def test_planer_that_is_a_file_is_an_error(workspace: Path) -> None:
    for plan in (workspace / "planer").iterdir():
        plan.unlink()
    (workspace / "planer").rmdir()
    write_files(workspace, {"planer": "titel: ikke en mappe\n"})
    result = run(["validate"], workspace)
    assert result.exit_code == 1
    assert "«planer» er en fil, ikke en mappe" in result.output


@needs_fifo
def test_a_fifo_as_logo_is_an_error_not_a_hang(workspace: Path, no_hang: None) -> None:
    (workspace / "skabeloner").mkdir()
    os.mkfifo(workspace / "skabeloner" / "logo.png")
    config = workspace / "sektorplan.yaml"
    config.write_text(config.read_text("utf-8") + "logo: skabeloner/logo.png\n", "utf-8")
    result = run(["validate"], workspace)
    assert result.exit_code == 1
    assert "ikke en almindelig fil" in result.output
