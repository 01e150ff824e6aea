"""Findings: what validation tells the user, and the catalogue of rules behind them.

Every user mistake becomes a `Finding` with a stable rule code, never an exception.
The rule catalogue (`RULES`) is the single source for codes, severities and the
one-line Danish summaries that `docs/rules.md` is generated from.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

# How much of a value from a file a message repeats: enough to recognise it, not a whole
# paragraph (nor a whole file's worth of text in a CI annotation).
ECHO_LIMIT = 80
# What a terminal would act on rather than print: C0 and C1 controls (tab and line end too,
# which would break a message's one line).
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f]")


# A value a message repeats stands in «…»; a terminal acts on C0 and C1 controls other than
# tab and line feed (an escape sequence can rewrite the screen).
_ECHO = re.compile("«([^«»]*)»")
_TERMINAL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def cut_echoes(message: str) -> str:
    """A message with every value it repeats in «…» cut short (`cut`), and no character a
    terminal would act on: applied to every finding and every error the tool tells, so that
    no message repeats a whole paragraph or an escape sequence from a user's file."""
    message = _ECHO.sub(lambda match: f"«{cut(match[1])}»", message)
    return _TERMINAL.sub("\ufffd", message)


def cut(value: object, limit: int = ECHO_LIMIT) -> str:
    """A value from a user's file as a message repeats it: control characters shown as «�»,
    and cut short with «…» when longer than `limit`."""
    text = _UNPRINTABLE.sub("\ufffd", str(value))
    return text if len(text) <= limit else text[: limit - 1] + "…"


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"

    @property
    def danish(self) -> str:
        return "fejl" if self is Severity.ERROR else "advarsel"


@dataclass(frozen=True)
class Rule:
    code: str
    severity: Severity
    group: str
    summary: str


@dataclass(frozen=True)
class Finding:
    rule: str
    message: str
    file: Path | None = None
    line: int = 1
    column: int = 1
    path: str = ""  # the index path, for programs (JSON): mål[0].delmål[0].navn
    place: str = ""  # the same as a planner reads the plan: mål BS-1 › delmål BS-1.1 › navn

    @property
    def where(self) -> str:
        """Where in the file, for people: the readable place, else the index path."""
        return self.place or self.path

    def __post_init__(self) -> None:
        object.__setattr__(self, "message", cut_echoes(self.message))
        object.__setattr__(self, "path", cut(self.path, 200))

    @property
    def severity(self) -> Severity:
        return RULES[self.rule].severity

    def sort_key(self) -> tuple[str, int, int, str]:
        return (str(self.file or ""), self.line, self.column, self.rule)


E, W = Severity.ERROR, Severity.WARNING
_FILE, _SCHEMA, _MEANING = "Fil og YAML", "Skema", "Indhold"
_MEASUREMENTS = "Målinger fra statistikken (målinger/*.csv)"
_SDG_TEXTS = "Oversættelser af verdensmålene (verdensmål.yaml)"
_LABEL_TEXTS = "Arbejdsområdets faste tekster (tekster/<sprog>.yaml)"

