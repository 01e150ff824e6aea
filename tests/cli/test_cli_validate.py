"""`sektorplan validate` as a user meets it: formats, exit codes, paths, usage errors."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from ..conftest import EXAMPLE, edit, run


def break_plan(root: Path) -> None:
    """An error in bs.yaml and a warning in am.yaml."""
    edit(root / "planer" / "bs.yaml", 'verdensmål: ["4.1"]', "verdensmål: [17.10]")
    edit(root / "planer" / "am.yaml", "    ansvarlig: Anlægsafdelingen\n", "")


def test_valid_workspace_exits_0(workspace: Path) -> None:
    result = run(["validate"], workspace)
    assert result.exit_code == 0, result.output
    assert result.output.strip() == "3 filer kontrolleret: ingen fejl, ingen advarsler."


def test_text_format_lines_are_relative_to_the_current_folder(workspace: Path) -> None:
    break_plan(workspace)
    result = run(["validate"], workspace / "planer")
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert lines[0].startswith("am.yaml:25:9: advarsel SP304 indsats AM-I1 › id: AM-I1 har ingen")
    assert lines[1].startswith(
        "bs.yaml:13:18: fejl SP204 mål BS-1 › verdensmål nr. 1: 17.10 er skrevet"
    )
    assert lines[-1] == "3 filer kontrolleret: 1 fejl, 1 advarsel."


def test_warnings_fail_only_with_strict(workspace: Path) -> None:
    edit(workspace / "planer" / "bs.yaml", "    ansvarlig: Skoleafdelingen\n", "")
    assert run(["validate"], workspace).exit_code == 0
    assert run(["validate", "--strict"], workspace).exit_code == 1


def test_json_format(workspace: Path) -> None:
    break_plan(workspace)
    result = run(["validate", "--format", "json"], workspace)
    assert result.exit_code == 1
    report = json.loads(result.output)
    assert (report["files"], report["errors"], report["warnings"]) == (3, 1, 1)
    assert report["findings"][0]["rule"] == "SP304"
    assert report["findings"][1] == {
        "file": "planer/bs.yaml",
        "line": 13,
        "column": 18,
        "severity": "error",
        "rule": "SP204",
        "path": "mål[0].verdensmål[0]",
        "place": "mål BS-1 › verdensmål nr. 1",
        "message": '17.10 er skrevet uden anførselstegn og læses som tallet 17.1. Skriv "17.10".',
    }


def test_github_format(workspace: Path) -> None:
    break_plan(workspace)
    result = run(["validate", "--format", "github"], workspace)
    lines = result.output.splitlines()
    assert lines[0].startswith("::warning file=planer/am.yaml,line=25,col=9,title=SP304::")
    assert lines[1] == (
        "::error file=planer/bs.yaml,line=13,col=18,title=SP204::mål BS-1 › verdensmål nr. 1: "
        "17.10 er "
        'skrevet uden anførselstegn og læses som tallet 17.1. Skriv "17.10".'
    )


def test_one_file_is_checked_against_the_whole_workspace(workspace: Path) -> None:
    result = run(["validate", "planer/bs.yaml"], workspace)
    assert result.exit_code == 0, result.output  # afhænger-af: [AM-I1] resolves in am.yaml
    assert "1 fil kontrolleret" in result.output


def test_one_file_reports_only_its_own_findings(workspace: Path) -> None:
    break_plan(workspace)
    result = run(["validate", "planer/am.yaml"], workspace)
    assert result.exit_code == 0  # the error is in bs.yaml
    assert "bs.yaml" not in result.output and "SP304" in result.output


def test_lone_file_uses_the_embedded_default(tmp_path: Path) -> None:
    plan = (EXAMPLE / "planer" / "bs.yaml").read_text(encoding="utf-8")
    (tmp_path / "plan.yaml").write_text(plan, encoding="utf-8")
    result = run(["validate", "plan.yaml"], tmp_path)
    # Its links into other forvaltningers plans cannot resolve on its own: errors, not a crash.
    assert result.exit_code == 1
    assert "SP208" in result.output and "SP201" not in result.output


def test_several_files_and_folders(workspace: Path) -> None:
    result = run(["validate", "planer/bs.yaml", "planer/am.yaml", "."], workspace)
    assert result.exit_code == 0
    assert "3 filer kontrolleret" in result.output


def test_missing_path_is_a_usage_error(workspace: Path) -> None:
    result = run(["validate", "findes-ikke.yaml"], workspace)
    assert result.exit_code == 2
    assert "findes-ikke.yaml findes ikke" in result.output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["validate", "--formt", "json"], "Ukendt tilvalg --formt. Mente du --format?"),
        (["validate", "--format", "xml"], "Mulige værdier: text, json, github."),
        (["valider"], "Ukendt kommando «valider». Mente du «validate»?"),
    ],
)
def test_usage_errors_are_danish_with_exit_2(workspace: Path, args: list[str], message: str):
    result = run(args, workspace)
    assert result.exit_code == 2
    assert message in result.output
    assert "Traceback" not in result.output


def test_example_workspace_is_clean_even_strict() -> None:
    result = run(["validate", "--strict", str(EXAMPLE)], Path.cwd())
    assert result.exit_code == 0, result.output
    assert "ingen fejl, ingen advarsler" in result.output


def test_installed_command_runs_as_a_process(workspace: Path) -> None:
    exe = shutil.which("sektorplan", path=str(Path(sys.executable).parent)) or shutil.which(
        "sektorplan"
    )
    assert exe, "the sektorplan command is installed with the package"
    break_plan(workspace)
    proc = subprocess.run(
        [exe, "validate", "--format", "json"],
        cwd=workspace,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 1
    assert json.loads(proc.stdout)["errors"] == 1
    assert proc.stderr == ""


def test_validate_does_not_import_rendering_modules(workspace: Path) -> None:
    code = (
        "import sys\n"
        "from sektorplan.cli.app import main\n"
        "sys.argv = ['sektorplan', 'validate']\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "heavy = {'jinja2', 'docx', 'docxtpl', 'matplotlib', 'babel', 'openpyxl', 'ruamel',\n"
        "         'cairosvg', 'cairocffi', 'pikepdf'}\n"
        "print(sorted(heavy & {m.split('.')[0] for m in sys.modules}))\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code], cwd=workspace, capture_output=True, text=True, timeout=60
    )
    assert proc.stdout.strip().splitlines()[-1] == "[]", proc.stdout + proc.stderr


@pytest.mark.parametrize("given", [None, "logfire"])
def test_the_command_leaves_pydantic_plugins_unlooked_for_unless_asked(
    workspace: Path, given: str | None
) -> None:
    code = (
        "import os, sys\n"
        "from sektorplan.__main__ import main\n"
        "sys.argv = ['sektorplan', 'validate']\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "print(os.environ.get('PYDANTIC_DISABLE_PLUGINS'))\n"
    )
    env = {k: v for k, v in os.environ.items() if k != "PYDANTIC_DISABLE_PLUGINS"}
    if given:
        env["PYDANTIC_DISABLE_PLUGINS"] = given
    proc = subprocess.run(
        [sys.executable, "-c", code], cwd=workspace, capture_output=True, text=True, timeout=60,
        env=env,
    )  # fmt: skip
    assert proc.stdout.strip().splitlines()[-1] == (given or "__all__"), proc.stderr


def test_a_missing_argument_is_a_danish_usage_error(workspace: Path) -> None:
    result = run(["oversæt", "indlæs"], workspace)
    assert result.exit_code == 2
    assert "Fejl: REGNEARK mangler." in result.output
    assert "Traceback" not in result.output


def test_operating_system_reasons_are_danish(tmp_path: Path) -> None:
    from sektorplan.paths import os_error_text

    with pytest.raises(OSError) as caught:
        (tmp_path / "mangler" / "x.yaml").read_bytes()
    assert os_error_text(caught.value) == "mappen eller filen findes ikke"


def test_ctrl_c_is_told_in_danish_with_exit_130(
    workspace: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from sektorplan.check import validate as validating

    def interrupted(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(validating, "validate", interrupted)
    result = run(["validate"], workspace)
    assert result.exit_code == 130
    assert "Afbrudt." in result.output and "Traceback" not in result.output


def test_python_dash_m_runs_the_command(workspace: Path) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "sektorplan", "validate", "--format", "json"],
        cwd=workspace,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["errors"] == 0


def test_the_command_leaves_what_it_loaded_out_of_the_collectors_last_pass(
    workspace: Path,
) -> None:
    """On the way out the collector would go over everything loaded once more (a build of
    50 plans: 0.2 s); the command freezes it, and keeps the exit code."""
    code = (
        "import atexit, gc, sys\n"
        "atexit.register(lambda: print('frozen', gc.get_freeze_count()))\n"
        "sys.argv = ['sektorplan', 'validate', 'ingen-mappe']\n"
        "from sektorplan.__main__ import main\n"
        "main()\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code], cwd=workspace, capture_output=True, text=True, timeout=60
    )
    assert proc.returncode == 2, proc.stderr
    frozen = int(proc.stdout.split("frozen")[-1])
    assert frozen > 1000


@pytest.mark.parametrize(
    ("glob", "rule"),
    [
        ('"/tmp/*.yaml"', "SP103"),
        ('"../*.yaml"', "SP103"),
        ('"planer/../../*.yaml"', "SP103"),
        ('"planer/**x"', "SP103"),
        ('"."', "SP103"),
        ('""', "SP102"),
    ],
)
def test_a_plans_glob_pathlib_cannot_use_is_a_finding(
    workspace: Path, glob: str, rule: str
) -> None:
    config = workspace / "sektorplan.yaml"
    config.write_text(config.read_text(encoding="utf-8") + f"planer: {glob}\n", encoding="utf-8")
    result = run(["validate"], workspace)
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    first = result.output.splitlines()[0]
    assert first.startswith(
        f"sektorplan.yaml:{len(config.read_text().splitlines())}:9: fejl {rule} planer: "
    )
    new = run(["new", "BS", "--output", "ny.yaml"], workspace)
    assert new.exit_code == 1, new.output
    assert "sektorplan.yaml har fejl" in new.output


def test_a_plans_glob_in_a_subfolder_is_fine(workspace: Path) -> None:
    (workspace / "planer").rename(workspace / "sektorplaner")
    config = workspace / "sektorplan.yaml"
    config.write_text(
        config.read_text(encoding="utf-8") + 'planer: "./sektorplaner/*.yaml"\n', encoding="utf-8"
    )
    result = run(["validate"], workspace)
    assert result.exit_code == 0, result.output
    assert result.output.startswith("3 filer kontrolleret")


def test_loading_a_workspace_survives_a_glob_pathlib_rejects(workspace: Path) -> None:
    from sektorplan.load import workspace as ws_module

    for glob in ("/tmp/*.yaml", "", "planer/**x", "."):
        assert ws_module.plan_paths(workspace, glob) == []


def test_a_named_file_the_workspace_does_not_read_is_an_error(workspace: Path) -> None:
    (workspace / "stray.csv").write_text("indikator,år,værdi\n", encoding="utf-8")
    (workspace / "sub").mkdir()
    (workspace / "sub" / "verdensmål.yaml").write_text("- number: 4\n", encoding="utf-8")
    result = run(["validate", "stray.csv"], workspace)
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        "stray.csv:1:1: fejl SP009: Filen kontrolleres ikke: målinger læses kun fra "
        "målinger/*.csv i arbejdsområdet. Flyt den til målinger/stray.csv.",
        "0 filer kontrolleret: 1 fejl, 0 advarsler.",
    ]
    result = run(["validate", ".", "sub/verdensmål.yaml"], workspace)
    assert result.exit_code == 1
    assert result.output.startswith(
        "sub/verdensmål.yaml:1:1: fejl SP009: Filen kontrolleres ikke: verdensmål.yaml læses "
        "kun i arbejdsområdets mappe, ved siden af sektorplan.yaml. Flyt den til verdensmål.yaml."
    )
    assert result.output.endswith("3 filer kontrolleret: 1 fejl, 0 advarsler.\n")


def test_named_files_the_workspace_reads_are_checked(workspace: Path) -> None:
    (workspace / "målinger").mkdir()
    (workspace / "målinger" / "a.csv").write_text("indikator,år,værdi\n", encoding="utf-8")
    (workspace / "verdensmål.yaml").write_text("- number: 4\n", encoding="utf-8")
    result = run(["validate", "målinger/a.csv", "verdensmål.yaml"], workspace)
    assert result.exit_code == 0, result.output
    assert result.output == "2 filer kontrolleret: ingen fejl, ingen advarsler.\n"


def test_validate_neither_freezes_nor_leaves_the_collector_off(workspace: Path) -> None:
    """Freezing would keep the caller's own garbage (and the workspace) for good."""
    import gc
    import weakref

    from sektorplan.check.validate import validate
    from sektorplan.load.workspace import load_workspace

    class Node:
        pass

    gc.collect()
    gc.unfreeze()
    cycle = Node()
    cycle.me = cycle  # type: ignore[attr-defined]
    alive = weakref.ref(cycle)
    del cycle
    gc.disable()  # only the collector can free the cycle: keep it until the loading is done
    try:
        load_workspace(workspace)
        validate([workspace])
    finally:
        gc.enable()
    assert gc.isenabled()
    assert gc.get_freeze_count() == 0
    gc.collect()
    assert alive() is None


def test_validate_does_not_import_the_sdg_translations_without_the_file(
    workspace: Path,
) -> None:
    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "from sektorplan.check.validate import validate\n"
        f"assert validate([Path({str(workspace)!r})]).errors == 0\n"
        "print('sektorplan.load.sdg_texts' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
