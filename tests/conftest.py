from __future__ import annotations

from pathlib import Path

import pytest

from sektorplan.rule_examples import BASE_FILES

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "sermersooq"


def write_files(root: Path, files: dict[str, str | bytes]) -> Path:
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, str):
            content = content.encode("utf-8")
        path.write_bytes(content)
    return root


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    """A small valid workspace (sektorplan.yaml with two plans, BS and AM)."""
    return write_files(tmp_path, dict(BASE_FILES))
