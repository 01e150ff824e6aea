"""Build the default Word template, templates/sektorplan.docx, with python-docx.

    python scripts/build_word_template.py            # writes templates/sektorplan.docx
    python scripts/build_word_template.py OUT.docx   # somewhere else

The template is an ordinary Word document with named styles (Normal, Title, Heading 1-3,
TOC 1-2, «Sektorplan tabel», «Sektorplan fakta», «Tabeltekst», «Tabelnote»), A4 pages, a
header with the municipality's name and a cell for its logo, a footer with page numbers,
and docxtpl's Jinja tags where the plan goes. A municipality restyles it in Word (see
README.md); this script is only needed to start again from the default. The same input
gives the same bytes: tests/test_render.py checks the file in the repository
(test_the_word_template_in_the_repository_is_what_the_script_builds).
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm, Pt, RGBColor

HERE = Path(__file__).resolve().parent.parent / "templates"
OUTPUT = HERE / "sektorplan.docx"

# Arial: in Word as it is, and in LibreOffice (the PDF) as Liberation Sans, which has the
# same metrics and ships with LibreOffice, so the pages break in the same places. Calibri's
# stand-in, Carlito, is not installed with LibreOffice everywhere.
FONT = "Arial"
HEADING_FONT = "Arial"
FALLBACK_FONT = "Liberation Sans"
DRAFT = RGBColor(0xC5, 0x19, 0x2D)  # the «Udkast»/«Høringsudkast» mark
ACCENT = RGBColor(0x1F, 0x4E, 0x79)  # headings and table heads
MUTED = RGBColor(0x52, 0x60, 0x6D)
HEAD_FILL = "DCE6F0"
LINE = "A6B4C2"
LANGUAGE = "da-DK"
CONTENT_WIDTH = Cm(16)
FACT_LABEL_WIDTH = Cm(5.5)  # a fact's label, before its value (Builder.fact)


# --- styles --------------------------------------------------------------------------------


def _font(style, size: float, *, bold: bool = False, colour: RGBColor | None = None, name=FONT):
    style.font.name = name
    style.font.size = Pt(size)
    style.font.bold = bold
    if colour is not None:
        style.font.color.rgb = colour
    rpr = style.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attr), name)
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:cstheme", "w:eastAsiaTheme"):
        fonts.attrib.pop(qn(attr), None)


def _spacing(style, before: float, after: float, line: float | None = None) -> None:
    fmt = style.paragraph_format
    fmt.space_before = Pt(before)
    fmt.space_after = Pt(after)
    if line is not None:
        fmt.line_spacing = line


def _paragraph_style(doc, name: str, base: str = "Normal"):
    styles = doc.styles
    style = styles[name] if name in [s.name for s in styles] else None
    if style is None:
        style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    style.base_style = styles[base]
    style.quick_style = True
    return style


def _language(doc) -> None:
    """Danish spelling and hyphenation for the whole document."""
    rpr_default = doc.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault"))
    rpr = rpr_default.find(qn("w:rPr"))
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:val"), LANGUAGE)
    lang.set(qn("w:eastAsia"), LANGUAGE)
    lang.set(qn("w:bidi"), "ar-SA")
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:cstheme", "w:eastAsiaTheme"):
        fonts.attrib.pop(qn(attr), None)
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attr), FONT)


def font_table(doc) -> None:
    """The font table names Liberation Sans as Arial's stand-in (metric-compatible)."""
    part = doc.part.font_table_part if hasattr(doc.part, "font_table_part") else None
    for rel in doc.part.rels.values():
        if rel.reltype.endswith("/fontTable"):
            part = rel.target_part
    if part is None:
        return
    from lxml import etree

    root = etree.fromstring(part.blob)
    for font in root.findall(qn("w:font")):
        if font.get(qn("w:name")) == FONT:
            root.remove(font)
    root.insert(
        0,
        parse_xml(
            f'<w:font {nsdecls("w")} w:name="{FONT}"><w:altName w:val="{FALLBACK_FONT}"/>'
            '<w:panose1 w:val="020B0604020202020204"/><w:charset w:val="00"/>'
            '<w:family w:val="swiss"/><w:pitch w:val="variable"/></w:font>'
        ),
    )
    part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _no_letter_spacing(style) -> None:
    rpr = style.element.get_or_add_rPr()
    for tag in ("w:spacing", "w:i", "w:iCs"):
        for node in rpr.findall(qn(tag)):
            rpr.remove(node)


