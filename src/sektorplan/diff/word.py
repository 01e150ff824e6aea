"""The change report as a Word document, for the hearing note and the political case.

It is written in the municipality's Word template, found as the plans' documents find it
(`render.docx.find_template`: `word-skabelon` in sektorplan.yaml, skabeloner/sektorplan.docx,
the built-in one): its page, styles, header and footer, with the template's body (the plan's
Jinja tags) taken out and the report put in its place. The header and footer are filled as
for a plan, with the report's title where a plan's would stand; a value there that only a plan
has is left empty. The content is the same blocks as the text and Markdown reports
(`report.blocks`): a table old → new for each changed item, with removed words red and struck
through and added words underlined in green, and the economy's differences per year.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from sektorplan import __version__
from sektorplan.diff import report
from sektorplan.diff.run import Diff
from sektorplan.load.workspace import Workspace, shown_path
from sektorplan.model.plan import text_in
from sektorplan.render.errors import RenderError

REMOVED_COLOUR = "C00000"
ADDED_COLOUR = "00703C"
TABLE_STYLES = ("Sektorplan tabel", "Table Grid")
CHANGE_COLUMNS_CM = (3.0, 5.2, 5.2, 2.6)  # field, old, new, difference: 16 cm of text width
CELL_STYLE, NUMBER_STYLE = "Tabeltekst", "Tabeltal"


def report_paths(output: Path, languages: list[str]) -> list[tuple[str, Path]]:
    """The report in the workspace's first language in `output`; in each other language
    next to it, named with the language: ændringer.docx, ændringer-kl.docx."""
    paths = [(languages[0], output)]
    for language in languages[1:]:
        paths.append((language, output.with_name(f"{output.stem}-{language}{output.suffix}")))
    return paths


def word_report(diff: Diff, ws: Workspace, language: str) -> bytes:
    """The .docx bytes of the report in `language`, reproducibly (SOURCE_DATE_EPOCH)."""
    from sektorplan.i18n import labels as plan_labels
    from sektorplan.paths import build_time
    from sektorplan.render.docx import (
        find_template,
        keep_short_tables,
        mark_header_rows,
        packaged,
        stamp,
    )
    from sektorplan.render.formatting import Formatter
    from sektorplan.render.look import logo_of, look, recolour_word

    lab = report.labels(language)
    fixed = plan_labels(language)
    formatter = Formatter(fixed["locale"], fixed["currency"])
    numbers = report.Numbers(formatter.number, formatter.amount)
    primary = ws.config.primary_language if ws.config else "da"
    municipality = text_in(ws.config.municipality, language, primary) if ws.config else ""
    title = report.title(diff, lab)
    template = find_template(ws)
    context = {
        "municipality": municipality,
        "language": language,
        "generator": f"sektorplan {__version__}",
        "labels": fixed,
        "title": title,
        "plan": {"title": title, "department": {"name": lab["subtitle"]}},
    }
    logo = logo_of(ws.root, ws.config) if ws.config else None
    tpl = _frame(template, context, logo)
    _Writer(tpl.docx, lab).add(report.blocks(diff, language, numbers))
    keep_short_tables(tpl.docx)
    mark_header_rows(tpl.docx)  # header cells for screen readers and tagged PDF
    if ws.config:
        recolour_word(tpl.docx, look(ws.root, ws.config))  # the workspace's farver
    when = build_time()
    stamp(tpl.docx, context, title, lab["subtitle"], when)
    return packaged(tpl, when)


def _frame(template: Path, context: dict[str, Any], logo: Any) -> Any:
    """The template with an empty body and its header, footer and properties filled, the
    workspace's logo (`logo`) in the header as in the plans' documents."""
    from docxtpl import DocxTemplate
    from jinja2 import ChainableUndefined, Environment, TemplateError

    from sektorplan.render.docx import logo_description, logo_pictures, read_word_template

    shown = shown_path(template)
    data = read_word_template(template)  # within the limits the plans' documents keep to
    try:
        tpl = DocxTemplate(io.BytesIO(data))
        tpl.init_docx()
    except Exception:  # python-docx raises several kinds for a file that is not .docx
        raise RenderError(
            f"Word-skabelonen {shown} kan ikke læses som et Word-dokument (.docx). "
            "Gem den som .docx i Word."
        ) from None
    body = tpl.docx.element.body
    for child in list(body):
        if not child.tag.endswith("}sectPr"):
            body.remove(child)
    env = Environment(autoescape=True, undefined=ChainableUndefined)
    try:
        pictures = logo_pictures(tpl, logo, logo_description(context))
        values = {**_escaped(context), **pictures}
        tpl.render(values, jinja_env=env, autoescape=True)
    except TemplateError as exc:
        raise RenderError(
            f"{shown}: sidehovedet eller sidefoden i Word-skabelonen fejler ({exc}). "
            "Ret skabelonen."
        ) from None
    return tpl


def _escaped(value: Any) -> Any:
    """Every text of the context as XML with braces as references: neither Jinja nor
    docxtpl's clean-up of the rendered XML can read a brace from a name as a tag."""
    from markupsafe import Markup, escape

    if isinstance(value, dict):
        return {k: _escaped(v) for k, v in value.items()}
    if isinstance(value, str):
        return Markup(str(escape(value)).replace("{", "&#123;").replace("}", "&#125;"))
    return value


