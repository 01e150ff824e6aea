"""Measurements from the statistics office: `målinger/*.csv` next to the plans.

A file has the header `indikator,år,værdi` and one measurement per row. It is read the way a
planner's spreadsheet writes it: UTF-8 with or without a BOM, `,` between the fields and `.`
as the decimal point, or, as Danish Excel saves "CSV", `;` between the fields and `,` as the
decimal point. Reading a file only finds problems in the file itself; `check` compares the
rows with the plans (unknown indicators, years before the baseline, values that disagree).
`merged` gives every indicator its measurements from the plan and the files together.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from sektorplan.findings import Finding
from sektorplan.load.yamlfile import MAX_BYTES, Document, Loc, blank_control_characters
from sektorplan.model.plan import Indicator, Plan
from sektorplan.paths import TooLarge, os_error_text, read_limited

if TYPE_CHECKING:
    from sektorplan.load.workspace import Workspace

FOLDER = "målinger"
HEADER = ("indikator", "år", "værdi")
_SHOWN_HEADER = ",".join(HEADER)
_YEAR = re.compile("[0-9]{4}")
# Windows, Unix and old Mac (Excel for Mac's "CSV") line ends; not str.splitlines, which
# would also end a line at a form feed or U+2028 inside a field.
_LINE_END = re.compile("\r\n|\r|\n")
_LINE_END_BYTES = re.compile(b"\r\n|\r|\n")
_NUMBER = {",": re.compile(r"[+-]?[0-9]+(\.[0-9]+)?"), ";": re.compile("[+-]?[0-9]+(,[0-9]+)?")}


@dataclass(frozen=True)
class Row:
    """One measurement as written: where it stands, and the value as text and number."""

    file: Path
    line: int
    columns: tuple[int, int, int]  # 1-based columns of indikator, år and værdi
    indicator: str
    year: int
    value: int | float
    text: str

    def finding(self, rule: str, message: str, field_index: int = 0) -> Finding:
        return Finding(
            rule, message, self.file, self.line, self.columns[field_index], HEADER[field_index]
        )


@dataclass
class MeasurementFiles:
    """What the files in målinger/ hold: their rows, and what reading them found."""

    files: list[Path] = field(default_factory=list)
    rows: list[Row] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)


def find_files(root: Path) -> list[Path]:
    """The CSV files in `root`/målinger, sorted by name. The folder name is compared in
    Unicode NFC, so a folder created on a Mac (where «å» may be stored decomposed) counts."""
    try:
        folders = [
            p
            for p in root.iterdir()
            if p.is_dir() and unicodedata.normalize("NFC", p.name) == FOLDER
        ]
    except OSError:
        return []
    return sorted(
        p for folder in folders for p in folder.iterdir() if not p.is_dir() and _is_csv(p)
    )


def _is_csv(path: Path) -> bool:
    return path.suffix.lower() == ".csv"


def read_files(root: Path) -> MeasurementFiles:
    result = MeasurementFiles()
    for path in find_files(root):
        result.files.append(path)
        rows, findings = read_file(path, inside=root)
        result.rows += rows
        result.findings += findings
    return result


def read_file(path: Path, *, inside: Path | None = None) -> tuple[list[Row], list[Finding]]:
    try:
        raw = read_limited(path, MAX_BYTES, inside=inside)
    except TooLarge as exc:
        return [], [
            Finding(
                "SP003",
                f"Filen fylder {exc.size} byte; grænsen er {MAX_BYTES} byte (5 MiB). Del "
                "målingerne op i flere filer.",
                path,
            )
        ]
    except OSError as exc:
        return [], [Finding("SP009", f"Filen kan ikke læses ({os_error_text(exc)}).", path)]
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        before = _LINE_END_BYTES.split(raw[: exc.start])
        line, column = len(before), len(before[-1]) + 1
        return [], [
            Finding(
                "SP001",
                f"Filen er ikke gemt som UTF-8 (byte 0x{raw[exc.start]:02X}). Gem den igen "
                "som UTF-8; i Excel: Gem som «CSV UTF-8 (kommasepareret)».",
                path,
                line,
                column,
            )
        ]
    return parse(text, path)


def parse(text: str, path: Path) -> tuple[list[Row], list[Finding]]:
    # Control characters get the plans' rule (SP007), and are blanked before anything else.
    text, control = blank_control_characters(_LINE_END.sub("\n", text), path)
    rows, findings = _parse(text, path)
    return rows, control + findings


def _parse(text: str, path: Path) -> tuple[list[Row], list[Finding]]:
    lines = [
        (number, line) for number, line in enumerate(text.split("\n"), start=1) if line.strip()
    ]
    if not lines:
        return [], [
            Finding("SP002", f"Filen er tom. Første linje skal være {_SHOWN_HEADER}.", path)
        ]
    header_line, header = lines[0]
    separator = ";" if header.count(";") > header.count(",") else ","
    order = _header_order(header, separator)
    if order is None:
        shown = header.strip()
        return [], [
            Finding(
                "SP220",
                f"Overskriften skal være {_SHOWN_HEADER} (eller med semikolon), men er "
                f"«{shown}». Ret første linje.",
                path,
                header_line,
                1,
            )
        ]
    rows: list[Row] = []
    findings: list[Finding] = []
    for number, line in lines[1:]:
        row = _row(path, number, line, separator, order, findings)
        if row is not None:
            rows.append(row)
    return rows, findings


def _header_order(header: str, separator: str) -> tuple[int, int, int] | None:
    """Where indikator, år and værdi stand in the header (in any order), or None."""
    fields = _split(header, separator)
    if fields is None:
        return None
    names = [unicodedata.normalize("NFC", text.strip().lower()) for text, _ in fields]
    if sorted(names) != sorted(HEADER):
        return None
    return names.index(HEADER[0]), names.index(HEADER[1]), names.index(HEADER[2])


def _split(line: str, separator: str) -> list[tuple[str, int]] | None:
    """The fields of one line with their 1-based columns; `"…"` quotes a field (with `""`
    for a quote inside it). None when a quote is not closed."""
    fields: list[tuple[str, int]] = []
    i, n = 0, len(line)
    while True:
        while i < n and line[i] == " ":
            i += 1
        column = i + 1
        if i < n and line[i] == '"':
            i += 1
            value = []
            while True:
                if i >= n:
                    return None
                if line[i] == '"':
                    if i + 1 < n and line[i + 1] == '"':
                        value.append('"')
                        i += 2
                        continue
                    i += 1
                    break
                value.append(line[i])
                i += 1
            end = line.find(separator, i)
            end = n if end < 0 else end
            fields.append(("".join(value) + line[i:end], column))
        else:
            end = line.find(separator, i)
            end = n if end < 0 else end
            fields.append((line[column - 1 : end], column))
        if end >= n:
            return fields
        i = end + 1


def _row(
    path: Path,
    number: int,
    line: str,
    separator: str,
    order: tuple[int, int, int],
    findings: list[Finding],
) -> Row | None:
    fields = _split(line, separator)
    if fields is None:
        findings.append(
            Finding(
                "SP221",
                'Et anførselstegn (") er ikke lukket. Luk det, eller slet det.',
                path,
                number,
                1,
            )
        )
        return None
    if len(fields) != 3:
        hint = (
            " Brug punktum som decimaltegn, når felterne er adskilt af komma."
            if separator == "," and len(fields) == 4
            else ""
        )
        findings.append(
            Finding(
                "SP221",
                f"Rækken har {len(fields)} felter, men skal have tre: {_SHOWN_HEADER}.{hint}",
                path,
                number,
                1,
            )
        )
        return None
    (indicator, c0), (year_text, c1), (value_text, c2) = (fields[i] for i in order)
    columns = (c0, c1, c2)
    indicator, year_text, value_text = indicator.strip(), year_text.strip(), value_text.strip()
    year = int(year_text) if _YEAR.fullmatch(year_text) else None
    if year is None:
        findings.append(
            Finding(
                "SP222",
                f"«{year_text}» er ikke et årstal. Skriv året med fire cifre, fx 2025.",
                path,
                number,
                c1,
                "år",
            )
        )
    value = _number(value_text, separator)
    if value is None:
        findings.append(
            Finding("SP222", _bad_number(value_text, separator), path, number, c2, "værdi")
        )
    if year is None or value is None:
        return None
    return Row(path, number, columns, indicator, year, value, value_text)


def _number(text: str, separator: str) -> int | float | None:
    if not _NUMBER[separator].fullmatch(text):
        return None
    text = text.replace(",", ".")
    try:
        value: int | float = float(text) if "." in text else int(text)
        finite = math.isfinite(float(value))
    except (OverflowError, ValueError):  # ValueError: an integer of more than 4300 digits
        return None
    return value if finite else None


def _bad_number(text: str, separator: str) -> str:
    if not text:
        return "Værdien mangler. Skriv tallet, eller slet rækken."
    if len(text) > 40 and _NUMBER[separator].fullmatch(text):
        return f"«{text[:20]}…» er et tal med {len(text)} tegn; det er alt for stort. Ret værdien."
    if separator == "," and re.fullmatch("[+-]?[0-9]+,[0-9]+", text):
        return f"«{text}» er ikke et tal her: brug punktum som decimaltegn, fx 12.5."
    if separator == ";" and re.fullmatch("[+-]?[0-9.]+(,[0-9]+)?", text):
        return (
            f"«{text}» er tvetydigt: i en fil med semikolon er komma decimaltegn, og punktum "
            "kan være tusindtalsseparator. Skriv tallet uden punktum, fx 1234,5."
        )
    return f"«{text}» er ikke et tal. Skriv tallet med cifre, fx 12.5 (eller slet rækken)."


# --- the rows against the plans ----------------------------------------------------------------


@dataclass(frozen=True)
class _Site:
    doc: Document
    loc: Loc
    indicator: Indicator


def _indicator_sites(ws: Workspace) -> dict[str, _Site]:
    sites: dict[str, _Site] = {}
    for doc, plan in ws.valid_plans:
        for gi, goal in enumerate(plan.goals):
            for si, sub in enumerate(goal.sub_goals):
                for ii, ind in enumerate(sub.indicators):
                    loc = ("mål", gi, "delmål", si, "indikatorer", ii)
                    sites.setdefault(ind.id, _Site(doc, loc, ind))
    return sites


def _other_ids(plans: list[Plan]) -> dict[str, str]:
    """Ids that name something other than an indicator, with what they name."""
    kinds: dict[str, str] = {}
    for plan in plans:
        for goal in plan.goals:
            kinds[goal.id] = "et mål"
            for sub in goal.sub_goals:
                kinds[sub.id] = "et delmål"
        for initiative in plan.initiatives:
            kinds[initiative.id] = "en indsats"
    return kinds


def check(ws: Workspace) -> list[Finding]:
    """The rows of the files against the plans."""
    from sektorplan.load.workspace import UncheckedIds, shown_path

    sites = _indicator_sites(ws)
    others = _other_ids([plan for _, plan in ws.valid_plans])
    # Ids that plans which failed to load may define: not reported as unknown (the plan's
    # own findings say what is wrong), as with references between plans.
    unchecked = UncheckedIds(ws.plans)
    seen: dict[tuple[str, int], Row] = {}
    findings: list[Finding] = []
    for row in ws.measurements.rows:
        site = sites.get(row.indicator)
        if site is None:
            if row.indicator not in unchecked:
                findings.append(row.finding("SP223", _unknown(row.indicator, sites, others)))
            continue
        ind = site.indicator
        if row.year < ind.baseline.year:
            findings.append(
                row.finding(
                    "SP224",
                    f"Målingen fra {row.year} er fra før basisåret {ind.baseline.year} for "
                    f"{ind.id}. Ret året, eller slet rækken.",
                    1,
                )
            )
        inline = ind.measurements.get(row.year)
        if inline is not None and inline != row.value:
            line, _ = site.doc.position((*site.loc, "målinger", row.year))
            findings.append(
                row.finding(
                    "SP225",
                    f"{ind.id} har {row.text} i {row.year} her, men {inline} i "
                    f"{shown_path(site.doc.path)} linje {line}. Ret den forkerte værdi, eller "
                    "slet målingen i planen.",
                    2,
                )
            )
        first = seen.setdefault((row.indicator, row.year), row)
        if first is not row and first.value != row.value:
            findings.append(
                row.finding(
                    "SP226",
                    f"{ind.id} har {row.text} i {row.year} her, men {first.text} i "
                    f"{shown_path(first.file)} linje {first.line}. Slet den forkerte række.",
                    2,
                )
            )
    return findings


def _unknown(id_: str, sites: dict[str, _Site], others: dict[str, str]) -> str:
    if not id_:
        return "Rækken mangler indikatorens id. Skriv id'et, fx BS-1.1.a."
    if id_ in others:
        return f"«{id_}» er {others[id_]}, ikke en indikator. Skriv id'et på en indikator."
    import difflib

    close = difflib.get_close_matches(id_, sorted(sites), n=1, cutoff=0.6)
    text = f"Indikatoren «{id_}» findes ikke i planerne."
    return f"{text} Mente du «{close[0]}»?" if close else f"{text} Skriv id'et på en indikator."


def findings(ws: Workspace) -> list[Finding]:
    """Everything the measurement files give rise to: reading them, and against the plans."""
    return ws.measurements.findings + check(ws)


def merged(ws: Workspace) -> dict[str, dict[int, int | float]]:
    """Measurements by year for every indicator of the valid plans: the plan's own `målinger`
    and the rows of målinger/*.csv. Where they disagree (an error, SP225 or SP226), the plan
    wins over a file, and the first row (files by name, then line) over later ones."""
    result = {id_: dict(site.indicator.measurements) for id_, site in _indicator_sites(ws).items()}
    for row in ws.measurements.rows:
        if row.indicator in result:
            result[row.indicator].setdefault(row.year, row.value)
    return {id_: dict(sorted(values.items())) for id_, values in result.items()}