def _table_style(doc, name: str, *, borders: bool, head: bool):
    style = doc.styles.add_style(name, WD_STYLE_TYPE.TABLE)
    style.base_style = doc.styles["Normal Table"]
    style.font.name = FONT
    style.font.size = Pt(9)
    border = f'w:val="single" w:sz="4" w:space="0" w:color="{LINE}"'
    edges = "".join(
        f"<w:{edge} {border}/>" for edge in ("top", "left", "bottom", "right", "insideH", "insideV")
    )
    tbl_borders = f"<w:tblBorders>{edges}</w:tblBorders>" if borders else ""
    style.element.append(
        parse_xml(f'<w:pPr {nsdecls("w")}><w:spacing w:before="20" w:after="20"/></w:pPr>')
    )
    style.element.append(
        parse_xml(
            f"<w:tblPr {nsdecls('w')}>{tbl_borders}"
            '<w:tblCellMar><w:top w:w="40" w:type="dxa"/><w:left w:w="70" w:type="dxa"/>'
            '<w:bottom w:w="40" w:type="dxa"/><w:right w:w="70" w:type="dxa"/></w:tblCellMar>'
            "</w:tblPr>"
        )
    )
    if head:
        style.element.append(
            parse_xml(
                f'<w:tblStylePr {nsdecls("w")} w:type="firstRow"><w:rPr><w:b/>'
                f'<w:color w:val="{ACCENT}"/></w:rPr><w:tblPr/><w:trPr><w:tblHeader/></w:trPr>'
                f'<w:tcPr><w:shd w:val="clear" w:color="auto" w:fill="{HEAD_FILL}"/></w:tcPr>'
                "</w:tblStylePr>"
            )
        )
    else:
        style.element.append(
            parse_xml(
                f'<w:tblStylePr {nsdecls("w")} w:type="firstCol"><w:rPr><w:b/></w:rPr>'
                "</w:tblStylePr>"
            )
        )
    return style


def define_styles(doc) -> None:
    styles = doc.styles
    _language(doc)
    normal = styles["Normal"]
    _font(normal, 10)
    _spacing(normal, 0, 6, 1.15)
    _font(styles["Title"], 28, colour=ACCENT, name=HEADING_FONT)
    _spacing(styles["Title"], 0, 6)
    subtitle = styles["Subtitle"]
    _font(subtitle, 15, colour=MUTED, name=HEADING_FONT)
    subtitle.font.italic = False
    _no_letter_spacing(subtitle)
    _spacing(subtitle, 0, 30)
    cover = _paragraph_style(doc, "Forside")
    _font(cover, 13, bold=True, colour=ACCENT)
    _spacing(cover, 0, 0)
    facts = _paragraph_style(doc, "Faktatekst")
    _font(facts, 10.5)
    _spacing(facts, 1, 1, 1.0)
    facts_label = _paragraph_style(doc, "Faktanavn forside", "Faktatekst")
    facts_label.font.bold = True
    draft = _paragraph_style(doc, "Kladdemærke")
    _font(draft, 9, bold=True, colour=DRAFT)
    _spacing(draft, 0, 0, 1.0)
    draft.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    draft_cover = _paragraph_style(doc, "Kladdemærke forside")
    _font(draft_cover, 22, bold=True, colour=DRAFT)
    _spacing(draft_cover, 6, 18, 1.0)
    logo = _paragraph_style(doc, "Logo")
    _spacing(logo, 0, 0, 1.0)
    for level, size, before in ((1, 16, 18), (2, 13, 14), (3, 11.5, 10)):
        heading = styles[f"Heading {level}"]
        _font(heading, size, bold=level > 1, colour=ACCENT, name=HEADING_FONT)
        _spacing(heading, before, 6)
        heading.paragraph_format.keep_with_next = True
    styles["Heading 1"].paragraph_format.page_break_before = False
    toc_heading = styles["TOC Heading"]
    _font(toc_heading, 16, colour=ACCENT, name=HEADING_FONT)
    for level, indent in ((1, 0), (2, 0.6)):
        toc = _paragraph_style(doc, f"TOC {level}")
        toc.paragraph_format.left_indent = Cm(indent)
        toc.paragraph_format.space_after = Pt(2)
        toc.font.bold = level == 1
    table_text = _paragraph_style(doc, "Tabeltekst")
    _font(table_text, 9)
    _spacing(table_text, 0, 0, 1.0)
    note = _paragraph_style(doc, "Tabelnote", "Tabeltekst")
    _font(note, 8, colour=MUTED)
    amounts = _paragraph_style(doc, "Tabeltal", "Tabeltekst")
    _font(amounts, 8.5)
    amounts.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    caption = _paragraph_style(doc, "Tabeltitel")
    _font(caption, 10.5, bold=True, colour=ACCENT)
    _spacing(caption, 6, 3)
    caption.paragraph_format.keep_with_next = True
    label = _paragraph_style(doc, "Faktanavn", "Tabeltekst")
    label.font.bold = True
    _table_style(doc, "Sektorplan tabel", borders=True, head=True)
    _table_style(doc, "Sektorplan fakta", borders=False, head=False)


