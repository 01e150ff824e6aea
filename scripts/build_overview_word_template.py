"""Build the overview's Word template, templates/oversigt.docx, with python-docx.

    python scripts/build_overview_word_template.py            # writes templates/oversigt.docx
    python scripts/build_overview_word_template.py OUT.docx   # somewhere else

The same styles, page, header and footer as the plans' template (build_word_template.py),
with the samlet oversigt's docxtpl tags: the plans, progress, the SDG and core-value
matrices, construction and operation by year against the frame (one table per four-year
period, so the amounts fit the page), the combined timeline, the dependencies between the
forvaltninger and what is planned in each town and settlement. A municipality restyles it
in Word and puts it in its workspace as skabeloner/oversigt.docx. The same input gives the
same bytes (tests/test_overview_document.py checks the file in the repository).
"""

from __future__ import annotations

import sys
from pathlib import Path

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn

sys.path.insert(0, str(Path(__file__).resolve().parent))
import build_word_template as base

HERE = Path(__file__).resolve().parent.parent / "templates"
OUTPUT = HERE / "oversigt.docx"


def page_setup(doc) -> None:
    """As the plans' page, with the overview's title where a plan has its own."""
    base.page_setup(doc)
    section = doc.sections[0]
    left = section.header.tables[0].rows[0].cells[0]
    left.paragraphs[1].text = "{{ ov.title }}"
    footer = section.footer.paragraphs[0]
    for run in footer.runs:
        if "{{ plan.title }}" in run.text:
            run.text = run.text.replace("{{ plan.title }}", "{{ ov.title }}")


def front_page(b: base.Builder) -> None:
    """As a plan's cover: the logo, the municipality, the title; the overview has no status
    of its own, so when a plan in it is a draft the cover says so and names those plans."""
    b.p("{{ logo_cover }}", "Logo")
    b.p("{{ municipality }}", "Forside")
    for _ in range(6):
        b.p()
    b.p("{{ ov.title }}", "Title")
    b.p("{{ ov.subtitle }}", "Subtitle")
    b.tag("if draft.mark")
    b.p("{{ draft.mark }}", "Kladdemærke forside")
    b.p("{{ draft.note }}", "Faktatekst")
    b.tag("for line in draft.plans")
    b.p("{{ line }}", "Faktatekst")
    b.tag("endfor")
    b.p()
    b.tag("endif")
    style = "Faktatekst"
    b.fact("{{ labels.municipality }}", "{{ municipality }}", style)
    b.fact(
        "{{ labels.planning_strategy }}",
        "{{ planning_strategy }}",
        style,
        condition="planning_strategy",
    )
    b.fact("{{ labels.period }}", "{{ period }}", style)
    b.fact("{{ labels.date }}", "{{ date }}", style)
    b.page_break()


def draft_mark_in_header(doc) -> None:
    """«Omfatter udkast» in every page's header, under the logo, while a plan is a draft."""
    right = doc.sections[0].header.tables[0].rows[0].cells[1]
    right.add_paragraph("{{ draft.mark }}", style=doc.styles["Kladdemærke"])


def contents(b: base.Builder) -> None:
    b.p("{{ labels.contents }}", "TOC Heading")

    def entries() -> None:
        b.tag("for entry in toc")
        b.p("{{ entry.title }}", "TOC 1")
        b.tag("endfor")

    base.toc_field(b, entries)
    b.page_break()


def _bold(row) -> None:
    for cell in row.cells:
        for run in cell.paragraphs[0].runs:
            run.bold = True


def plans(b: base.Builder) -> None:
    b.p("{{ sections.plans.title }}", "Heading 1")
    table = b.table("Sektorplan tabel", [3.0, 4.4, 2.0, 1.2, 2.6, 0.7, 0.7, 0.7, 0.7])
    # Fixed columns: «Tabeltal» is kept for the tables whose columns are years or matrix
    # columns, which sektorplan spreads over the page width after rendering.
    numbers = ["Tabeltekst"] * 9
    b.row(
        table,
        [
            "{{ labels.department }}",
            "{{ ov.plan }}",
            "{{ labels.status }}",
            "{{ labels.version }}",
            "{{ labels.owner }}",
            "{{ ov.goals }}",
            "{{ ov.sub_goals }}",
            "{{ ov.indicators }}",
            "{{ ov.initiatives }}",
        ],
        numbers,
    )
    b.tag_row(table, "for p in plans")
    b.row(
        table,
        [
            "{{ p.department.id }} {{ p.department.name }}",
            "{% if p.missing %}{{ ov.missing }}{% else %}{{ p.title }}{% endif %}",
            "{{ p.status_label }}{% if p.adopted %} {{ p.adopted }}{% endif %}",
            "{{ p.version }}",
            "{{ p.owner }}",
            "{% if not p.missing %}{{ p.goals }}{% endif %}",
            "{% if not p.missing %}{{ p.sub_goals }}{% endif %}",
            "{% if not p.missing %}{{ p.indicators }}{% endif %}",
            "{% if not p.missing %}{{ p.initiatives }}{% endif %}",
        ],
        numbers,
    )
    b.tag_row(table, "endfor")


