"""Word: the render context into a docxtpl template, reproducibly.

Text from a plan is data, never template code: docxtpl renders the template's XML with
Jinja2, and every value goes through this environment's `finalize`, which XML-escapes it
and writes `{` and `}` as character references, so neither Jinja nor docxtpl's own
post-processing (which turns `{_{` back into `{{`) can ever see a brace from a plan. Line
breaks in a text become Word line breaks (docxtpl turns a `\\n` in a run into `<w:br/>`).

The result is byte-for-byte the same for the same plan, template, tool version and
SOURCE_DATE_EPOCH: fixed core properties, fixed zip entry times, fixed member order.
"""

from __future__ import annotations

import datetime as dt
import difflib
import hashlib
import io
import re
import zipfile
from collections.abc import Callable, Hashable, Iterable
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, StrictUndefined, TemplateError, TemplateSyntaxError
from jinja2.exceptions import SecurityError, UndefinedError
from markupsafe import Markup, escape

from sektorplan.findings import cut
from sektorplan.internals.docxtemplate import jinja_template_class, members, template_class
from sektorplan.internals.wordpackage import style_id as amount_style_id
from sektorplan.load.logo import Logo
from sektorplan.load.workspace import Workspace, shown_path
from sektorplan.paths import TooLarge, is_inside, os_error_text, present_file, read_limited
from sektorplan.render.errors import RenderError
from sektorplan.render.fallback import Fallback, wrapped
from sektorplan.render.fallback import word as word_languages
from sektorplan.render.jinjacache import compiled
from sektorplan.render.look import recolour_word
from sektorplan.render.sandbox import BoundedTemplate, Sandbox, refusal
from sektorplan.render.templating import (
    DOCS_HINT,
    USER_FOLDER,
    failure,
    inside,
    is_builtin,
    missing_name,
)
from sektorplan.render.wordtables import TABLE_TEXT_PT, amount_layout, content_fitting, is_amount
from sektorplan.render.ziparchive import zipped
from sektorplan.templates import PATH as BUILTIN

TEMPLATE_NAME = "sektorplan.docx"
# The documents' languages as Word and a PDF name them (w:lang, dc:language, /Lang).
LANGUAGE_TAGS = {"da": "da-DK", "kl": "kl-GL", "en": "en-GB"}
# The paragraph style of a table's header cells: LibreOffice tags a cell whose paragraphs
# have a style of this name as a header cell (/TH) in a PDF, whatever the template's look.
TABLE_HEADING = "Table Heading"
CHART_WIDTH_MM = 160
TREND_WIDTH_MM = 70  # two trend charts on a line of 16 cm (LibreOffice wraps them from 76 mm)
GENERATOR = "sektorplan"
AMOUNT_STYLE = "Tabeltal"
TABLE_STYLE = "Sektorplan tabel"
# The first column's share of the text width, by the number of columns: wide tables (a
# column per year) need the room for their amounts. Fewer columns than 4 (one year and the
# total) get the widest share, more than 7 the narrowest.
FIRST_COLUMN_SHARE = {4: 0.4, 5: 0.36, 6: 0.32, 7: 0.28}
WIDEST_FIRST_COLUMN = 0.4
NARROWEST_FIRST_COLUMN = 0.24

# A table cell's properties in the order the schema fixes (ECMA-376, CT_TcPr).
_CELL_PROPERTIES = (
    "cnfStyle", "tcW", "gridSpan", "hMerge", "vMerge", "tcBorders", "shd", "noWrap", "tcMar",
    "textDirection", "tcFitText", "vAlign", "hideMark", "headers", "cellIns", "cellDel",
    "cellMerge", "tcPrChange",
)  # fmt: skip
# settings.xml: w:updateFields must come before these (the schema fixes the order).
_AFTER_UPDATE_FIELDS = {
    "hdrShapeDefaults", "footnotePr", "endnotePr", "compat", "docVars", "rsids", "mathPr",
    "attachedSchema", "themeFontLang", "clrSchemeMapping", "doNotIncludeSubdocsInStats",
    "doNotAutoCompressPictures", "forceUpgrade", "captions", "readModeInkLockDown",
    "smartTagType", "schemaLibrary", "shapeDefaults", "doNotEmbedSmartTags", "decimalSymbol",
    "listSeparator",
}  # fmt: skip


def find_template(ws: Workspace, override: Path | None = None) -> Path:
    """The Word template, by the one search path: `--word-skabelon` (override), then
    `word-skabelon` in sektorplan.yaml, then the workspace's skabeloner/sektorplan.docx,
    then the built-in templates/sektorplan.docx."""
    if override is not None:
        return _existing(override, "--word-skabelon")
    configured = ws.config.word_template if ws.config else None
    if configured:
        return inside_workspace(
            _existing(ws.root / configured, "word-skabelon i sektorplan.yaml"), ws.root
        )
    user = ws.root / USER_FOLDER / TEMPLATE_NAME
    if present_file(user):
        return inside_workspace(user, ws.root)
    return BUILTIN / TEMPLATE_NAME


def _existing(path: Path, where: str) -> Path:
    if not present_file(path):
        raise RenderError(f"Word-skabelonen {shown_path(path)} ({where}) findes ikke. Ret stien.")
    return path