# --- building blocks -----------------------------------------------------------------------


class Builder:
    def __init__(self, doc) -> None:
        self.doc = doc
        self.widths: dict[int, list[float]] = {}

    def p(self, text: str = "", style: str = "Normal", *, bold: bool = False):
        paragraph = self.doc.add_paragraph(style=style)
        if text:
            paragraph.add_run(text).bold = bold
        return paragraph

    def tag(self, tag: str) -> None:
        """A paragraph holding only a docxtpl paragraph tag ({%p … %}); docxtpl removes it."""
        self.doc.add_paragraph(f"{{%p {tag} %}}")

    def labelled(self, label: str, value: str, style: str = "Normal"):
        paragraph = self.doc.add_paragraph(style=style)
        paragraph.add_run(f"{label}: ").bold = True
        paragraph.add_run(value)
        return paragraph

    def page_break(self) -> None:
        self.doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)

    def table(self, style: str, widths: list[float]):
        table = self.doc.add_table(rows=0, cols=len(widths))
        table.style = self.doc.styles[style]
        table.alignment = WD_TABLE_ALIGNMENT.LEFT
        table.autofit = False
        grid = table._tbl.tblGrid.findall(qn("w:gridCol"))
        for col, width in zip(grid, widths, strict=True):
            col.set(qn("w:w"), str(int(Cm(width).twips)))
        self.widths[id(table._tbl)] = widths
        return table

    def row(self, table, cells: list[str | list[str]], styles: list[str] | None = None):
        row = table.add_row()
        _cant_split(row)
        widths = self.widths[id(table._tbl)]
        for i, (cell, content) in enumerate(zip(row.cells, cells, strict=True)):
            cell.width = Cm(widths[i])
            lines = content if isinstance(content, list) else [content]
            style = styles[i] if styles else "Tabeltekst"
            cell.paragraphs[0].style = self.doc.styles[style]
            cell.paragraphs[0].text = lines[0]
            for line in lines[1:]:
                paragraph = cell.add_paragraph(line, style=self.doc.styles[style])
                if line.startswith("{{ labels.source") or line.startswith("{{ labels.sdg_ind"):
                    paragraph.style = self.doc.styles["Tabelnote"]
        return row

    def fact(
        self,
        label: str,
        value: str,
        style: str = "Tabeltekst",
        *,
        condition: str | None = None,
        loop: str | None = None,
    ) -> None:
        """A fact as a line of text: the label in bold, a tab, the value; with `loop` (a
        Jinja for, «m in ini.milestones»), a line for each item, the label on the first,
        the others under the first value. Text, not a table: a table of facts has no header
        row, and a screen reader reads such a table badly. It looks like the borderless
        table it replaces (FACT_LABEL_WIDTH)."""
        if condition:
            self.tag(f"if {condition}")
        if loop:
            self.tag(f"for {loop}")
            label = f"{{% if loop.first %}}{label}{{% endif %}}"
        paragraph = self.doc.add_paragraph(style=style)
        layout = paragraph.paragraph_format
        layout.left_indent = FACT_LABEL_WIDTH
        layout.first_line_indent = -FACT_LABEL_WIDTH
        layout.tab_stops.add_tab_stop(FACT_LABEL_WIDTH)
        layout.space_before = layout.space_after = Pt(1)
        paragraph.add_run(label).bold = True
        paragraph.add_run(f"\t{value}")
        if loop:
            self.tag("endfor")
        if condition:
            self.tag("endif")

    def tag_row(self, table, tag: str) -> None:
        """A row holding a docxtpl row tag ({%tr … %}); docxtpl replaces the whole row."""
        row = table.add_row()
        row.cells[0].paragraphs[0].text = f"{{%tr {tag} %}}"


