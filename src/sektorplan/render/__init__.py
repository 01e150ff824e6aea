"""Rendering one plan into uniform Word, Markdown and HTML documents (and PDF through
LibreOffice).

The pipeline: plan + workspace → `context.build_context` (plain data, every text and number
ready) → the templates (`templating` for Markdown and HTML, `docx` for Word) → files written
atomically with `fileio.write_atomic`. `render_plan` is the entry point; `sektorplan render`
and `sektorplan build` call it. Heavy modules (jinja2, docxtpl, matplotlib) are imported
only when a format needs them.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from sektorplan.load.workspace import PlanFile, Workspace, shown_path
from sektorplan.model.plan import Plan
from sektorplan.paths import ExistsError, build_time, file_part, write_atomic
from sektorplan.render.errors import RenderError
from sektorplan.render.layout import FLAT, Layout

FORMATS = ("md", "docx", "html", "pdf")
DEFAULT_FORMATS = ("md", "docx", "html")
CHART_SUFFIX = "-tidslinje.png"
TREND_INFIX = "-indikator-"

__all__ = [
    "DEFAULT_FORMATS",
    "FORMATS",
    "RenderError",
    "output_paths",
    "render_plan",
]


def output_paths(
    plan_file: PlanFile,
    formats: Sequence[str],
    out_dir: Path,
    *,
    charts: bool = True,
    layout: Layout = FLAT,
) -> list[Path]:
    """The files `render_plan` writes for these formats, in the order it writes them: the
    pictures Markdown and HTML link to (the timeline, one trend chart per indicator), then
    the documents. `layout` says which sub-folder of `out_dir` each goes into."""
    stem = plan_file.path.stem
    names = [f"{stem}.{fmt}" for fmt in FORMATS if fmt in formats]
    plan = plan_file.plan
    if charts and plan is not None and {"md", "html"} & set(formats):
        pictures = [f"{stem}{CHART_SUFFIX}"] if plan.initiatives else []
        pictures += trend_chart_names(stem, plan).values()
        names[:0] = pictures
    return [out_dir / layout.path(name) for name in names]


def trend_chart_names(stem: str, plan: Plan) -> dict[str, str]:
    """The trend chart of every indicator of `plan`, by id: `<stem>-indikator-<id>.png`, the
    id in lower case, safe in any file system and URL. Two ids never get the same name, not
    even where a file system ignores case: ids that would (`BS-1.a` and `bs-1.a`) keep their
    capitals as "+b+s-1.a", which no lower-cased id can give (a "+" is otherwise always
    followed by a digit)."""
    ids = [i.id for g in plan.goals for s in g.sub_goals for i in s.indicators]
    lowered = Counter(file_part(id_, exact=False) for id_ in ids)
    names = {}
    for id_ in ids:
        part = file_part(id_, exact=False)
        if lowered[part] > 1:
            part = file_part(id_, exact=True)
        names[id_] = f"{stem}{TREND_INFIX}{part}.png"
    return names


def render_plan(
    ws: Workspace,
    plan_file: PlanFile,
    formats: Sequence[str],
    out_dir: Path,
    *,
    language: str | None = None,
    word_template: Path | None = None,
    charts: bool = True,
    force: bool = False,
    pdf_later: dict[Path, bytes] | None = None,
    layout: Layout = FLAT,
    site: dict[str, Any] | None = None,
) -> list[Path]:
    """Render one valid plan of a loaded workspace into `out_dir` as
    `<plan file stem>.md/.docx/.html/.pdf` (those in `formats`), plus the pictures Markdown
    and HTML link to: the timeline `<stem>-tidslinje.png` and a trend chart per indicator
    (`trend_chart_names`). Word embeds them. Returns the files written.

    Nothing is written when a file exists and `force` is false, or when anything fails
    before writing: a user-fixable problem raises `RenderError` with a Danish message.
    `language` is da, kl or en (default: the workspace's primary language); `word_template`
    overrides the Word template lookup (see `docx.find_template`); `charts=False` leaves the
    charts out (faster, for tests). With `pdf_later`, the PDF is not made here: its path
    and the Word document's bytes go into `pdf_later`, for the caller to convert with the
    other plans' in one LibreOffice (`pdf.convert`). `layout` puts each file into its
    sub-folder (the site of `sektorplan build`), and `site` is the site's frame (header,
    menu, footer) around the HTML page, given to the template as `site`."""
    from sektorplan.render.context import Options, TextError, build_context

    unknown = [f for f in formats if f not in FORMATS]
    if unknown:
        raise ValueError(f"unknown formats {unknown}")
    if ws.config is None or plan_file.plan is None:
        raise RenderError(f"{shown_path(plan_file.path)} har fejl og kan ikke dannes.")
    plan = plan_file.plan
    language = language or ws.config.primary_language
    paths = output_paths(plan_file, formats, out_dir, charts=charts, layout=layout)
    if not force:
        existing = [p for p in paths if p.exists()]
        if existing:
            raise RenderError(_exists_message(existing))

    stem = plan_file.path.stem
    when = build_time()
    wants_chart = charts and bool(plan.initiatives)
    linked = {"md", "html"} & set(formats)
    image = f"{stem}{CHART_SUFFIX}" if wants_chart and linked else ""
    trend_images = trend_chart_names(stem, plan) if charts and linked else {}

    def context_for(fmt: str) -> dict[str, Any]:
        """The context with the pictures linked from the document of `fmt`."""
        source = f"{stem}.{fmt}"
        linked = {id_: layout.link(source, name) for id_, name in trend_images.items()}
        options = Options(language, when, image and layout.link(source, image), linked)
        try:
            return build_context(ws, plan, options)
        except TextError as exc:
            raise RenderError(
                f"{shown_path(plan_file.path)}: teksten i {exc.what} indeholder tegnet "
                f"U+{ord(exc.char):04X}, som et dokument ikke kan indeholde. Fjern det."
            ) from None

    context = context_for("html")

    outputs: dict[Path, bytes | str] = {}
    chart = None
    if wants_chart and (image or {"docx", "pdf"} & set(formats)):
        from sektorplan.render.charts import timeline_png

        period = (ws.config.period.start, ws.config.period.end)
        chart = timeline_png(context["initiatives"], period, context["labels"])
        if image:
            outputs[out_dir / layout.path(image)] = chart
    trends: dict[str, bytes] = {}
    if charts:
        from sektorplan.render.charts import trend_pngs
        from sektorplan.render.formatting import Formatter

        indicators = [i for g in context["goals"] for s in g["sub_goals"] for i in s["indicators"]]
        number = Formatter(context["labels"]["locale"]).number
        trends = trend_pngs(indicators, context["labels"], number, context["look"]["accent"])
        for id_, name in trend_images.items():
            outputs[out_dir / layout.path(name)] = trends[id_]
    for fmt in ("md", "html"):
        if fmt in formats:
            from sektorplan.render.templating import render_text

            same = layout.folder(f"{stem}.{fmt}") == layout.folder(f"{stem}.html")
            own = dict(context if same else context_for(fmt))
            if fmt == "html" and site is not None:
                own["site"] = site
            outputs[out_dir / layout.path(f"{stem}.{fmt}")] = render_text(fmt, ws.root, own)
    if {"docx", "pdf"} & set(formats):
        from sektorplan.render.docx import find_template, render_docx
        from sektorplan.render.look import logo_of

        template = find_template(ws, word_template)
        docx = render_docx(template, context, chart, when, trends, logo_of(ws.root, ws.config))
        if "docx" in formats:
            outputs[out_dir / layout.path(f"{stem}.docx")] = docx
        if "pdf" in formats and pdf_later is not None:
            pdf_later[out_dir / layout.path(f"{stem}.pdf")] = docx
        elif "pdf" in formats:
            from sektorplan.render.pdf import docx_to_pdf

            outputs[out_dir / layout.path(f"{stem}.pdf")] = docx_to_pdf(docx, stem)
    ordered = {p: outputs[p] for p in paths if p in outputs}
    written = []
    try:
        for path, data in ordered.items():
            write_atomic(path, data, force=force, durable=False)  # derived: made again
            written.append(path)
    except ExistsError as exc:
        raise RenderError(_exists_message([exc.path])) from None
    except OSError as exc:
        from sektorplan.paths import cannot_write

        where = shown_path(Path(exc.filename)) if exc.filename else shown_path(out_dir)
        raise RenderError(f"{shown_path(plan_file.path)}: {cannot_write(where, exc)}") from None
    return written


def _exists_message(paths: list[Path]) -> str:
    names = ", ".join(shown_path(p) for p in paths)
    return f"Findes allerede: {names}. Intet er skrevet. Brug --force for at overskrive."