class _Writer:
    """Blocks into the document, in the template's styles where it has them."""

    def __init__(self, document: Any, lab: dict[str, Any]) -> None:
        self.doc = document
        self.lab = lab
        self.styles = {s.name for s in document.styles}
        self.table_style = next((s for s in TABLE_STYLES if s in self.styles), None)

    def style(self, name: str, fallback: str | None = None) -> str | None:
        if name in self.styles:
            return name
        return fallback if fallback in self.styles else None

    def add(self, blocks: Iterable[report.Block]) -> None:
        first = True
        for block in blocks:
            if isinstance(block, report.Heading):
                if first:
                    self.doc.add_paragraph(block.text, style=self.style("Title"))
                    self._legend()
                    first = False
                else:
                    style = self.style(f"Heading {min(block.level - 1, 3)}")
                    self.doc.add_paragraph(block.text, style=style)
            elif isinstance(block, report.Para):
                self._runs(self.doc.add_paragraph(), block.runs)
            elif isinstance(block, report.Changes):
                self._changes(block)
            else:
                self._table(block)

    def _legend(self) -> None:
        """Under the title: how removed and added text look."""
        lab = self.lab
        paragraph = self.doc.add_paragraph(style=self.style("Subtitle"))
        self._runs(
            paragraph,
            [(report.OLD, lab["removed"]), (report.PLAIN, " · "), (report.NEW, lab["added"])],
        )

    def _runs(self, paragraph: Any, runs: Iterable[report.Run]) -> None:
        from docx.shared import RGBColor

        for style, text in runs:
            run = paragraph.add_run(text)
            if style == report.OLD:
                run.font.strike = True
                run.font.color.rgb = RGBColor.from_string(REMOVED_COLOUR)
            elif style == report.NEW:
                run.font.underline = True
                run.font.color.rgb = RGBColor.from_string(ADDED_COLOUR)
            elif style == report.STRONG:
                run.bold = True

    def _new_table(self, header: Iterable[str], columns: int, numeric: set[int]) -> Any:
        table = self.doc.add_table(rows=1, cols=columns)
        if self.table_style:
            table.style = self.table_style
        for i, (cell, text) in enumerate(zip(table.rows[0].cells, header, strict=True)):
            self._cell(cell, [(report.STRONG, text)], i in numeric)
        return table

    def _cell(self, cell: Any, runs: Iterable[report.Run], numeric: bool = False) -> None:
        from docx.enum.text import WD_ALIGN_PARAGRAPH

        paragraph = cell.paragraphs[0]
        style = self.style(NUMBER_STYLE if numeric else CELL_STYLE, CELL_STYLE)
        if style:
            paragraph.style = style
        if numeric:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        self._runs(paragraph, runs)

    def _changes(self, block: report.Changes) -> None:
        from docx.shared import Cm

        table = self._new_table(block.header, 4, {3})
        for name, old, new, difference in block.rows:
            cells = table.add_row().cells
            self._cell(cells[0], [(report.PLAIN, name)])
            self._cell(cells[1], old)
            self._cell(cells[2], new)
            self._cell(cells[3], [(report.PLAIN, difference)], numeric=True)
        table.autofit = False
        for column, width in zip(table.columns, CHANGE_COLUMNS_CM, strict=True):
            column.width = Cm(width)  # the grid, which LibreOffice reads
            for cell in column.cells:
                cell.width = Cm(width)  # each cell, which Word reads
        self.doc.add_paragraph()

    def _table(self, block: report.Table) -> None:
        columns = len(block.header)
        numeric = set(range(block.text_columns, columns))
        table = self._new_table(block.header, columns, numeric)
        for i, row in enumerate(block.rows):
            strong = block.last_row_total and i == len(block.rows) - 1
            cells = table.add_row().cells
            for j, text in enumerate(row):
                style = report.STRONG if strong else report.PLAIN
                self._cell(cells[j], [(style, text)], numeric=j in numeric)
        self.doc.add_paragraph()