def _field(paragraph, instruction: str, placeholder: str = "") -> None:
    """A complex field (PAGE, NUMPAGES, TOC) that Word computes."""
    run = paragraph.add_run()
    run._r.append(parse_xml(f'<w:fldChar {nsdecls("w")} w:fldCharType="begin"/>'))
    run = paragraph.add_run()
    run._r.append(_instr(instruction))
    run = paragraph.add_run()
    run._r.append(parse_xml(f'<w:fldChar {nsdecls("w")} w:fldCharType="separate"/>'))
    if placeholder:
        paragraph.add_run(placeholder)
    run = paragraph.add_run()
    run._r.append(parse_xml(f'<w:fldChar {nsdecls("w")} w:fldCharType="end"/>'))


def _instr(instruction: str):
    return parse_xml(
        f'<w:instrText {nsdecls("w")} xml:space="preserve"> {instruction} </w:instrText>'
    )


def _fld_char(paragraph, kind: str) -> None:
    paragraph.add_run()._r.append(parse_xml(f'<w:fldChar {nsdecls("w")} w:fldCharType="{kind}"/>'))


def _cant_split(row) -> None:
    """A row stays on one page: a table row split over two pages is hard to read."""
    row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))


def _no_borders(table) -> None:
    tbl_pr = table._tbl.tblPr
    tbl_pr.append(
        parse_xml(
            f"<w:tblBorders {nsdecls('w')}>"
            + "".join(
                f'<w:{e} w:val="nil"/>'
                for e in ("top", "left", "bottom", "right", "insideH", "insideV")
            )
            + "</w:tblBorders>"
        )
    )


# --- page setup, header and footer -----------------------------------------------------------


def page_setup(doc) -> None:
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.top_margin = section.bottom_margin = Cm(2.5)
    section.left_margin = section.right_margin = Cm(2.5)
    section.header_distance = section.footer_distance = Cm(1.2)
    section.different_first_page_header_footer = True  # the front page has neither

    header = section.header
    table = header.add_table(rows=1, cols=2, width=CONTENT_WIDTH)
    _no_borders(table)
    left, right = table.rows[0].cells
    left.width, right.width = Cm(11), Cm(5)
    left.paragraphs[0].text = "{{ municipality }}"
    left.paragraphs[0].style = doc.styles["Header"]
    left.add_paragraph("{{ plan.department.name }}", style=doc.styles["Header"])
    # The logo cell: the workspace's `logo` (or a municipality pastes its own here).
    right.paragraphs[0].text = "{{ logo_header }}"
    right.paragraphs[0].style = doc.styles["Logo"]
    right.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
    header.paragraphs[0].text = ""
    header_style = doc.styles["Header"]
    _font(header_style, 8.5, colour=MUTED)

    footer = section.footer.paragraphs[0]
    footer.style = doc.styles["Footer"]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    footer.add_run("{{ plan.title }}   ·   {{ labels.page }} ")
    _field(footer, "PAGE", "1")
    footer.add_run(" {{ labels.page_of }} ")
    _field(footer, "NUMPAGES", "1")
    _font(doc.styles["Footer"], 8.5, colour=MUTED)


def settings(doc) -> None:
    element = doc.settings.element
    for tag, attrs in (("w:decimalSymbol", {"w:val": ","}), ("w:listSeparator", {"w:val": ";"})):
        node = element.find(qn(tag))
        for key, value in attrs.items():
            node.set(qn(key), value)
    lang = element.find(qn("w:themeFontLang"))
    lang.set(qn("w:val"), LANGUAGE)


# --- the body --------------------------------------------------------------------------------


def draft_mark_in_header(doc) -> None:
    """«Udkast» or «Høringsudkast» in every page's header, under the logo."""
    right = doc.sections[0].header.tables[0].rows[0].cells[1]
    right.add_paragraph("{{ plan.draft_mark }}", style=doc.styles["Kladdemærke"])


