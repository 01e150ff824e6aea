"""The fast paths `docxtpl` and `wordzip`: docxtpl's DocxTemplate doing less work for the same
document, and a filled document written straight into its zip.

`docxtpl` (docxtpl's internals: DocxTemplate's `init_docx`, `patch_xml`, `resolve_listing`
and its attributes `template_file`, `docx`, `is_rendered`; how `render_xml_part` takes out
the line breaks it puts before paragraphs):
- `patch_xml`, regular expressions over the template's whole XML, kept per XML: it depends
  on nothing but that text, which is the same for every plan;
- `resolve_listing` given only the paragraphs that have a tab, line break, new paragraph or
  page break to resolve: docxtpl's regular expressions rebuilt every paragraph;
- the Jinja template class `paragraphs_joined`, which takes out docxtpl's line breaks before
  paragraphs itself by `str.replace`, one copy at a time, so that docxtpl's expression
  (which holds the document as a list of pieces besides two copies) finds none.

`wordzip` (python-docx's `PackageWriter._write_content_types_stream`, `_write_pkg_rels`,
`_write_parts`; docxtpl's `pics_to_replace`, `crc_to_new_media`, `crc_to_new_embedded`,
`zipname_to_replace`, `is_saved`): each part's bytes taken as python-docx's save writes
them, instead of a zip that is then unpacked and compressed again.

The template is opened through `wordpackage.open_document` (the fast path `wordpackage`).
"""

from __future__ import annotations

import io
import re
import zipfile
from functools import cache
from typing import Any

from sektorplan.internals import Unavailable, enabled
from sektorplan.internals.wordpackage import open_document

MAX_KEPT = 32  # template XMLs whose patch_xml is kept
# docxtpl's paragraph in resolve_listing, and the characters it resolves in a paragraph.
_PARAGRAPH = re.compile(r"<w:p(?: [^>]*)?>.*?</w:p>", flags=re.DOTALL)
_LISTING = ("\t", "\n", "\a", "\f")


@cache
def paragraphs_joined(base: type) -> type:
    """`base` (a Jinja Template class) with docxtpl's line breaks before paragraphs taken out.

    docxtpl puts a line break before each paragraph of the template's XML (`\\n<w:p`), so
    that Jinja's line numbers point at paragraphs, and takes them out of the rendered XML
    again with a regular expression (which holds the document as a list of pieces besides
    two copies). Taken out here by `str.replace`; docxtpl's expression then finds none and
    keeps the text as it is. A value cannot add one: its `<` is escaped."""

    class ParagraphsJoined(base):  # type: ignore[misc, valid-type]
        def render(self, *args: Any, **kwargs: Any) -> str:
            xml = super().render(*args, **kwargs)
            if "\n\n<w:p" in xml:  # of two line breaks docxtpl takes out one: left to it
                return xml
            return xml.replace("\n<w:p ", "<w:p ").replace("\n<w:p>", "<w:p>")

    return ParagraphsJoined


def jinja_template_class(base: type) -> type:
    """The class of the Word templates' compiled Jinja templates: `base` with the
    paragraphs joined (`paragraphs_joined`), or `base` itself when the path `docxtpl` is
    off."""
    return paragraphs_joined(base) if enabled("docxtpl") else base


def _missing() -> list[str]:
    from docxtpl import DocxTemplate

    names = ("init_docx", "patch_xml", "resolve_listing", "render_xml_part", "get_xml")
    return [
        f"DocxTemplate.{name}" for name in names if not callable(getattr(DocxTemplate, name, None))
    ]


def template_class() -> type:
    """docxtpl's DocxTemplate, or (`fast_template_class`) the same doing less work."""
    from docxtpl import DocxTemplate

    if not enabled("docxtpl"):
        return DocxTemplate
    try:
        return fast_template_class()
    except Unavailable:
        return DocxTemplate