def progress(b: base.Builder) -> None:
    b.p("{{ sections.progress.title }}", "Heading 1")
    b.p("{{ ov.progress_note }}")
    table = b.table("Sektorplan tabel", [4.0, 0.2, 1.6, 0.2, 1.4])
    numbers = ["Tabeltekst", "Tabeltekst", "Tabeltal", "Tabeltekst", "Tabeltal"]
    b.row(
        table,
        [
            "{{ labels.department }}",
            "{%tc for s in progress.statuses %}",
            "{{ s.symbol }} {{ s.label }}",
            "{%tc endfor %}",
            "{{ labels.total }}",
        ],
        numbers,
    )
    b.tag_row(table, "for row in progress.rows")
    b.row(
        table,
        [
            "{{ row.department }} {{ row.name }}",
            "{%tc for n in row.counts %}",
            "{{ n }}",
            "{%tc endfor %}",
            "{{ row.total }}",
        ],
        numbers,
    )
    b.tag_row(table, "endfor")
    base._auto_width(table)


def matrix(b: base.Builder, section: str, data: str, note: str, image: str, head: str) -> None:
    b.p(f"{{{{ sections.{section}.title }}}}", "Heading 1")
    b.p(f"{{{{ ov.{note} }}}}")
    b.tag(f"if {image}")
    b.p(f"{{{{ {image} }}}}")
    b.tag("endif")
    table = b.table("Sektorplan tabel", [2.0, 0.2, 1.0, 0.2, 1.2])
    numbers = ["Tabeltekst", "Tabeltekst", "Tabeltal", "Tabeltekst", "Tabeltal"]
    b.row(
        table,
        [
            "{{ labels.department }}",
            f"{{%tc for c in {data}.columns %}}",
            head,
            "{%tc endfor %}",
            "{{ labels.total }}",
        ],
        numbers,
    )
    b.tag_row(table, f"for row in {data}.rows")
    b.row(
        table,
        [
            "{{ row.department }}",
            "{%tc for cell in row.cells %}",
            "{{ cell.text }}",
            "{%tc endfor %}",
            "{{ row.total }}",
        ],
        numbers,
    )
    b.tag_row(table, "endfor")
    total = b.row(
        table,
        [
            "{{ labels.total }}",
            f"{{%tc for n in {data}.totals %}}",
            "{{ n }}",
            "{%tc endfor %}",
            f"{{{{ {data}.total }}}}",
        ],
        numbers,
    )
    _bold(total)
    base._auto_width(table)


def years(b: base.Builder, section: str, data: str, note: str, frame: bool) -> None:
    b.p(f"{{{{ sections.{section}.title }}}}", "Heading 1")
    b.p(f"{{{{ ov.{note} }}}} {{{{ labels.amounts_in_kr }}}}")
    b.tag(f"for part in {data}.parts")
    b.p("{{ part.caption }}", "Tabeltitel")
    table = b.table("Sektorplan tabel", [5.0, 0.2, 2.2, 0.2, 2.4])
    numbers = ["Tabeltekst", "Tabeltekst", "Tabeltal", "Tabeltekst", "Tabeltal"]
    b.row(
        table,
        [
            "{{ labels.department }}",
            "{%tc for y in part.years %}",
            "{{ y }}",
            "{%tc endfor %}",
            "{{ labels.total }}",
        ],
        numbers,
    )
    b.tag_row(table, "for row in part.rows")
    b.row(
        table,
        [
            "{{ row.department }} {{ row.name }}",
            "{%tc for v in row.cells %}",
            "{{ v }}",
            "{%tc endfor %}",
            "{{ row.total }}",
        ],
        numbers,
    )
    b.tag_row(table, "endfor")
    _bold(
        b.row(
            table,
            [
                "{{ labels.total }}",
                "{%tc for v in part.totals %}",
                "{{ v }}",
                "{%tc endfor %}",
                "{{ part.total }}",
            ],
            numbers,
        )
    )
    if frame:
        b.tag_row(table, f"if {data}.has_frame")
        b.row(
            table,
            ["{{ ov.frame }}", "{%tc for v in part.frame %}", "{{ v }}", "{%tc endfor %}", ""],
            numbers,
        )
        b.tag_row(table, "endif")
        b.tag_row(table, "if part.over_any")
        b.row(
            table,
            [
                "{{ ov.over_frame }}",
                "{%tc for o in part.over %}",
                "{% if o %}{{ ov.yes_mark }}{% endif %}",
                "{%tc endfor %}",
                "",
            ],
            numbers,
        )
        b.tag_row(table, "endif")
    base._auto_width(table)
    b.p()
    b.tag("endfor")
    if frame:
        b.tag(f"if not {data}.has_frame")
        b.p("{{ ov.no_frame }}")
        b.tag(f"elif {data}.over_years")
        paragraph = b.p()
        paragraph.add_run("{{ ov.over_frame_years }} {{ construction.over_years|join(', ') }}.")
        paragraph.runs[0].bold = True
        b.tag("else")
        b.p("{{ ov.within_frame }}")
        b.tag("endif")