def front_page(b: Builder) -> None:
    b.p("{{ logo_cover }}", "Logo")
    b.p("{{ municipality }}", "Forside")
    for _ in range(6):
        b.p()
    b.p("{{ plan.title }}", "Title")
    b.p("{{ plan.department.name }}", "Subtitle")
    b.tag("if plan.draft_mark")
    b.p("{{ plan.draft_mark }}", "Kladdemærke forside")
    b.tag("endif")
    style = "Faktatekst"
    b.fact("{{ labels.municipality }}", "{{ municipality }}", style)
    b.fact(
        "{{ labels.planning_strategy }}",
        "{{ planning_strategy }}",
        style,
        condition="planning_strategy",
    )
    b.fact("{{ labels.period }}", "{{ plan.period }}", style)
    b.fact("{{ labels.status }}", "{{ plan.status_label }}", style)
    b.fact("{{ labels.version }}", "{{ plan.version }}", style, condition="plan.version")
    b.fact("{{ plan.date_label }}", "{{ plan.date }}", style)
    owner = "{{ plan.owner.name }}{% if plan.owner.email %} ({{ plan.owner.email }}){% endif %}"
    b.fact("{{ labels.owner }}", owner, style)
    b.page_break()


def contents(b: Builder) -> None:
    b.p("{{ sections.contents.title }}", "TOC Heading")

    def entries() -> None:
        b.tag("for entry in toc")
        b.tag("if entry.level == 1")
        b.p("{{ entry.title }}", "TOC 1")
        b.tag("else")
        b.p("{{ entry.title }}", "TOC 2")
        b.tag("endif")
        b.tag("endfor")

    toc_field(b, entries)
    b.page_break()


def toc_field(b: Builder, entries: Callable[[], None]) -> None:
    """A table of contents as Word's TOC field (headings 1 and 2, as links). Until Word
    updates the field (it offers to when the document opens), the paragraphs `entries`
    writes stand in it: the headings without page numbers."""
    start = b.p()
    run = start.add_run()
    run._r.append(parse_xml(f'<w:fldChar {nsdecls("w")} w:fldCharType="begin" w:dirty="true"/>'))
    run = start.add_run()
    run._r.append(_instr('TOC \\o "1-2" \\h \\z \\u'))
    _fld_char(start, "separate")
    entries()
    _fld_char(b.p(), "end")


def goals(b: Builder) -> None:
    b.p("{{ sections.vision.title }}", "Heading 1")
    b.p("{{ plan.vision }}")
    b.p("{{ sections.status_description.title }}", "Heading 1")
    b.p("{{ plan.status_description }}")
    b.p("{{ sections.goals.title }}", "Heading 1")
    b.tag("for goal in goals")
    b.p("{{ goal.heading.title }}", "Heading 2")
    b.tag("if goal.description")
    b.p("{{ goal.description }}")
    b.tag("endif")
    b.labelled("{{ labels.core_values }}", "{{ goal.core_values_text }}")
    b.p("{{r goal.sdgs|badges }}")
    # How the goal's indicators are doing, counted by status (coloured symbols).
    b.tag("if goal.status_counts")
    b.labelled("{{ labels.indicator_status }}", "{{r goal.status_counts|status_counts }}")
    b.tag("endif")
    b.tag("for sub in goal.sub_goals")
    b.p("{{ sub.heading.title }}", "Heading 3")
    b.tag("if sub.description")
    b.p("{{ sub.description }}")
    b.tag("endif")
    b.tag("if sub.sdgs")
    b.p("{{r sub.sdgs|badges }}")
    b.tag("endif")
    table = b.table("Sektorplan tabel", [4.4, 1.3, 1.9, 1.8, 2.0, 2.0, 2.6])
    b.row(
        table,
        [
            "{{ labels.indicator }}",
            "{{ labels.unit }}",
            "{{ labels.direction }}",
            "{{ labels.baseline }}",
            "{{ labels.targets }}",
            "{{ labels.latest_measurement }}",
            "{{ labels.status }}",
        ],
    )
    b.tag_row(table, "for ind in sub.indicators")
    b.row(
        table,
        [
            [
                "{{ ind.id }} {{ ind.name }}",
                "{%p if ind.source %}",
                "{{ labels.source }}: {{ ind.source }}",
                "{%p endif %}",
                "{%p if ind.sdg_indicator %}",
                "{{ labels.sdg_indicator }}: {{ ind.sdg_indicator }}",
                "{%p endif %}",
            ],
            "{{ ind.unit }}",
            "{{ ind.direction_label }}",
            "{{ ind.baseline }}",
            "{{ ind.targets_text }}",
            "{{ ind.latest }}",
            # The cell in the status colour (docxtpl's cellbg), the text readable on it.
            "{% cellbg ind.status.colour[1:] %}{{r ind.status|status }}",
        ],
    )
    b.tag_row(table, "endfor")
    b.p()
    b.tag("endfor")
    # The goal's trend charts after its sub-goals, two side by side on a line (one per
    # sub-goal would leave half of each line empty: most sub-goals have one indicator).
    # A short table is kept on one page when the document is rendered
    # (docx.keep_short_tables), not with the charts.
    b.tag("if indicator_charts")
    charts = b.p()
    charts.paragraph_format.space_before = Pt(4)
    charts.add_run(
        "{% for sub in goal.sub_goals %}{% for ind in sub.indicators %}"
        "{% if ind.id in indicator_charts %}{{ indicator_charts[ind.id] }} {% endif %}"
        "{% endfor %}{% endfor %}"
    )
    b.tag("endif")
    b.tag("endfor")


