"""The fast path `wordpackage`: a Word template opened once per process, and a document
from it for every plan.

python-docx opens a .docx by reading the zip (inflating every part), parsing its content
types and relationships, then parsing each XML part into a tree. For `sektorplan build`
it is the same template for every plan, so the read package (python-docx's PackageReader:
the parts' bytes, content types and relationships, none of which anything changes) is kept
per process, and each plan's document is built from it: new part objects and trees every
time, nothing a plan changes shared with the next.

styles.xml is by far the largest part (350 KB in the built-in template) and rendering
neither reads nor changes it: it is parsed only when something reads it, and written as
python-docx writes it (its tree parsed and serialized again), which is the same for the
same bytes and kept per process too.

python-docx internals used: `docx.opc.package.Unmarshaller`, `docx.opc.pkgreader.PackageReader`
(`from_file`, `iter_sparts`), `docx.opc.part.PartFactory.part_type_for`, and a StylesPart
subclass whose `_element` is a property. Off (or on another python-docx), the document is
python-docx's `Document(io.BytesIO(data))`.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Hashable
from functools import lru_cache
from typing import Any, ClassVar

from sektorplan.internals import Unavailable, enabled

# The largest template (its inflated parts) kept open per process: a few MB at most.
MAX_KEPT_BYTES = 4_000_000
MAX_KEPT_TEMPLATES = 2


def open_document(data: bytes) -> Any:
    """python-docx's `Document(io.BytesIO(data))`: from the package read once per process
    (`fast_open_document`) unless that path is off or cannot run on this python-docx."""
    if enabled("wordpackage"):
        try:
            return fast_open_document(data)
        except Unavailable:
            pass
    from docx import Document

    return Document(io.BytesIO(data))


def fast_open_document(data: bytes) -> Any:
    """The same parts and trees as `Document(io.BytesIO(data))`, from the package read once
    per process; Unavailable when this python-docx lacks a piece it uses."""
    try:
        from docx.opc.constants import CONTENT_TYPE as CT
        from docx.opc.package import Unmarshaller
        from docx.package import Package
    except ImportError as exc:
        raise Unavailable(f"python-docx: {exc}") from None
    factory = _part_factory()
    if not hasattr(Unmarshaller, "unmarshal"):
        raise Unavailable("python-docx lacks Unmarshaller.unmarshal")
    package = Package()
    Unmarshaller.unmarshal(_read(data), package, factory)
    document_part = package.main_document_part
    if document_part.content_type != CT.WML_DOCUMENT_MAIN:
        raise ValueError(f"not a Word document: {document_part.content_type}")
    return document_part.document


_kept: dict[bytes, Any] = {}


def _read(data: bytes) -> Any:
    """The read package of a template's bytes, kept when small (the last few)."""
    from docx.opc.pkgreader import PackageReader

    reader = _kept.get(data)
    if reader is None:
        reader = PackageReader.from_file(io.BytesIO(data))
        size = sum(len(blob) for _, _, _, blob in reader.iter_sparts())
        if size <= MAX_KEPT_BYTES:
            if len(_kept) >= MAX_KEPT_TEMPLATES:
                del _kept[next(iter(_kept))]
            _kept[data] = reader
    return reader


