"""The record of what sektorplan made in an output folder (`.sektorplan-manifest.json`).

`build` and `render` share it: a file listed here was made by sektorplan and may be made
again; a file that is not listed belongs to someone else and is never overwritten without
--force, nor removed. For each file it keeps the digest of the inputs it was made from (empty
when unknown, e.g. after `render`), so `build` knows what is current.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
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
    """Output file (a path inside the folder, such as planer/bs.html) → the digest of the
    inputs it was made from. No manifest: empty. A manifest that cannot be read raises
    `DamagedError`. Names that could lead outside the folder ("../x", "/abs", "a/../../b",
    "C:x", "a\\b") are left out: the manifest must never lead to a file outside the folder."""
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


# The sub-folders of a language's site (render.layout.site_layout, build.site).
SITE_FOLDERS = ("planer", "filer", "billeder", "verdensmaal", "steder")


def is_plain_name(name: str) -> bool:
    """A name sektorplan gives its outputs: a plain file name in the folder, or one in a
    sub-folder of a language's site, `<sub-folder>/<name>` (posix, no "", "." or ".." part,
    no backslash, drive or NUL). Nothing else is ever taken from a manifest."""
    if not name or "\\" in name or "\0" in name or ":" in name:
        return False
    parts = name.split("/")
    if not all(part and part not in (".", "..") for part in parts):
        return False
    return len(parts) == 1 or (len(parts) == 2 and parts[0] in SITE_FOLDERS)


def read_contents(out_dir: Path) -> dict[str, str]:
    """Output file → the SHA-256 of the bytes sektorplan wrote to it (`indhold`): what
    `remove_stale` compares before it removes a file. Empty when unknown (a manifest from
    before, or one that cannot be read: then nothing is removed)."""
    try:
        data = json.loads(read_limited(out_dir / NAME, MAX_BYTES).decode("utf-8"))
        contents = data.get("indhold", {}) if isinstance(data, dict) else {}
        return {str(k): str(v) for k, v in contents.items() if is_plain_name(str(k))}
    except (OSError, ValueError, AttributeError, RecursionError):
        return {}


def write(out_dir: Path, manifest: dict[str, str], contents: dict[str, str] | None = None) -> None:
    """The manifest: each output's input digest, and (`contents`; None: as the file has them)
    the digest of each output's bytes, for the outputs it lists."""
    if contents is None:
        contents = read_contents(out_dir)
    data = {
        "format": 1,
        "om": "Hvad sektorplan har dannet i denne mappe, og af hvilke input. Ret den ikke.",
        "outputs": dict(sorted(manifest.items())),
        "indhold": {name: contents[name] for name in sorted(manifest) if name in contents},
    }
    write_if_changed(out_dir / NAME, json.dumps(data, ensure_ascii=False, indent=1) + "\n")


def content_digest(path: Path) -> str | None:
    """The SHA-256 of a regular file's bytes, or None when it is none or cannot be read."""
    try:
        with open(path, "rb", opener=_no_block) as handle:
            if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
                return None
            return hashlib.file_digest(handle, "sha256").hexdigest()
    except OSError:
        return None


def bytes_digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _no_block(path: str, flags: int) -> int:
    return os.open(path, flags | getattr(os, "O_NONBLOCK", 0))


# What sektorplan writes into an output folder: documents, workbooks, pictures, data files.
OUTPUT_SUFFIXES = (".md", ".docx", ".html", ".pdf", ".xlsx", ".png", ".svg", ".csv")


def write_if_changed(path: Path, data: bytes | str, *, durable: bool = True) -> None:
    """An unchanged build leaves every file as it was, time stamps included. `durable`: synced
    to disk before the rename (the manifest); a derived page needs only the atomic rename."""
    raw = data.encode("utf-8") if isinstance(data, str) else data
    if not path.is_file() or path.read_bytes() != raw:
        write_atomic(path, raw, durable=durable)


def name_in(out_dir: Path, path: Path) -> str:
    return path.resolve().relative_to(out_dir.resolve()).as_posix()


def remove_stale(
    out_dir: Path,
    manifest: dict[str, str],
    expected: set[str],
    errors: list[str],
    contents: dict[str, str],
) -> list[Path]:
    """Files an earlier build made that this one does not. Only what sektorplan could have
    made, in every respect, is removed: a name in the manifest, of sektorplan's own kinds
    (`OUTPUT_SUFFIXES`), directly in the output folder (no link), and bytes whose digest is
    the one the manifest recorded when sektorplan wrote them (`contents`). A manifest edited
    by hand, or merged badly, can therefore name `notes.txt` or `../x`, or a document the user
    has changed since: it is left alone (and no longer listed as sektorplan's)."""
    removed = []
    folder = out_dir.resolve()
    for name in sorted(set(manifest) - expected):
        path = out_dir / name
        ours = (
            is_plain_name(name)
            and name.lower().endswith(OUTPUT_SUFFIXES)
            and path.resolve() == folder.joinpath(*name.split("/"))
            and not path.is_symlink()
            and contents.get(name) is not None
            and content_digest(path) == contents[name]
        )
        if ours:
            try:
                path.unlink()
            except OSError as exc:
                errors.append(f"{shown_path(path)} kan ikke fjernes ({os_error_text(exc)}).")
                continue
            removed.append(path)
        del manifest[name]
        contents.pop(name, None)
    return removed
