"""Errors in the files the whole workspace shares (sektorplan.yaml, verdensmål.yaml,
målinger/*.csv) stop every document of `render`, `build` and `progress` alike; warnings in
them stop nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from ..conftest import edit, run, write_files

# How each command is run in the workspace: render and progress for one plan only (the
# shared files are then not among the files asked about), build for the whole workspace.
COMMANDS = {
    "render": ["render", "planer/bs.yaml", "-f", "md", "-o", "ud"],
    "build": ["build", "-f", "md", "--jobs", "1", "-o", "ud", "--sprog", "da"],
    "progress": ["progress", "planer/bs.yaml"],
}


def broken_csv(root: Path) -> None:
    write_files(root, {"målinger/2025.csv": "indikator,år,værdi\nBS-1.1.a,2025,abc\n"})


def broken_sdg_texts(root: Path) -> None:
    write_files(root, {"verdensmål.yaml": "- number: 18\n"})


def config_schema_error(root: Path) -> None:
    edit(root / "sektorplan.yaml", "periode: {fra: 2024, til: 2035}", "periode: 2024")


def config_meaning_error(root: Path) -> None:
    # Valid by the schema, so the config loads: only the rules find the error.
    edit(
        root / "sektorplan.yaml",
        "type: bygd}\n",
        "type: bygd}\n  - {id: nuuk, navn: N, type: by}\n",
    )


BROKEN = {
    "csv": (broken_csv, "målinger/2025.csv:2:15: fejl SP222"),
    "verdensmål": (broken_sdg_texts, "verdensmål.yaml:1:11: fejl SP230"),
    "sektorplan-schema": (config_schema_error, "sektorplan.yaml:4:10: fejl SP102"),
    "sektorplan-rule": (config_meaning_error, "sektorplan.yaml:15:10: fejl SP209"),
}


@pytest.mark.parametrize("command", COMMANDS)
@pytest.mark.parametrize("broken", BROKEN)
def test_an_error_in_a_shared_file_stops_every_command(
    workspace: Path, command: str, broken: str
) -> None:
    breaks, finding = BROKEN[broken]
    breaks(workspace)
    result = run(COMMANDS[command], workspace)
    assert result.exit_code == 1, result.output
    assert finding in result.output
    assert not (workspace / "ud").exists()
    assert "Status pr. plan" not in result.output  # progress: no tables
    shared_file = finding.split(":")[0]
    if command in ("render", "build"):
        assert f"fordi {shared_file} har fejl" in result.stderr
    else:
        assert "Fremskridt kan ikke beregnes" in result.stderr


def test_render_names_every_shared_file_with_errors(workspace: Path) -> None:
    broken_csv(workspace)
    broken_sdg_texts(workspace)
    result = run(COMMANDS["render"], workspace)
    assert result.exit_code == 1
    assert "3 filer kontrolleret: 2 fejl" in result.stderr
    assert "fordi verdensmål.yaml og målinger/2025.csv har fejl" in result.stderr


@pytest.mark.parametrize("command", COMMANDS)
def test_a_warning_in_a_shared_file_stops_nothing(workspace: Path, command: str) -> None:
    # SP307 (a warning) on sektorplan.yaml: the plans' construction exceeds the frame.
    edit(workspace / "sektorplan.yaml", "{2026: 100000000,", "{2026: 60000000,")
    assert "sektorplan.yaml:15:21: advarsel SP307" in run(["validate"], workspace).output
    result = run(COMMANDS[command], workspace)
    assert result.exit_code == 0, result.output
    if command != "progress":
        folder = workspace / "ud" / ("da/filer" if command == "build" else "")
        assert (folder / "bs.md").is_file()


@pytest.mark.parametrize("command", ["render", "progress"])
def test_a_plan_outside_any_workspace_is_stopped_by_a_broken_csv_beside_it(
    workspace: Path, command: str
) -> None:
    # No sektorplan.yaml: the plan is checked alone, with the målinger/ of its own folder.
    (workspace / "sektorplan.yaml").unlink()
    plan = workspace / "bs.yaml"
    (workspace / "planer" / "bs.yaml").rename(plan)
    broken_csv(workspace)
    args = [command, "bs.yaml", *(["-f", "md", "-o", "ud"] if command == "render" else [])]
    result = run(args, workspace)
    assert result.exit_code == 1, result.output
    assert "målinger/2025.csv:2:15: fejl SP222" in result.output
    assert not (workspace / "ud").exists()


def test_the_result_with_the_workspace_errors_keeps_everything_else(workspace: Path) -> None:
    from sektorplan.check.validate import validate, with_workspace_errors

    config_schema_error(workspace)
    result = validate([workspace / "planer" / "bs.yaml"])
    shown = with_workspace_errors(result)
    added = [f for f in shown.findings if f not in result.findings]
    assert added and all(f.file == workspace / "sektorplan.yaml" for f in added)
    assert shown.files == result.files + 1
    assert shown.workspaces == result.workspaces
    assert shown.targets == result.targets
    assert shown.workspace_findings == result.workspace_findings