def inside_workspace(template: Path, root: Path) -> Path:
    """`template`, a workspace's Word template, when its real path is in the workspace."""
    if not is_inside(template, root):
        raise RenderError(
            f"Word-skabelonen {shown_path(template)} ligger uden for arbejdsområdet (eller er et "
            "symbolsk link ud af det), og en skabelon læses kun i arbejdsområdet. Læg "
            "skabelonen i arbejdsområdet."
        )
    return template


# A Word template's size, and its parts' sizes unpacked (read from the zip's directory before
# anything is unpacked): far above any real template (the built-in one: 0.9 MB unpacked),
# far below what a zip bomb unpacks to.
MAX_WORD_TEMPLATE_BYTES = 50 * 1024 * 1024
MAX_UNPACKED_PART = 100 * 1024 * 1024
MAX_UNPACKED_TOTAL = 300 * 1024 * 1024
MAX_PARTS = 5000


def read_word_template(template: Path) -> bytes:
    """The template's bytes (`read_limited`), when its zip would unpack to a sane size."""
    from sektorplan.model.money import number

    shown = shown_path(template)
    try:
        data = read_limited(template, MAX_WORD_TEMPLATE_BYTES)
    except TooLarge as exc:
        raise RenderError(
            f"Word-skabelonen {shown} fylder {number(exc.size)} byte; grænsen er "
            f"{number(MAX_WORD_TEMPLATE_BYTES)} byte. Gør billederne i skabelonen mindre."
        ) from None
    except OSError as exc:
        raise RenderError(
            f"Word-skabelonen {shown} kan ikke læses ({os_error_text(exc)})."
        ) from None
    try:
        parts = zipfile.ZipFile(io.BytesIO(data)).infolist()
    except (zipfile.BadZipFile, ValueError, OSError, EOFError):
        return data  # not a zip: python-docx's refusal is the message
    total = sum(part.file_size for part in parts)
    largest = max(parts, key=lambda part: part.file_size, default=None)
    if len(parts) > MAX_PARTS:
        what = f"har {number(len(parts))} dele; grænsen er {number(MAX_PARTS)}"
    elif total > MAX_UNPACKED_TOTAL or (largest and largest.file_size > MAX_UNPACKED_PART):
        what = (
            f"fylder {number(total)} byte, når den pakkes ud (delen {cut(largest.filename)} "
            f"alene {number(largest.file_size)} byte); grænsen er {number(MAX_UNPACKED_TOTAL)} "
            f"byte i alt og {number(MAX_UNPACKED_PART)} byte pr. del"
        )
    else:
        return data
    raise RenderError(
        f"Word-skabelonen {shown} er ikke et almindeligt Word-dokument: den {what}. Gem "
        "skabelonen igen i Word, eller brug standardskabelonen."
    )


def _finalize(value: Any) -> Any:
    """Every `{{ value }}`: plain text becomes escaped XML with braces as references."""
    if hasattr(value, "__html__"):
        return value
    if value is None:
        return ""
    if isinstance(value, Fallback):  # a run of its own with its language (`fallback.word`)
        return Markup(wrapped(value.lang, _xml_text(str(value))))
    return Markup(_xml_text(str(value)))


def _xml_text(text: str) -> str:
    return _braces_as_references(str(escape(text)))


def _braces_as_references(xml: str) -> str:
    """`{` and `}` as character references: neither Jinja nor docxtpl's clean-up can read
    them as a tag."""
    return xml.replace("{", "&#123;").replace("}", "&#125;")


def _badges(sdgs: Iterable[dict[str, Any]]) -> Any:
    """SDG badges as coloured runs: the goal's colour behind its number and title."""
    from docxtpl import RichText

    text = RichText()
    for i, sdg in enumerate(sdgs):
        if i:
            text.add("  ")
        text.add(
            f"\u00a0{sdg['label']}\u00a0",
            highlight=sdg["colour"],
            color=sdg["text_colour"],
            bold=True,
        )
    text.xml = _braces_as_references(text.xml)
    return text


def _status(status: dict[str, Any]) -> Any:
    """An indicator's status for its coloured table cell: symbol and word, bold, in the
    colour that reads on the cell's (black or white)."""
    from docxtpl import RichText

    text = RichText()
    text.add(status["text"], color=status["text_colour"], bold=True)
    text.xml = _braces_as_references(text.xml)
    return text


def _status_counts(counts: Iterable[dict[str, Any]]) -> Any:
    """A goal's status counts on one line, each symbol in its status colour."""
    from docxtpl import RichText

    text = RichText()
    for i, count in enumerate(counts):
        if i:
            text.add(" · ")
        text.add(count["symbol"], color=count["colour"], bold=True)
        text.add(f" {count['count']} {count['label']}")
    text.xml = _braces_as_references(text.xml)
    return text


class _Marked(BoundedTemplate):
    """A Word template's Jinja template: the texts that fell back to another language
    marked as such (`fallback.word`)."""

    def render(self, *args: Any, **kwargs: Any) -> str:
        return word_languages(super().render(*args, **kwargs))


