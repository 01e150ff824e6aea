"""The samlet oversigt as documents: overview data → render context → oversigt.md, .html and
.docx through the same template machinery as the plans.

The context is plain data with every text in the document's language and every number
already formatted (Babel), as the plans' context is; templates only place and escape. The
templates are `oversigt.md.j2`, `oversigt.html.j2` and the Word template `oversigt.docx`,
looked up in the workspace's `skabeloner/` first, then among the built-ins in templates/.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from sektorplan import __version__
from sektorplan.load.logo import Logo
from sektorplan.load.workspace import Workspace
from sektorplan.model import money
from sektorplan.model.progress import COLOURS, STATUSES, SYMBOLS
from sektorplan.overview.data import Matrix, Overview, YearTable, labels
from sektorplan.render.layout import FLAT, Layout, relative

Context = dict[str, Any]

TEMPLATE_NAMES = {"md": "oversigt.md.j2", "html": "oversigt.html.j2"}
WORD_TEMPLATE = "oversigt.docx"
CHART_WIDTH_MM = 160
# The pictures, by context key; the file names are those overview_charts.charts() gives.
IMAGES = {
    "sdg_image": "oversigt-verdensmaal",
    "core_value_image": "oversigt-kernevaerdier",
    "timeline_image": "oversigt-tidslinje",
    "dependency_image": "oversigt-afhaengigheder",
    "map_image": "oversigt-kort",
}
# The section each picture stands in: its title is the picture's.
IMAGE_SECTIONS = {
    "sdg_image": "sdg_matrix",
    "core_value_image": "core_value_matrix",
    "timeline_image": "timeline",
    "dependency_image": "dependencies",
    "map_image": "places",
}


class _Builder:
    def __init__(
        self,
        overview: Overview,
        when: dt.datetime,
        links: dict[str, dict[str, str]],
        images: dict[str, str],
    ) -> None:
        from sektorplan.i18n import labels as plan_labels
        from sektorplan.render.formatting import Formatter

        self.o = overview
        self.labels = plan_labels(overview.language)
        self.ov = labels(overview.language)
        self.fmt = Formatter(self.labels["locale"], self.labels["currency"])
        self.when = when
        self.links = links
        self.images = images
        self.anchors: dict[str, int] = {}

    def heading(self, title: str) -> dict[str, Any]:
        from sektorplan.render.context import unique_anchor

        return {"title": title, "anchor": unique_anchor(self.anchors, title)}

    def name(self, department: str) -> str:
        return self.o.departments.get(department, department)

    def build(self) -> Context:
        ov, o = self.ov, self.o
        sections = {
            key: self.heading(ov[key])
            for key in (
                "plans",
                "progress",
                "sdg_matrix",
                "core_value_matrix",
                "construction",
                "operation",
                "timeline",
                "dependencies",
                "places",
                "method",
            )
        }
        start, end = o.period
        return {
            "language": o.language,
            "labels": self.labels,
            "ov": ov,
            "generator": f"sektorplan {__version__}",
            "municipality": o.municipality,
            "planning_strategy": o.planning_strategy,
            "period": f"{start}–{end}" if start != end else str(start),
            "date": self.fmt.date(self.when.date()),
            "title": ov["title"],
            "draft": self.draft(),
            "sections": sections,
            "toc": list(sections.values()),
            "plans": [self.plan(row) for row in o.plans],
            "progress": self.progress(),
            "sdg": self.matrix(o.sdg, coloured=True),
            "core_values": self.matrix(o.core_values, coloured=False),
            "construction": self.years(o.construction),
            "operation": self.years(o.operation),
            "dependencies": [self.dependency(d) for d in o.between_departments],
            "conflicts": [self.dependency(d) for d in o.conflicts],
            "links": [
                {"waiting": a, "waits_for": b, "count": n, "conflicts": c}
                for a, b, n, c in o.department_links()
            ],
            "places": [self.place(p) for p in o.places],
            **{key: self.image(key) for key in IMAGES},
        }

    def draft(self) -> Context:
        """The overview has no status of its own: `mark` (empty when every plan is adopted)
        says on the cover and in the page headers that it includes plans in `udkast` or
        `høring`, and `plans` names them, each with its own draft mark."""
        marks = self.labels["draft_marks"]
        plans = [
            f"{row.title} ({row.department_name}): {marks[row.status]}"
            for row in self.o.plans
            if row.file and marks.get(row.status)
        ]
        return {
            "mark": self.ov["draft_mark"] if plans else "",
            "note": self.ov["draft_note"],
            "plans": plans,
        }

    def image(self, key: str) -> dict[str, str]:
        alt_key = {
            "sdg_image": "sdg_chart_alt",
            "core_value_image": "core_value_chart_alt",
            "timeline_image": "timeline_alt",
            "dependency_image": "dependency_chart_alt",
            "map_image": "map_alt",
        }[key]
        return {"src": self.images.get(IMAGES[key], ""), "alt": self.ov[alt_key]}

    def plan(self, row: Any) -> Context:
        lb = self.labels
        links = self.links.get(row.stem or "", {})
        return {
            "department": {"id": row.department, "name": row.department_name},
            "missing": row.missing,
            "file": row.file or "",
            "title": row.title,
            "status_label": lb["statuses"].get(row.status, row.status) if row.status else "",
            "adopted": self.fmt.date(row.adopted) if row.adopted else "",
            "version": row.version or "",
            "owner": row.owner,
            "goals": row.goals,
            "sub_goals": row.sub_goals,
            "indicators": row.indicators,
            "initiatives": row.initiatives,
            "md": links.get("md", ""),
            "html": links.get("html", ""),
            "docx": links.get("docx", ""),
        }

    def progress(self) -> Context:
        statuses = [
            {
                "key": s,
                "label": self.labels["progress_statuses"][s],
                "symbol": SYMBOLS[s],
                "colour": COLOURS[s],
            }
            for s in STATUSES
        ]
        rows = [
            {
                "department": row.department,
                "name": row.department_name,
                "counts": [row.progress.get(s, 0) for s in STATUSES],
                "total": row.indicators,
            }
            for row in self.o.plans
            if not row.missing
        ]
        return {"statuses": statuses, "rows": rows}

    def matrix(self, matrix: Matrix, coloured: bool) -> Context:
        from sektorplan.render.context import readable_text_colour

        base = "#0072B3"
        columns = []
        for i, (column, title) in enumerate(zip(matrix.columns, matrix.column_names, strict=True)):
            colour = matrix.colours[i] if coloured else base
            columns.append(
                {
                    "id": column,
                    "title": title,
                    "label": f"{column} {title}" if coloured else title,
                    "colour": colour,
                    "text_colour": readable_text_colour(colour),
                }
            )
        peak = max((max(r) for r in matrix.counts), default=0) or 1
        rows = []
        for dept, counts, total in zip(
            matrix.rows, matrix.counts, matrix.row_totals(), strict=True
        ):
            cells = []
            for column, count in zip(columns, counts, strict=True):
                shade = _mix(column["colour"], 0.25 + 0.75 * count / peak) if count else "#FFFFFF"
                cells.append(
                    {
                        "count": count,
                        "text": str(count) if count else "",
                        "background": shade,
                        "text_colour": readable_text_colour(shade),
                    }
                )
            rows.append(
                {"department": dept, "name": self.name(dept), "cells": cells, "total": total}
            )
        return {
            "columns": columns,
            "rows": rows,
            "totals": matrix.column_totals(),
            "total": sum(matrix.row_totals()),
        }

    def years(self, table: YearTable) -> Context:
        amount: Callable[[Decimal], str] = self.fmt.amount
        over = table.over_frame()
        has_frame = any(f is not None for f in table.frame)
        return {
            "years": [str(y) for y in table.years],
            "rows": [
                {
                    "department": dept,
                    "name": self.name(dept),
                    "cells": [amount(v) if v else "" for v in amounts],
                    "total": amount(total),
                }
                for dept, amounts, total in zip(
                    table.rows, table.amounts, table.row_totals(), strict=True
                )
            ],
            "totals": [amount(v) if v else "" for v in table.totals()],
            "total": amount(table.total()),
            "total_kr": self.fmt.kr(table.total()),
            "has_amounts": table.total() > 0,
            "has_frame": has_frame,
            "frame": [amount(f) if f is not None else "" for f in table.frame],
            "over": over,
            "over_years": [str(y) for y, o in zip(table.years, over, strict=True) if o],
            "columns": [
                {"year": str(y), "over": o} for y, o in zip(table.years, over, strict=True)
            ],
            "parts": self.parts(table),
        }

    def parts(self, table: YearTable) -> list[Context]:
        """The table cut into the four-year planning periods, for a page too narrow for
        twelve columns of amounts (the Word document); a period with no amounts and no frame
        is left out."""
        from sektorplan.model.periods import four_year_periods

        amount, years = self.fmt.amount, table.years
        over = table.over_frame()
        parts = []
        for first, last in four_year_periods(years[0], years[-1]) if years else []:
            index = [i for i, y in enumerate(years) if first <= y <= last]
            rows = []
            for dept, amounts in zip(table.rows, table.amounts, strict=True):
                part = [amounts[i] for i in index]
                rows.append(
                    {
                        "department": dept,
                        "name": self.name(dept),
                        "cells": [amount(v) if v else "" for v in part],
                        "total": amount(money.total(part)),
                    }
                )
            totals = [money.total(a[i] for a in table.amounts) for i in index]
            framed = bool(table.frame) and any(table.frame[i] is not None for i in index)
            if not any(totals) and not framed:
                continue  # nothing in these four years: no table of blanks
            parts.append(
                {
                    "caption": f"{first}–{last}" if first != last else str(first),
                    "years": [str(years[i]) for i in index],
                    "rows": rows,
                    "totals": [amount(v) if v else "" for v in totals],
                    "total": amount(money.total(totals)),
                    "frame": [
                        amount(table.frame[i]) if table.frame and table.frame[i] is not None else ""
                        for i in index
                    ],
                    "over": [over[i] for i in index],
                    "over_any": any(over[i] for i in index),
                }
            )
        return parts

    def dependency(self, dep: Any) -> Context:
        waiting = self._initiative(dep.waiting_department, dep.waiting)
        waits_for = self._initiative(dep.waits_for_department, dep.waits_for)
        text = self.ov["conflict_text"].format(
            waiting=waiting["text"],
            starts=dep.starts,
            waits_for=waits_for["text"],
            ends=dep.other_ends,
        )
        return {
            "waiting": waiting,
            "waits_for": waits_for,
            "starts": dep.starts,
            "ends": dep.other_ends,
            "conflict": dep.conflict,
            "text": text,
        }

    def _initiative(self, department: str, ref: Any) -> Context:
        name = self.name(department)
        return {
            "department": department,
            "name": name,
            "id": ref.id,
            "title": ref.title,
            "text": f"{ref.id} {ref.title} ({name})",
        }

    def place(self, place: Any) -> Context:
        lb = self.labels
        return {
            "id": place.id,
            "name": place.name,
            "type_label": self.ov["place_types"].get(place.type, place.type),
            "heading": self.heading(place.name),
            "entries": [
                {
                    "department": e.department,
                    "name": self.name(e.department),
                    "id": e.initiative.id,
                    "title": e.initiative.title,
                    "years": f"{e.start}–{e.end}" if e.start != e.end else str(e.start),
                    "type_label": lb["types"].get(e.type, e.type),
                }
                for e in place.entries
            ],
        }


def _mix(colour: str, strength: float) -> str:
    """`colour` laid over white with the given opacity, as a hex colour."""
    channels = [int(colour[i : i + 2], 16) for i in (1, 3, 5)]
    mixed = [round(255 - strength * (255 - c)) for c in channels]
    return "#" + "".join(f"{c:02X}" for c in mixed)


def build_context(
    overview: Overview,
    when: dt.datetime,
    links: dict[str, dict[str, str]] | None = None,
    images: dict[str, str] | None = None,
) -> Context:
    """The render context. `links`: per plan file stem, the file name of each of its
    documents (by format) to link to; `images`: per picture name, its file name."""
    return _Builder(overview, when, links or {}, images or {}).build()


# --- rendering ---------------------------------------------------------------------------------


def render_text(kind: str, root: Path, context: Context) -> str:
    """oversigt.md (`md`) or oversigt.html (`html`), by the plans' template search path."""
    from sektorplan.render.templating import render_text as render

    return render(kind, root, context, TEMPLATE_NAMES[kind])


