"""What a process keeps between Word documents (the template read once, styles.xml parsed
only when read, each zip member's deflated bytes) never changes a document: each is the same
as from a new process, whatever was rendered before it."""

from __future__ import annotations

import io
import os
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

import docx
import pytest
from docx.enum.style import WD_STYLE_TYPE
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from hypothesis import given, settings
from hypothesis import strategies as st
from sektorplan.templates import PATH as BUILTIN

from sektorplan.internals.wordpackage import open_document, style_id
from sektorplan.render import ziparchive
from sektorplan.render.docx import AMOUNT_STYLE, TEMPLATE_NAME
from sektorplan.render.ziparchive import normalize

from ..conftest import EXAMPLE, run

EPOCH = "1700000000"
PLANS = ("bs", "am")  # different goals, tables and charts


def fresh(plan: str, out: Path) -> bytes:
    """The plan's Word document as the only thing a new process renders."""
    code = "import sys\nfrom sektorplan.cli.app import main\nmain()\n"
    args = ["render", str(EXAMPLE / "planer" / f"{plan}.yaml"), "-f", "docx", "-o", str(out)]
    env = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH}
    subprocess.run(
        [sys.executable, "-c", code, *args], env=env, check=True, capture_output=True, timeout=120
    )
    return (out / f"{plan}.docx").read_bytes()


def test_plans_rendered_one_after_another_are_each_as_from_a_new_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    expected = {plan: fresh(plan, tmp_path / f"fresh-{plan}") for plan in PLANS}
    assert expected["bs"] != expected["am"]
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    for i, plan in enumerate((*PLANS, *PLANS)):
        out = tmp_path / f"{i}-{plan}"
        result = run(
            ["render", str(EXAMPLE / "planer" / f"{plan}.yaml"), "-f", "docx", "-o", str(out)],
            tmp_path,
        )
        assert result.exit_code == 0, result.output
        assert (out / f"{plan}.docx").read_bytes() == expected[plan], f"{i}: {plan}"


def builtin() -> bytes:
    return (BUILTIN / TEMPLATE_NAME).read_bytes()


def parts(document: docx.document.Document) -> dict[str, bytes]:
    return {str(p.partname): p.blob for p in document.part.package.iter_parts()}


def styles_part(document: docx.document.Document) -> Any:
    return document.part.part_related_by(RT.STYLES)


def test_an_opened_template_has_the_parts_and_bytes_python_docx_gives_it() -> None:
    data = builtin()
    plain = parts(docx.Document(io.BytesIO(data)))
    opened = open_document(data)
    assert not styles_part(opened).parsed  # nothing has read the styles yet
    assert parts(opened) == plain
    assert style_id(opened, AMOUNT_STYLE) == "Tabeltal"
    assert style_id(opened, "Ingen sådan typografi") is None
    assert not styles_part(opened).parsed
    assert opened.styles[AMOUNT_STYLE].style_id == "Tabeltal"  # read: now parsed
    assert styles_part(opened).parsed
    assert style_id(opened, AMOUNT_STYLE) == "Tabeltal"
    assert parts(opened) == plain


def test_a_document_s_changed_styles_stay_in_that_document() -> None:
    data = builtin()
    plain = parts(docx.Document(io.BytesIO(data)))
    first = open_document(data)
    first.styles.add_style("Egen typografi", WD_STYLE_TYPE.PARAGRAPH)
    second = open_document(data)
    assert b"Egen typografi" in styles_part(first).blob
    assert parts(second) == plain
    assert style_id(second, "Egen typografi") is None
    assert style_id(first, "Egen typografi") is not None


NAMES = st.text(alphabet="abcæøå/._-[]é1", min_size=1, max_size=12)
MEMBERS = st.dictionaries(NAMES, st.tuples(st.binary(max_size=3000), st.booleans()), max_size=6)
STAMPS = st.tuples(
    st.integers(1980, 2107), st.integers(1, 12), st.integers(1, 28),
    st.integers(0, 23), st.integers(0, 59), st.integers(0, 59),
)  # fmt: skip


@settings(max_examples=60, deadline=None)
@given(MEMBERS, MEMBERS, STAMPS)
def test_an_archive_is_what_zipfile_writes_whatever_was_written_before(
    before: dict[str, tuple[bytes, bool]], members: dict[str, tuple[bytes, bool]], stamp: Any
) -> None:
    for written in (before, members, members):  # the second time from what was kept
        items = [(name, data, stored) for name, (data, stored) in written.items()]
        data = ziparchive.archive(items, stamp)
        assert data == ziparchive.reference(items, stamp)
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            assert archive.testzip() is None
            assert {name: archive.read(name) for name in archive.namelist()} == {
                name: content for name, content, _ in items
            }


def test_what_is_kept_stays_within_its_bounds(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ziparchive, "KEPT_MEMBER_BYTES", 5000)
    monkeypatch.setattr(ziparchive, "KEPT_TOTAL_BYTES", 12000)
    kept = ziparchive._Kept()
    monkeypatch.setattr(ziparchive, "_kept", kept)
    stamp = (2024, 1, 2, 3, 4, 5)
    for i in range(10):
        items = [(f"word/part{i}.xml", bytes([i]) * 4000, False), ("big.xml", b"x" * 6000, False)]
        assert ziparchive.archive(items, stamp) == ziparchive.reference(items, stamp)
        assert kept.size <= 12000
        assert "big.xml" not in kept.members
    assert kept.size == sum(len(d) + len(c) for d, _, c in kept.members.values())


def test_normalize_gives_zipfile_s_archive_of_a_word_document() -> None:
    data = builtin()
    with zipfile.ZipFile(io.BytesIO(data)) as source:
        first = ["[Content_Types].xml", "_rels/.rels"]
        names = first + sorted(set(source.namelist()) - set(first))
        items = [(name, source.read(name), False) for name in names]
    assert normalize(data) == ziparchive.reference(items, (1980, 1, 1, 0, 0, 0))
