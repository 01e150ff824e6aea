"""The record of what sektorplan made in an output folder (`.sektorplan-manifest.json`).

`build` and `render` share it: a file listed here was made by sektorplan and may be made
again; a file that is not listed belongs to someone else and is never overwritten without
--force, nor removed. For each file it keeps the digest of the inputs it was made from (empty
when unknown, e.g. after `render`), so `build` knows what is current.
"""

from __future__ import annotations

import json
from pathlib import Path

from sektorplan.errors import SektorplanError
from sektorplan.load.workspace import shown_path
from sektorplan.paths import os_error_text, read_limited, write_atomic

NAME = ".sektorplan-manifest.json"
# A manifest lists a few hundred files; one larger than this was not written by sektorplan.
MAX_BYTES = 64 * 1024 * 1024


class DamagedError(SektorplanError):
    """The manifest is there but cannot be read: which files are sektorplan's is unknown."""

    def __init__(self, path: Path, reason: str) -> None:
        super().__init__(
            f"{shown_path(path)} kan ikke læses ({reason}), så det vides ikke, hvilke filer i "
            "mappen sektorplan har lavet. Intet er skrevet. Slet filen og kør igen, kør igen "
            "med --force (overskriver dokumenterne i mappen), eller vælg en anden mappe med -o."
        )
        self.path = path


def read(out_dir: Path) -> dict[str, str]:
    """Output file (a plain name in the folder) → the digest of the inputs it was made from.
    No manifest: empty. A manifest that cannot be read raises `DamagedError`. Names that are
    not plain file names in the folder ("../x", "/abs", "a/b") are left out: the manifest
    must never lead to a file outside the folder."""
    path = out_dir / NAME
    try:
        text = read_limited(path, MAX_BYTES).decode("utf-8")
    except (FileNotFoundError, NotADirectoryError):
        return {}
    except OSError as exc:
        raise DamagedError(path, os_error_text(exc)) from None
    except UnicodeDecodeError:
        raise DamagedError(path, "den er ikke UTF-8") from None
    try:
        outputs = json.loads(text)["outputs"]
        return {str(k): str(v) for k, v in outputs.items() if is_plain_name(str(k))}
    except (ValueError, KeyError, TypeError, AttributeError, RecursionError):
        # RecursionError: JSON nested deeper than Python's parser goes
        raise DamagedError(path, "indholdet er ødelagt") from None


def is_plain_name(name: str) -> bool:
    """A file directly in the folder: no folder part, not "." or ".."."""
    return (
        bool(name)
        and "/" not in name
        and "\\" not in name
        and "\0" not in name
        and name not in (".", "..")
        and Path(name).name == name
    )


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


def remove_stale(
    out_dir: Path, manifest: dict[str, str], expected: set[str], errors: list[str]
) -> list[Path]:
    """Files an earlier build made that this one does not: only those in the manifest, and
    only files directly in the output folder (a manifest could be edited to name others)."""
    from sektorplan.paths import os_error_text

    removed = []
    folder = out_dir.resolve()
    for name in sorted(set(manifest) - expected):
        path = out_dir / name
        inside = is_plain_name(name) and path.resolve().parent == folder
        if inside and path.is_file() and not path.is_symlink():
            try:
                path.unlink()
            except OSError as exc:
                errors.append(f"{shown_path(path)} kan ikke fjernes ({os_error_text(exc)}).")
                continue
            removed.append(path)
        del manifest[name]
    return removed
