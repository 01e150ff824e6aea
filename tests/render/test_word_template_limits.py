"""A Word template is a zip: its parts' unpacked sizes are checked in its directory before
anything is unpacked, so a small file that unpacks to gigabytes is a message, not 3 GB of
memory."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from sektorplan.templates import PATH as BUILTIN

from sektorplan.render import docx

from .test_template_errors import failed


def with_extra_part(path: Path, size: int) -> Path:
    with zipfile.ZipFile(BUILTIN / "sektorplan.docx") as source:
        members = {name: source.read(name) for name in source.namelist()}
    members["word/media/bombe.bin"] = bytes(size)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in members.items():
            target.writestr(name, data)
    return path


def test_a_part_that_unpacks_too_large_is_refused_before_it_is_read(
    example_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(docx, "MAX_UNPACKED_PART", 1_000_000)
    template = with_extra_part(example_copy / "skabeloner" / "sektorplan.docx", 2_000_000)
    assert template.stat().st_size < 100_000
    unpacked: list[str] = []
    read = zipfile.ZipFile.read
    monkeypatch.setattr(
        zipfile.ZipFile,
        "read",
        lambda self, name, *a: unpacked.append(name) or read(self, name, *a),
    )
    message = failed(["render", "planer/bs.yaml", "-f", "docx"], example_copy)
    assert "skabeloner/sektorplan.docx er ikke et almindeligt Word-dokument" in message
    assert "word/media/bombe.bin alene 2.000.000 byte" in message
    assert not unpacked


def test_the_limits_are_far_above_a_real_template() -> None:
    with zipfile.ZipFile(BUILTIN / "sektorplan.docx") as source:
        parts = source.infolist()
    assert sum(p.file_size for p in parts) * 100 < docx.MAX_UNPACKED_TOTAL
    assert max(p.file_size for p in parts) * 100 < docx.MAX_UNPACKED_PART
