"""Two versions of the small example workspace (check/examples.py), made in the test."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from sektorplan.check.examples import BASE_FILES

from ..conftest import run, write_files

Edit = tuple[str, str, str]  # (file, old text, new text)


def versions(tmp_path: Path, *edits: Edit, extra: dict[str, str] | None = None) -> Path:
    """tmp_path/old and tmp_path/new: the base workspace, and the same with `edits` made
    (each old text must occur once) and `extra` files written."""
    write_files(tmp_path / "old", dict(BASE_FILES))
    new = write_files(tmp_path / "new", {**BASE_FILES, **(extra or {})})
    for name, old, replacement in edits:
        path = new / name
        text = path.read_text(encoding="utf-8")
        assert text.count(old) == 1, f"{old!r} must occur once in {name}"
        path.write_text(text.replace(old, replacement), encoding="utf-8")
    return tmp_path


def diff_json(tmp_path: Path, *edits: Edit, **kwargs: Any) -> dict[str, Any]:
    root = versions(tmp_path, *edits, **kwargs)
    result = run(["diff", "old", "new", "--format", "json"], root)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def item(data: dict[str, Any], id_: str) -> dict[str, Any]:
    found = [i for p in data["plans"] for i in p["items"] if i["id"] == id_]
    assert len(found) == 1, [i["id"] for p in data["plans"] for i in p["items"]]
    return found[0]


def change(entry: dict[str, Any], field: str) -> dict[str, Any]:
    found = [c for c in entry["changes"] if c["field"] == field]
    assert len(found) == 1, [c["field"] for c in entry["changes"]]
    return found[0]


@pytest.fixture
def compare(tmp_path: Path) -> Callable[..., dict[str, Any]]:
    def run_diff(*edits: Edit, **kwargs: Any) -> dict[str, Any]:
        return diff_json(tmp_path, *edits, **kwargs)

    return run_diff
