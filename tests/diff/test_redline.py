"""--word-redline: one plan's Word document with Word's own tracked changes, made by
python-redlines (an optional dependency; CI installs it with the test extra)."""

from __future__ import annotations

import os
import sys
import zipfile
from pathlib import Path

import pytest

from ..conftest import run
from .conftest import versions

BS = "planer/bs.yaml"
OLD, NEW = "old/planer/bs.yaml", "new/planer/bs.yaml"
EDIT = (
    BS,
    "vision: Alle børn går i en skole, der giver dem lyst til at lære.",
    "vision: Alle børn går i en god skole, der giver dem mod på at lære.",
)


def engine_installed() -> bool:
    try:
        import python_redlines.engines  # noqa: F401
        import python_redlines_docxodus  # noqa: F401
    except ImportError:
        return False
    return True


needs_engine = pytest.mark.skipif(
    not engine_installed() and not os.environ.get("CI"),
    reason="python-redlines[docxodus] is not installed (pip install -e '.[test]')",
)


@needs_engine
def test_one_plan_with_tracked_changes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1765000000")
    root = versions(tmp_path, EDIT)
    result = run(["diff", "--word-redline", OLD, NEW, "-o", "plan-ændringer.docx"], root)
    assert result.exit_code == 0, result.output
    with zipfile.ZipFile(root / "plan-ændringer.docx") as document:
        xml = document.read("word/document.xml").decode()
    assert '<w:ins w:author="sektorplan"' in xml
    assert '<w:del w:author="sektorplan"' in xml
    assert 'w:date="2025-12-06T05:46:40Z"' in xml  # SOURCE_DATE_EPOCH
    # Packed again as the plans' documents are: fixed times, [Content_Types].xml first.
    with zipfile.ZipFile(root / "plan-ændringer.docx") as document:
        members = document.infolist()
    assert members[0].filename == "[Content_Types].xml"
    assert {m.date_time for m in members} == {(2025, 12, 6, 5, 46, 40)}


def test_without_the_library_it_says_how_to_install_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "python_redlines", None)
    monkeypatch.setitem(sys.modules, "python_redlines.engines", None)
    root = versions(tmp_path, EDIT)
    result = run(["diff", "--word-redline", OLD, NEW, "-o", "r.docx"], root)
    assert result.exit_code == 1
    assert "pip install 'sektorplan[redline]'" in result.stderr
    assert not (root / "r.docx").exists()


def test_wrong_use(tmp_path: Path) -> None:
    root = versions(tmp_path, EDIT)
    folders = run(["diff", "--word-redline", "old", "new", "-o", "r.docx"], root)
    assert folders.exit_code == 2 and "angiv to planfiler" in folders.stderr
    no_file = run(["diff", "--word-redline", OLD, NEW], root)
    assert no_file.exit_code == 2 and "-o plan-ændringer.docx" in no_file.stderr
    markdown = run(["diff", "--word-redline", OLD, NEW, "-f", "md", "-o", "r.md"], root)
    assert markdown.exit_code == 2 and "udelad -f" in markdown.stderr
