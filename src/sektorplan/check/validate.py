"""`sektorplan validate`: load → model → rules, over one or more workspaces."""

from __future__ import annotations

import os
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path

from sektorplan import collector
from sektorplan.findings import Finding, Severity
from sektorplan.load.workspace import CONFIG_NAME, Workspace, find_root, load_workspace, shown_path
from sektorplan.load.workspace import SDG_TEXTS_NAME as SDG_FILE


@dataclass
class Result:
    files: int = 0
    findings: list[Finding] = field(default_factory=list)
    workspaces: list[Workspace] = field(default_factory=list)
    targets: list[Target] = field(default_factory=list)  # what was asked of each workspace
    # Every finding of each workspace (by its root), also in files the user did not name.
    workspace_findings: dict[Path, list[Finding]] = field(default_factory=dict)

    @property
    def errors(self) -> int:
        return sum(f.severity is Severity.ERROR for f in self.findings)

    @property
    def warnings(self) -> int:
        return sum(f.severity is Severity.WARNING for f in self.findings)


@dataclass
class Target:
    """A workspace to load and which of its files the user asked about (None: all)."""

    root: Path
    files: set[Path] | None = None
    extra: list[Path] = field(default_factory=list)
    alone: bool = False  # files outside any workspace: checked alone against the default
    # Measurement and SDG translation files named by the user: each must be one the
    # workspace reads (målinger/*.csv; verdensmål.yaml next to sektorplan.yaml).
    named: set[Path] = field(default_factory=set)


def resolve_targets(paths: list[Path]) -> list[Target]:
    """Group the given paths by workspace. Paths must exist (the CLI checks)."""
    targets: dict[Path, Target] = {}
    for given in paths or [Path.cwd()]:
        path = given.resolve()
        if path.is_file() and path.name == CONFIG_NAME:
            path = path.parent
        if path.is_dir():
            root = find_root(path) or path
            target = targets.setdefault(root, Target(root))
            if path != root:
                _add_files(target, {p for p in path.rglob("*.y*ml") if p.is_file()})
                _add_files(target, {p for p in path.rglob("*") if p.suffix.lower() == ".csv"})
            else:
                target.files = None
            continue
        if unicodedata.normalize("NFC", path.name) == SDG_FILE:
            # The workspace's SDG translations, next to its sektorplan.yaml.
            root = find_root(path.parent) or path.parent
            target = targets.setdefault(root, Target(root, set()))
            _add_files(target, {path})
            target.named.add(path)
            continue
        if path.suffix.lower() == ".csv":
            # A measurement file (målinger/*.csv) of the workspace in the folder above.
            root = find_root(path.parent) or path.parent.parent
            target = targets.setdefault(root, Target(root, set()))
            _add_files(target, {path})
            target.named.add(path)
            continue
        # A plan: found where it is written, not where a symbolic link leads (a link out of
        # the workspace is then refused when it is read, instead of read as a plan there).
        written = Path(os.path.abspath(given))
        root = find_root(written.parent)
        alone = root is None and written.parent.name != "planer"
        if root is None:
            # A plan in planer/ of a folder without sektorplan.yaml belongs to that folder's
            # workspace (the embedded default applies).
            root = written.parent if alone else written.parent.parent
        target = targets.setdefault(root, Target(root, set(), alone=alone))
        _add_files(target, {path})
        target.extra.append(written)
    return list(targets.values())


def _add_files(target: Target, files: set[Path]) -> None:
    if target.files is not None:
        target.files |= files


def validate(paths: list[Path]) -> Result:
    result = Result()
    with collector.paused():
        for target in resolve_targets(paths):
            _validate_target(target, result)
    result.findings.sort(key=Finding.sort_key)
    return result


def _validate_target(target: Target, result: Result) -> None:
    from sektorplan.check.rules import check_workspace
    from sektorplan.load.measurements import findings as measurement_findings

    ws = load_workspace(target.root, target.extra)
    if target.alone:
        ws.plans = [p for p in ws.plans if p.path.resolve() in (target.files or set())]
    findings = [f for doc in ws.documents for f in doc.findings] + ws.findings
    findings += check_workspace(ws)
    findings += measurement_findings(ws)
    result.workspace_findings[ws.root] = list(findings)
    wanted = target.files
    docs = [d for d in ws.documents if wanted is None or d.path.resolve() in wanted]
    if wanted is not None:
        findings = [f for f in findings if f.file is not None and f.file.resolve() in wanted]
    csvs = [p for p in ws.measurements.files if wanted is None or p.resolve() in wanted]
    result.files += len(docs) + len(csvs)
    read = {d.path.resolve() for d in ws.documents} | {p.resolve() for p in ws.measurements.files}
    findings += [_not_read(path, target.root) for path in sorted(target.named - read)]
    result.findings += findings
    result.workspaces.append(ws)
    result.targets.append(target)


def workspace_errors(result: Result, ws: Workspace) -> list[Finding]:
    """The errors that stop every document of `ws`: those in the files the whole workspace
    shares (sektorplan.yaml, verdensmål.yaml, målinger/*.csv), also when the user named only
    some of its plans. A document built on a broken sektorplan.yaml would carry wrong names
    and periods; one without a broken verdensmål.yaml would silently lack the municipality's
    own SDG texts; one with a broken measurement file would show progress from whichever rows
    could be read. `render`, `build` and `progress` all stop on these."""
    shared = [ws.config_path, ws.sdg_doc.path if ws.sdg_doc else None, *ws.measurements.files]
    resolved = {path.resolve() for path in shared if path is not None}
    errors = [
        f
        for f in result.workspace_findings.get(ws.root, [])
        if f.severity is Severity.ERROR and f.file is not None
    ]
    files = {f.file for f in errors if f.file is not None}
    inside = {file for file in files if file.resolve() in resolved}
    return [f for f in errors if f.file in inside]


def with_workspace_errors(result: Result) -> Result:
    """`result` with the workspace-wide errors (`workspace_errors`) that it left out, because
    the user did not name their files: what a command that stops for them must show."""
    seen = set(result.findings)
    missing = [f for ws in result.workspaces for f in workspace_errors(result, ws) if f not in seen]
    if not missing:
        return result
    return replace(
        result,
        files=result.files + len({f.file for f in missing}),
        findings=sorted(result.findings + missing, key=Finding.sort_key),
    )


def files_of(findings: Iterable[Finding]) -> str:
    """The files of `findings`, each once in order, as a user reads them: `a`, `a og b`,
    `a, b og c`."""
    names = list(dict.fromkeys(shown_path(f.file) for f in findings if f.file is not None))
    return " og ".join(filter(None, [", ".join(names[:-1]), *names[-1:]]))


def _not_read(path: Path, root: Path) -> Finding:
    """A file the user named that the workspace at `root` does not read."""
    from sektorplan.load.measurements import FOLDER

    if path.suffix.lower() == ".csv":
        why = f"målinger læses kun fra {FOLDER}/*.csv i arbejdsområdet"
        target = root / FOLDER / path.name
    else:
        why = f"{SDG_FILE} læses kun i arbejdsområdets mappe, ved siden af {CONFIG_NAME}"
        target = root / SDG_FILE
    return Finding(
        "SP009", f"Filen kontrolleres ikke: {why}. Flyt den til {shown_path(target)}.", path
    )
