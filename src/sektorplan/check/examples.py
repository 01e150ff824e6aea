"""One example per rule: a small valid workspace, and for each rule a change that breaks it.

The same examples drive the tests (the broken form triggers the rule, the fixed form gives
no finding at all) and `docs/rules.md`, so the documentation cannot drift from the code.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from dataclasses import dataclass

BASE_CONFIG = """\
format: 1
kommune: Kommuneqarfik Sermersooq
planstrategi: Planstrategi 2023
periode: {fra: 2024, til: 2035}
sprog: [da, kl]
kerneværdier:
  - {id: tryghed, navn: Vi skaber tryghed}
  - {id: vækst, navn: Vi skaber vækst}
forvaltninger:
  - {id: BS, navn: Forvaltning for Børn og Skole}
  - {id: AM, navn: Forvaltning for Anlæg og Miljø}
steder:
  - {id: nuuk, navn: Nuuk, type: by, koordinater: {bredde: 64.2, længde: -51.73}}
  - {id: kapisillit, navn: Kapisillit, type: bygd}
anlægsramme: {2026: 100000000, 2027: 100000000}
"""

BASE_BS = """\
format: 1
forvaltning: BS
titel: Skolesektorplan 2024–2035
status: udkast
version: "1.0"
ansvarlig: {navn: Skolechefen, email: skole@example.gl}
vision: Alle børn går i en skole, der giver dem lyst til at lære.
udgangspunkt: Skolerne i Nuuk er fyldt op.
mål:
  - id: BS-1
    titel: En god skolestart for alle børn
    kerneværdier: [tryghed]
    verdensmål: ["4.1"]
    delmål:
      - id: BS-1.1
        titel: Flere børn går i dagtilbud før skolestart
        verdensmål: ["4.2"]
        indikatorer:
          - id: BS-1.1.a
            navn: Andel børn i dagtilbud året før skolestart
            enhed: "%"
            retning: op
            sdg-indikator: "4.2.2"
            basis: {år: 2023, værdi: 78}
            målværdier: {2027: 84, 2031: 90, 2035: 95}
            målinger: {2024: 80}
indsatser:
  - id: BS-I1
    titel: Ny skole i Nuuk
    type: anlæg
    bidrager-til: [BS-1.1]
    start: 2026
    slut: 2029
    steder: [nuuk]
    ansvarlig: Skoleafdelingen
    afhænger-af: [AM-I1]
    økonomi:
      anlæg: {2026: 50000000, 2027: 40000000}
    milepæle:
      - {år: 2027, titel: Byggeriet går i gang}
"""

BASE_AM = """\
format: 1
forvaltning: AM
titel: Anlægs- og miljøplan 2024–2035
status: vedtaget
vedtaget: 2024-06-20
ansvarlig: {navn: Direktøren for Anlæg og Miljø}
vision: Byen vokser, så der er plads til alle.
udgangspunkt: Der mangler byggemodnede grunde.
mål:
  - id: AM-1
    titel: Byggemodning i takt med behovet
    kerneværdier: [vækst]
    verdensmål: [11]
    delmål:
      - id: AM-1.1
        titel: Flere byggeklare grunde
        indikatorer:
          - id: AM-1.1.a
            navn: Byggeklare grunde
            enhed: antal
            retning: op
            basis: {år: 2023, værdi: 10}
            målværdier: {2027: 20, 2031: 30, 2035: 40}
indsatser:
  - id: AM-I1
    titel: Byggemodning af skolegrunden
    type: anlæg
    bidrager-til: [AM-1.1, BS-1]
    start: 2024
    slut: 2026
    steder: [nuuk]
    ansvarlig: Anlægsafdelingen
    økonomi:
      anlæg: {2025: 20000000, 2026: 30000000}
"""

BASE_FILES = {
    "sektorplan.yaml": BASE_CONFIG,
    "planer/bs.yaml": BASE_BS,
    "planer/am.yaml": BASE_AM,
}

# Files that are part of the base workspace only in the examples that change them.
BASE_CSV = """\
indikator,år,værdi
BS-1.1.a,2025,82
AM-1.1.a,2024,12
"""
BASE_SDG = """\
# Kommunens officielle oversættelser af verdensmålene; samme opbygning som sdg.yaml.
- number: 4
  title: {da: Kvalitetsuddannelse}
  targets:
    - id: "4.2"
      text: {da: "Den officielle danske tekst til delmål 4.2"}
      indicators:
        - id: "4.2.2"
          text: {da: "Den officielle danske tekst til indikator 4.2.2"}
