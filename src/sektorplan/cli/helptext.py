"""`--help` in Danish: the framing Typer and Click write around our own (Danish) help texts.

Click writes the plain help through a `HelpFormatter`, which a command's context makes; a
Danish formatter gives the usage prefix, the section headings and the notes after an
option's help ([standard: …], [påkrævet]). The help texts of the options Click and Typer
add themselves (--help, --install-completion, --show-completion) are swapped for Danish
ones where the English is known. Anything Typer words differently in a later version
stays English rather than failing.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

import typer
from typer.core import TyperCommand

OPTIONS_METAVAR = "[TILVALG]"
SUBCOMMAND_METAVAR = "KOMMANDO [ARGUMENTER]..."

_HEADINGS = {"Arguments": "Argumenter", "Options": "Tilvalg", "Commands": "Kommandoer"}

# The notes Click puts in brackets after an option's help: "[default: build; required]".
_NOTES = re.compile(r"(?:^|(?<=  ))\[([^\n]*)\]\Z")
_NOTE_PREFIXES = (("default: ", "standard: "), ("env var: ", "miljøvariabel: "))

# Typer's names for a value's type, as in "MAPPE <path>".
_TYPE = re.compile(r"<([^<>]+)>\Z")
_TYPES = {
    "path": "sti",
    "file": "fil",
    "dir": "mappe",
    "str": "tekst",
    "int": "heltal",
    "list[Path]": "stier",
    "list[str]": "tekster",
}

_OPTION_HELP = {
    "Show this message and exit.": "Vis denne hjælp.",
    "Install completion for the current shell.": (
        "Installér tab-fuldførelse for den aktuelle skal."
    ),
    "Show completion for the current shell, to copy it or customize the installation.": (
        "Vis tab-fuldførelsen for den aktuelle skal, så den kan kopieres eller tilpasses."
    ),
}


class DanishHelpFormatter(typer.Context.formatter_class):  # Click's HelpFormatter
    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        super().write_usage(prog, args, "Brug: " if prefix is None else prefix)

    def write_heading(self, heading: str) -> None:
        super().write_heading(_HEADINGS.get(heading, heading))

    def write_dl(self, rows: Sequence[tuple[str, str]], *args: Any, **kwargs: Any) -> None:
        danish = [(_danish_term(term), _NOTES.sub(_danish_notes, text)) for term, text in rows]
        super().write_dl(danish, *args, **kwargs)


def _danish_term(term: str) -> str:
    return _TYPE.sub(lambda m: f"<{_TYPES.get(m[1], m[1])}>", term)


def _danish_notes(match: re.Match[str]) -> str:
    notes = []
    for note in match[1].split("; "):
        if note == "required":
            note = "påkrævet"
        for english, danish in _NOTE_PREFIXES:
            if note.startswith(english):
                note = danish + note.removeprefix(english)
        notes.append(note)
    return f"[{'; '.join(notes)}]"


class DanishContext(typer.Context):
    formatter_class = DanishHelpFormatter


class DanishHelp:
    """Mixed into a Typer command or group: its help, and its subcommands' contexts, in Danish."""

    context_class = DanishContext

    def get_params(self, ctx: typer.Context) -> list[Any]:
        # Also the descriptions a shell's tab completion shows next to the options.
        params = super().get_params(ctx)
        for param in params:
            danish = _OPTION_HELP.get(getattr(param, "help", None) or "")
            if danish:
                param.help = danish
        return params


class DanishCommand(DanishHelp, TyperCommand):
    """A command whose `--help` is Danish: `@app.command(cls=DanishCommand)`."""


def examples(*commands: str) -> str:
    """A command's examples for its --help (Click's epilog; \\b keeps the lines as written)."""
    return "\b\nEksempler:\n" + "\n".join(f"  {command}" for command in commands)