@cache
def fast_template_class() -> type:
    """DocxTemplate with the template opened by `open_document` (read once per process),
    `patch_xml` kept and `resolve_listing` for the paragraphs that need it; Unavailable when
    this docxtpl lacks a piece it uses."""
    from docx import Document as docx_document
    from docxtpl import DocxTemplate

    missing = _missing()
    if missing:
        raise Unavailable(f"docxtpl lacks {', '.join(missing)}")
    patched: dict[str, str] = {}

    class FastTemplate(DocxTemplate):  # type: ignore[misc]
        def init_docx(self, reload: bool = True) -> None:
            """docxtpl's, but the template read once per process (`open_document`)."""
            if not self.docx or (self.is_rendered and reload):
                source = self.template_file
                if isinstance(source, io.BytesIO):
                    self.docx = open_document(source.getvalue())
                else:
                    self.docx = docx_document(source)
                self.is_rendered = False

        def patch_xml(self, src_xml: str) -> str:
            result = patched.get(src_xml)
            if result is None:
                if len(patched) >= MAX_KEPT:
                    patched.clear()
                result = patched[src_xml] = super().patch_xml(src_xml)
            return result

        def resolve_listing(self, xml: str) -> str:
            """docxtpl's, given only the paragraphs that have something to resolve."""
            pieces: list[str] = []
            done = 0
            for match in _PARAGRAPH.finditer(xml):
                start, end = match.span()
                if not any(xml.find(c, start, end) >= 0 for c in _LISTING):
                    continue
                paragraph = match.group(0)
                resolved = super().resolve_listing(paragraph)
                if resolved != paragraph:
                    pieces += (xml[done:start], resolved)
                    done = end
            if not pieces:
                return xml
            pieces.append(xml[done:])
            return "".join(pieces)

    return FastTemplate


def members(tpl: Any) -> dict[str, bytes]:
    """A rendered DocxTemplate's zip members (name: bytes), as its own save writes them;
    straight from its parts (`fast_members`) unless the path `wordzip` is off or cannot
    run. The caller makes the reproducible zip."""
    if enabled("wordzip"):
        try:
            return fast_members(tpl)
        except Unavailable:
            pass
    buffer = io.BytesIO()
    tpl.save(buffer)
    with zipfile.ZipFile(io.BytesIO(buffer.getvalue())) as source:
        return {name: source.read(name) for name in source.namelist()}


class _Members:
    """Stands in for python-docx's zip writer: keeps each part's bytes by member name."""

    def __init__(self) -> None:
        self.blobs: dict[str, bytes] = {}

    def write(self, pack_uri: Any, blob: bytes) -> None:
        self.blobs[pack_uri.membername] = blob


_WRITERS = ("_write_content_types_stream", "_write_pkg_rels", "_write_parts")
_REPLACING = ("pics_to_replace", "crc_to_new_media", "crc_to_new_embedded", "zipname_to_replace")


def fast_members(tpl: Any) -> dict[str, bytes]:
    """The members of `tpl`'s save, written by python-docx's PackageWriter into a dict, each
    part compressed once (by the caller); Unavailable when python-docx or docxtpl lacks a
    piece, or docxtpl would replace parts when it saves (which only its own save does)."""
    try:
        from docx.opc.pkgwriter import PackageWriter
    except ImportError as exc:
        raise Unavailable(f"python-docx: {exc}") from None
    missing = [name for name in _WRITERS if not hasattr(PackageWriter, name)]
    missing += [name for name in (*_REPLACING, "is_saved") if not hasattr(tpl, name)]
    if missing:
        raise Unavailable(f"python-docx or docxtpl lacks {', '.join(missing)}")
    if any(getattr(tpl, name) for name in _REPLACING):
        raise Unavailable("docxtpl replaces parts when it saves")
    package = tpl.docx.part.package
    parts = package.parts
    for part in parts:
        part.before_marshal()
    written = _Members()
    PackageWriter._write_content_types_stream(written, parts)
    PackageWriter._write_pkg_rels(written, package.rels)
    PackageWriter._write_parts(written, parts)
    tpl.is_saved = True
    return written.blobs