def find_word_template(root: Path) -> Path:
    """skabeloner/oversigt.docx in the workspace, else the built-in one."""
    from sektorplan.paths import present_file
    from sektorplan.render.docx import inside_workspace
    from sektorplan.render.templating import USER_FOLDER
    from sektorplan.templates import PATH as BUILTIN

    user = root / USER_FOLDER / WORD_TEMPLATE
    return inside_workspace(user, root) if present_file(user) else BUILTIN / WORD_TEMPLATE


def render_docx(
    template: Path,
    context: Context,
    pictures_by_name: dict[str, bytes],
    when: dt.datetime,
    logo: Logo | None = None,
) -> bytes:
    """oversigt.docx from the Word template with the pictures embedded: the plans' Word
    machinery (escaping environment, missing-value check, fixed properties and zip)."""
    from sektorplan.render.docx import (
        described_image,
        fill_template,
        finished,
        logo_description,
        logo_pictures,
    )

    def pictures(tpl: Any) -> dict[str, Any]:
        charts = {
            key: described_image(
                tpl,
                pictures_by_name[name],
                CHART_WIDTH_MM,
                name=name,
                description=context[key]["alt"],
                title=context["sections"][IMAGE_SECTIONS[key]]["title"],
            )
            if pictures_by_name.get(name)
            else ""
            for key, name in IMAGES.items()
        }
        return {**logo_pictures(tpl, logo, logo_description(context)), **charts}

    tpl = fill_template(template, dict(context), pictures)
    # The year and matrix columns are spread over the page like a plan's amount tables.
    keywords = [(column["id"], column["title"]) for column in context["sdg"]["columns"]]
    return finished(tpl, context, context["title"], context["planning_strategy"], when, keywords)


