"""One side of a comparison: a workspace folder or one plan file, loaded and validated as
`sektorplan validate` does. A side with errors is not compared: its findings are shown."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sektorplan.check.validate import Result, validate, with_workspace_errors
from sektorplan.errors import SektorplanError
from sektorplan.load.workspace import Workspace, workspace_name, workspace_of
from sektorplan.load.yamlfile import Document
from sektorplan.model.plan import Plan

WRONG_USE = 2


class SideError(SektorplanError):
    """A side that cannot be read as a plan or a workspace (wrong use)."""

    exit_code = WRONG_USE


@dataclass
class Side:
    """`name` says which side it is («den gamle version»); `label` names the version in the
    report (a git revision, a plan's version, the path as given)."""

    name: str
    label: str
    result: Result
    workspace: Workspace | None
    plans: list[tuple[Document, Plan]]  # the plans compared: the workspace's, or the one named
    single: bool  # one plan file was named

    @property
    def language(self) -> str:
        config = self.workspace.config if self.workspace else None
        return config.primary_language if config else "da"

    @property
    def languages(self) -> list[str]:
        config = self.workspace.config if self.workspace else None
        return list(config.languages) if config else ["da"]

    def file_name(self, doc: Document) -> str:
        assert self.workspace is not None
        return workspace_name(doc.path, self.workspace.root)


def workspace_root(folder: Path) -> Path:
    """The workspace a folder is (or is in); otherwise it is no workspace: wrong use."""
    root = workspace_of(folder)
    if root is not None:
        return root
    raise SideError(
        f"{folder} er ikke et arbejdsområde: der er ingen sektorplan.yaml og ingen mappe "
        "planer/. Angiv arbejdsområdets mappe eller en planfil."
    )


def load_side(path: Path, name: str, label: str) -> Side:
    """Validate the workspace of `path` (a folder, or one plan file) and pick its plans."""
    if not path.exists():
        raise SideError(f"{path} findes ikke. Angiv en planfil eller et arbejdsområdes mappe.")
    single = path.is_file()
    if single:
        result = with_workspace_errors(validate([path]))
    else:
        result = with_workspace_errors(validate([workspace_root(path)]))
    ws = result.workspaces[0] if result.workspaces else None
    plans: list[tuple[Document, Plan]] = []
    if ws is not None and not result.errors:
        wanted = path.resolve()
        plans = [
            (doc, plan)
            for doc, plan in ws.valid_plans
            if not single or doc.path.resolve() == wanted
        ]
        if single and not plans:
            raise SideError(
                f"{path} er ikke en plan i arbejdsområdet {ws.root}. Angiv en plan under planer/."
            )
    return Side(name, label, result, ws, plans, single)
