"""`sektorplan render`: validate the given plans, then render those without errors.

The command layer in cli.py only parses and prints; this module decides what is rendered
and what the user is told. Messages are Danish; `Outcome.exit_code` is 0 when every asked
document was written, 1 otherwise. From reading the output folder's manifest until the last
PDF is written, render holds the folder's lock, the one `build` holds (build/lock.py): two
renders, or a render and a build, into one folder wait for each other.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from sektorplan.build import manifest
from sektorplan.findings import Finding, Severity
from sektorplan.i18n import workspace_texts
from sektorplan.load.workspace import PlanFile, Workspace, same_output_names, shown_path
from sektorplan.paths import cannot_write
from sektorplan.render import output_paths, render_plan
from sektorplan.render.errors import RenderError


@dataclass
class Outcome:
    written: list[Path] = field(default_factory=list)
    findings_text: str = ""  # validation findings, as `sektorplan validate` prints them
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def exit_code(self) -> int:
        return 1 if self.errors else 0


def run(
    paths: Sequence[Path],
    formats: Sequence[str],
    out_dir: Path,
    *,
    language: str | None = None,
    word_template: Path | None = None,
    force: bool = False,
    note: Callable[[str], None],
) -> Outcome:
    """Validate `paths` and render the plans without errors into `out_dir`; `note` tells
    that another build or render holds the folder and this one waits."""
    from sektorplan.build.lock import LockError, output_lock
    from sektorplan.check.validate import (
        files_of,
        validate,
        with_workspace_errors,
        workspace_errors,
    )
    from sektorplan.cli.reporters import as_text
    from sektorplan.render.pdf import INSTALL_HINT, find_soffice

    outcome = Outcome()
    result = validate(list(paths))

    jobs: list[tuple[Workspace, PlanFile]] = []
    blocked = _files_with_errors(result.findings)
    for target, ws in zip(result.targets, result.workspaces, strict=True):
        wanted = target.files
        plans = [p for p in ws.plans if wanted is None or p.path.resolve() in wanted]
        shared = workspace_errors(result, ws)
        if shared:
            reason = f"{files_of(shared)} har fejl"
            outcome.errors += [_refused(p.path, reason) for p in plans]
            continue
        for plan_file in plans:
            if plan_file.plan is None or plan_file.path.resolve() in blocked:
                outcome.errors.append(_refused(plan_file.path, "den har fejl"))
            else:
                jobs.append((ws, plan_file))
    shown = with_workspace_errors(result)  # also those in shared files the user did not name
    if shown.findings:
        outcome.findings_text = as_text(shown)
    if not jobs and not outcome.errors:
        where = ", ".join(shown_path(p) for p in paths) or "."
        outcome.errors.append(f"Ingen planer fundet i {where}. Angiv planfiler, fx planer/bs.yaml.")

    formats = list(formats)
    if "pdf" in formats and find_soffice() is None:
        outcome.errors.append(INSTALL_HINT)
        formats.remove("pdf")
        if not formats:
            return outcome
    duplicate = _duplicate_stems([p for _, p in jobs])
    if duplicate:
        outcome.errors.append(duplicate)
        return outcome
    if not jobs:
        return outcome
    try:
        with output_lock(out_dir, note):
            _make(jobs, formats, out_dir, outcome, language, word_template, force)
    except LockError as exc:
        outcome.errors.append(str(exc))
    return outcome


def _make(
    jobs: list[tuple[Workspace, PlanFile]],
    formats: list[str],
    out_dir: Path,
    outcome: Outcome,
    language: str | None,
    word_template: Path | None,
    force: bool,
) -> None:
    """Everything that reads and writes the output folder, under its lock."""
    try:
        made = manifest.read(out_dir)
    except manifest.DamagedError as exc:
        if not force:
            outcome.errors.append(str(exc))
            return
        made = {}  # --force: every document is overwritten, and the manifest made anew
    if {"docx", "pdf"} & set(formats):
        from sektorplan.render.svglogo import prepare_workspace

        # An SVG logo is made into a PNG once per workspace (and said once if it cannot be).
        for ws in {id(ws): ws for ws, _ in jobs}.values():
            prepare_workspace(ws, outcome.warnings, outcome.errors)
    # The Word documents to be made into PDF, by the PDF's path: all at the end, in one
    # LibreOffice (starting one takes most of a document's time).
    later: dict[Path, bytes] = {}
    for ws, plan_file in jobs:
        # Files sektorplan made here before may be made again; anyone else's need --force.
        paths = output_paths(plan_file, formats, out_dir)
        foreign = [p for p in paths if p.exists() and manifest.name_in(out_dir, p) not in made]
        if foreign and not force:
            names = ", ".join(shown_path(p) for p in foreign)
            outcome.errors.append(
                f"Findes allerede og er ikke lavet af sektorplan: {names}. Intet er skrevet for "
                f"{shown_path(plan_file.path)}. Flyt filerne, vælg en anden mappe med -o, eller "
                "overskriv dem med --force."
            )
            continue
        try:
            with workspace_texts(ws.label_texts):
                written = render_plan(
                    ws,
                    plan_file,
                    formats,
                    out_dir,
                    language=language,
                    word_template=word_template,
                    force=True,
                    pdf_later=later,
                )
        except RenderError as exc:
            outcome.errors.append(str(exc))
            continue
        if not _record(outcome, out_dir, made, written):
            return
    if later:
        _record(outcome, out_dir, made, _pdfs(later, outcome))


def _record(outcome: Outcome, out_dir: Path, made: dict[str, str], written: list[Path]) -> bool:
    """`written` into the outcome and the manifest (with inputs unknown to build: it renders
    these again). False if the manifest cannot be written."""
    outcome.written += written
    made.update((manifest.name_in(out_dir, p), "") for p in written)
    try:
        manifest.write(out_dir, made)
    except OSError as exc:
        outcome.errors.append(cannot_write(shown_path(out_dir / manifest.NAME), exc))
        return False
    return True


def _pdfs(later: dict[Path, bytes], outcome: Outcome) -> list[Path]:
    """The PDFs of `later` (PDF path → Word document) in one LibreOffice; the PDFs made."""
    import tempfile

    from sektorplan.render.pdf import Conversion, convert

    with tempfile.TemporaryDirectory(prefix="sektorplan-word-") as tmp:
        conversions = []
        for number, (target, docx) in enumerate(later.items()):
            source = Path(tmp) / f"{number}.docx"
            source.write_bytes(docx)
            conversions.append(Conversion(source, target))
        results = convert(conversions)
    made = []
    for conversion in conversions:
        error = results[conversion.target]
        if error is None:
            made.append(conversion.target)
        elif error not in outcome.errors:  # LibreOffice that cannot start: said once
            outcome.errors.append(error)
    return made


def _files_with_errors(findings: list[Finding]) -> set[Path]:
    return {
        f.file.resolve() for f in findings if f.severity is Severity.ERROR and f.file is not None
    }


def _refused(path: Path, reason: str) -> str:
    return f"{shown_path(path)} er ikke dannet, fordi {reason}. Ret fejlene, og kør igen."


def _duplicate_stems(plans: list[PlanFile]) -> str:
    same = same_output_names(p.path for p in plans)
    if not same:
        return ""
    return (
        f"{shown_path(same[0])} og {shown_path(same[1])} ville begge blive til "
        f"{same[1].stem}.*. Dan dem hver for sig med hver sin -o MAPPE. Intet er skrevet."
    )
