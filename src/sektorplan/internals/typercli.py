"""The path `typer`: what the command line needs of Typer's internals to speak Danish.

Typer writes its own usage errors and tab-completion messages in English. To tell them in
Danish, the CLI (cli/app.py, cli/completion.py) needs two things Typer does not promise to
keep:

- Click's exception classes, which Typer ≥ 0.29 vendors as `typer._click.exceptions`, to
  tell each usage error in Danish;
- `typer._completion_shared` (the shells, `install`, `get_completion_script`) and
  `typer.completion._get_shell_name`, to say in Danish what Typer's completion options do.

Off (`SEKTORPLAN_INTERNALS_TYPER=0`) or not available on the installed Typer, the CLI uses
Typer's own way: usage errors and the completion options' messages in English (Click's
`ClickException.show`, Typer's own option callbacks). Everything else the CLI says stays
Danish (the help is Danish through Click's public HelpFormatter, cli/helptext.py).
"""

from __future__ import annotations

import importlib
from functools import cache
from types import ModuleType
from typing import Any

from sektorplan.internals import Unavailable, enabled


@cache
def _modules() -> tuple[ModuleType, ModuleType, ModuleType]:
    try:
        errors = importlib.import_module("typer._click.exceptions")
        shared = importlib.import_module("typer._completion_shared")
        completion = importlib.import_module("typer.completion")
    except ImportError as exc:
        raise Unavailable(f"typer: {exc}") from exc
    needed = {
        errors: ("UsageError", "NoSuchOption", "MissingParameter", "BadParameter"),
        shared: ("Shells", "install", "get_completion_script"),
        completion: ("_get_shell_name",),
    }
    for module, names in needed.items():
        missing = [name for name in names if not hasattr(module, name)]
        if missing:
            raise Unavailable(f"{module.__name__} has no {', '.join(missing)}")
    return errors, shared, completion


def check() -> None:
    """Raise Unavailable if the path cannot run on the installed Typer (for the fence's test)."""
    _modules()


def available() -> bool:
    """Whether the path is wanted and can run."""
    if not enabled("typer"):
        return False
    try:
        _modules()
    except Unavailable:
        return False
    return True


def usage_errors() -> ModuleType | None:
    """Click's exception module as Typer vendors it, or None (then Typer's own way)."""
    return _modules()[0] if available() else None


def shells() -> list[str]:
    """The names of the shells Typer's completion supports ("bash", "zsh", …)."""
    return [shell.value for shell in _modules()[1].Shells]


def install_completion(shell: str, prog_name: str, complete_var: str) -> tuple[str, Any]:
    """Typer's own installation of the completion script: (shell, the file it wrote)."""
    shell, path = _modules()[1].install(shell=shell, prog_name=prog_name, complete_var=complete_var)
    return shell, path


def completion_script(shell: str, prog_name: str, complete_var: str) -> str:
    """Typer's completion script for `shell`."""
    return str(
        _modules()[1].get_completion_script(
            prog_name=prog_name, complete_var=complete_var, shell=shell
        )
    )


def detected_shell() -> str | None:
    """The shell this runs in, as Typer detects it (None if it cannot tell)."""
    name = _modules()[2]._get_shell_name()
    return str(name) if name else None