class _Environment(Sandbox):
    """docxtpl compiles the template's XML anew for every document, and that XML is the same
    for every plan: each compiled template is kept, so `sektorplan build` compiles a Word
    template once per process, not once per plan (most of the time a document took)."""

    MAX_KEPT = 32

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self._compiled: dict[str, Any] = {}
        self.template_class = jinja_template_class(_Marked)

    def from_string(self, source: Any, globals: Any = None, template_class: Any = None) -> Any:
        if not isinstance(source, str) or globals is not None or template_class is not None:
            return super().from_string(source, globals, template_class)
        template = self._compiled.get(source)
        if template is None:
            if len(self._compiled) >= self.MAX_KEPT:
                self._compiled.clear()
            # Kept between runs too (`jinjacache`). The key is the start of the text's digest:
            # the plans' and the overview's templates (different texts) most likely get a key
            # each, and a template edited again and again reuses one of at most 256 files.
            digest = hashlib.sha256(source.encode("utf-8", "surrogatepass")).hexdigest()
            key = f"word-{digest[:2]}"
            code = compiled(self, key, source)
            template = self.template_class.from_code(self, code, self.make_globals(None), None)
            self._compiled[source] = template
        return template


@cache
def environment() -> Environment:
    from sektorplan.render.jinjacache import bytecode_cache

    env = _Environment(
        autoescape=True,
        undefined=StrictUndefined,
        finalize=_finalize,
        bytecode_cache=bytecode_cache(),
    )
    env.add_filters({"badges": _badges, "status": _status, "status_counts": _status_counts})
    return env


# Jinja's ways to ask whether a value exists, which do not need it to: `x is defined`,
# `x is undefined`, `x | default(…)` (`d` is the short name of `default`).
_ASKING_TESTS = frozenset({"defined", "undefined"})
_ASKING_FILTERS = frozenset({"default", "d"})
# The core properties docxtpl renders as templates (DocxTemplate.render_properties).
_RENDERED_PROPERTIES = ("author", "comments", "identifier", "language", "subject", "title")
_FOOTNOTES = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"


@lru_cache(maxsize=_Environment.MAX_KEPT)
def _needed_values(data: bytes) -> frozenset[str]:
    """The values a Word template (the bytes of the .docx) takes from sektorplan: the names
    its Jinja reads and does not set itself (`{% set %}`, loops, macros), by jinja2.meta,
    in each part docxtpl renders (body, headers, footers, footnotes, core properties), as
    docxtpl renders it (after its `patch_xml`). A name the template only asks about
    (`x is defined`, `x | default(…)`) is not needed: rendering decides. A part that does not
    parse is left to rendering too, whose message shows the text near the error."""
    from jinja2 import meta, nodes

    tpl = template_class()(io.BytesIO(data))
    tpl.init_docx()
    sources = [tpl.patch_xml(tpl.get_xml())]
    for uri in (tpl.HEADER_URI, tpl.FOOTER_URI):
        sources += [
            tpl.patch_xml(tpl.get_part_xml(part)) for _, part in tpl.get_headers_footers(uri)
        ]
    for part in tpl.docx.part.package.parts:
        if part.content_type == _FOOTNOTES:
            blob = part.blob
            sources.append(tpl.patch_xml(blob.decode("utf-8") if isinstance(blob, bytes) else blob))
    properties = tpl.docx.core_properties
    sources += [getattr(properties, name) or "" for name in _RENDERED_PROPERTIES]
    needed: set[str] = set()
    for source in sources:
        try:
            tree = environment().parse(source)
            names = meta.find_undeclared_variables(tree)
        except TemplateError:
            continue
        for node in tree.find_all((nodes.Test, nodes.Filter)):
            asking = _ASKING_TESTS if isinstance(node, nodes.Test) else _ASKING_FILTERS
            if node.name in asking and isinstance(node.node, nodes.Name):
                names.discard(node.node.name)
        needed |= names
    return frozenset(needed)


def fill_template(
    template: Path,
    context: dict[str, Any],
    pictures: Callable[[Any], dict[str, Any]],
) -> Any:
    """Open a Word template and render it with `context` plus the template values
    `pictures(tpl)` gives (images must be made for the template they go into), through the
    escaping environment and the missing-value check. Every problem is a Danish RenderError.
    Returns the rendered DocxTemplate for the caller to finish and package."""
    shown = shown_path(template)
    data = read_word_template(template)  # once: the check and rendering see the same file
    try:
        tpl = template_class()(io.BytesIO(data))
        tpl.init_docx()
        tpl.source = template  # for a message about it (`finished`)
    except Exception:  # python-docx raises several kinds for a file that is not .docx
        raise RenderError(
            f"Word-skabelonen {shown} kan ikke læses som et Word-dokument (.docx). "
            "Gem den som .docx i Word."
        ) from None
    values = {**context, **pictures(tpl)}
    try:
        missing = sorted(_needed_values(data) - set(values))
        if missing:
            raise RenderError(_missing_message(shown, missing, values))
        tpl.render(values, jinja_env=environment(), autoescape=True)
    except UndefinedError as exc:
        name = missing_name(exc)
        # `'navn' is undefined` is a name of its own; otherwise an attribute or element of
        # a value, whose siblings the message does not know.
        known = values if str(exc) == f"'{name}' is undefined" else None
        raise RenderError(_missing_message(shown, [name], known)) from None
    except TemplateSyntaxError as exc:
        near = " ".join(line.strip() for line in getattr(exc, "docx_context", []) if line.strip())
        hint = f" Nær: «{near[:200]}»." if near else ""
        problem = inside(exc.message or "")
        raise RenderError(
            f"{shown}: fejl i et Jinja-mærke i Word-skabelonen ({problem}).{hint} "
            f"Ret mærket i Word.{_block_hint(exc.message or '')}"
        ) from None
    except (SecurityError, MemoryError) as exc:
        near = _text_near(tpl, _compiled_line(exc.__traceback__))
        hint = f" Nær: «{near}»." if near else ""
        raise RenderError(f"{shown}: Word-{refusal(exc)}{hint}") from None
    except TemplateError as exc:
        raise RenderError(
            f"{shown}: Word-skabelonen fejler ({inside(str(exc))}). Ret skabelonen."
        ) from None
    except RenderError:
        raise
    except Exception as exc:
        if is_builtin(template):
            raise  # sektorplan's own template: a bug, reported as one
        raise RenderError(f"{shown}: Word-{failure(exc)}") from None
    return tpl


