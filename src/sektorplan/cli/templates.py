"""`sektorplan skabelon`: the built-in templates copied into the workspace to be changed.

A municipality that wants more than `logo` and `farver` starts from the templates sektorplan
itself uses: the Word templates, the Markdown and HTML templates of a plan and of the
overview. Copied into skabeloner/, they take the built-ins' place (one search path: the
workspace's folder, then the built-ins). Nothing is overwritten without --force, and nothing
is written when one file is in the way.
"""

from __future__ import annotations

from pathlib import Path

from sektorplan.errors import SektorplanError
from sektorplan.load.workspace import shown_path
from sektorplan.paths import ExistsError, cannot_write, write_atomic
from sektorplan.templates import PATH as BUILTIN

# The templates a municipality may change, in the order they are listed.
TEMPLATES = (
    "sektorplan.docx",
    "oversigt.docx",
    "plan.md.j2",
    "plan.html.j2",
    "oversigt.md.j2",
    "oversigt.html.j2",
    "README.md",  # how the templates work and which values they can use
)


class TemplateCopyError(SektorplanError):
    def __init__(self, message: str, exit_code: int = 1) -> None:
        super().__init__(message)
        self.exit_code = exit_code


def copy_templates(folder: Path, *, force: bool = False) -> list[Path]:
    """Copy TEMPLATES into `folder` (made if missing). Returns the files written."""
    if folder.exists() and not folder.is_dir():
        raise TemplateCopyError(f"{shown_path(folder)} er en fil. Angiv en mappe med --output.", 2)
    targets = [folder / name for name in TEMPLATES]
    in_the_way = [t for t in targets if t.exists()]
    if in_the_way and not force:
        names = ", ".join(shown_path(t) for t in in_the_way)
        raise TemplateCopyError(
            f"Findes allerede: {names}. Intet er kopieret. Brug --force for at erstatte dem med "
            "de indbyggede skabeloner (jeres ændringer i dem går tabt)."
        )
    written = []
    try:
        folder.mkdir(parents=True, exist_ok=True)
        for target in targets:
            write_atomic(target, (BUILTIN / target.name).read_bytes(), force=force)
            written.append(target)
    except ExistsError as exc:
        raise TemplateCopyError(f"{shown_path(exc.path)} findes allerede. Brug --force.") from None
    except OSError as exc:
        where = Path(exc.filename) if exc.filename else folder
        raise TemplateCopyError(cannot_write(shown_path(where), exc)) from None
    return written
