"""build/oversigt.xlsx: the overview as a workbook economists can calculate with.

Sheets: initiatives with construction and operation by year, indicators with baseline,
targets and measurements, the SDG and core-value matrices, and construction and operation by
year per forvaltning against the frame. Every number is a real number with a number format
(Excel shows it with the reader's separators: 1.234.567 in a Danish Excel), never text.
The bytes are reproducible: the document properties carry the build time and the zip entries
a fixed time stamp.
"""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal
from typing import Any

from sektorplan.model.money import is_whole
from sektorplan.model.money import total as amount_total
from sektorplan.overview.data import Matrix, Overview, YearTable, labels

AMOUNT = "#,##0"
AMOUNT_ØRE = "#,##0.00"
NUMBER = "#,##0.########"
HEADER_FILL = "DDE4EE"
OVER_FILL = "F4C7C3"
TOTAL_FILL = "F2F2F2"


def workbook_bytes(overview: Overview, plan_labels: dict[str, Any], when: dt.datetime) -> bytes:
    """The workbook for `overview`; `plan_labels` are the plans' fixed texts (statuses, types,
    "I alt") in the overview's language, `when` the build time."""
    from openpyxl import Workbook
    from openpyxl.writer.excel import ExcelWriter

    ov = labels(overview.language)
    book = Workbook()
    sheets = _Sheets(book, overview, plan_labels, ov)
    sheets.initiatives(book.active)
    sheets.indicators(book.create_sheet())
    sheets.matrix(book.create_sheet(), ov["sheets"]["sdg"], overview.sdg, colours=True)
    sheets.matrix(book.create_sheet(), ov["sheets"]["core_values"], overview.core_values)
    sheets.years(book.create_sheet(), ov["sheets"]["construction"], overview.construction, True)
    sheets.years(book.create_sheet(), ov["sheets"]["operation"], overview.operation, False)

    stamp = when.astimezone(dt.UTC).replace(tzinfo=None)
    book.properties.creator = "sektorplan"
    book.properties.title = ov["title"]
    book.properties.created = stamp
    book.properties.modified = stamp
    buffer = io.BytesIO()
    # ExcelWriter, not Workbook.save: save() stamps the properties with the current time.
    import zipfile

    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(book, archive).write_data()
    from sektorplan.render.ziparchive import (
        normalize,  # the same reproducible zip as the Word documents
    )

    return normalize(buffer.getvalue(), when)