def _compiled_line(tb: Any) -> int | None:
    """The line of the Word template's XML (one paragraph a line) Jinja's traceback names."""
    line = None
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == "<template>":
            line = tb.tb_lineno
        tb = tb.tb_next
    return line


def _text_near(tpl: Any, line: int | None) -> str:
    """The text of the body's paragraph at `line` (as docxtpl numbers them), if it has a tag."""
    if line is None:
        return ""
    try:
        lines = re.sub(r"<w:p([ >])", r"\n<w:p\1", tpl.patch_xml(tpl.get_xml())).split("\n")
    except Exception:  # the body was replaced while rendering: no text to show
        return ""
    text = re.sub(r"<[^>]*>", "", lines[line - 1]) if 0 < line <= len(lines) else ""
    return text.strip()[:200] if "{" in text else ""


def render_docx(
    template: Path,
    context: dict[str, Any],
    chart_png: bytes | None,
    when: dt.datetime,
    trend_pngs: dict[str, bytes] | None = None,
    logo: Logo | None = None,
) -> bytes:
    """The Word document for one plan's context (`logo`: the workspace's, on the cover and
    in the header). `chart_png` is the timeline, embedded
    (`timeline_image` in the template); `trend_pngs` the indicators' trend charts by id
    (`indicator_charts` in the template); `when` stamps the core properties and zip."""
    indicators = {
        ind["id"]: ind
        for goal in context["goals"]
        for sub in goal["sub_goals"]
        for ind in sub["indicators"]
    }

    def pictures(tpl: Any) -> dict[str, Any]:
        timeline = context["timeline"]
        return {
            **logo_pictures(tpl, logo, logo_description(context)),
            "timeline_image": (
                described_image(
                    tpl,
                    chart_png,
                    CHART_WIDTH_MM,
                    name="tidslinje",
                    description=timeline["alt"],
                    title=context["sections"]["timeline"]["title"],
                )
                if chart_png
                else ""
            ),
            "indicator_charts": {
                id_: described_image(
                    tpl,
                    png,
                    TREND_WIDTH_MM,
                    name=f"indikator {id_}",
                    description=indicators[id_]["chart"]["alt"],
                    title=context["labels"]["trend_title"],
                )
                for id_, png in (trend_pngs or {}).items()
            },
        }

    tpl = fill_template(template, context, pictures)
    plan = context["plan"]
    keywords = [(goal["goal"], goal["title"]) for goal in context["appendix"]]
    return finished(tpl, context, plan["title"], plan["department"]["name"], when, keywords)


def described_image(
    tpl: Any,
    png: bytes,
    width_mm: float | None = None,
    *,
    height_mm: float | None = None,
    name: str,
    description: str,
    title: str,
) -> Any:
    """A picture for a Word template (docxtpl's InlineImage) that says what it shows: its
    `description` is the alternative text a screen reader reads (the same as the HTML's
    `alt`; a PDF's /Alt), `title` its title, and `name` (unique in the document) the name
    Word shows for it, instead of "Picture 1"."""
    from docx.shared import Mm

    image = _described_class()(
        tpl,
        io.BytesIO(png),
        width=Mm(width_mm) if width_mm else None,
        height=Mm(height_mm) if height_mm else None,
    )
    image.texts = {"name": name, "descr": description, "title": title}
    return image


@cache
def _described_class() -> type:
    import docxtpl
    from docx.oxml.ns import qn

    class InlineImage(docxtpl.InlineImage):  # type: ignore[misc]  (the name in messages)
        texts: dict[str, str]

        def _insert_image(self) -> str:
            inline = self.tpl.current_rendering_part.new_pic_inline(
                self.image_descriptor, self.width, self.height
            )
            for name, text in self.texts.items():
                inline.docPr.set(name, text)
            for properties in inline.iter(qn("pic:cNvPr")):
                properties.set("name", self.texts["name"])
                properties.set("descr", self.texts["descr"])
            return (
                "</w:t></w:r><w:r><w:drawing>"
                + _braces_as_references(inline.xml)
                + '</w:drawing></w:r><w:r><w:t xml:space="preserve">'
            )

    return InlineImage


LOGO_HEADER_MM = 12  # the logo's height in the page header
LOGO_COVER_MM = 25  # and on the cover


def logo_pictures(tpl: Any, logo: Logo | None, description: str = "Logo") -> dict[str, Any]:
    """`logo_header` and `logo_cover` for a Word template: the logo at its two heights, or
    empty without one; `description` its alternative text (the HTML's). An SVG logo is
    drawn as a PNG (render/svglogo.py); without CairoSVG it is left out of Word and PDF."""
    from sektorplan.render.svglogo import word_logo

    logo = word_logo(logo)
    if logo is None:
        return {"logo_header": "", "logo_cover": ""}
    return {
        f"logo_{where}": described_image(
            tpl,
            logo.data,
            height_mm=height,
            name=f"logo {where}",
            description=description,
            title="Logo",
        )
        for where, height in (("header", LOGO_HEADER_MM), ("cover", LOGO_COVER_MM))
    }