_CATALOGUE = [
    # File and YAML
    ("SP001", E, _FILE, "Filen er ikke gemt som UTF-8."),
    ("SP002", E, _FILE, "Filen er tom (eller indeholder kun kommentarer)."),
    ("SP003", E, _FILE, "Filen er for stor: over 5 MiB eller over 50.000 værdier."),
    ("SP004", E, _FILE, "YAML-syntaksfejl."),
    ("SP005", E, _FILE, "Den samme nøgle står to gange i en mapping."),
    ("SP006", E, _FILE, "YAML-alias (*navn) bruges ikke i planer."),
    ("SP007", E, _FILE, "Et kontroltegn (andet end tabulator og linjeskift) i teksten."),
    ("SP008", E, _FILE, "En YAML-konstruktion, som planer ikke bruger (tags, sammensatte nøgler)."),
    ("SP009", E, _FILE, "Filen kan ikke læses, eller en angivet fil ligger, hvor den ikke læses."),
    ("SP010", E, _FILE, "Filen i `word-skabelon` i `sektorplan.yaml` findes ikke."),
    (
        "SP011",
        E,
        _FILE,
        "`logo` i `sektorplan.yaml` mangler, ligger uden for arbejdsområdet, er ikke et "
        "PNG-, JPEG- eller SVG-billede eller er over 5 MB.",
    ),
    # Schema
    ("SP101", E, _SCHEMA, "En påkrævet nøgle mangler."),
    ("SP102", E, _SCHEMA, "En værdi har forkert type."),
    ("SP103", E, _SCHEMA, "En værdi er ikke et af de tilladte valg."),
    ("SP104", E, _SCHEMA, "En ukendt nøgle (med forslag, når en kendt nøgle ligner)."),
    ("SP105", E, _SCHEMA, "`format` er ikke 1."),
    ("SP106", E, _SCHEMA, "Et id har forkert form."),
    ("SP107", E, _SCHEMA, "En liste, der skal have mindst ét element, er tom."),
    ("SP108", E, _SCHEMA, "Et tal er uendeligt, NaN eller for stort, eller et beløb er negativt."),
    (
        "SP110",
        E,
        _SCHEMA,
        "Et tal med punktum og tre cifre (`1.500`) kan være et tusindtalspunktum.",
    ),
    ("SP109", E, _SCHEMA, "En farve under `farver` er ikke på formen `#RRGGBB`."),
    ("SP111", E, _SCHEMA, "En koordinat (`bredde`, `længde`) ligger uden for sit område."),
    # Meaning: errors
    ("SP201", E, _MEANING, "`forvaltning` findes ikke i arbejdsområdet."),
    ("SP202", E, _MEANING, "En kerneværdi findes ikke i arbejdsområdet."),
    ("SP203", E, _MEANING, "Et sted findes ikke i arbejdsområdet."),
    ("SP204", E, _SCHEMA, "Et verdensmål-delmål er skrevet som decimaltal uden anførselstegn."),
    ("SP205", E, _MEANING, "Et verdensmål eller delmål findes ikke i FN's katalog."),
    ("SP206", E, _MEANING, "En `sdg-indikator` findes ikke i FN's katalog."),
    ("SP207", E, _MEANING, "`bidrager-til` peger ikke på et mål eller delmål."),
    ("SP208", E, _MEANING, "`afhænger-af` peger ikke på en indsats."),
    ("SP209", E, _MEANING, "Det samme id bruges to steder."),
    ("SP234", E, _MEANING, "To steders id'er giver det samme filnavn på websitet."),
    ("SP210", E, _MEANING, "Planens `periode` er ikke arbejdsområdets."),
    ("SP211", E, _MEANING, "Et år ligger uden for perioden."),
    ("SP212", E, _MEANING, "En indsats starter efter, at den slutter."),
    ("SP213", E, _MEANING, "`basis.år` ligger ikke før den første målværdi."),
    ("SP214", E, _MEANING, "En måling er fra før basisåret."),
    ("SP215", E, _MEANING, "`status` og `vedtaget` passer ikke sammen."),
    ("SP216", E, _MEANING, "`afhænger-af` danner en kreds."),
    ("SP217", E, _MEANING, "En tekst mangler arbejdsområdets primære sprog."),
    ("SP218", E, _MEANING, "En tekst har et ukendt sprog."),
    ("SP219", E, _MEANING, "`periode` i `sektorplan.yaml` går baglæns (`fra` efter `til`)."),
    # Measurements from the statistics office: målinger/*.csv
    ("SP220", E, _MEASUREMENTS, "Overskriften er ikke `indikator,år,værdi`."),
    ("SP221", E, _MEASUREMENTS, "En række har ikke tre felter."),
    ("SP222", E, _MEASUREMENTS, "Et år eller en værdi er ikke et tal."),
    ("SP223", E, _MEASUREMENTS, "En række nævner en indikator, der ikke findes i planerne."),
    ("SP224", E, _MEASUREMENTS, "En måling er fra før indikatorens basisår."),
    ("SP225", E, _MEASUREMENTS, "En måling afviger fra planens egen måling for samme år."),
    ("SP226", E, _MEASUREMENTS, "To rækker giver forskellige værdier for samme indikator og år."),
    # The workspace's SDG translations: verdensmål.yaml
    ("SP230", E, _SDG_TEXTS, "Et verdensmål i verdensmål.yaml findes ikke (1-17)."),
    ("SP231", E, _SDG_TEXTS, "Et delmål i verdensmål.yaml findes ikke under sit verdensmål."),
    ("SP232", E, _SDG_TEXTS, "En FN-indikator i verdensmål.yaml findes ikke under sit delmål."),
    ("SP233", E, _SDG_TEXTS, "Det samme verdensmål, delmål eller indikator står to gange."),
    # tekster/<sprog>.yaml
    ("SP240", E, _LABEL_TEXTS, "En nøgle er ikke en af de faste tekster (med forslag)."),
    ("SP241", E, _LABEL_TEXTS, "En tekst har andre pladsholdere (`{…}`) end den danske."),
    # Meaning: warnings
    ("SP301", W, _MEANING, "En målværdi peger den forkerte vej i forhold til `retning`."),
    ("SP302", W, _MEANING, "En fireårsperiode har hverken målværdi eller milepæl."),
    ("SP303", W, _MEANING, "Ingen indsats bidrager til et mål."),
    ("SP304", W, _MEANING, "En indsats har ingen `ansvarlig`."),
    ("SP305", W, _MEANING, "`økonomi.anlæg` på en indsats, der ikke er et anlæg."),
    ("SP306", W, _MEANING, "En plan har mere end 20 delmål."),
    ("SP307", W, _MEANING, "Årets samlede anlægsudgift er over `anlægsramme`."),
    ("SP308", W, _MEANING, "En pladsholder fra `sektorplan new` er ikke udfyldt."),
    ("SP309", W, _MEANING, "To planer for den samme forvaltning."),
    ("SP310", W, _MEANING, "En indsats starter, før en indsats den afhænger af, slutter."),
    (
        "SP320",
        W,
        _MEANING,
        "En tekst mangler et af arbejdsområdets sprog (kun med `kræv-oversættelse: true`).",
    ),
    ("SP312", W, _MEANING, "En måling er fra et år, der ikke er kommet endnu."),
    ("SP313", W, _MEANING, "Et beløb ligger i et år før indsatsens start eller efter dens slut."),
    ("SP311", W, _FILE, "En tekst uden anførselstegn efterfølges af # på samme linje."),
]

