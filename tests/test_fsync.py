"""Derived outputs are written atomically without fsync (a rename already shows a reader the
whole file or none); the build's manifest, which says what was made, is still fsynced."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from sektorplan.build import Options, build
from sektorplan.paths import write_atomic

from .conftest import EXAMPLE


def _recording(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The names of the files fsynced from now on (the file asked for, not its temporary)."""
    synced: list[str] = []
    real = os.fsync

    def fsync(fd: int) -> None:
        name = Path(os.readlink(f"/proc/self/fd/{fd}")).name
        # write_atomic's temporary file: .<name>.<random>.tmp
        synced.append(name[1:].rsplit(".", 2)[0] if name.endswith(".tmp") else name)
        real(fd)

    monkeypatch.setattr(os, "fsync", fsync)
    return synced


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="reads /proc (Linux)")
def test_only_the_manifest_of_a_build_is_fsynced(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "ws"
    shutil.copytree(EXAMPLE, root)
    synced = _recording(monkeypatch)
    outcome = build(root, Options(tmp_path / "out", formats=("md", "docx", "html"), jobs=1))
    assert not outcome.errors
    made = [p for p in (tmp_path / "out").rglob("*") if p.is_file()]
    assert len(made) > 50
    assert ".sektorplan-manifest.json" in synced
    # index.html is written by build/ with the manifest's helper (left to that package).
    assert set(synced) <= {".sektorplan-manifest.json", "index.html"}, synced


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="reads /proc (Linux)")
@pytest.mark.parametrize("durable", [True, False])
def test_write_atomic_fsyncs_only_when_durable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, durable: bool
) -> None:
    synced = _recording(monkeypatch)
    write_atomic(tmp_path / "a.txt", "æ", durable=durable)
    assert (tmp_path / "a.txt").read_text(encoding="utf-8") == "æ"
    assert synced == (["a.txt"] if durable else [])
    assert [p.name for p in tmp_path.iterdir()] == ["a.txt"]  # no temporary file left