def action_plan(b: Builder) -> None:
    b.p("{{ sections.action_plan.title }}", "Heading 1")
    b.tag("if initiatives")
    table = b.table("Sektorplan tabel", [7.2, 2.4, 2.2, 4.2])
    b.row(
        table,
        [
            "{{ labels.initiative }}",
            "{{ labels.type }}",
            "{{ labels.years }}",
            "{{ labels.owner_initiative }}",
        ],
    )
    b.tag_row(table, "for ini in initiatives")
    b.row(
        table,
        [
            "{{ ini.heading.title }}",
            "{{ ini.type_label }}",
            "{{ ini.years }}",
            "{{ ini.owner or labels.no_value }}",
        ],
    )
    b.tag_row(table, "endfor")
    b.tag("for ini in initiatives")
    b.p("{{ ini.heading.title }}", "Heading 2")
    b.tag("if ini.description")
    b.p("{{ ini.description }}")
    b.tag("endif")
    b.fact("{{ labels.type }}", "{{ ini.type_label }}")
    b.fact("{{ labels.years }}", "{{ ini.years }}")
    b.fact("{{ labels.places }}", "{{ ini.places_text }}", condition="ini.places")
    b.fact("{{ labels.owner_initiative }}", "{{ ini.owner }}", condition="ini.owner")
    b.fact("{{ labels.contributes_to }}", "{{ ref.text }}", loop="ref in ini.contributes_to")
    b.fact("{{ labels.depends_on }}", "{{ ref.text }}", loop="ref in ini.depends_on")
    b.fact(
        "{{ labels.municipal_plan }}",
        "{{ ini.municipal_plan_text }}",
        condition="ini.municipal_plan",
    )
    b.fact("{{ labels.funding }}", "{{ ini.funding }}", condition="ini.funding")
    b.fact(
        "{{ labels.construction }}",
        "{{ ini.construction_total }}",
        condition="ini.construction_total",
    )
    b.fact("{{ labels.operation }}", "{{ ini.operation_total }}", condition="ini.operation_total")
    b.fact("{{ labels.milestones }}", "{{ m.text }}", loop="m in ini.milestones")
    b.tag("endfor")
    b.tag("else")
    b.p("{{ labels.no_initiatives }}")
    b.tag("endif")


def economy(b: Builder, section: str, data: str, empty: str) -> None:
    b.p(f"{{{{ sections.{section}.title }}}}", "Heading 1")
    b.tag(f"if {data}.has_amounts")
    b.p(f"{{{{ {data}.note }}}}")
    b.tag(f"for table in {data}.tables")
    b.tag(f"if {data}.tables|length > 1")
    b.p("{{ table.caption }}", "Tabeltitel")
    b.tag("endif")
    table = b.table("Sektorplan tabel", [6.0, 0.2, 2.0, 0.2, 2.2])
    number = ["Tabeltekst", "Tabeltekst", "Tabeltal", "Tabeltekst", "Tabeltal"]
    b.row(
        table,
        [
            "{{ labels.initiative }}",
            "{%tc for c in table.columns %}",
            "{{ c }}",
            "{%tc endfor %}",
            "{{ labels.total }}",
        ],
        number,
    )
    b.tag_row(table, "for row in table.rows")
    b.row(
        table,
        [
            "{{ row.label }}",
            "{%tc for v in row.cells %}",
            "{{ v }}",
            "{%tc endfor %}",
            "{{ row.total }}",
        ],
        number,
    )
    b.tag_row(table, "endfor")
    total = b.row(
        table,
        [
            "{{ labels.total }}",
            "{%tc for v in table.totals %}",
            "{{ v }}",
            "{%tc endfor %}",
            "{{ table.total }}",
        ],
        number,
    )
    for cell in total.cells:
        for run in cell.paragraphs[0].runs:
            run.bold = True
    _auto_width(table)
    b.p()
    b.tag("endfor")
    b.labelled("{{ labels.total }}", f"{{{{ {data}.total }}}}")
    b.tag("else")
    b.p(f"{{{{ {empty} }}}}")
    b.tag("endif")