"""
BASE_TEKSTER = """\
# Kommunens egne faste tekster på grønlandsk; nøglerne som i sektorplans labels/da.yaml.
vision: Takorluukkat
statuses:
  udkast: Missingiut
oversigt:
  conflict_text: "{waiting} … {starts} … {waits_for} … {ends}."
"""
OPTIONAL_FILES = {
    "målinger/statistik.csv": BASE_CSV,
    "verdensmål.yaml": BASE_SDG,
    "tekster/kl.yaml": BASE_TEKSTER,
}


# The examples are checked as of 2025-06-15 (SOURCE_DATE_EPOCH), so a rule about the current
# year (SP312) gives the same finding, in the tests and in docs/rules.md, in any year.
EXAMPLE_EPOCH = "1750000000"


@contextlib.contextmanager
def as_of_example_date() -> Iterator[None]:
    old = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = EXAMPLE_EPOCH
    try:
        yield
    finally:
        if old is None:
            del os.environ["SOURCE_DATE_EPOCH"]
        else:
            os.environ["SOURCE_DATE_EPOCH"] = old


@dataclass(frozen=True)
class Example:
    """In `file`, `old` (which occurs once) is replaced by `bad` to trigger the rule and by
    `good` to show the fix. `note` explains what cannot be shown as text. A `file` from
    OPTIONAL_FILES is added to the base workspace."""

    file: str
    old: str
    bad: str
    good: str
    note: str = ""

    def apply(self, variant: str) -> dict[str, bytes]:
        files = {name: text.encode() for name, text in BASE_FILES.items()}
        text = BASE_FILES.get(self.file) or OPTIONAL_FILES[self.file]
        assert text.count(self.old) == 1, f"{self.old!r} must occur once in {self.file}"
        new = self.bad if variant == "bad" else self.good
        files[self.file] = text.replace(self.old, new).encode("utf-8", "surrogateescape")
        return files


BS, AM, CFG = "planer/bs.yaml", "planer/am.yaml", "sektorplan.yaml"
CSV = "målinger/statistik.csv"
SDG = "verdensmål.yaml"
TEKSTER = "tekster/kl.yaml"
_BIG = "# " + "x" * (5 * 1024 * 1024) + "\n"

EXAMPLES: dict[str, Example] = {
    "SP001": Example(
        BS,
        "titel: Skolesektorplan",
        "titel: Skolesektorplan \udce6",
        "titel: Skolesektorplan æ",
        note="«æ» gemt som Latin-1 (byte 0xE6) i stedet for UTF-8.",
    ),
    "SP002": Example(
        BS, BASE_BS, "# Planen skrives senere\n", BASE_BS, note="Filen indeholder kun en kommentar."
    ),
    "SP003": Example(
        BS,
        "format: 1\n",
        "format: 1\n" + _BIG,
        "format: 1\n",
        note="Filen er gjort større end 5 MiB med en lang kommentar.",
    ),
    "SP004": Example(
        BS,
        "vision: Alle børn går i en skole, der giver dem lyst til at lære.",
        "vision: Mål: alle børn går i en god skole.",
        'vision: "Mål: alle børn går i en god skole."',
    ),
    "SP005": Example(
        BS, "status: udkast\n", "status: udkast\nstatus: høring\n", "status: høring\n"
    ),
    "SP006": Example(
        AM,
        "    kerneværdier: [vækst]",
        "    kerneværdier: &kv [vækst]\n    beskrivelse: *kv",
        "    kerneværdier: [vækst]",
    ),
    "SP007": Example(
        BS,
        "udgangspunkt: Skolerne i Nuuk er fyldt op.",
        "udgangspunkt: Skolerne i Nuuk er\x0b fyldt op.",
        "udgangspunkt: Skolerne i Nuuk er fyldt op.",
        note="Et lodret tabulatortegn (U+000B) kopieret ind fra et andet program.",
    ),
    "SP008": Example(BS, 'version: "1.0"', "version: !!binary MS4w", 'version: "1.0"'),
    "SP010": Example(
        CFG,
        "anlægsramme: {2026: 100000000, 2027: 100000000}\n",
        "anlægsramme: {2026: 100000000, 2027: 100000000}\n"
        "word-skabelon: skabeloner/kommunen.docx\n",
        "anlægsramme: {2026: 100000000, 2027: 100000000}\n",
    ),
    "SP011": Example(
        CFG,
        "anlægsramme: {2026: 100000000, 2027: 100000000}\n",
        "anlægsramme: {2026: 100000000, 2027: 100000000}\nlogo: skabeloner/logo.png\n",
        "anlægsramme: {2026: 100000000, 2027: 100000000}\n",
        note="Logoet findes ikke i arbejdsområdet.",
    ),
    "SP101": Example(
        BS,
        "vision: Alle børn går i en skole, der giver dem lyst til at lære.\n",
        "",
        "vision: Alle børn går i en skole, der giver dem lyst til at lære.\n",
    ),
    "SP102": Example(
        BS, '            enhed: "%"', "            enhed: [procent]", "            enhed: procent"
    ),
    "SP103": Example(
        BS, "            retning: op", "            retning: opad", "            retning: op"
    ),
    "SP104": Example(
        BS,
        "      - {år: 2027, titel: Byggeriet går i gang}",
        "      - {år: 2027, titl: Byggeriet går i gang}",
        "      - {år: 2027, titel: Byggeriet går i gang}",
    ),
    "SP105": Example(BS, "format: 1\n", "format: 2\n", "format: 1\n"),
    "SP106": Example(BS, "  - id: BS-I1", "  - id: BS I1", "  - id: BS-I1"),
    "SP107": Example(
        AM, "    kerneværdier: [vækst]", "    kerneværdier: []", "    kerneværdier: [vækst]"
    ),
    "SP108": Example(AM, "{2025: 20000000,", "{2025: -20000000,", "{2025: 20000000,"),
    "SP109": Example(
        CFG,
        "anlægsramme: {2026: 100000000, 2027: 100000000}\n",
        "anlægsramme: {2026: 100000000, 2027: 100000000}\nfarver: {primær: navy}\n",
        'anlægsramme: {2026: 100000000, 2027: 100000000}\nfarver: {primær: "#000080"}\n',
    ),
    "SP110": Example(
        BS,
        "anlæg: {2026: 50000000, 2027: 40000000}",
        "anlæg: {2026: 50.000, 2027: 40000000}",
        "anlæg: {2026: 50000, 2027: 40000000}",
    ),
    "SP201": Example(BS, "forvaltning: BS", "forvaltning: SK", "forvaltning: BS"),
    "SP202": Example(
        BS,
        "    kerneværdier: [tryghed]",
        "    kerneværdier: [trygehd]",
        "    kerneværdier: [tryghed]",
    ),
    "SP203": Example(BS, "    steder: [nuuk]", "    steder: [nuk]", "    steder: [nuuk]"),
    "SP204": Example(
        BS,
        '    verdensmål: ["4.1"]',
        '    verdensmål: ["4.1", 17.10]',
        '    verdensmål: ["4.1", "17.10"]',
    ),
    "SP205": Example(
        BS, '    verdensmål: ["4.1"]', '    verdensmål: ["4.12"]', '    verdensmål: ["4.1"]'
    ),
    "SP206": Example(
        BS, 'sdg-indikator: "4.2.2"', 'sdg-indikator: "4.2.9"', 'sdg-indikator: "4.2.2"'
    ),
    "SP207": Example(
        AM,
        "bidrager-til: [AM-1.1, BS-1]",
        "bidrager-til: [AM-1.1, BS-9]",
        "bidrager-til: [AM-1.1, BS-1]",
    ),
    "SP208": Example(BS, "afhænger-af: [AM-I1]", "afhænger-af: [AM-I9]", "afhænger-af: [AM-I1]"),
    "SP234": Example(
        CFG,
        "  - {id: kapisillit,",
        "  - {id: Nuuk,",
        "  - {id: kapisillit,",
    ),
    "SP209": Example(AM, "      - id: AM-1.1\n", "      - id: BS-1.1\n", "      - id: AM-1.1\n"),
    "SP210": Example(
        BS,
        "status: udkast\n",
        "status: udkast\nperiode: {fra: 2024, til: 2031}\n",
        "status: udkast\nperiode: {fra: 2024, til: 2035}\n",
    ),
    "SP211": Example(
        BS,
        "      - {år: 2027, titel: Byggeriet går i gang}",
        "      - {år: 2027, titel: Byggeriet går i gang}\n"
        "      - {år: 2037, titel: Skolen udvides}",
        "      - {år: 2027, titel: Byggeriet går i gang}\n"
        "      - {år: 2033, titel: Skolen udvides}",
    ),
    "SP212": Example(
        BS,
        "    start: 2026\n    slut: 2029",
        "    start: 2030\n    slut: 2029",
        "    start: 2026\n    slut: 2029",
    ),
    "SP213": Example(
        AM,
        "basis: {år: 2023, værdi: 10}",
        "basis: {år: 2027, værdi: 10}",
        "basis: {år: 2023, værdi: 10}",
    ),
    "SP214": Example(
        BS, "målinger: {2024: 80}", "målinger: {2022: 75, 2024: 80}", "målinger: {2024: 80}"
    ),
    "SP215": Example(
        BS, "status: udkast\n", "status: vedtaget\n", "status: vedtaget\nvedtaget: 2024-06-20\n"
    ),
    "SP216": Example(
        AM,
        "    ansvarlig: Anlægsafdelingen",
        "    ansvarlig: Anlægsafdelingen\n    afhænger-af: [BS-I1]",
        "    ansvarlig: Anlægsafdelingen",
    ),
    "SP217": Example(
        BS,
        "titel: Skolesektorplan 2024–2035",
        "titel: {en: School sector plan 2024–2035}",
        "titel: {da: Skolesektorplan 2024–2035, en: School sector plan 2024–2035}",
    ),
    "SP218": Example(
        BS,
        "titel: Skolesektorplan 2024–2035",
        "titel: {da: Skolesektorplan 2024–2035, dk: Skolesektorplan}",
        "titel: {da: Skolesektorplan 2024–2035}",
    ),
    "SP219": Example(
        CFG,
        "periode: {fra: 2024, til: 2035}",
        "periode: {fra: 2035, til: 2024}",
        "periode: {fra: 2024, til: 2035}",
    ),
    "SP220": Example(CSV, "indikator,år,værdi", "indikator,aar,værdi", "indikator,år,værdi"),
    "SP221": Example(CSV, "AM-1.1.a,2024,12", "AM-1.1.a,2024,12,5", "AM-1.1.a,2024,12.5"),
    "SP222": Example(CSV, "BS-1.1.a,2025,82", "BS-1.1.a,2025,82 %", "BS-1.1.a,2025,82"),
    "SP223": Example(CSV, "BS-1.1.a,2025,82", "BS-1.1.b,2025,82", "BS-1.1.a,2025,82"),
    "SP224": Example(CSV, "AM-1.1.a,2024,12", "AM-1.1.a,2022,9", "AM-1.1.a,2024,12"),
    "SP225": Example(
        CSV,
        "BS-1.1.a,2025,82",
        "BS-1.1.a,2024,81\nBS-1.1.a,2025,82",
        "BS-1.1.a,2024,80\nBS-1.1.a,2025,82",
    ),
    "SP226": Example(
        CSV,
        "AM-1.1.a,2024,12",
        "AM-1.1.a,2024,12\nAM-1.1.a,2024,13",
        "AM-1.1.a,2024,12\nAM-1.1.a,2025,13",
    ),
    "SP230": Example(SDG, "- number: 4\n", "- number: 18\n", "- number: 4\n"),
    "SP231": Example(SDG, 'id: "4.2"\n', 'id: "4.12"\n', 'id: "4.2"\n'),
    "SP232": Example(SDG, 'id: "4.2.2"', 'id: "4.2.9"', 'id: "4.2.2"'),
    "SP233": Example(
        SDG,
        "  title: {da: Kvalitetsuddannelse}\n",
        "  title: {da: Kvalitetsuddannelse}\n- number: 4\n  title: {en: Quality education}\n",
        "  title: {da: Kvalitetsuddannelse, en: Quality education}\n",
    ),
    "SP240": Example(
        TEKSTER, "  udkast: Missingiut\n", "  udkas: Missingiut\n", "  udkast: Missingiut\n"
    ),
    "SP241": Example(
        TEKSTER,
        "{waiting} … {starts} …",
        "{waiting} … {start} …",
        "{waiting} … {starts} …",
    ),
    "SP111": Example(CFG, "bredde: 64.2,", "bredde: 642,", "bredde: 64.2,"),
    "SP301": Example(
        AM, "målværdier: {2027: 20,", "målværdier: {2027: 5,", "målværdier: {2027: 20,"
    ),
    "SP302": Example(
        AM,
        "målværdier: {2027: 20, 2031: 30, 2035: 40}",
        "målværdier: {2027: 20, 2035: 40}",
        "målværdier: {2027: 20, 2030: 30, 2035: 40}",
    ),
    "SP303": Example(
        AM, "bidrager-til: [AM-1.1, BS-1]", "bidrager-til: [BS-1]", "bidrager-til: [AM-1.1, BS-1]"
    ),
    "SP304": Example(
        BS, "    ansvarlig: Skoleafdelingen\n", "", "    ansvarlig: Skoleafdelingen\n"
    ),
    "SP305": Example(AM, "    type: anlæg", "    type: udvikling", "    type: anlæg"),
    "SP306": Example(
        AM,
        "      - id: AM-1.1\n",
        "".join(
            f"      - id: AM-1.{n}\n        titel: Delmål {n}\n"
            f"        indikatorer: [{{id: AM-1.{n}.a, "
            f"navn: Antal, enhed: antal, retning: op, basis: {{år: 2023, værdi: 1}}, "
            f"målværdier: {{2027: 2}}}}]\n"
            for n in range(2, 22)
        )
        + "      - id: AM-1.1\n",
        "      - id: AM-1.1\n",
        note="Tyve ekstra delmål AM-1.2 … AM-1.21 sat ind i planen.",
    ),
    "SP307": Example(
        CFG,
        "anlægsramme: {2026: 100000000,",
        "anlægsramme: {2026: 60000000,",
        "anlægsramme: {2026: 80000000,",
    ),
    "SP308": Example(
        BS,
        "vision: Alle børn går i en skole, der giver dem lyst til at lære.",
        'vision: "UDFYLD: Hvor vil forvaltningen være om 12 år?"',
        "vision: Alle børn går i en skole, der giver dem lyst til at lære.",
    ),
    "SP309": Example(AM, "forvaltning: AM", "forvaltning: BS", "forvaltning: AM"),
    "SP310": Example(BS, "    start: 2026\n", "    start: 2025\n", "    start: 2026\n"),
    "SP320": Example(
        CFG,
        "sprog: [da, kl]\n",
        "sprog: [da, kl]\nkræv-oversættelse: true\n",
        "sprog: [da]\nkræv-oversættelse: true\n",
        note="Med kræv-oversættelse: true advares om hver tekst uden kl (her vises den første); "
        "rettelsen er at oversætte teksterne (sektorplan oversæt udtræk og indlæs), eller, som "
        "her, kun at udgive på dansk.",
    ),
    "SP312": Example(
        BS,
        "målinger: {2024: 80}",
        "målinger: {2024: 80, 2031: 96}",
        "målinger: {2024: 80, 2025: 83}",
    ),
    "SP313": Example(
        BS,
        "anlæg: {2026: 50000000, 2027: 40000000}",
        "anlæg: {2025: 50000000, 2027: 40000000}",
        "anlæg: {2026: 50000000, 2027: 40000000}",
    ),
    "SP311": Example(
        BS,
        "    titel: Ny skole i Nuuk\n",
        "    titel: Ny skole i Nuuk #1 prioritet\n",
        '    titel: "Ny skole i Nuuk #1 prioritet"\n',
    ),
}

# Rules whose cause is not in a file's text, with what the documentation says instead.
NOT_SHOWN_AS_TEXT = {
    "SP009": "Filen findes, men styresystemet nægter at læse den (fx manglende rettigheder).",
}