def logo_description(context: dict[str, Any]) -> str:
    """The logo's alternative text, as the HTML page has it."""
    return f"{context['labels']['logo_alt']}: {context['municipality']}"


def finished(
    tpl: Any,
    context: dict[str, Any],
    title: str,
    subject: str,
    when: dt.datetime,
    keywords: Iterable[tuple[int | str, str]] = (),
) -> bytes:
    """A filled Word template (`fill_template`) as the .docx bytes of a finished document:
    the amount tables fitted to the page, every table's first row a header row, shaded
    cells in the schema's order, the fixed core properties (`stamp`, with `title`,
    `subject` and `keywords`), the document's language, and the reproducible zip."""
    try:
        fit_amount_tables(tpl.docx)
        fit_to_content(tpl.docx)
        keep_short_tables(tpl.docx)
        mark_header_rows(tpl.docx)
        _shading_in_order(tpl.docx)
        if context.get("look"):
            recolour_word(tpl.docx, context["look"])
        stamp(tpl.docx, context, title, subject, when, keywords)
        return packaged(tpl, when)
    except Exception:
        source = getattr(tpl, "source", None)
        if source is None or is_builtin(source):
            raise  # sektorplan's own template: a bug, reported as one
        # A user's template whose tags, filled in, broke the document's XML (lxml's recovery
        # then drops what it cannot place, even the page setup).
        raise RenderError(
            f"{shown_path(source)}: Word-skabelonen giver et ødelagt dokument, når den udfyldes. "
            f"Det sker, når et mærke og dets slutmærke står forskellige steder i teksten.{_P_TAGS} "
            "Ret skabelonen."
        ) from None


_P_TAGS = (
    " Et mærke i sit eget afsnit eller sin egen tabelrække («{%p for … %}», «{%tr for … %}») "
    "lukkes med samme slags, i sit eget afsnit: «{%p endfor %}», «{%tr endfor %}»."
)


def _block_hint(message: str) -> str:
    """For a block that is not closed, or an end tag in the wrong place: how Word's own
    paragraph and row tags are closed (templates/README.md)."""
    if message.startswith(("Unexpected end of template", "Encountered unknown tag")):
        return _P_TAGS
    return ""


def fit_amount_tables(document: Any) -> None:
    """Tables of amounts get one column per year of the plan (docxtpl's `{%tc for %}`):
    give the first column a fixed share of the text width and the years the rest, evenly;
    where the widest amount does not fit that, the year columns get its width and the first
    column the rest (`wordtables.amount_layout`, smaller type as a last resort), and every
    amount's cell w:noWrap: an amount never wraps. A table counts as one when its amounts
    use the paragraph style «Tabeltal». A cell that spans columns (`{% colspan %}`, Word's
    merged cells) gets the width of those columns."""
    from docx.oxml.ns import qn

    fitting = _amount_table_fitting(document)
    for tbl in document.element.body.iterchildren(qn("w:tbl")):
        fitting(tbl)


