"""Numbers never change silently: a Danish thousands dot (1.500), a Danish decimal comma in
braces (5,8) and a # inside an unquoted text each give a finding at their line and column,
tested exactly."""

from __future__ import annotations

from pathlib import Path

import pytest

from sektorplan.check.examples import BASE_FILES
from sektorplan.check.validate import validate
from sektorplan.cli.reporters import text_line
from sektorplan.load.workspace import shown_path

from ..conftest import write_files


def findings(tmp_path: Path, file: str, old: str, new: str) -> list[str]:
    files = dict(BASE_FILES)
    assert files[file].count(old) == 1
    files[file] = files[file].replace(old, new)
    write_files(tmp_path, files)
    result = validate([tmp_path])
    return [text_line(f).removeprefix(shown_path(tmp_path) + "/") for f in result.findings]


BS, CFG = "planer/bs.yaml", "sektorplan.yaml"
TRAPS = {
    "a thousands dot in an amount in braces": (
        BS,
        "anlæg: {2026: 50000000,",
        "anlæg: {2026: 1.500,",
        "planer/bs.yaml:38:21: fejl SP110 indsats BS-I1 › økonomi › anlæg 2026: «1.500» kan betyde "
        "både 1500 og 1,5: YAML læser punktum som decimaltegn. Skriv 1500 uden punktum, eller "
        "1.5, hvis du mener 1,5.",
    ),
    "a thousands dot in an amount on its own line": (
        BS,
        "      anlæg: {2026: 50000000, 2027: 40000000}",
        "      anlæg:\n        2026: 12.000\n        2027: 40000000",
        "planer/bs.yaml:39:15: fejl SP110 indsats BS-I1 › økonomi › anlæg 2026: «12.000» kan "
        "betyde "
        "både 12000 og 12: YAML læser punktum som decimaltegn. Skriv 12000 uden punktum, eller "
        "12, hvis du mener 12.",
    ),
    "a thousands dot in a target value": (
        BS,
        "målværdier: {2027: 84,",
        "målværdier: {2027: 84.125,",
        "planer/bs.yaml:25:32: fejl SP110 mål BS-1 › delmål BS-1.1 › indikator BS-1.1.a › "
        "målværdier 2027: "
        "«84.125» kan betyde både 84125 og 84,125: YAML læser punktum som decimaltegn. Skriv "
        "84125 uden punktum, eller 84.1250, hvis du mener 84,125.",
    ),
    "a thousands dot in the construction frame": (
        CFG,
        "anlægsramme: {2026: 100000000,",
        "anlægsramme: {2026: 250.000,",
        "sektorplan.yaml:15:21: fejl SP110 anlægsramme 2026: «250.000» kan betyde både 250000 "
        "og 250: YAML læser punktum som decimaltegn. Skriv 250000 uden punktum, eller 250, hvis "
        "du mener 250.",
    ),
    "a decimal comma in braces": (
        BS,
        "basis: {år: 2023, værdi: 78}",
        "basis: {år: 2023, værdi: 5,8}",
        "planer/bs.yaml:24:38: fejl SP102 mål BS-1 › delmål BS-1.1 › indikator BS-1.1.a › basis › "
        "værdi: «værdi» "
        "skal være et tal, men er «5,8». Skriv tallet med cifre, punktum som decimaltegn og uden "
        "tusindtalspunktummer.",
    ),
    "a decimal comma and a word in braces": (
        BS,
        "anlæg: {2026: 50000000,",
        "anlæg: {2026: 1,5 mio,",
        "planer/bs.yaml:38:21: fejl SP102 indsats BS-I1 › økonomi › anlæg 2026: «anlæg» skal være "
        "et tal, men er «1,5 mio». Skriv tallet med cifre, punktum som decimaltegn og uden "
        "tusindtalspunktummer.",
    ),
    "a decimal comma on its own line": (
        BS,
        "basis: {år: 2023, værdi: 78}",
        "basis:\n              år: 2023\n              værdi: 5,8",
        "planer/bs.yaml:26:22: fejl SP102 mål BS-1 › delmål BS-1.1 › indikator BS-1.1.a › basis › "
        "værdi: «værdi» "
        "skal være et tal, men er «5,8». Skriv tallet med cifre, punktum som decimaltegn og uden "
        "tusindtalspunktummer.",
    ),
    "a # inside an unquoted title": (
        BS,
        "titel: Skolesektorplan 2024–2035",
        "titel: Nye skoler #1 prioritet",
        "planer/bs.yaml:3:19: advarsel SP311 titel: Teksten slutter ved «Nye skoler»: resten af "
        "linjen, «#1 prioritet», læses som en kommentar og kommer ikke med. Hører det til "
        'teksten, så sæt hele teksten i anførselstegn: titel: "Nye skoler #1 prioritet"',
    ),
    "a # inside a text in a language mapping": (
        BS,
        "titel: Skolesektorplan 2024–2035",
        "titel:\n  da: Skoler #1",
        "planer/bs.yaml:4:14: advarsel SP311 titel › da: Teksten slutter ved «Skoler»: resten af "
        "linjen, «#1», læses som en kommentar og kommer ikke med. Hører det til teksten, så sæt "
        'hele teksten i anførselstegn: da: "Skoler #1"',
    ),
}


@pytest.mark.parametrize("trap", sorted(TRAPS))
def test_a_number_trap_is_a_finding_at_its_place(trap: str, tmp_path: Path) -> None:
    file, old, new, expected = TRAPS[trap]
    first, *rest = findings(tmp_path, file, old, new)
    assert first == expected
    # A small frame read as it is written is, in turn, over the plans' construction total
    assert rest == [] or [line.split()[2] for line in rest] == ["SP307"]


@pytest.mark.parametrize(
    ("file", "old", "new"),
    [
        (BS, "basis: {år: 2023, værdi: 78}", "basis: {år: 2023, værdi: 0.125}"),  # a decimal
        (BS, "basis: {år: 2023, værdi: 78}", "basis: {år: 2023, værdi: 78.5}"),
        (BS, "basis: {år: 2023, værdi: 78}", "basis: {år: 2023, værdi: 78.0000}"),
        (BS, "målværdier: {2027: 84, 2031: 90,", "målværdier: {2027: 84,2031: 90,"),  # no space
        (BS, "titel: Skolesektorplan 2024–2035", 'titel: "Nye skoler #1 prioritet"'),
        (BS, "titel: Skolesektorplan 2024–2035", "titel: Skolesektorplan 2024–2035  # udkast"),
        (BS, "    steder: [nuuk]", "    steder:\n      - nuuk # by"),  # an id, not a text
    ],
)
def test_what_is_no_trap_gives_no_finding(tmp_path: Path, file: str, old: str, new: str) -> None:
    assert findings(tmp_path, file, old, new) == []
