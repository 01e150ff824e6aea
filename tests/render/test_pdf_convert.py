"""pdf.convert: many Word documents, one LibreOffice; a document that fails or hangs fails
alone, with its name, and the others are made; no half-written PDF is ever left."""

from __future__ import annotations

import io
import os
from pathlib import Path

import docx
import pytest

from sektorplan.render import pdf

from ..conftest import require_tools


def word(path: Path, text: str) -> Path:
    document = docx.Document()
    document.add_heading(text, level=1)
    document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    path.write_bytes(buffer.getvalue())
    return path


def test_a_document_that_fails_or_hangs_fails_alone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    require_tools("soffice")
    if not hasattr(os, "mkfifo"):
        pytest.skip("no FIFOs here")
    monkeypatch.setattr(pdf, "TIMEOUT_SECONDS", 20)
    sources = tmp_path / "word"
    sources.mkdir()
    first = word(sources / "første plan.docx", "Første")
    broken = sources / "ødelagt.docx"
    broken.write_bytes(b"not a Word document")
    hanging = sources / "hænger.docx"
    os.mkfifo(hanging)  # nobody writes: LibreOffice waits for it forever
    last = word(sources / "sidste (2), 'x'.docx", "Sidste")
    out = tmp_path / "pdf"
    conversions = [pdf.Conversion(s, out / f"{s.stem}.pdf") for s in (first, broken, hanging, last)]
    results = pdf.convert(conversions)
    made = {c.target.name for c in conversions if results[c.target] is None}
    assert made == {"første plan.pdf", "sidste (2), 'x'.pdf"}
    assert results[out / "ødelagt.pdf"].startswith("LibreOffice kunne ikke lave ødelagt.pdf")
    assert results[out / "hænger.pdf"] == (
        "LibreOffice blev ikke færdig med hænger.pdf på 20 sekunder. Prøv igen, eller gem "
        "Word-filen som PDF fra Word."
    )
    assert sorted(p.name for p in out.iterdir()) == sorted(made)  # no .part left
    for name in made:
        assert (out / name).read_bytes().startswith(b"%PDF")


def test_without_libreoffice_every_document_says_how_to_install_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pdf, "find_soffice", lambda: None)
    source = word(tmp_path / "a.docx", "A")
    target = tmp_path / "a.pdf"
    assert pdf.convert([pdf.Conversion(source, target)]) == {target: pdf.INSTALL_HINT}
    assert not target.exists()
