"""The pre-commit hook and the CI examples: they parse, and they run what they say."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from sektorplan.cli.app import app

from .conftest import EXAMPLE, ROOT


def test_pre_commit_hook_validates_plans_and_workspace_config() -> None:
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    hook = next(h for h in hooks if h["id"] == "sektorplan-validate")
    assert hook["entry"] == "sektorplan validate"
    assert hook["language"] == "python"
    assert hook["pass_filenames"] is True
    files = re.compile(hook["files"])
    for path in (
        "planer/bs.yaml",
        "kommune/planer/am.yml",
        "sektorplan.yaml",
        "a/sektorplan.yaml",
        "målinger/statistik.csv",
        "verdensmål.yaml",
    ):
        assert files.search(path), path
    for path in (
        "README.md",
        "planer/noter.md",
        "andet/bs.yaml",
        "min-sektorplan.yaml",
        "data.csv",
        "målinger/noter.txt",
    ):
        assert not files.search(path), path


def test_the_hook_command_accepts_the_files_pre_commit_passes() -> None:
    """pre-commit calls the entry with the changed files that match `files`."""
    files = [EXAMPLE / "sektorplan.yaml", EXAMPLE / "planer" / "bs.yaml"]
    result = CliRunner().invoke(app, ["validate", *map(str, files)])
    assert result.exit_code == 0, result.output


def test_the_hook_command_checks_a_measurement_file(tmp_path: Path) -> None:
    import shutil

    ws = tmp_path / "ws"
    shutil.copytree(EXAMPLE, ws)
    (ws / "målinger").mkdir()
    csv = ws / "målinger" / "statistik.csv"
    csv.write_text("indikator,år,værdi\nBS-1.1.a,2026,mange\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["validate", str(csv)])
    assert result.exit_code == 1 and "statistik.csv:2" in result.output, result.output


def test_github_workflow_runs_validate_strict_with_annotations() -> None:
    workflow = yaml.safe_load((ROOT / "examples/ci/github-actions.yml").read_text("utf-8"))
    runs = [s.get("run", "") for job in workflow["jobs"].values() for s in job["steps"]]
    assert "sektorplan validate --strict --format github" in runs


def test_gitlab_job_runs_validate_strict() -> None:
    jobs = yaml.safe_load((ROOT / "examples/ci/gitlab-ci.yml").read_text("utf-8"))
    assert "sektorplan validate --strict" in jobs["sektorplan"]["script"]


def test_shell_completion_script_is_shown(monkeypatch: pytest.MonkeyPatch) -> None:
    # The shell is the one the command runs in (Typer asks shellingham, which looks up the
    # process tree): the test's own shell would decide, and `sh` has no completion script.
    monkeypatch.setattr("sektorplan.internals.typercli.detected_shell", lambda: "bash")
    result = CliRunner().invoke(app, ["--show-completion"])
    assert result.exit_code == 0, result.output
    assert "_sektorplan_completion" in result.stdout