def _auto_width(table) -> None:
    """Amount tables get their columns from the plan's years: let Word share the width."""
    tbl_pr = table._tbl.tblPr
    width = tbl_pr.find(qn("w:tblW"))
    width.set(qn("w:type"), "pct")
    width.set(qn("w:w"), "5000")
    layout = tbl_pr.find(qn("w:tblLayout"))
    if layout is not None:
        tbl_pr.remove(layout)
    for tc in table._tbl.iter(qn("w:tc")):
        tc_pr = tc.tcPr
        if tc_pr is not None and tc_pr.find(qn("w:tcW")) is not None:
            tc_pr.remove(tc_pr.find(qn("w:tcW")))


def timeline(b: Builder) -> None:
    b.p("{{ sections.timeline.title }}", "Heading 1")
    b.tag("if timeline_image")
    b.p("{{ timeline_image }}")
    b.tag("elif not initiatives")
    b.p("{{ labels.no_initiatives }}")
    b.tag("endif")


def appendix(b: Builder) -> None:
    b.p("{{ sections.appendix.title }}", "Heading 1")
    b.tag("for goal in appendix")
    b.p("{{ goal.heading.title }}", "Heading 2")
    b.tag("if goal.long_title")
    b.p("{{ goal.long_title }}{% if goal.long_title_note %} {{ goal.long_title_note }}{% endif %}")
    b.tag("endif")
    b.tag("for target in goal.targets")
    b.labelled(
        "{{ labels.sdg_target }} {{ target.id }}",
        "{{ target.text }}{% if target.note %} {{ target.note }}{% endif %}",
    )
    b.tag("for ind in target.indicators")
    paragraph = b.doc.add_paragraph(style="Normal")
    paragraph.paragraph_format.left_indent = Cm(0.8)
    paragraph.add_run("{{ labels.sdg_indicator }} {{ ind.id }}: ").bold = True
    paragraph.add_run("{{ ind.text }}{% if ind.note %} {{ ind.note }}{% endif %}")
    b.tag("endfor")
    b.tag("endfor")
    b.tag("endfor")


def build(path: Path) -> None:
    from sektorplan.render.ziparchive import normalize

    doc = Document()
    _drop_thumbnail(doc)
    define_styles(doc)
    page_setup(doc)
    draft_mark_in_header(doc)
    font_table(doc)
    settings(doc)
    body = doc.element.body
    for paragraph in list(body.iterchildren(qn("w:p"))):
        body.remove(paragraph)
    b = Builder(doc)
    front_page(b)
    contents(b)
    goals(b)
    action_plan(b)
    economy(b, "construction_overview", "construction", "labels.no_construction")
    economy(b, "operation_overview", "operation", "labels.no_operation")
    timeline(b)
    appendix(b)
    props = doc.core_properties
    props.title = "Sektorplan"
    props.author = "sektorplan"
    props.comments = "Standardskabelon for sektorplaner. Se templates/README.md."
    props.language = LANGUAGE
    path.write_bytes(normalize(_save(doc)))


def _save(doc) -> bytes:
    import io

    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def _drop_thumbnail(doc) -> None:
    """python-docx's default template carries a preview picture of itself: not ours."""
    package = doc.part.package
    for rel_id, rel in list(package.rels.items()):
        if rel.reltype.endswith("/thumbnail"):
            del package.rels[rel_id]


if __name__ == "__main__":
    build(Path(sys.argv[1]) if len(sys.argv) > 1 else OUTPUT)
    print(f"Skrevet: {sys.argv[1] if len(sys.argv) > 1 else OUTPUT}")
