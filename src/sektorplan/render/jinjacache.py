"""Compiled templates kept between runs: Jinja's own bytecode cache, in the user's cache folder.

Each process compiles the templates it uses (the plan's Markdown, HTML and Word templates, the
overview's), about 0.15 s each time. Jinja can keep the compiled code on disk, keyed by the
template and a checksum of its text, so a changed template is compiled again; Python does the
same for modules in `__pycache__`, and matplotlib keeps its font list in the same folder.

The folder is `sektorplan/jinja` in the user's cache folder: `$XDG_CACHE_HOME` (default
`~/.cache`) on Linux, `~/Library/Caches` on macOS, `%LOCALAPPDATA%` on Windows. When it cannot
be made, read or written, templates are compiled as before: the cache never stops a command.
"""

from __future__ import annotations

import contextlib
import os
import sys
from functools import cache
from pathlib import Path
from typing import Any

from jinja2.bccache import Bucket, FileSystemBytecodeCache


class _Cache(FileSystemBytecodeCache):
    """Jinja's file cache; a file that cannot be read or written is as if it were not there.
    An environment's `cache_tag` (the sandbox's) keeps its compiled code apart: Jinja's key
    is only the template's name and text, and the same text compiles differently there. So
    does its `finalize`: Jinja compiles the call to it into the code (or leaves it out)."""

    def get_bucket(self, environment: Any, name: str, filename: str | None, source: str) -> Bucket:
        finalize = getattr(environment, "finalize", None)
        parts = (getattr(environment, "cache_tag", ""), getattr(finalize, "__qualname__", ""))
        tag = ":".join(p for p in parts if p)
        return super().get_bucket(environment, f"{tag}:{name}" if tag else name, filename, source)

    def load_bytecode(self, bucket: Bucket) -> None:
        try:
            super().load_bytecode(bucket)
        except Exception:  # unreadable, or damaged past what Jinja checks (pickle's errors)
            bucket.reset()

    def dump_bytecode(self, bucket: Bucket) -> None:
        with contextlib.suppress(OSError):
            super().dump_bytecode(bucket)


def folder() -> Path:
    """Where the compiled templates are kept."""
    home = Path.home()
    if sys.platform == "win32":
        base = Path(os.environ.get("LOCALAPPDATA") or home / "AppData" / "Local")
    elif sys.platform == "darwin":
        base = home / "Library" / "Caches"
    else:
        base = Path(os.environ.get("XDG_CACHE_HOME") or home / ".cache")
    return base / "sektorplan" / "jinja"


@cache
def bytecode_cache() -> _Cache | None:
    """The cache, or None when its folder cannot be made or written."""
    try:
        path = folder()
        path.mkdir(mode=0o700, parents=True, exist_ok=True)
    except (OSError, RuntimeError):  # RuntimeError: no home folder to be found
        return None
    if not (path.is_dir() and os.access(path, os.W_OK | os.X_OK)):
        return None
    return _Cache(str(path))


def compiled(environment: Any, key: str, source: str) -> Any:
    """The code of `source` (a template not loaded from a file, such as a Word template's
    XML), compiled as `Environment.from_string` does, from the cache when it has it under
    `key`: what Jinja's loaders do for a file's template."""
    cache_ = environment.bytecode_cache
    if cache_ is None:
        return environment.compile(source)
    bucket = cache_.get_bucket(environment, key, None, source)
    if bucket.code is None:
        bucket.code = environment.compile(source)
        cache_.set_bucket(bucket)
    return bucket.code