def _amount_table_fitting(document: Any) -> Callable[[Any], None]:
    """`fit_amount_tables` for one table (a `w:tbl` element), with the page and the style
    of `document`. Plain lxml, so it also fits a table that is not in the document."""
    from docx.oxml.ns import qn

    style_id = amount_style_id(document, AMOUNT_STYLE)
    if style_id is None:
        return lambda tbl: None
    section = document.sections[0]
    text_width = section.page_width - section.left_margin - section.right_margin
    twips = int(text_width / 635)  # EMU per twip

    # The cells' properties read and written in the XML: python-docx's accessors look for
    # each of the properties after the width, one by one, for every cell.
    tc_pr, tc_w, grid_span, val = qn("w:tcPr"), qn("w:tcW"), qn("w:gridSpan"), qn("w:val")
    p_style, tr, tc, tbl_grid, grid_col = (
        qn("w:pStyle"), qn("w:tr"), qn("w:tc"), qn("w:tblGrid"), qn("w:gridCol"),
    )  # fmt: skip
    after_width = {qn(f"w:{name}"): i for i, name in enumerate(_CELL_PROPERTIES) if i > 1}
    order = {qn(f"w:{name}"): i for i, name in enumerate(_CELL_PROPERTIES)}
    no_wrap, w_p, w_t, w_b, w_r = qn("w:noWrap"), qn("w:p"), qn("w:t"), qn("w:b"), qn("w:r")

    def span(cell: Any) -> int:
        properties = cell.find(tc_pr)
        found = None if properties is None else properties.find(grid_span)
        return 1 if found is None else max(int(found.get(val)), 1)

    def width_of(cell: Any) -> Any:
        """The cell's w:tcW, added where python-docx adds it: before the property that
        comes first in the schema's order of those after the width (else last); and its
        w:tcPr first in the cell."""
        properties = cell.find(tc_pr)
        if properties is None:
            properties = cell.makeelement(tc_pr, {})
            cell.insert(0, properties)
        width = properties.find(tc_w)
        if width is None:
            width = properties.makeelement(tc_w, {})
            ranked = [
                (after_width[c.tag], i) for i, c in enumerate(properties) if c.tag in after_width
            ]
            if ranked:
                properties[min(ranked)[1]].addprevious(width)
            else:
                properties.append(width)
        return width

    def property_of(cell: Any, tag: str) -> Any:
        """The cell's property `tag` (w:noWrap), added in the schema's order."""
        properties = cell.find(tc_pr)
        if properties is None:
            properties = cell.makeelement(tc_pr, {})
            cell.insert(0, properties)
        found = properties.find(tag)
        if found is None:
            found = properties.makeelement(tag, {})
            rank = order[tag]
            later = [c for c in properties if order.get(c.tag, len(order)) > rank]
            if later:
                later[0].addprevious(found)
            else:
                properties.append(found)
        return found

    def text_of(cell: Any) -> tuple[str, bool]:
        """The cell's longest paragraph, and whether a run in it is bold."""
        texts = ["".join(t.text or "" for t in p.iter(w_t)) for p in cell.iter(w_p)]
        bold = any(True for _ in cell.iter(w_b))
        return max(texts, key=len, default=""), bold

    def fit(tbl: Any) -> None:
        if not any(style.get(val) == style_id for style in tbl.iter(p_style)):
            return
        rows = [row.findall(tc) for row in tbl.findall(tr)]
        spans = [[span(cell) for cell in cells] for cells in rows]
        columns = max((sum(row) for row in spans), default=0)
        if not columns:
            return
        share = FIRST_COLUMN_SHARE.get(columns, NARROWEST_FIRST_COLUMN)
        if columns < min(FIRST_COLUMN_SHARE):
            share = WIDEST_FIRST_COLUMN
        first = int(twips * share)
        rest = (twips - first) // max(columns - 1, 1)
        # An amount never wraps: the columns from the widest amount where the even spread
        # is too narrow for it (wordtables.amount_layout), and w:noWrap in its cell.
        single = []
        for r, (cells, row) in enumerate(zip(rows, spans, strict=True)):
            column = 0
            for cell, n in zip(cells, row, strict=True):
                if n == 1:
                    text, bold = text_of(cell)
                    single.append((column, text, bold or r == 0))
                    if column and is_amount(text):
                        property_of(cell, no_wrap)
                column += n
        widths, size = amount_layout(single, [first] + [rest] * (columns - 1), twips)
        if size != TABLE_TEXT_PT:
            from docx.shared import Pt
            from docx.text.run import Run

            for run in list(tbl.iter(w_r)):
                Run(run, None).font.size = Pt(size)
        grid = tbl.find(tbl_grid)
        for col in grid.findall(grid_col):
            grid.remove(col)
        for width in widths:
            col = grid.makeelement(grid_col, {})
            col.set(qn("w:w"), str(width))
            grid.append(col)
        for cells, row in zip(rows, spans, strict=True):
            column = 0
            for cell, n in zip(cells, row, strict=True):
                cell_width = width_of(cell)
                cell_width.set(qn("w:type"), "dxa")
                cell_width.set(qn("w:w"), str(sum(widths[column : column + n])))
                column += n

    return fit


def fit_to_content(document: Any) -> None:
    """Every bordered table of text with its columns from its content (`wordtables`)."""
    from docx.oxml.ns import qn

    fit = content_fitting(document, TABLE_STYLE, AMOUNT_STYLE)
    for tbl in document.element.body.iterchildren(qn("w:tbl")):
        fit(tbl)


SHORT_TABLE_ROWS = 10  # a table of up to this many rows is kept on one page


def keep_short_tables(document: Any) -> None:
    """Every table of the body as `keep_together` leaves it."""
    from docx.oxml.ns import qn

    for tbl in document.element.body.iterchildren(qn("w:tbl")):
        keep_together(tbl)


def keep_together(tbl: Any) -> None:
    """A short table (up to SHORT_TABLE_ROWS rows) stays on one page: each row is kept with
    the next, but not the last row with what follows the table. A longer table may break
    between rows (never inside one) and repeats its header row on each page."""
    from docx.oxml.ns import qn

    rows = tbl.findall(qn("w:tr"))
    short = len(rows) <= SHORT_TABLE_ROWS
    for i, row in enumerate(rows):
        keep = short and i < len(rows) - 1
        for paragraph in row.iter(qn("w:p")):
            properties = paragraph.find(qn("w:pPr"))
            found = None if properties is None else properties.find(qn("w:keepNext"))
            if keep and found is None:
                if properties is None:
                    properties = paragraph.makeelement(qn("w:pPr"), {})
                    paragraph.insert(0, properties)
                keep_next = properties.makeelement(qn("w:keepNext"), {})
                style = properties.find(qn("w:pStyle"))
                if style is not None:
                    style.addnext(keep_next)
                else:
                    properties.insert(0, keep_next)
            elif not keep and found is not None:
                properties.remove(found)


def _shading_in_order(document: Any) -> None:
    """docxtpl's `{% cellbg %}` (the status cells) puts the cell's shading first in its
    properties, where the schema wants it after the width: Word may call such a file
    damaged. Put every shaded cell's properties in the schema's order."""
    _order_shading(document.element.body)


def _order_shading(element: Any) -> None:
    """`_shading_in_order` within `element`."""
    from docx.oxml.ns import qn

    order = {qn(f"w:{name}"): i for i, name in enumerate(_CELL_PROPERTIES)}
    for shading in list(element.iter(qn("w:shd"))):
        properties = shading.getparent()
        if properties.tag != qn("w:tcPr"):
            continue
        children = list(properties)
        ordered = sorted(children, key=lambda child: order.get(child.tag, len(order)))
        if ordered != children:
            for child in children:
                properties.remove(child)
            properties.extend(ordered)


