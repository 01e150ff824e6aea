"""Word tables laid out from their content: no word broken in the middle, no amount wrapped.

A template's tables have fixed column widths, right for the example's texts and wrong for
another plan's (a narrow column breaks «Målværdier» into «Målværdie r»). After rendering,
each bordered table of text (not the amount tables, which `docx.fit_amount_tables` spreads
by year, as wide as their widest amount: `amount_layout`) gets its columns from what is in
them: every column at least as wide as its longest word (an amount or a year range as a
whole), the rest of the page shared by how much text each column holds. Text widths are
estimated from Arial's (and Liberation Sans's) character widths; an estimate is enough to
keep a word whole, with a margin for bold.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable
from typing import Any

# Advance widths of Arial / Liberation Sans, in 1/1000 em, for the characters that differ
# most from the average; every other character counts as AVERAGE.
_NARROW = dict.fromkeys("ijlI.,:;'!|fjtr ()[]-", 300)
_WIDE = dict.fromkeys("mwMW@%æÆ", 850)
_UPPER = 680
_DIGIT = 556
AVERAGE = 520
BOLD = 1.08
TABLE_TEXT_PT = 9.0  # «Tabeltekst»
CELL_MARGINS = 140  # twips: the table style's left and right cell margins (70 + 70)
TOLERANCE = 1.1  # estimate a little wide: a word that does not fit breaks in the middle
# A cell that is one number or amount (1.234.567, 84 %, 2027–2031): never wrapped.
_AMOUNT = re.compile(r"[-–+]?[\d.,]+(?:\s?(?:%|kr\.))?|\d{4}(?:[–-]\d{4})?")
MAX_HEADING_HEIGHT = 2400  # twips: an upright heading longer than this wraps
_ROTATED_BELOW = 700  # twips: a count column narrower than this turns its heading


def is_amount(text: str) -> bool:
    """A cell that is one number or amount (1.234.567, 84 %, 2027–2031): never wrapped."""
    return _AMOUNT.fullmatch(text.strip()) is not None


# The built-in Word templates' text width (A4, 2.5 cm margins), for choosing a layout before
# the document exists (render.context: how many year columns fit).
PAGE_TWIPS = 9070


def text_width(text: str, size_pt: float, bold: bool = False) -> int:
    """The estimated width of `text` in twips at `size_pt`."""
    units = 0
    for char in text:
        if char in _NARROW:
            units += _NARROW[char]
        elif char in _WIDE:
            units += _WIDE[char]
        elif char.isdigit():
            units += _DIGIT
        elif char.isupper():
            units += _UPPER
        else:
            units += AVERAGE
    return int(units / 1000 * size_pt * 20 * (BOLD if bold else 1) * TOLERANCE)


MIN_AMOUNT_PT = 7.0  # an amount table's type is made no smaller than this to fit the page


def amount_layout(
    cells: Iterable[tuple[int, str, bool]], widths: list[int], page: int
) -> tuple[list[int], float]:
    """The column widths and type size of an amount table, so that no amount wraps.
    `cells` are its one-column cells as (column, text, bold); `widths` the even layout
    (`docx.fit_amount_tables`), kept when every amount fits in it. Otherwise every amount
    column gets the width of the widest amount (evenly, so the years line up) and the first
    column the rest, at least its longest word; when even that does not fit the page, the
    type is made smaller (to at least MIN_AMOUNT_PT) for the whole table."""
    columns = len(widths)
    need = [0] * columns
    first_word = 0
    for column, text, bold in cells:
        text = text.strip()
        if not text:
            continue
        if column == 0:
            longest = max(text_width(word, TABLE_TEXT_PT, bold) for word in text.split())
            first_word = max(first_word, longest)
        elif column < columns and is_amount(text):
            need[column] = max(need[column], text_width(text, TABLE_TEXT_PT, bold))
    if columns < 2 or all(need[c] + CELL_MARGINS <= widths[c] for c in range(1, columns)):
        return widths, TABLE_TEXT_PT
    first_least = max(first_word + CELL_MARGINS, page * 15 // 100)
    widest = max(need[1:])
    size = TABLE_TEXT_PT
    room = (page - first_least) // (columns - 1) - CELL_MARGINS  # for an amount's text
    if widest > room:
        size = max(MIN_AMOUNT_PT, math.floor(TABLE_TEXT_PT * max(room, 0) / widest * 2) / 2)
    even = math.ceil(widest * size / TABLE_TEXT_PT) + CELL_MARGINS
    first = max(page - even * (columns - 1), math.ceil(first_least * size / TABLE_TEXT_PT))
    return [first] + [even] * (columns - 1), size


def content_fitting(document: Any, table_style: str, amount_style: str) -> Callable[[Any], None]:
    """`fit(tbl)` for one table of `document`: its columns from its content (see above), for
    tables in `table_style` without paragraphs in `amount_style`."""
    from docx.oxml.ns import qn

    from sektorplan.internals.wordpackage import style_id

    table_id = style_id(document, table_style)
    amount_id = style_id(document, amount_style)
    if table_id is None:
        return lambda tbl: None
    section = document.sections[0]
    page = int((section.page_width - section.left_margin - section.right_margin) / 635)
    w = {name: qn(f"w:{name}") for name in (
        "tblPr", "tblStyle", "tr", "tc", "tcPr", "tcW", "gridSpan", "tblGrid", "gridCol",
        "pStyle", "p", "r", "t", "b", "rPr", "val", "w", "type", "textDirection", "trPr",
        "tblHeader",
    )}  # fmt: skip

    def cell_text(cell: Any) -> tuple[list[str], bool]:
        paragraphs = []
        bold = False
        for paragraph in cell.iter(w["p"]):
            texts = []
            for run in paragraph.iter(w["r"]):
                properties = run.find(w["rPr"])
                if properties is not None and properties.find(w["b"]) is not None:
                    bold = True
                texts += [t.text or "" for t in run.iter(w["t"])]
            paragraphs.append("".join(texts))
        return paragraphs, bold

    def fit(tbl: Any) -> None:
        properties = tbl.find(w["tblPr"])
        style = None if properties is None else properties.find(w["tblStyle"])
        if style is None or style.get(w["val"]) != table_id:
            return
        if amount_id and any(s.get(w["val"]) == amount_id for s in tbl.iter(w["pStyle"])):
            turn_long_headings(tbl, w)  # its widths are the year columns' (fit_amount_tables)
            return
        if any(True for _ in tbl.iter(w["gridSpan"])):
            return
        rows = [row.findall(w["tc"]) for row in tbl.findall(w["tr"])]
        grid = tbl.find(w["tblGrid"])
        columns = len(grid.findall(w["gridCol"])) if grid is not None else 0
        if not rows or not columns or any(len(cells) != columns for cells in rows):
            return
        size = TABLE_TEXT_PT
        least = [0] * columns  # the longest word
        most = [0] * columns  # the longest paragraph
        heads = [0] * columns
        counts = [True] * columns  # every cell below the heading a short number
        for r, cells in enumerate(rows):
            for c, cell in enumerate(cells):
                paragraphs, bold = cell_text(cell)
                bold = bold or r == 0  # the heading row is bold by the table style
                for text in paragraphs:
                    text = text.strip()
                    if not text:
                        continue
                    whole = _AMOUNT.fullmatch(text) is not None
                    words = [text] if whole else text.split()
                    longest = max(text_width(word, size, bold) for word in words)
                    if r == 0:
                        heads[c] = max(heads[c], longest)
                    else:
                        least[c] = max(least[c], longest)
                        if not (whole and len(text) <= 4):
                            counts[c] = False
                    most[c] = max(most[c], text_width(text, size, bold))
        usable = page - CELL_MARGINS * columns
        # A column of small counts under a long heading turns its heading upright.
        turned = [
            counts[c] and len(rows) > 1 and heads[c] > max(least[c], _ROTATED_BELOW)
            for c in range(columns)
        ]
        need = [
            max(least[c], text_width("00", size) if turned[c] else heads[c]) for c in range(columns)
        ]
        if sum(need) > usable:
            return  # cannot fit whole words: keep the template's widths
        spare = usable - sum(need)
        wants = [max(most[c] - need[c], 0) for c in range(columns)]
        total_wants = sum(wants)
        widths = [
            need[c] + (spare * wants[c] // total_wants if total_wants else spare // columns)
            for c in range(columns)
        ]
        widths[0] += usable - sum(widths)  # what rounding left over
        widths = [width + CELL_MARGINS for width in widths]
        for column, width in zip(grid.findall(w["gridCol"]), widths, strict=True):
            column.set(w["w"], str(width))
        for r, cells in enumerate(rows):
            for c, cell in enumerate(cells):
                cell_width = cell.find(w["tcPr"])
                found = None if cell_width is None else cell_width.find(w["tcW"])
                if found is not None:
                    found.set(w["w"], str(widths[c]))
                    found.set(w["type"], "dxa")
                if r == 0 and turned[c]:
                    _turn(cell, w)
        if any(turned):
            _heading_height(tbl, w, max(heads[c] for c in range(columns) if turned[c]))

    return fit


def turn_long_headings(tbl: Any, w: dict[str, str]) -> None:
    """In a table whose widths are set (an amount table), a heading with a word longer than
    its column (over a column of small counts) is turned upright instead of broken."""
    grid = tbl.find(w["tblGrid"])
    rows = tbl.findall(w["tr"])
    if grid is None or len(rows) < 2:
        return
    widths = [int(col.get(w["w"], "0")) for col in grid.findall(w["gridCol"])]
    head = rows[0].findall(w["tc"])
    if len(head) != len(widths) or any(True for _ in rows[0].iter(w["gridSpan"])):
        return
    tallest = 0
    for cell, width in zip(head, widths, strict=True):
        words = "".join(t.text or "" for t in cell.iter(w["t"])).split()
        longest = max((text_width(word, TABLE_TEXT_PT, True) for word in words), default=0)
        if longest > width - CELL_MARGINS:
            _turn(cell, w)
            tallest = max(tallest, text_width(" ".join(words), TABLE_TEXT_PT, True))
    if tallest:
        _heading_height(tbl, w, tallest)


def _heading_height(tbl: Any, w: dict[str, str], text: int) -> None:
    """The heading row tall enough for its upright text (Word does not grow a row for it)."""
    from docx.oxml.ns import qn

    row = tbl.find(w["tr"])
    properties = row.find(w["trPr"])
    if properties is None:
        properties = row.makeelement(w["trPr"], {})
        row.insert(0, properties)
    height = properties.find(qn("w:trHeight"))
    if height is None:
        height = properties.makeelement(qn("w:trHeight"), {})
        properties.append(height)
    height.set(w["val"], str(min(text + CELL_MARGINS, MAX_HEADING_HEIGHT)))
    height.set(qn("w:hRule"), "atLeast")


def _turn(cell: Any, w: dict[str, str]) -> None:
    """The cell's text upright, read from the bottom (Word's btLr)."""
    properties = cell.find(w["tcPr"])
    if properties is None:
        properties = cell.makeelement(w["tcPr"], {})
        cell.insert(0, properties)
    if properties.find(w["textDirection"]) is not None:
        return
    direction = properties.makeelement(w["textDirection"], {w["val"]: "btLr"})
    # The schema's order: textDirection after shd, noWrap and tcMar; before tcFitText …
    for child in properties:
        if child.tag.split("}")[-1] in ("tcFitText", "vAlign", "hideMark"):
            child.addprevious(direction)
            return
    properties.append(direction)
