"""A tracked-changes Word document of one plan: the plan's own document rendered from each
version, compared by python-redlines (its Docxodus engine) into one document whose
differences are Word's revisions (w:ins, w:del), to accept or reject in Word.

Optional: `pip install 'sektorplan[redline]'`. The engine is a .NET program shipped in the
companion wheel (python-redlines-docxodus); it runs offline, and on first use python-redlines
unpacks it into the user's cache folder (about 100 MB). The result is packed again as the
plans' documents are (fixed member order and times), so the same versions give the same bytes
with SOURCE_DATE_EPOCH set.
"""

from __future__ import annotations

import io
import tempfile
import zipfile
from pathlib import Path
from typing import Any

from sektorplan.diff.sides import Side
from sektorplan.errors import SektorplanError

AUTHOR = "sektorplan"
INSTALL = "pip install 'sektorplan[redline]'"


def redline_document(old: Side, new: Side) -> bytes:
    """The tracked-changes document from `old`'s plan to `new`'s (one plan on each side), in
    the new version's primary language."""
    from sektorplan.paths import build_time
    from sektorplan.render.ziparchive import zipped

    engine = _engine()
    when = build_time()
    with tempfile.TemporaryDirectory(prefix="sektorplan-redline-") as tmp:
        before = _rendered(old, Path(tmp) / "gammel", new.language)
        after = _rendered(new, Path(tmp) / "ny", new.language)
        try:
            data, _, _ = engine.run_redline(
                AUTHOR, before, after, date_time=when.strftime("%Y-%m-%dT%H:%M:%SZ")
            )
        except Exception as exc:  # the engine's own failure (a .NET program that exited)
            raise SektorplanError(
                "Word-dokumenterne kunne ikke sammenlignes af python-redlines "
                f"({type(exc).__name__}). Brug Word-rapporten i stedet: -f docx."
            ) from None
    with zipfile.ZipFile(io.BytesIO(data)) as document:
        members = {name: document.read(name) for name in document.namelist()}
    return zipped(members, when)


def _engine() -> Any:
    try:
        from python_redlines.engines import DocxodusEngine
    except ImportError:
        raise SektorplanError(
            f"--word-redline kræver python-redlines med dens motor: {INSTALL}."
        ) from None
    try:
        return DocxodusEngine()
    except (ImportError, OSError) as exc:  # no engine for this machine, or not unpacked
        raise SektorplanError(
            f"python-redlines' motor (Docxodus) kan ikke bruges på denne maskine ({exc}). "
            f"Installér den med {INSTALL}, eller brug Word-rapporten: -f docx."
        ) from None


def _rendered(side: Side, folder: Path, language: str) -> bytes:
    """The plan's Word document, as `sektorplan render` makes it."""
    from sektorplan.render import render_plan

    assert side.workspace is not None and len(side.plans) == 1
    doc = side.plans[0][0]
    plan_file = next(p for p in side.workspace.plans if p.doc is doc)
    written = render_plan(side.workspace, plan_file, ["docx"], folder, language=language)
    return next(p for p in written if p.suffix == ".docx").read_bytes()
