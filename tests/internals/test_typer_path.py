"""The fence's path `typer` (internals/typercli.py): Typer's internals that make usage errors
and tab completion Danish. These tests FAIL, never skip, when the path
cannot run on the installed Typer; and with the path off, the CLI does what Typer itself
does (in English), with the same exit codes and the same completion script."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from sektorplan.internals import typercli


def _sektorplan(*args: str, internals: str | None = None) -> subprocess.CompletedProcess[str]:
    """The command in a new process (the flags are read once per process)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("SEKTORPLAN_INTERNALS")}
    env.update({"COLUMNS": "100", "_TYPER_FORCE_DISABLE_TERMINAL": "1"})
    if internals is not None:
        env["SEKTORPLAN_INTERNALS_TYPER"] = internals
    return subprocess.run(
        [sys.executable, "-m", "sektorplan", *args],
        capture_output=True,
        text=True,
        env=env,
        check=False,
        timeout=120,
    )


def test_the_typer_path_can_run_on_the_installed_typer() -> None:
    typercli.check()  # raises Unavailable: the test fails
    assert typercli.available()
    assert typercli.usage_errors() is not None
    assert set(typercli.shells()) >= {"bash", "zsh", "fish"}


@pytest.mark.parametrize(
    ("args", "danish", "english"),
    [
        (["validate", "--nope"], "Ukendt tilvalg --nope", "No such option"),
        (["valdate"], "Ukendt kommando «valdate»", "No such command"),
        (["sdg", "--mål", "x"], "Ugyldig værdi for --mål", "Invalid value"),
        (["new", "--output"], "--output skal have en værdi", "requires an argument"),
    ],
)
def test_usage_errors_are_danish_with_the_path_and_typers_own_without(
    args: list[str], danish: str, english: str
) -> None:
    on, off = _sektorplan(*args), _sektorplan(*args, internals="0")
    assert on.returncode == off.returncode == 2
    assert danish in on.stderr and english not in on.stderr
    assert english in off.stderr and "Traceback" not in off.stderr


def test_the_completion_script_is_typers_own_with_or_without_the_path() -> None:
    """The installed command (`python -m` would be named `python` by Typer's own way)."""
    command = Path(sys.executable).with_name("sektorplan")
    env = {**os.environ, "_TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION": "1"}
    scripts = []
    for internals in ("1", "0"):
        process = subprocess.run(
            [str(command), "--show-completion", "bash"],
            capture_output=True,
            text=True,
            env={**env, "SEKTORPLAN_INTERNALS_TYPER": internals},
            check=False,
            timeout=120,
        )
        assert process.returncode == 0, process.stderr
        scripts.append(process.stdout)
    assert scripts[0] == scripts[1]
    assert typercli.completion_script("bash", "sektorplan", "_SEKTORPLAN_COMPLETE") in scripts[0]
