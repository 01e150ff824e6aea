"""scripts/compare_outputs.py: two build folders compared file by file, zips member by member."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

SCRIPT = Path(__file__).resolve().parents[1] / "scripts" / "compare_outputs.py"


def _zip(path: Path, members: dict[str, bytes]) -> None:
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in members.items():
            archive.writestr(zipfile.ZipInfo(name, (2024, 1, 1, 0, 0, 0)), data)


def _compare(before: Path, after: Path, *options: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(SCRIPT), str(before), str(after), *options],
        capture_output=True,
        text=True,
    )


def _folders(tmp_path: Path) -> tuple[Path, Path]:
    before, after = tmp_path / "before", tmp_path / "after"
    for folder in (before, after):
        (folder / "sub").mkdir(parents=True)
        (folder / "a.md").write_text("# A\n")
        (folder / "sub" / "b.html").write_text("<p>b</p>")
        _zip(folder / "a.docx", {"word/document.xml": b"<w/>", "word/media/image1.png": b"1"})
    return before, after


def test_identical_folders(tmp_path: Path) -> None:
    before, after = _folders(tmp_path)
    result = _compare(before, after)
    assert result.returncode == 0, result.stdout
    assert "identical: 3 files" in result.stdout
    assert "different: 0 files" in result.stdout


def test_a_docx_is_compared_member_by_member(tmp_path: Path) -> None:
    before, after = _folders(tmp_path)
    _zip(after / "a.docx", {"word/document.xml": b"<w/>", "word/media/image1.png": b"2"})
    result = _compare(before, after)
    assert result.returncode == 1
    assert "  a.docx\n    word/media/image1.png" in result.stdout
    assert "word/document.xml" not in result.stdout
    # Only a picture differs: allowed when asked.
    assert _compare(before, after, "--allow-images").returncode == 0
    _zip(after / "a.docx", {"word/document.xml": b"<w:x/>", "word/media/image1.png": b"2"})
    result = _compare(before, after, "--allow-images")
    assert result.returncode == 1
    assert "word/document.xml" in result.stdout


def test_text_differences_and_missing_files_fail(tmp_path: Path) -> None:
    before, after = _folders(tmp_path)
    (after / "sub" / "b.html").write_text("<p>B</p>")
    (after / "new.png").write_bytes(b"png")
    (before / "a.md").unlink()
    result = _compare(before, after, "--allow-images")
    assert result.returncode == 1
    assert "different: 1 files\n  sub/b.html" in result.stdout
    assert "only after: 2 files\n  a.md\n  new.png" in result.stdout
    (after / "a.md").unlink()
    result = _compare(before, after)
    assert "only after: 1 files\n  new.png" in result.stdout
    (after / "new.png").unlink()
    (after / "sub" / "b.html").write_text("<p>b</p>")
    (after / "gone.md").write_text("x")
    (before / "gone.md").write_text("x")
    (after / "gone.md").unlink()
    result = _compare(before, after, "--allow-images")
    assert result.returncode == 1
    assert "only before: 1 files\n  gone.md" in result.stdout