# --- the overview as files ---------------------------------------------------------------------

OVERVIEW_STEM = "oversigt"
DOCUMENT_FORMATS = ("md", "html", "docx", "xlsx")


def output_paths(
    formats: Sequence[str], out_dir: Path, layout: Layout = FLAT, *, located: bool = True
) -> dict[str, list[Path]]:
    """The files the overview writes, by format (the pictures with md and html, which link
    them; docx embeds them), each in its sub-folder of `layout`. The map only when a place
    has coordinates (`located`)."""
    pictures = [out_dir / layout.path(f"{name}.png", overview=True) for name in IMAGES.values()]
    if not located:
        pictures = [p for p in pictures if p.stem != IMAGES["map_image"]]
    paths: dict[str, list[Path]] = {}
    for fmt in DOCUMENT_FORMATS:
        if fmt in formats:
            own = [out_dir / layout.path(f"{OVERVIEW_STEM}.{fmt}", overview=True)]
            paths[fmt] = (pictures + own) if fmt in ("md", "html") else own
    return paths


@dataclass(frozen=True)
class OverviewInputs:
    """What the overview's documents are made from (`overview_inputs`): the figures, not the
    plans' models."""

    overview: Overview
    root: Path  # the workspace (its templates)
    links: dict[str, dict[str, str]]  # per plan file stem, its documents by format
    look: dict[str, Any] = field(default_factory=dict)  # render.look: colours, logo as data:
    logo: Logo | None = None  # for Word


