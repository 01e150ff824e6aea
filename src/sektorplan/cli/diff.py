"""`sektorplan diff`: which two versions to compare (two paths, or git revisions of the
workspace here), both loaded and validated, compared, and the report written.

Exit codes as `git diff`: 0, also with differences, unless `--exit-code` (then 1 when there
are any); 1 when a side has errors or a file cannot be written; 2 for wrong use (an unknown
revision and a folder that is not a workspace are wrong use too).
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, replace
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

import typer

from sektorplan.diff.sides import Side, SideError, load_side, workspace_root
from sektorplan.errors import SektorplanError
from sektorplan.findings import Finding
from sektorplan.load.workspace import find_root, shown_path

if TYPE_CHECKING:
    from sektorplan.diff.run import Diff

OLD_NAME, NEW_NAME = "den gamle version", "den nye version"
FORMATS = ("text", "json", "md", "docx")
WRONG_USE = 2


class UsageError(SektorplanError):
    exit_code = WRONG_USE


@dataclass(frozen=True)
class Request:
    paths: list[Path]
    since: str | None
    until: str | None
    format: str
    output: Path | None
    exit_code: bool
    force: bool
    redline: bool = False  # --word-redline: one plan's Word document with tracked changes


def main(request: Request) -> int:
    import gc

    # As in `validate`: the loaded plans hold no reference cycles and live until the report
    # is written; the cyclic collector would go over all of them again and again.
    enabled = gc.isenabled()
    gc.disable()
    try:
        return _main(request)
    finally:
        if enabled:
            gc.enable()


def _main(request: Request) -> int:
    try:
        _check_usage(request)
        with ExitStack() as stack:
            old, new = _sides(request, stack)
            for side in (old, new):
                if side.result.errors:
                    _show_errors(side, request.format)
                    return 1
            from sektorplan.diff.run import compare

            if request.redline:
                _write_redline(old, new, request)
                return 0
            diff = compare(old, new)
            if request.until is None and request.since is not None:
                diff.new_label = ""  # the working tree: «til den nuværende udgave»
            _write(diff, new, request)
    except SektorplanError as exc:
        typer.echo(f"Fejl: {exc}", err=True)
        return getattr(exc, "exit_code", 1)
    return 1 if request.exit_code and not diff.empty else 0


def _check_usage(request: Request) -> None:
    if request.format not in FORMATS:
        raise UsageError(f"Ukendt format «{request.format}». Mulige: {', '.join(FORMATS)}.")
    if request.until is not None and request.since is None:
        raise UsageError("--til kræver --fra: sektorplan diff --fra v1.0 --til v2.0.")
    if request.since is None and len(request.paths) != 2:
        raise UsageError(
            "Angiv to versioner at sammenligne: sektorplan diff GAMMEL NY (to planfiler eller "
            "to mapper), eller en git-version med --fra, fx sektorplan diff --fra v1.0."
        )
    if request.since is not None and len(request.paths) > 1:
        raise UsageError(
            "Med --fra angives højst én sti (arbejdsområdet eller én plan); den gamle version "
            "kommer fra git."
        )
    if request.redline:
        _check_redline(request)
    if request.format == "docx" and request.output is None:
        raise UsageError("Word-rapporten skal have en fil: -f docx -o ændringer.docx.")
    if request.output is not None and request.output.is_dir():
        raise UsageError(f"{request.output} er en mappe. Angiv en fil med -o.")


def _check_redline(request: Request) -> None:
    if request.format != "text":
        raise UsageError("--word-redline skriver altid et Word-dokument; udelad -f.")
    if request.output is None:
        raise UsageError("--word-redline skal have en fil: -o plan-ændringer.docx.")
    plans = request.paths if request.since is None else request.paths[:1]
    if not plans or not all(path.is_file() for path in plans):
        raise UsageError(
            "--word-redline sammenligner én plans dokument: angiv to planfiler "
            "(sektorplan diff --word-redline gammel/bs.yaml planer/bs.yaml -o plan-ændringer.docx) "
            "eller --fra med én plan."
        )


# --- the two sides --------------------------------------------------------------------------------


def _sides(request: Request, stack: ExitStack) -> tuple[Side, Side]:
    if request.since is None:
        old_path, new_path = request.paths
        old = load_side(old_path, OLD_NAME, str(old_path))
        new = load_side(new_path, NEW_NAME, str(new_path))
        _plan_versions(old, new)
        return old, new
    target = request.paths[0] if request.paths else Path.cwd()
    if not target.exists():
        raise SideError(f"{target} findes ikke. Angiv arbejdsområdets mappe eller en plan.")
    root = _root_of(target)
    from sektorplan.diff import git

    top = git.repository(root)
    try:
        folder = PurePosixPath(root.resolve().relative_to(top).as_posix())
    except ValueError:
        raise SideError(f"{root} ligger ikke i git-arkivet i {top}.") from None
    inner = target.resolve().relative_to(root.resolve()) if target.is_file() else None
    old = stack.enter_context(_revision(top, request.since, folder, inner, OLD_NAME))
    if request.until is None:
        new = load_side(target, NEW_NAME, "")
    else:
        new = stack.enter_context(_revision(top, request.until, folder, inner, NEW_NAME))
    return old, new


def _root_of(target: Path) -> Path:
    if target.is_dir():
        return workspace_root(target)
    root = find_root(target.parent)
    if root is not None:
        return root
    parent = target.resolve().parent
    return parent.parent if parent.name == "planer" else parent


@contextmanager
def _revision(
    top: Path, revision: str, folder: PurePosixPath, inner: Path | None, name: str
) -> Iterator[Side]:
    """The side at `revision`: the workspace (or, `inner`, one plan in it) read out of git.
    Its findings name the files as git does, `v1.0:planer/bs.yaml`."""
    from sektorplan.diff.git import extracted

    with extracted(top, revision, folder) as root:
        path = root / inner if inner is not None else root
        if inner is not None and not path.is_file():
            raise SideError(
                f"{(folder / inner.as_posix()).as_posix()} findes ikke i version «{revision}». "
                "Vælg en version, hvor planen findes, eller sammenlign hele arbejdsområdet."
            )
        side = load_side(path, name, revision)
        side.result.findings = [_in_git(f, root, folder, revision) for f in side.result.findings]
        yield side


def _in_git(finding: Finding, root: Path, folder: PurePosixPath, revision: str) -> Finding:
    if finding.file is None:
        return finding
    try:
        inside = finding.file.resolve().relative_to(root.resolve())
    except ValueError:
        return finding
    return replace(finding, file=Path(f"{revision}:{(folder / inside.as_posix()).as_posix()}"))


def _plan_versions(old: Side, new: Side) -> None:
    """Two plan files are named by their `version` in the report, when both have one and
    they differ; otherwise by their paths."""
    if not (old.single and new.single and old.plans and new.plans):
        return
    a, b = old.plans[0][1].version, new.plans[0][1].version
    if a and b and a != b:
        old.label, new.label = a, b


def _show_errors(side: Side, format: str) -> None:
    from sektorplan.cli.reporters import REPORTERS

    typer.echo(REPORTERS["json" if format == "json" else "text"](side.result))
    which = f"{side.name.capitalize()} ({side.label})" if side.label else side.name.capitalize()
    typer.echo(f"{which} har fejl og kan ikke sammenlignes. Ret fejlene, og prøv igen.", err=True)


# --- the report ---------------------------------------------------------------------------------


def _write(diff: Diff, new: Side, request: Request) -> None:
    from sektorplan.diff import report

    if request.format == "docx":
        _write_word(diff, new, request)
        return
    if request.format == "json":
        text = report.as_json(diff)
    elif request.format == "md":
        text = report.as_markdown(diff)
    elif request.output is None and sys.stdout.isatty():
        report.print_rich(diff)
        return
    else:
        text = report.as_text(diff)
    if request.output is None:
        typer.echo(text)
    else:
        _save(request.output, (text.rstrip("\n") + "\n").encode("utf-8"), request.force)


def _write_word(diff: Diff, new: Side, request: Request) -> None:
    from sektorplan.diff.word import report_paths, word_report

    assert request.output is not None and new.workspace is not None
    paths = report_paths(request.output, diff.languages)
    existing = [path for _, path in paths if path.exists()]
    if existing and not request.force:
        names = ", ".join(shown_path(p) for p in existing)
        raise SektorplanError(
            f"Findes allerede: {names}. Intet er skrevet; brug --force for at erstatte, eller "
            "vælg et andet navn med -o."
        )
    for language, path in paths:
        _save(path, word_report(diff, new.workspace, language), request.force)


def _write_redline(old: Side, new: Side, request: Request) -> None:
    from sektorplan.diff.redline import redline_document

    assert request.output is not None
    if request.output.exists() and not request.force:
        raise SektorplanError(
            f"{shown_path(request.output)} findes allerede. Intet er skrevet; brug --force for "
            "at erstatte den, eller vælg et andet navn med -o."
        )
    _save(request.output, redline_document(old, new), request.force)


def _save(path: Path, data: bytes, force: bool) -> None:
    from sektorplan.paths import ExistsError, cannot_write, write_atomic

    try:
        write_atomic(path, data, force=force, durable=False)  # derived: made again
    except ExistsError:
        raise SektorplanError(
            f"{shown_path(path)} findes allerede. Intet er skrevet; brug --force for at erstatte "
            "den, eller vælg et andet navn med -o."
        ) from None
    except OSError as exc:
        raise SektorplanError(cannot_write(shown_path(path), exc)) from None
    typer.echo(f"Skrevet: {shown_path(path)}", err=True)
