"""The translators' spreadsheet (`sektorplan oversæt udtræk` writes it, `indlæs` reads it).

One row per text: where it is (file, path in the file, id), the source in the primary
language, the translation the file already has, the source's fingerprint (so a source
changed since the sheet was made is noticed), and the column the translator fills. Every
cell is text: a source beginning with "=" stays text, never a formula.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

from sektorplan.errors import SektorplanError
from sektorplan.translate.texts import Text, fingerprint

SHEET = "Oversættelse"
FIXED = ("Fil", "Sti", "Id")
FINGERPRINT = "Fingeraftryk"
WIDTHS = (18, 34, 12, 60, 60, 18, 60)


def header(primary: str, language: str) -> tuple[str, ...]:
    return (
        *FIXED,
        f"Kilde ({primary})",
        f"Nuværende ({language})",
        FINGERPRINT,
        f"Oversættelse ({language})",
    )


class SheetError(SektorplanError):
    """What is wrong with a sheet, in Danish, naming sheet, row and column."""


@dataclass(frozen=True)
class Row:
    number: int  # the row in the sheet (the header is row 1)
    file: str
    path: str
    id: str
    source: str
    fingerprint: str
    translation: str


def workbook_bytes(texts: list[Text], primary: str, language: str) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    book = Workbook()
    sheet = book.active
    sheet.title = SHEET
    names = header(primary, language)
    bold = Font(bold=True, color="FFFFFF")
    fill = PatternFill("solid", fgColor="1F4E79")
    for col, name in enumerate(names, start=1):
        cell = sheet.cell(row=1, column=col, value=name)
        cell.font = bold
        cell.fill = fill
        cell.alignment = Alignment(vertical="center")
    wrap = Alignment(wrap_text=True, vertical="top")
    for number, text in enumerate(texts, start=2):
        values = (
            text.name,
            text.path,
            text.id,
            text.source,
            text.in_language(language),
            fingerprint(text.source),
            "",
        )
        for col, value in enumerate(values, start=1):
            cell = sheet.cell(row=number, column=col)
            cell.value = value
            cell.data_type = "s"  # "=..." is text, not a formula
            cell.alignment = wrap
    for col, width in enumerate(WIDTHS, start=1):
        sheet.column_dimensions[get_column_letter(col)].width = width
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(names))}{max(1, len(texts) + 1)}"
    out = io.BytesIO()
    book.save(out)
    return _fixed_times(out.getvalue())


def _fixed_times(data: bytes) -> bytes:
    """The same texts give the same file: openpyxl stamps the time it saved in docProps."""
    import re
    import zipfile

    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            member = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                member = re.sub(
                    rb"(<dcterms:(created|modified)[^>]*>)[^<]*",
                    rb"\g<1>2000-01-01T00:00:00Z",
                    member,
                )
            fixed = zipfile.ZipInfo(info.filename, date_time=(2000, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(fixed, member)
    return out.getvalue()


def read_rows(path: Path, shown: str) -> tuple[str, str, list[Row]]:
    """The sheet's primary language, target language and rows. Anything wrong: SheetError
    with every problem found, each naming sheet, row and column."""
    from openpyxl import load_workbook
    from openpyxl.utils import get_column_letter

    try:
        book = load_workbook(path, data_only=False)
    except Exception as exc:  # openpyxl raises many kinds for a file that is no workbook
        raise SheetError(
            f"{shown} kan ikke læses som et Excel-regneark (.xlsx) ({type(exc).__name__}). "
            "Gem filen som Excel-projektmappe, og prøv igen."
        ) from None
    if SHEET not in book.sheetnames:
        raise SheetError(
            f"{shown}: arket «{SHEET}» findes ikke (arkene er: {', '.join(book.sheetnames)}). "
            "Brug regnearket fra sektorplan oversæt udtræk, og omdøb ikke arket."
        )
    sheet = book[SHEET]
    where = f"{shown}, ark «{SHEET}»"
    found = [sheet.cell(row=1, column=c).value for c in range(1, 8)]
    primary, language = _languages(found)
    wanted = header(primary, language) if primary and language else None
    if wanted is None or tuple(found) != wanted or sheet.max_column > len(wanted):
        expected = header(primary or "da", language or "kl")
        for col in range(1, max(sheet.max_column, len(expected)) + 1):
            have = sheet.cell(row=1, column=col).value
            want = expected[col - 1] if col <= len(expected) else None
            if have != want:
                letter = get_column_letter(col)
                got = f"«{have}»" if have not in (None, "") else "en tom celle"
                needs = f"«{want}»" if want else "ingen kolonne"
                raise SheetError(
                    f"{where}, række 1, kolonne {letter}: her står {got}, men der skal stå "
                    f"{needs}. Kolonnerne skal være: {', '.join(expected)}. Brug regnearket "
                    "fra sektorplan oversæt udtræk uden at flytte eller omdøbe kolonner."
                )
    problems = []
    rows = []
    for number in range(2, sheet.max_row + 1):
        cells = [sheet.cell(row=number, column=c) for c in range(1, 8)]
        if all(c.value in (None, "") for c in cells):
            continue
        bad = False
        for col, cell in enumerate(cells, start=1):
            if cell.data_type == "f":
                problems.append(
                    f"{where}, række {number}, kolonne {get_column_letter(col)} "
                    f"({wanted[col - 1]}): cellen er en formel ({cell.value}). Skriv teksten "
                    "uden = foran, eller formatér cellen som tekst."
                )
                bad = True
        if bad:
            continue
        values = ["" if c.value is None else str(c.value) for c in cells]
        if not values[6].strip():
            problems.append(
                f"{where}, række {number}, kolonne G ({wanted[6]}): oversættelsen er tom. "
                "Skriv oversættelsen, eller slet rækken."
            )
            continue
        rows.append(Row(number, values[0], values[1], values[2], values[3], values[5], values[6]))
    if problems:
        raise SheetError("\n".join(problems))
    return primary, language, rows


def _languages(found: list[object]) -> tuple[str, str]:
    import re

    def code(value: object, label: str) -> str:
        match = re.fullmatch(rf"{label} \((da|kl|en)\)", str(value or ""))
        return match.group(1) if match else ""

    return code(found[3], "Kilde"), code(found[6], "Oversættelse")