RULES: dict[str, Rule] = {code: Rule(code, sev, grp, s) for code, sev, grp, s in _CATALOGUE}


# A list's items by what they are called one at a time, in the readable place.
_ITEM = {
    "mål": "mål", "delmål": "delmål", "indikatorer": "indikator", "indsatser": "indsats",
    "milepæle": "milepæl", "kerneværdier": "kerneværdi", "forvaltninger": "forvaltning",
    "steder": "sted",
}  # fmt: skip
PLACE_SEPARATOR = " › "


def readable_place(loc: tuple[str | int, ...], data: object) -> str:
    """`("mål", 0, "delmål", 0, "navn")` -> `mål BS-1 › delmål BS-1.1 › navn`: a list item
    by its id (or its number, from 1, without one), a year key after its mapping's name."""
    parts: list[str] = []
    for part in loc:
        if isinstance(part, int) and not isinstance(part, bool):
            name = parts.pop() if parts else ""  # a file that is a list starts with an index
            if isinstance(data, list) and 0 <= part < len(data):
                item = data[part]
                ident = item.get("id") if isinstance(item, dict) else None
                label = _ITEM.get(name, name)
                if isinstance(ident, str) and ident:
                    parts.append(f"{label} {ident}".strip())
                else:
                    parts.append(f"{label} nr. {part + 1}".strip())
            else:
                parts.append(f"{name} {part}")  # a year: målværdier 2027
        else:
            parts.append(str(part))
        data = _step(data, part)
    return PLACE_SEPARATOR.join(parts)


def format_path(loc: tuple[str | int, ...], data: object = None) -> str:
    """`("mål", 0, "verdensmål", 1)` -> `mål[0].verdensmål[1]`.

    Integers index lists (`[0]`) unless `data` shows a mapping at that step, as with
    year keys (`målværdier.2027`).
    """
    out = ""
    for part in loc:
        in_list = isinstance(data, list) or data is None
        first_in_list = not out and isinstance(data, list)  # a file that is a list
        if (
            isinstance(part, int)
            and not isinstance(part, bool)
            and in_list
            and (out or first_in_list)
        ):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
        data = _step(data, part)
    return out


def _step(data: object, part: str | int) -> object:
    if isinstance(data, dict):
        return data.get(part)
    if isinstance(data, list) and isinstance(part, int) and 0 <= part < len(data):
        return data[part]
    return None
