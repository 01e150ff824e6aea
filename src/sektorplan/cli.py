"""The command line: a thin Typer layer that parses, calls the work and prints.

Heavy modules (jinja2, docx, matplotlib) are imported inside the commands that need them,
so `sektorplan validate` starts fast.
"""

from __future__ import annotations

import re
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from typer._click import exceptions as click_errors  # Typer ≥ 0.29 vendors Click here
from typer.core import TyperGroup

from . import __version__


class DanishGroup(TyperGroup):
    """Click's own usage errors, told in Danish (exit 2), as every other message is."""

    def main(self, *args: Any, standalone_mode: bool = True, **kwargs: Any) -> Any:
        try:
            rv = super().main(*args, standalone_mode=False, **kwargs)
        except click_errors.UsageError as exc:
            typer.echo(f"Fejl: {_danish_usage(exc)}", err=True)
            command = exc.ctx.command_path if exc.ctx else "sektorplan"
            typer.echo(f"Se «{command} --help».", err=True)
            rv = 2
        except click_errors.Abort:
            typer.echo("Afbrudt.", err=True)
            rv = 1
        if not standalone_mode:
            return rv
        sys.exit(rv if isinstance(rv, int) else 0)


def _danish_usage(exc: click_errors.UsageError) -> str:
    if isinstance(exc, click_errors.NoSuchOption):
        text = f"Ukendt tilvalg {exc.option_name}."
        if exc.possibilities:
            text += f" Mente du {', '.join(sorted(exc.possibilities))}?"
        return text
    if isinstance(exc, click_errors.MissingParameter) and exc.param is not None:
        return f"{_param_name(exc.param)} mangler."
    if isinstance(exc, click_errors.BadParameter) and exc.param is not None:
        name = _param_name(exc.param)
        choices = re.search(r"is not one of (.*)\.", exc.message)
        if choices:
            return f"Ugyldig værdi for {name}. Mulige værdier: {choices[1].replace(chr(39), '')}."
        return f"Ugyldig værdi for {name}: {exc.message}"
    message = exc.message
    for pattern, danish in _CLICK_MESSAGES:
        match = re.match(pattern, message)
        if match:
            return danish(match)
    return message


_CLICK_MESSAGES = [
    (
        r"No such command '([^']+)'\.(?: Did you mean '([^']+)'\?)?",
        lambda m: f"Ukendt kommando «{m[1]}»." + (f" Mente du «{m[2]}»?" if m[2] else ""),
    ),
    (r"Got unexpected extra arguments? \((.*)\)", lambda m: f"For mange argumenter: {m[1]}."),
    (
        r"Option '([^']+)' requires (an argument|\d+ arguments)",
        lambda m: f"{m[1]} skal have en værdi.",
    ),
    (r"Option '([^']+)' does not take a value", lambda m: f"{m[1]} tager ingen værdi."),
    (r"Missing argument '([^']+)'", lambda m: f"Argumentet {m[1]} mangler."),
    (r"Missing option '([^']+)'", lambda m: f"Tilvalget {m[1]} mangler."),
]


def _param_name(param: Any) -> str:
    if getattr(param, "param_type_name", "") == "option":
        return max(param.opts, key=len)
    return (param.human_readable_name or "argumentet").upper()


app = typer.Typer(
    cls=DanishGroup,
    name="sektorplan",
    help="Sektorplaner for Kommuneqarfik Sermersooq: skriv, kontrollér og udgiv.",
    no_args_is_help=True,
    add_completion=True,
    pretty_exceptions_show_locals=False,
    rich_markup_mode=None,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"sektorplan {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool, typer.Option("--version", help="Vis versionen.", callback=_version, is_eager=True)
    ] = False,
) -> None:
    """Sektorplaner for Kommuneqarfik Sermersooq: skriv, kontrollér og udgiv."""


class ReportFormat(StrEnum):
    text = "text"
    json = "json"
    github = "github"


def _require_paths(paths: list[Path]) -> None:
    missing = [p for p in paths if not p.exists()]
    for path in missing:
        typer.echo(f"Fejl: {path} findes ikke. Angiv en planfil eller en mappe.", err=True)
    if missing:
        raise typer.Exit(2)


@app.command()
def validate(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(
            help="Planfiler eller mapper (standard: arbejdsområdet her).", show_default=False
        ),
    ] = None,
    strict: Annotated[bool, typer.Option("--strict", help="Advarsler tæller som fejl.")] = False,
    format: Annotated[
        ReportFormat, typer.Option("--format", help="Hvordan fundene skrives.")
    ] = ReportFormat.text,
) -> None:
    """Kontrollér planer og sektorplan.yaml: skema og indhold, med fil, linje og kolonne."""
    from .report import REPORTERS
    from .validate import validate as run

    paths = paths or []
    _require_paths(paths)
    result = run(paths)
    typer.echo(REPORTERS[format.value](result))
    failed = result.errors > 0 or (strict and result.warnings > 0)
    raise typer.Exit(1 if failed else 0)


def main() -> None:
    app()