@lru_cache(maxsize=1)
def _part_factory() -> type:
    """python-docx's PartFactory with styles.xml read lazily, for our documents only (the
    registry every other python-docx user shares is left alone)."""
    try:
        from docx.opc.constants import CONTENT_TYPE as CT
        from docx.opc.oxml import serialize_part_xml
        from docx.opc.part import PartFactory
        from docx.opc.pkgreader import PackageReader
        from docx.oxml.parser import parse_xml
        from docx.parts.styles import StylesPart
    except ImportError as exc:
        raise Unavailable(f"python-docx: {exc}") from None
    if not isinstance(getattr(PartFactory, "part_type_for", None), dict):
        raise Unavailable("python-docx lacks PartFactory.part_type_for")
    if not hasattr(PackageReader, "from_file") or not hasattr(PackageReader, "iter_sparts"):
        raise Unavailable("python-docx lacks PackageReader.from_file or iter_sparts")

    class LazyStylesPart(StylesPart):  # type: ignore[misc]
        """A styles part whose tree is parsed on first use. Until then its bytes are those
        python-docx would write for it (the source parsed and serialized)."""

        _tree: Any = None
        source: bytes = b""
        lazy = True

        @classmethod
        def load(cls, partname: Any, content_type: str, blob: bytes, package: Any) -> Any:
            part = cls(partname, content_type, None, package)
            part.source = blob
            return part

        @property
        def _element(self) -> Any:
            if self._tree is None:
                self._tree = parse_xml(self.source)
            return self._tree

        @_element.setter
        def _element(self, element: Any) -> None:
            self._tree = element

        @property
        def parsed(self) -> bool:
            return self._tree is not None

        @property
        def blob(self) -> bytes:
            if self._tree is None:
                return _written(self.source)
            return serialize_part_xml(self._tree)

    class Factory(PartFactory):  # type: ignore[misc]
        part_type_for: ClassVar[dict[str, type]] = {
            **PartFactory.part_type_for,
            CT.WML_STYLES: LazyStylesPart,
        }

    return Factory


@lru_cache(maxsize=MAX_KEPT_TEMPLATES)
def _written(source: bytes) -> bytes:
    from docx.opc.oxml import serialize_part_xml
    from docx.oxml.parser import parse_xml

    return serialize_part_xml(parse_xml(source))


@lru_cache(maxsize=8)
def _style_id_in(source: bytes, name: str) -> str | None:
    from docx.oxml.ns import qn
    from docx.oxml.parser import parse_xml

    found = parse_xml(source).xpath(f'w:style[w:name/@w:val="{name}"]')
    return found[0].get(qn("w:styleId")) if found else None


def style_id(document: Any, name: str) -> str | None:
    """The id of the first paragraph or character style called `name`, or None; looked up
    in the XML (python-docx's `document.styles` makes an object of every style in the
    template, hundreds, to find one), and without parsing a styles part nobody else reads."""
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.oxml.ns import qn

    try:
        part = document.part.part_related_by(RT.STYLES)
    except KeyError:  # python-docx adds a default styles part, as it always did
        document.styles  # noqa: B018 - adding it is the point
        part = document.part.part_related_by(RT.STYLES)
    if getattr(part, "lazy", False) and not part.parsed:
        return _style_id_in(part.source, name)
    found = part.element.xpath(f'w:style[w:name/@w:val="{name}"]')
    return found[0].get(qn("w:styleId")) if found else None


def change_styles(document: Any, change: Callable[[Any, Hashable], None], key: Hashable) -> None:
    """`change(tree, key)` (a function of the styles part's tree, which it changes in place)
    applied to the document's styles. A styles part not parsed yet stays so: its bytes are
    replaced by those of the changed tree, made once per process for each template, `change`
    (a module's function, not a new one each time) and `key`."""
    part = _styles_part(document)
    if getattr(part, "lazy", False) and not part.parsed:
        part.source = _changed(part.source, change, key)
    else:
        change(part.element, key)


def _styles_part(document: Any) -> Any:
    from docx.opc.constants import RELATIONSHIP_TYPE as RT

    try:
        return document.part.part_related_by(RT.STYLES)
    except KeyError:  # python-docx adds a default styles part, as it always did
        document.styles  # noqa: B018 - adding it is the point
        return document.part.part_related_by(RT.STYLES)


@lru_cache(maxsize=16)
def _changed(source: bytes, change: Any, key: Any) -> bytes:
    from docx.opc.oxml import serialize_part_xml
    from docx.oxml.parser import parse_xml

    tree = parse_xml(source)
    change(tree, key)
    return serialize_part_xml(tree)


def styles_tree(document: Any) -> Any:
    """The styles part's tree, to read only: for a part not parsed yet, a tree parsed once
    per process for its bytes."""
    part = _styles_part(document)
    if getattr(part, "lazy", False) and not part.parsed:
        return _parsed(part.source)
    return part.element


@lru_cache(maxsize=4)
def _parsed(source: bytes) -> Any:
    from docx.oxml.parser import parse_xml

    return parse_xml(source)
