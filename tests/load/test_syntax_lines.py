"""A YAML syntax error names the line the planner must fix, in Danish: tested exactly
(line, column, message) on the base plan with one typical mistake each."""

from __future__ import annotations

from pathlib import Path

import pytest

from sektorplan.check.examples import BASE_BS
from sektorplan.load.yamlfile import Document, load_bytes


def first_finding(old: str, new: str) -> str:
    assert BASE_BS.count(old) == 1
    text = BASE_BS.replace(old, new)
    doc = load_bytes(text.encode(), Document(Path("bs.yaml"), "bs.yaml"))
    finding = doc.findings[0]
    return f"{finding.line}:{finding.column} {finding.rule} {finding.message}"


CASES = {
    # libyaml notices a missing colon where the next key begins; the key's own line is named
    "missing colon": (
        "vision: Alle børn går i en skole, der giver dem lyst til at lære.",
        "vision >-\n  Alle børn går i en skole,\n  der giver dem lyst til at lære.",
        "7:1 SP004 YAML-syntaksfejl: der mangler et kolon efter «vision». Skriv «vision:», "
        "eller ryk linjen ind, hvis den fortsætter teksten i linjen ovenfor.",
    ),
    "missing colon, nested": (
        "    titel: En god skolestart",
        "    titel En god skolestart",
        "11:5 SP004 YAML-syntaksfejl: der mangler et kolon efter «titel». Skriv «titel:», "
        "eller ryk linjen ind, hvis den fortsætter teksten i linjen ovenfor.",
    ),
    "a text's second line not indented": (
        "udgangspunkt: Skolerne i Nuuk er fyldt op.",
        "udgangspunkt: Skolerne i Nuuk\ner fyldt op.",
        "9:1 SP004 YAML-syntaksfejl: der mangler et kolon efter «er». Skriv «er:», "
        "eller ryk linjen ind, hvis den fortsætter teksten i linjen ovenfor.",
    ),
    "tab as indentation": (
        "    kerneværdier: [tryghed]",
        "\tkerneværdier: [tryghed]",
        "12:1 SP004 YAML-syntaksfejl: linjen er rykket ind med en tabulator. YAML tillader kun "
        "mellemrum til indrykning: slet tabulatoren, og ryk ind med mellemrum.",
    ),
    "tab inside the indentation": (
        '            enhed: "%"',
        '        \t    enhed: "%"',
        "21:9 SP004 YAML-syntaksfejl: linjen er rykket ind med en tabulator. YAML tillader kun "
        "mellemrum til indrykning: slet tabulatoren, og ryk ind med mellemrum.",
    ),
    "tab after a dash": (
        "  - id: BS-I1",
        "  -\tid: BS-I1",
        "28:4 SP004 YAML-syntaksfejl: linjen er rykket ind med en tabulator. YAML tillader kun "
        "mellemrum til indrykning: slet tabulatoren, og ryk ind med mellemrum.",
    ),
    "text after a closing quote": (
        "titel: Skolesektorplan 2024–2035",
        'titel: "Bygdeskoler" – renovering',
        "3:22 SP004 YAML-syntaksfejl: der står tekst efter det afsluttende anførselstegn. Sæt "
        "hele teksten i enkelte anførselstegn: '\"Bygdeskoler\" – renovering'",
    ),
    "text after a closing single quote": (
        "    titel: Ny skole i Nuuk",
        "    titel: 'Ny skole' i Nuuk",
        "29:23 SP004 YAML-syntaksfejl: der står tekst efter det afsluttende anførselstegn. Sæt "
        "hele teksten i dobbelte anførselstegn: \"'Ny skole' i Nuuk\"",
    ),
    "text after a closing quote in braces": (
        "basis: {år: 2023, værdi: 78}",
        'basis: {år: 2023, værdi: "78" kr}',
        "24:43 SP004 YAML-syntaksfejl: der står tekst efter det afsluttende anførselstegn. Sæt "
        "hele teksten i enkelte anførselstegn: '\"78\" kr'",
    ),
    "a quote closed only lines later": (
        "titel: Skolesektorplan 2024–2035",
        'titel: "Skolesektorplan 2024–2035',
        "3:8 SP004 YAML-syntaksfejl: anførselstegnet her lukkes ikke på samme linje, men først "
        "i linje 5. Sæt det samme anførselstegn efter teksten.",
    ),
    "a quote never closed": (
        "    titel: Ny skole i Nuuk",
        "    titel: 'Ny skole i Nuuk",
        "29:12 SP004 YAML-syntaksfejl: anførselstegnet her lukkes aldrig. Sæt det samme "
        "anførselstegn efter teksten.",
    ),
    "a key indented too far": (
        "    kerneværdier: [tryghed]",
        "     kerneværdier: [tryghed]",
        "12:6 SP004 YAML-syntaksfejl: «kerneværdier» står 5 tegn inde, men «titel» i linje 11 "
        "står 4 tegn inde. Nøgler i samme mapping skal stå lige langt inde: ret indrykningen i "
        "den ene af linjerne.",
    ),
    "a key indented too little": (
        "    kerneværdier: [tryghed]",
        "   kerneværdier: [tryghed]",
        "12:4 SP004 YAML-syntaksfejl: «kerneværdier» står 3 tegn inde, men «titel» i linje 11 "
        "står 4 tegn inde. Nøgler i samme mapping skal stå lige langt inde: ret indrykningen i "
        "den ene af linjerne.",
    ),
    "a list item indented one too far": (
        "  - id: BS-I1",
        "   - id: BS-I1",
        "29:5 SP004 YAML-syntaksfejl: «titel» står 4 tegn inde, men «id» i linje 28 står 5 "
        "tegn inde. Nøgler i samme mapping skal stå lige langt inde: ret indrykningen i den ene "
        "af linjerne.",
    ),
    "a dash without a space": (
        "      - {år: 2027",
        "      -{år: 2027",
        "40:7 SP004 YAML-syntaksfejl: der mangler et mellemrum efter «-». Et listepunkt skrives "
        "«- » med et mellemrum.",
    ),
    "a colon inside an unquoted text": (
        "udgangspunkt: Skolerne i Nuuk er fyldt op.",
        "udgangspunkt: Skolerne: i Nuuk er fyldt op.",
        "8:23 SP004 YAML-syntaksfejl: et kolon står, hvor det ikke må stå. Sæt teksten i "
        "anførselstegn, hvis den selv indeholder ': ', eller ret indrykningen.",
    ),
    "braces not closed": (
        "basis: {år: 2023, værdi: 78}",
        "basis: {år: 2023, værdi: 78",
        "24:20 SP004 YAML-syntaksfejl: { her lukkes ikke på samme linje. Skriv } efter den "
        "sidste værdi, og sæt komma mellem værdierne.",
    ),
    "brackets not closed": (
        "    steder: [nuuk]",
        "    steder: [nuuk",
        "34:13 SP004 YAML-syntaksfejl: [ her lukkes ikke på samme linje. Skriv ] efter den "
        "sidste værdi, og sæt komma mellem værdierne.",
    ),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_a_syntax_error_names_the_line_to_fix(case: str) -> None:
    old, new, expected = CASES[case]
    assert first_finding(old, new) == expected