def timeline(b: base.Builder) -> None:
    b.p("{{ sections.timeline.title }}", "Heading 1")
    b.tag("if timeline_image")
    b.p("{{ timeline_image }}")
    b.tag("endif")


def dependencies(b: base.Builder) -> None:
    b.p("{{ sections.dependencies.title }}", "Heading 1")
    b.p("{{ ov.dependencies_note }}")
    b.tag("if dependency_image")
    b.p("{{ dependency_image }}")
    b.tag("endif")
    b.tag("if dependencies")
    table = b.table("Sektorplan tabel", [5.6, 1.3, 5.6, 1.3, 2.2])
    numbers = ["Tabeltekst"] * 5
    b.row(
        table,
        [
            "{{ ov.waiting }}",
            "{{ ov.starts }}",
            "{{ ov.waits_for }}",
            "{{ ov.ends }}",
            "{{ ov.conflict }}",
        ],
        numbers,
    )
    b.tag_row(table, "for d in dependencies")
    b.row(
        table,
        [
            "{{ d.waiting.text }}",
            "{{ d.starts }}",
            "{{ d.waits_for.text }}",
            "{{ d.ends }}",
            "{% if d.conflict %}{{ ov.yes_mark }}{% endif %}",
        ],
        numbers,
    )
    b.tag_row(table, "endfor")
    b.tag("else")
    b.p("{{ ov.no_dependencies }}")
    b.tag("endif")
    b.p("{{ ov.conflicts }}", "Heading 2")
    b.tag("for c in conflicts")
    b.p("{{ c.text }}", "List Bullet")
    b.tag("endfor")
    b.tag("if not conflicts")
    b.p("{{ ov.no_conflicts }}")
    b.tag("endif")


def places(b: base.Builder) -> None:
    b.p("{{ sections.places.title }}", "Heading 1")
    b.tag("if map_image")
    b.p("{{ map_image }}")
    b.tag("endif")
    b.tag("for place in places")
    b.p("{{ place.heading.title }} ({{ place.type_label }})", "Heading 2")
    b.tag("if place.entries")
    table = b.table("Sektorplan tabel", [5.0, 6.6, 2.2, 2.2])
    b.row(
        table,
        [
            "{{ labels.department }}",
            "{{ labels.initiative }}",
            "{{ labels.type }}",
            "{{ labels.years }}",
        ],
    )
    b.tag_row(table, "for e in place.entries")
    b.row(
        table,
        [
            "{{ e.department }} {{ e.name }}",
            "{{ e.id }} {{ e.title }}",
            "{{ e.type_label }}",
            "{{ e.years }}",
        ],
    )
    b.tag_row(table, "endfor")
    b.tag("else")
    b.p("{{ ov.nothing_planned }}")
    b.tag("endif")
    b.tag("endfor")


def method(b: base.Builder) -> None:
    """The appendix that explains the progress statuses: the reader has no docs/ folder."""
    b.p("{{ sections.method.title }}", "Heading 1")
    b.tag("for paragraph in ov.method_text")
    b.p("{{ paragraph }}")
    b.tag("endfor")


def build(path: Path) -> None:
    from sektorplan.render.ziparchive import normalize

    doc = Document()
    base._drop_thumbnail(doc)
    base.define_styles(doc)
    page_setup(doc)
    draft_mark_in_header(doc)
    base.font_table(doc)
    base.settings(doc)
    body = doc.element.body
    for paragraph in list(body.iterchildren(qn("w:p"))):
        body.remove(paragraph)
    b = base.Builder(doc)
    front_page(b)
    contents(b)
    plans(b)
    progress(b)
    matrix(b, "sdg_matrix", "sdg", "sdg_matrix_note", "sdg_image", "{{ c.id }}")
    matrix(b, "core_value_matrix", "core_values", "core_value_matrix_note", "core_value_image",
           "{{ c.title }}")  # fmt: skip
    years(b, "construction", "construction", "construction_note", frame=True)
    years(b, "operation", "operation", "operation_note", frame=False)
    timeline(b)
    dependencies(b)
    places(b)
    method(b)
    for paragraph in doc.paragraphs:
        if paragraph.style.name == "Tabeltitel":
            paragraph.alignment = WD_ALIGN_PARAGRAPH.LEFT
    props = doc.core_properties
    props.title = "Samlet oversigt"
    props.author = "sektorplan"
    props.comments = "Standardskabelon for den samlede oversigt. Se templates/README.md."
    props.language = base.LANGUAGE
    path.write_bytes(normalize(base._save(doc)))


if __name__ == "__main__":
    build(Path(sys.argv[1]) if len(sys.argv) > 1 else OUTPUT)
    print(f"Skrevet: {sys.argv[1] if len(sys.argv) > 1 else OUTPUT}")