def _missing_message(shown: str, names: list[str], known: Iterable[str] | None = None) -> str:
    """Unknown values, each with the known value it is most like (`plann`: «plan»); when one
    is like none, the list of the values the template can use (`known`, when given)."""
    choices = sorted(known or ())
    quoted = []
    unlike = False
    for name in names:
        like = difflib.get_close_matches(name, choices, n=1)
        quoted.append(f"«{name}» (mente du «{like[0]}»?)" if like else f"«{name}»")
        unlike = unlike or not like
    what = "værdien" if len(names) == 1 else "værdierne"
    usable = f" Skabelonen kan bruge: {', '.join(choices)}." if choices and unlike else ""
    return (
        f"{shown}: Word-skabelonen bruger {what} {', '.join(quoted)}, som sektorplan ikke "
        f"giver skabelonen.{usable} Ret eller fjern feltet i Word. {DOCS_HINT}"
    )


# A core property (title, subject, …) holds at most 255 characters (python-docx, as Word).
MAX_CORE_PROPERTY = 255


def core_property(text: str) -> str:
    """`text` as a core property: a longer one cut short with «…». Only the property: the
    title on the page is the plan's title in full."""
    return text if len(text) <= MAX_CORE_PROPERTY else text[: MAX_CORE_PROPERTY - 1] + "…"


def stamp(
    document: Any,
    context: dict[str, Any],
    title: str,
    subject: str,
    when: dt.datetime,
    keywords: Iterable[tuple[int | str, str]] = (),
) -> None:
    """Core properties that say what the document is, and nothing that changes by itself;
    the document's language as its styles' default (what a screen reader reads it in, and
    the PDF's /Lang); Word is asked to update the fields (contents, page numbers) on
    opening. Set whatever the template has, so a municipality's own template gets them."""
    from sektorplan.internals.wordpackage import change_styles

    tag = LANGUAGE_TAGS.get(context["language"], context["language"])
    props = document.core_properties
    props.title = core_property(title)
    props.subject = core_property(subject)
    props.keywords = sdg_keywords(keywords)
    props.author = core_property(context["municipality"])
    props.last_modified_by = GENERATOR
    props.comments = core_property(context["generator"])
    props.language = tag
    change_styles(document, _languages_set, tag)
    _theme_language(document, tag)
    props.revision = 1
    naive = when.astimezone(dt.UTC).replace(tzinfo=None)
    props.created = naive
    props.modified = naive
    _update_fields_on_open(document)


KEYWORDS_LENGTH = 255  # Word's most for the keywords


def sdg_keywords(sdgs: Iterable[tuple[int | str, str]]) -> str:
    """The SDGs (number, title) as the document's keywords: «4 Kvalitetsuddannelse; 11 …»,
    or «SDG 4; SDG 11; …» where the titles would make them longer than Word allows."""
    sdgs = list(sdgs)
    text = "; ".join(f"{number} {title}".strip() for number, title in sdgs)
    if len(text) > KEYWORDS_LENGTH:
        text = "; ".join(f"SDG {number}" for number, _ in sdgs)
    return text[:KEYWORDS_LENGTH]


def _languages_set(styles: Any, tag: Hashable) -> None:
    """The styles' language: the default (w:docDefaults, made where missing) and every
    style's own."""
    from docx.oxml.ns import qn

    defaults = _child(styles, "w:docDefaults", first=True)
    run_defaults = _child(defaults, "w:rPrDefault", first=True)
    properties = _child(run_defaults, "w:rPr")
    if properties.find(qn("w:lang")) is None:
        properties.append(properties.makeelement(qn("w:lang"), {}))
    for lang in styles.iter(qn("w:lang")):
        lang.set(qn("w:val"), str(tag))


def _child(parent: Any, tag: str, *, first: bool = False) -> Any:
    from docx.oxml.ns import qn

    child = parent.find(qn(tag))
    if child is None:
        child = parent.makeelement(qn(tag), {})
        if first:
            parent.insert(0, child)
        else:
            parent.append(child)
    return child


def _theme_language(document: Any, tag: str) -> None:
    """Word's language for the theme's fonts (settings.xml), where the template has one."""
    from docx.oxml.ns import qn

    lang = document.settings.element.find(qn("w:themeFontLang"))
    if lang is not None:
        lang.set(qn("w:val"), tag)


def mark_header_rows(document: Any) -> None:
    """`header_rows` for every table of the document's body."""
    from docx.oxml.ns import qn

    marking = header_row_marking(document)
    for tbl in document.element.body.iterchildren(qn("w:tbl")):
        marking(tbl)


