"""The record of what sektorplan made in an output folder (`.sektorplan-manifest.json`).

`build` and `render` share it: a file listed here was made by sektorplan and may be made
again; a file that is not listed belongs to someone else and is never overwritten without
--force, nor removed. For each file it keeps the digest of the inputs it was made from (empty
when unknown, e.g. after `render`), so `build` knows what is current.
"""

from __future__ import annotations

import json
from pathlib import Path

from .fileio import write_atomic

NAME = ".sektorplan-manifest.json"


def read(out_dir: Path) -> dict[str, str]:
    """Output file (relative to the folder) → the digest of the inputs it was made from."""
    try:
        data = json.loads((out_dir / NAME).read_text("utf-8"))
        outputs = data["outputs"]
        return {str(k): str(v) for k, v in outputs.items()}
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return {}


def write(out_dir: Path, manifest: dict[str, str]) -> None:
    kept = dict(sorted(manifest.items()))
    data = {
        "format": 1,
        "om": "Hvad sektorplan har dannet i denne mappe, og af hvilke input. Ret den ikke.",
        "outputs": kept,
    }
    write_if_changed(out_dir / NAME, json.dumps(data, ensure_ascii=False, indent=1) + "\n")


def write_if_changed(path: Path, data: bytes | str) -> None:
    """An unchanged build leaves every file as it was, time stamps included."""
    raw = data.encode("utf-8") if isinstance(data, str) else data
    if not path.is_file() or path.read_bytes() != raw:
        write_atomic(path, raw)


def name_in(out_dir: Path, path: Path) -> str:
    return path.resolve().relative_to(out_dir.resolve()).as_posix()