class _Sheets:
    def __init__(
        self, book: Any, overview: Overview, plan_labels: dict[str, Any], ov: dict[str, Any]
    ) -> None:
        from openpyxl.styles import Alignment, Font, PatternFill

        self.book = book
        self.overview = overview
        self.labels = plan_labels
        self.ov = ov
        self.bold = Font(bold=True)
        self.header_fill = PatternFill("solid", fgColor=HEADER_FILL)
        self.over_fill = PatternFill("solid", fgColor=OVER_FILL)
        self.total_fill = PatternFill("solid", fgColor=TOTAL_FILL)
        self.wrap = Alignment(wrap_text=True, vertical="top")
        self.Font, self.PatternFill = Font, PatternFill
        self.lines: dict[int, int] = {}  # rows written per sheet (openpyxl's max_row counts)

    def append(self, sheet: Any, values: list[Any]) -> int:
        """Append a row; its number. (Asking openpyxl for max_row or a whole row scans every
        cell: quadratic for a sheet of thousands of rows.)"""
        sheet.append(values)
        line = self.lines[id(sheet)] = self.lines.get(id(sheet), 0) + 1
        for column, value in enumerate(values, start=1):
            if isinstance(value, str):
                # Text is text: openpyxl makes "=…" a formula and "#N/A" an error value, so
                # a plan's title could run as a formula in Excel.
                sheet.cell(line, column).data_type = "s"
        return line

    # --- helpers -------------------------------------------------------------------------------

    def header(self, sheet: Any, title: str, columns: list[str]) -> None:
        sheet.title = title[:31]
        self.append(sheet, columns)
        for cell in sheet[1]:
            cell.font = self.bold
            cell.fill = self.header_fill
            cell.alignment = self.wrap
        sheet.freeze_panes = "A2"

    def amount(self, cell: Any, value: Decimal | int | float | None) -> None:
        if value is None:
            return
        cell.value = _number(value)
        cell.number_format = AMOUNT if is_whole(value) else AMOUNT_ØRE

    def widths(self, sheet: Any, widths: dict[str, float]) -> None:
        for column, width in widths.items():
            sheet.column_dimensions[column].width = width

    def department(self, dept_id: str) -> str:
        return self.overview.departments.get(dept_id, dept_id)

    # --- the sheets ------------------------------------------------------------------------

    def initiatives(self, sheet: Any) -> None:
        from openpyxl.utils import get_column_letter

        ov, lb, years = self.ov, self.labels, self.overview.years
        fixed = [
            lb["department"],
            ov["file"],
            lb["initiative"],
            ov["column_title"],
            lb["type"],
            ov["starts"],
            ov["ends"],
            lb["places"],
            ov["column_owner"],
        ]
        total = lb["total"].lower()
        money = []  # (heading, amounts by year of each initiative, or None for the row sum)
        for kind, key in (("anlæg", "construction"), ("drift", "operation")):
            name = lb["types"][kind]
            money += [(f"{name} {y}", key, y) for y in years]
            money.append((f"{name} {total}", key, None))
        self.header(sheet, ov["sheets"]["initiatives"], fixed + [m[0] for m in money])
        sums = [Decimal(0)] * len(money)
        for row in self.overview.initiatives:
            line = self.append(
                sheet,
                [
                    row.department,
                    row.file,
                    row.initiative.id,
                    row.initiative.title,
                    lb["types"].get(row.type, row.type),
                    row.start,
                    row.end,
                    ", ".join(row.places),
                    row.owner,
                ],
            )
            for i, (_, key, year) in enumerate(money):
                amounts = getattr(row, key)
                value = amount_total(amounts.values()) if year is None else amounts.get(year)
                self.amount(sheet.cell(line, len(fixed) + 1 + i), value)
                sums[i] = amount_total((sums[i], value or 0))
        line = self.append(sheet, [lb["total"]])
        for i, value in enumerate(sums):
            self.amount(sheet.cell(line, len(fixed) + 1 + i), value)
        self.emphasise(sheet, line, len(fixed) + len(money))
        self.widths(sheet, {"A": 12, "B": 18, "C": 12, "D": 48, "E": 12, "H": 24, "I": 28})
        for i in range(len(fixed) + 1, len(fixed) + len(money) + 1):
            sheet.column_dimensions[get_column_letter(i)].width = 14

    def emphasise(self, sheet: Any, line: int, width: int) -> None:
        for column in range(1, width + 1):
            cell = sheet.cell(line, column)
            cell.font = self.bold
            cell.fill = self.total_fill

    def indicators(self, sheet: Any) -> None:
        ov, lb = self.ov, self.labels
        rows = self.overview.indicators
        target_years = sorted({y for r in rows for y in r.targets})
        measured_years = sorted({y for r in rows for y in r.measurements})
        columns = [
            lb["department"],
            ov["goals"],
            ov["sub_goals"],
            lb["indicator"],
            ov["column_name"],
            ov["unit"],
            ov["direction"],
            ov["baseline_year"],
            ov["baseline"],
            *(f"{ov['target']} {y}" for y in target_years),
            *(f"{ov['measurement']} {y}" for y in measured_years),
            ov["progress_status"],
        ]
        self.header(sheet, ov["sheets"]["indicators"], columns)
        for row in rows:
            values: list[Any] = [
                row.department,
                row.goal,
                row.sub_goal,
                row.id,
                row.name,
                row.unit,
                row.direction,
                row.baseline[0],
                row.baseline[1],
            ]
            values += [row.targets.get(y) for y in target_years]
            values += [row.measurements.get(y) for y in measured_years]
            values.append(self.labels["progress_statuses"][row.status])
            line = self.append(sheet, values)
            for column, value in enumerate(values, start=1):
                if column >= 9 and isinstance(value, int | float):
                    sheet.cell(line, column).number_format = NUMBER
        self.widths(sheet, {"A": 12, "B": 10, "C": 10, "D": 12, "E": 48, "F": 10, "G": 8})

    def matrix(self, sheet: Any, title: str, matrix: Matrix, colours: bool = False) -> None:
        from openpyxl.utils import get_column_letter

        from sektorplan.render.context import readable_text_colour

        lb = self.labels
        names = [
            f"{c} {n}" if colours else n
            for c, n in zip(matrix.columns, matrix.column_names, strict=True)
        ]
        self.header(sheet, title, [lb["department"], *names, lb["total"]])
        if colours:
            for cell, colour in zip(sheet[1][1:], matrix.colours, strict=False):
                cell.fill = self.PatternFill("solid", fgColor=colour.lstrip("#").upper())
                text = readable_text_colour(colour).lstrip("#").upper()
                cell.font = self.Font(bold=True, color=text)
        for dept, counts, total in zip(
            matrix.rows, matrix.counts, matrix.row_totals(), strict=True
        ):
            self.append(sheet, [self.department(dept), *counts, total])
        line = self.append(sheet, [lb["total"], *matrix.column_totals(), sum(matrix.row_totals())])
        self.emphasise(sheet, line, len(names) + 2)
        sheet.column_dimensions["A"].width = 40
        for i in range(2, len(names) + 3):
            sheet.column_dimensions[get_column_letter(i)].width = 16 if colours else 24

    def years(self, sheet: Any, title: str, table: YearTable, frame: bool) -> None:
        from openpyxl.utils import get_column_letter

        lb, ov = self.labels, self.ov
        self.header(sheet, title, [lb["department"], *map(str, table.years), lb["total"]])
        for dept, amounts, total in zip(table.rows, table.amounts, table.row_totals(), strict=True):
            line = self.append(sheet, [self.department(dept)])
            for i, value in enumerate([*amounts, total], start=2):
                self.amount(sheet.cell(line, i), value)
        totals_line = self.append(sheet, [lb["total"]])
        for i, value in enumerate([*table.totals(), table.total()], start=2):
            self.amount(sheet.cell(totals_line, i), value)
        self.emphasise(sheet, totals_line, len(table.years) + 2)
        if frame and table.frame:
            line = self.append(sheet, [ov["frame"]])
            for i, value in enumerate(table.frame, start=2):
                self.amount(sheet.cell(line, i), value)
            line = self.append(sheet, [ov["over_frame"]])
            for i, over in enumerate(table.over_frame(), start=2):
                if over:
                    sheet.cell(line, i).value = ov["yes_mark"]
                    for marked in (totals_line, line):
                        sheet.cell(marked, i).fill = self.over_fill
        sheet.column_dimensions["A"].width = 40
        for i in range(2, len(table.years) + 3):
            sheet.column_dimensions[get_column_letter(i)].width = 15


def _number(value: Decimal | int | float) -> int | float:
    """A Decimal as the int or float openpyxl writes as a number cell."""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral() else float(value)
    return value
