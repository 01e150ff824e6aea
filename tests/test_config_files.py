"""Files that sektorplan.yaml names are checked by `validate`, as the renderer finds them."""

from __future__ import annotations

from pathlib import Path

from .conftest import edit, run

TEMPLATE_LINE = "word-skabelon: skabeloner/kommunen.docx\n"


def test_a_word_template_that_exists_relative_to_the_workspace_is_fine(workspace: Path) -> None:
    edit(workspace / "sektorplan.yaml", "format: 1\n", "format: 1\n" + TEMPLATE_LINE)
    (workspace / "skabeloner").mkdir()
    (workspace / "skabeloner" / "kommunen.docx").write_bytes(b"PK")
    # Checked from inside planer/: the path is the workspace's, not the current folder's
    result = run(["validate", ".."], workspace / "planer")
    assert result.exit_code == 0, result.output


def test_a_missing_word_template_is_an_error_before_any_build(workspace: Path) -> None:
    edit(workspace / "sektorplan.yaml", "format: 1\n", "format: 1\n" + TEMPLATE_LINE)
    (workspace / "planer" / "skabeloner").mkdir()
    (workspace / "planer" / "skabeloner" / "kommunen.docx").write_bytes(b"PK")
    result = run(["validate", ".."], workspace / "planer")
    assert result.exit_code == 1
    assert "../sektorplan.yaml:2:16: fejl SP010 word-skabelon: Word-skabelonen " in result.output
    assert "../skabeloner/kommunen.docx findes ikke" in result.output


def test_a_folder_is_no_word_template(workspace: Path) -> None:
    edit(workspace / "sektorplan.yaml", "format: 1\n", "format: 1\n" + TEMPLATE_LINE)
    (workspace / "skabeloner" / "kommunen.docx").mkdir(parents=True)
    result = run(["validate"], workspace)
    assert result.exit_code == 1 and "SP010" in result.output
