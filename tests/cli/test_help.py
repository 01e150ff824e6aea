"""`--help` in Danish: the framing Click and Typer write around our help, for every command."""

from __future__ import annotations

import subprocess
import sys

import pytest
from typer.main import get_command
from typer.testing import CliRunner

from sektorplan.cli.app import app

COMMANDS = list(get_command(app).commands)
HELP_PAGES = [[], *([name] for name in COMMANDS)]
PAGE_IDS = ["sektorplan", *COMMANDS]

ENGLISH = (
    "Usage:",
    "Options",
    "Arguments",
    "Commands",
    "Show this message",
    "Install completion",
    "Show completion",
    "[default",
    "[required]",
    "[env var",
)
# Typer's names for a value's type in the plain help (the Rich help has a column of its own).
ENGLISH_TYPES = ("<path>", "<file>", "<dir>", "<str>", "<int>", "list[")


def help_page(args: list[str], width: int | None = None) -> str:
    """The help as a user reads it, with each run of spaces and line breaks made one space."""
    extra = {} if width is None else {"terminal_width": width}
    env = {} if width is None else {"COLUMNS": str(width)}
    result = CliRunner().invoke(app, [*args, "--help"], env=env, **extra)
    assert result.exit_code == 0, result.output
    return " ".join(result.output.split())


def assert_danish(text: str, english: tuple[str, ...] = ENGLISH) -> None:
    assert [word for word in english if word in text] == [], text
    assert text.startswith("Brug: sektorplan"), text
    assert "Tilvalg" in text
    assert "Vis denne hjælp" in text


def test_every_command_has_a_help_page() -> None:
    assert {"validate", "build", "render"} <= set(COMMANDS)


@pytest.mark.parametrize("width", [None, 40, 200])
@pytest.mark.parametrize("args", HELP_PAGES, ids=PAGE_IDS)
def test_help_is_danish(args: list[str], width: int | None) -> None:
    assert_danish(help_page(args, width), ENGLISH + ENGLISH_TYPES)


def test_top_level_help_names_commands_and_completion_in_danish() -> None:
    text = help_page([])
    assert "Brug: sektorplan [TILVALG] KOMMANDO [ARGUMENTER]..." in text
    assert "Kommandoer: validate" in text
    assert "Installér tab-fuldførelse for den aktuelle skal." in text
    assert "Vis tab-fuldførelsen for den aktuelle skal, så den kan kopieres" in text


def test_defaults_required_and_types_are_danish() -> None:
    text = help_page(["render"])
    assert "Brug: sektorplan render [TILVALG] [PLAN]..." in text
    assert "Argumenter: PLAN <stier> Planfiler eller mapper (standard: arbejdsområdet her)." in text
    assert "REGNEARK <sti> Regnearket fra udtræk (.xlsx), oversat. [påkrævet]" in help_page(
        ["oversæt", "indlæs"]
    )
    assert "Hvor dokumenterne skrives. [standard: build]" in text
    assert "ARBEJDSOMRÅDE <sti>" in help_page(["build"])


def test_sektorplan_alone_shows_the_help_not_an_error() -> None:
    result = CliRunner().invoke(app, [])
    assert result.exit_code == 2
    assert result.stderr.startswith("Brug: sektorplan [TILVALG]")
    assert "Fejl" not in result.output
    assert "Kommandoer:" in result.output


def test_help_does_not_import_rich() -> None:
    """Rich is for Rich help only: `sektorplan validate` must start fast."""
    code = (
        "import sys\n"
        "from sektorplan.cli.app import main\n"
        "sys.argv = ['sektorplan', 'validate', '--help']\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "print('rich' in sys.modules)\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert proc.stdout.strip().splitlines()[-1] == "False", proc.stdout + proc.stderr


@pytest.mark.parametrize(
    "command",
    [
        ["validate"], ["init"], ["new"], ["schema"], ["sdg"], ["progress"], ["render"],
        ["diff"], ["skabelon"], ["build"], ["oversæt", "status"], ["oversæt", "udtræk"],
        ["oversæt", "indlæs"],
    ],
)  # fmt: skip
def test_every_command_has_examples(command: list[str]) -> None:
    text = CliRunner().invoke(app, [*command, "--help"]).output
    examples = text.split("Eksempler:\n", 1)[1].splitlines()
    assert 1 <= len(examples) <= 2
    assert all(line.startswith(f"    sektorplan {' '.join(command)}") for line in examples), text


def test_the_command_list_is_not_cut_off() -> None:
    text = CliRunner().invoke(app, ["--help"]).output
    commands = text.split("Kommandoer:\n", 1)[1]
    assert "..." not in commands
    assert "  skabelon  Kopiér de indbyggede skabeloner til arbejdsområdet." in commands