def overview_inputs(
    ws: Workspace, language: str | None = None, plan_formats: Sequence[str] = ()
) -> OverviewInputs:
    """The overview of `ws`; its plans table links each plan's documents in `plan_formats`."""
    from sektorplan.overview.data import build_overview

    links = {
        doc.path.stem: {f: f"{doc.path.stem}.{f}" for f in plan_formats if f in ("md", "html")}
        for doc, _ in ws.valid_plans
    }
    from sektorplan.render.look import logo_of, look

    if ws.config is None:
        return OverviewInputs(build_overview(ws, language), ws.root, links)
    return OverviewInputs(
        build_overview(ws, language),
        ws.root,
        links,
        look(ws.root, ws.config),
        logo_of(ws.root, ws.config),
    )


def write_overview(
    inputs: OverviewInputs,
    formats: Sequence[str],
    out_dir: Path,
    layout: Layout = FLAT,
    site: dict[str, Any] | None = None,
) -> list[Path]:
    """Write the overview's documents in `formats` into `out_dir`, each in its sub-folder of
    `layout`; `site` is the site's frame around the HTML page. Everything is made in memory
    first and then written atomically, so a failure writes nothing. Returns the files."""
    from sektorplan.paths import build_time, write_atomic

    when = build_time()
    overview = inputs.overview
    located = any(place.coordinates for place in overview.places)
    paths = output_paths(formats, out_dir, layout, located=located)
    outputs: dict[Path, bytes | str] = {}
    pictures: dict[str, bytes] = {}
    if {"md", "html", "docx"} & set(formats):
        import gc

        from sektorplan.overview.charts import charts

        pictures = charts(overview)
        # The charts' figures are cycles of objects, many with many plans: collected before
        # the documents are made rather than whenever the collector next looks.
        gc.collect()

    def context_for(fmt: str) -> Context:
        """The context with the plans' documents and the pictures linked from oversigt.<fmt>."""
        start = layout.folder(f"{OVERVIEW_STEM}.{fmt}", overview=True)
        links = {
            stem: {f: relative(start, layout.path(name)) for f, name in docs.items()}
            for stem, docs in inputs.links.items()
        }
        images = {
            name: relative(start, layout.path(f"{name}.png", overview=True)) for name in pictures
        }
        context = build_context(overview, when, links, images)
        return {**context, "look": inputs.look} if inputs.look else context

    for fmt in ("md", "html"):
        if fmt in formats:
            for name, png in pictures.items():
                outputs[out_dir / layout.path(f"{name}.png", overview=True)] = png
            context = context_for(fmt)
            if fmt == "html" and site is not None:
                context["site"] = site
            path = out_dir / layout.path(f"{OVERVIEW_STEM}.{fmt}", overview=True)
            outputs[path] = render_text(fmt, inputs.root, context)
    if "docx" in formats:
        template = find_word_template(inputs.root)
        docx = render_docx(template, context_for("docx"), pictures, when, inputs.logo)
        outputs[out_dir / layout.path(f"{OVERVIEW_STEM}.docx", overview=True)] = docx
    if "xlsx" in formats:
        from sektorplan.i18n import labels as plan_labels
        from sektorplan.overview.xlsx import workbook_bytes

        outputs[out_dir / layout.path(f"{OVERVIEW_STEM}.xlsx", overview=True)] = workbook_bytes(
            overview, plan_labels(overview.language), when
        )
    ordered = [p for fmt in DOCUMENT_FORMATS for p in paths.get(fmt, []) if p in outputs]
    written = []
    for path in dict.fromkeys(ordered):
        write_atomic(path, outputs[path], durable=False)  # derived: made again
        written.append(path)
    return written