def header_row_marking(document: Any) -> Callable[[Any], None]:
    """For one table (a `w:tbl`): its first row a header row, repeated on every page
    (w:tblHeader), its paragraphs in the style «Table Heading» (TABLE_HEADING), so that a
    PDF tags its cells as header cells and a screen reader reads them as the columns' names.
    The style is added where the template has none, based on the table text style: it looks
    as the header row did; a paragraph of another style (the amounts' «Tabeltal») keeps its
    alignment. A table's header row is its first row, whatever the template."""
    from docx.oxml.ns import qn

    from sektorplan.internals.wordpackage import change_styles, style_id, styles_tree

    change_styles(document, _table_heading_added, TABLE_HEADING)
    heading = style_id(document, TABLE_HEADING)
    styles = styles_tree(document)
    alignments: dict[str | None, str | None] = {}
    tr, tr_pr, tbl_header, p, p_pr, p_style, jc, val = (
        qn("w:tr"), qn("w:trPr"), qn("w:tblHeader"), qn("w:p"), qn("w:pPr"), qn("w:pStyle"),
        qn("w:jc"), qn("w:val"),
    )  # fmt: skip

    def alignment(style: str | None) -> str | None:
        if style not in alignments:
            alignments[style] = _alignment(styles, style)
        return alignments[style]

    def mark(tbl: Any) -> None:
        row = tbl.find(tr)
        if row is None:
            return
        properties = row.find(tr_pr)
        if properties is None:
            properties = row.makeelement(tr_pr, {})
            first = row.find(qn("w:tblPrEx"))
            row.insert(0 if first is None else 1, properties)
        if properties.find(tbl_header) is None:
            properties.insert(0, properties.makeelement(tbl_header, {}))
        for paragraph in row.iter(p):
            paragraph_properties = paragraph.find(p_pr)
            if paragraph_properties is None:
                paragraph_properties = paragraph.makeelement(p_pr, {})
                paragraph.insert(0, paragraph_properties)
            style = paragraph_properties.find(p_style)
            if style is None:
                style = paragraph_properties.makeelement(p_style, {})
                paragraph_properties.insert(0, style)
            old = style.get(val)
            if old == heading:
                continue
            align = alignment(old)
            style.set(val, heading)
            if align and align != alignment(heading) and paragraph_properties.find(jc) is None:
                _pPr_add(paragraph_properties, jc, align)

    return mark


# The elements of w:pPr after w:jc, in the schema's order (ECMA-376, CT_PPrBase).
_AFTER_JC = {"textDirection", "textAlignment", "textboxTightWrap", "outlineLvl", "divId",
             "cnfStyle", "rPr", "sectPr", "pPrChange"}  # fmt: skip


def _pPr_add(properties: Any, tag: str, value: str) -> None:
    from docx.oxml.ns import qn

    element = properties.makeelement(tag, {qn("w:val"): value})
    for child in properties:
        if isinstance(child.tag, str) and child.tag.split("}")[-1] in _AFTER_JC:
            child.addprevious(element)
            return
    properties.append(element)


def _alignment(styles: Any, style: str | None) -> str | None:
    """A paragraph style's alignment (w:jc), through the styles it is based on; None: the
    style is unknown or sets none (left). No style: the default paragraph style."""
    from docx.oxml.ns import qn

    paragraph_styles = [
        s for s in styles.iterchildren(qn("w:style")) if s.get(qn("w:type")) == "paragraph"
    ]
    by_id = {s.get(qn("w:styleId")): s for s in paragraph_styles}
    if style is None:
        default = [s for s in paragraph_styles if s.get(qn("w:default")) in ("1", "true")]
        style = default[0].get(qn("w:styleId")) if default else None
    seen = set()
    while style is not None and style not in seen and style in by_id:
        seen.add(style)
        jc = by_id[style].find(f"{qn('w:pPr')}/{qn('w:jc')}")
        if jc is not None:
            return jc.get(qn("w:val"))
        based = by_id[style].find(qn("w:basedOn"))
        style = None if based is None else based.get(qn("w:val"))
    return None


def _table_heading_added(styles: Any, name: Hashable) -> None:
    """The paragraph style «Table Heading», where there is none: based on «Tabeltekst» (or
    the default paragraph style), left-aligned (LibreOffice's own style of that name is
    centred)."""
    from docx.oxml.ns import nsdecls, qn
    from docx.oxml.parser import parse_xml

    if any(
        s.find(qn("w:name")) is not None and s.find(qn("w:name")).get(qn("w:val")) == name
        for s in styles.iterchildren(qn("w:style"))
    ):
        return
    ids = {s.get(qn("w:styleId")) for s in styles.iterchildren(qn("w:style"))}
    style_id = "TableHeading"
    while style_id in ids:
        style_id += "1"
    base = styles.xpath('w:style[@w:type="paragraph"][w:name/@w:val="Tabeltekst"]') or styles.xpath(
        'w:style[@w:type="paragraph"][@w:default="1"]'
    )
    based_on = f'<w:basedOn w:val="{base[0].get(qn("w:styleId"))}"/>' if base else ""
    align = (_alignment(styles, base[0].get(qn("w:styleId"))) if base else None) or "left"
    styles.append(
        parse_xml(
            f'<w:style {nsdecls("w")} w:type="paragraph" '
            f'w:customStyle="1" w:styleId="{style_id}"><w:name w:val="{name}"/>{based_on}'
            f'<w:qFormat/><w:pPr><w:jc w:val="{align}"/></w:pPr></w:style>'
        )
    )


def _update_fields_on_open(document: Any) -> None:
    """Word offers to update the fields (the table of contents, page numbers) on opening."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    settings = document.settings.element
    if settings.find(qn("w:updateFields")) is not None:
        return
    update = OxmlElement("w:updateFields")
    update.set(qn("w:val"), "true")
    for child in settings:
        if isinstance(child.tag, str) and child.tag.split("}")[-1] in _AFTER_UPDATE_FIELDS:
            child.addprevious(update)
            return
    settings.append(update)


def packaged(tpl: Any, when: dt.datetime) -> bytes:
    """A rendered DocxTemplate as .docx bytes: its members (`members`, each part compressed
    once when the fast path `wordzip` runs) in the reproducible zip."""
    return zipped(members(tpl), when)
