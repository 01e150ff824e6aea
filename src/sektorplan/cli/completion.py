"""Tab completion (`--install-completion`, `--show-completion`), told in Danish.

Typer finds the shell (shellingham looks up the process tree), writes the files and prints
the script; only what it says is ours. The two options get callbacks that check the shell
against Typer's own list first, then let Typer's `install` and `show_callback` do the work,
and say in Danish what Typer says in English. Typer 0.29 takes no shell name after the
option (`--install-completion bash` still uses the detected shell), so a refusal tells the
user to run the command in a shell that is supported.
"""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any, NoReturn

import typer

from sektorplan.internals import typercli
from sektorplan.paths import os_error_text

# The command that completion completes, also when this runs as `python -m sektorplan`
# (Typer would take that whole line as the command's name, and complete `python` instead).
PROG_NAME = "sektorplan"
COMPLETE_VAR = "_SEKTORPLAN_COMPLETE"
# Typer's names for the shells, as a user knows them (pwsh is PowerShell 7).
_SHOWN = {"powershell": "PowerShell", "pwsh": "PowerShell"}


def use_danish_completion(params: list[Any]) -> None:
    """Give Typer's completion options (on the root command) their Danish callbacks. Without
    the fenced path (internals/typercli.py) Typer's own callbacks stay, in English."""
    if not typercli.available():
        return
    for param in params:
        callback = _CALLBACKS.get(param.name)
        if callback is not None:
            param.callback = callback


def shells_text() -> str:
    """The shells Typer supports, e.g. "bash, zsh, fish eller PowerShell"."""
    names = dict.fromkeys(_SHOWN.get(shell, shell) for shell in typercli.shells())
    *first, last = names
    return f"{', '.join(first)} eller {last}"


def _install(ctx: typer.Context, param: Any, value: Any) -> Any:
    if not value or ctx.resilient_parsing:
        return value
    command = _command(ctx, "--install-completion")
    shell = _shell(value, command)
    again = f"kør `{command}` igen."
    try:
        shell, path = typercli.install_completion(shell, PROG_NAME, COMPLETE_VAR)
    except OSError as exc:
        where = f"{exc.filename}: " if exc.filename else ""
        _fail(
            f"Tab-fuldførelsen kan ikke installeres ({where}{os_error_text(exc)}). "
            f"Ret det, og {again}"
        )
    except subprocess.CalledProcessError as exc:  # PowerShell, asked for the profile's path
        run = " ".join(str(part) for part in exc.cmd)
        _fail(
            f"Tab-fuldførelsen kan ikke installeres: `{run}` fejlede (kode {exc.returncode}). "
            f"Prøv den selv for at se fejlen, og {again}"
        )
    except UnicodeDecodeError:  # ~/.bashrc or ~/.zshrc, read in the system's encoding
        _fail(
            f"Tab-fuldførelsen kan ikke installeres: en opsætningsfil til {_shown(shell)} i "
            f"{Path.home()} kan ikke læses som tekst. Gem den som UTF-8, og {again}"
        )
    typer.secho(f"Tab-fuldførelsen til {_shown(shell)} er installeret i {path}.", fg="green")
    typer.echo("Den virker, når du åbner en ny terminal.")
    raise typer.Exit()


def _show(ctx: typer.Context, param: Any, value: Any) -> Any:
    if not value or ctx.resilient_parsing:
        return value
    shell = _shell(value, _command(ctx, "--show-completion"))
    script = typercli.completion_script(shell, PROG_NAME, COMPLETE_VAR)
    typer.echo(script)
    raise typer.Exit()


def _shell(value: Any, command: str) -> str:
    """The shell named (Typer passes a name only in its tests) or detected; else exit 1."""
    shell = value if isinstance(value, str) else typercli.detected_shell()
    if shell in typercli.shells():
        return shell
    problem = f"Skallen «{shell}» understøttes ikke." if shell else "Skallen kan ikke genkendes."
    _fail(f"{problem} Kør `{command}` i en terminal med {shells_text()}.")


def _command(ctx: typer.Context, option: str) -> str:
    return f"{PROG_NAME} {option}"


def _shown(shell: str) -> str:
    return _SHOWN.get(shell, shell)


def _fail(message: str) -> NoReturn:
    typer.echo(f"Fejl: {message}", err=True)
    raise typer.Exit(1)


_CALLBACKS = {"install_completion": _install, "show_completion": _show}
