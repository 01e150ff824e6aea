"""A workspace: one folder with `sektorplan.yaml` (or the embedded default) and its plans."""

from __future__ import annotations

import os
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any, TypeVar

from pydantic import ValidationError

from sektorplan import collector
from sektorplan.findings import Finding
from sektorplan.load.measurements import MeasurementFiles, read_files
from sektorplan.load.schema_errors import schema_findings
from sektorplan.load.yamlfile import Document, ids_in, load_bytes, load_file
from sektorplan.model.plan import ID_PATTERN, Plan, WorkspaceConfig
from sektorplan.model.sdg import Catalogue
from sektorplan.paths import present_file

CONFIG_NAME = "sektorplan.yaml"
# The workspace's SDG translations (read by sdg_translations, which is imported only when a
# workspace has the file: building its models costs time on every `sektorplan validate`).
SDG_TEXTS_NAME = "verdensmål.yaml"
LABEL_TEXTS_FOLDER = "tekster"  # tekster/<sprog>.yaml: the fixed texts (label_texts.py)
M = TypeVar("M", Plan, WorkspaceConfig)


@dataclass
class PlanFile:
    doc: Document
    plan: Plan | None = None

    @property
    def path(self) -> Path:
        return self.doc.path


@dataclass
class Workspace:
    root: Path
    config_doc: Document | None
    config: WorkspaceConfig | None
    plans: list[PlanFile] = field(default_factory=list)
    sdg: Catalogue | None = None
    measurements: MeasurementFiles = field(default_factory=MeasurementFiles)  # målinger/*.csv
    sdg_doc: Document | None = None  # verdensmål.yaml, the workspace's SDG translations
    # tekster/<sprog>.yaml: the workspace's own fixed texts, by language (those without
    # errors), and the files as documents with their findings.
    label_texts: dict[str, dict[str, Any]] = field(default_factory=dict)
    label_docs: list[Document] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)  # about the workspace's folders

    @property
    def config_path(self) -> Path | None:
        return self.config_doc.path if self.config_doc else None

    @property
    def documents(self) -> list[Document]:
        docs = [self.config_doc] if self.config_doc else []
        docs += [self.sdg_doc] if self.sdg_doc else []
        docs += self.label_docs
        return docs + [p.doc for p in self.plans]

    @property
    def valid_plans(self) -> list[tuple[Document, Plan]]:
        return [(p.doc, p.plan) for p in self.plans if p.plan is not None]

    def catalogue(self) -> Catalogue:
        if self.sdg is None:
            from sektorplan.model.sdg import catalogue

            self.sdg = catalogue()
        return self.sdg


class UncheckedIds:
    """The ids that plans which failed to load or failed the schema may define. Another plan's
    reference to one of them (or a row of målinger/*.csv naming one) is not reported as
    unknown: the failed plan's own findings say what is wrong, and one broken plan must not
    flood the others with false errors. Of a plan YAML cannot parse, every word of its text
    that could be an id counts; of one that could not be read at all, every id does.
    `mentioned` holds every text such a plan may refer to (e.g. in `bidrager-til`)."""

    def __init__(self, plans: list[PlanFile]) -> None:
        failed = [p.doc for p in plans if p.plan is None]
        self.ids = {id_ for doc in failed for id_ in ids_in(doc.data)}
        self.mentioned = {text for doc in failed for text in _strings(doc.data)}
        unparsed = [doc for doc in failed if doc.root is None]
        words = {word for doc in unparsed for word in _ID_WORD.findall(doc.text)}
        self.ids |= words
        self.mentioned |= words
        self.any = any(not doc.text and not _empty(doc) for doc in unparsed)

    def __contains__(self, id_: object) -> bool:
        return self.any or id_ in self.ids

    def may_mention(self, id_: str) -> bool:
        return self.any or id_ in self.mentioned


# A word that could be an id (models.ID_PATTERN without its anchors), in a file YAML cannot parse.
_ID_WORD = re.compile(ID_PATTERN.strip("^$"))


def _strings(data: object) -> Iterator[str]:
    if isinstance(data, str):
        yield data
    elif isinstance(data, dict):
        for value in data.values():
            yield from _strings(value)
    elif isinstance(data, list):
        for value in data:
            yield from _strings(value)


def _empty(doc: Document) -> bool:
    return any(f.rule == "SP002" for f in doc.findings)


def find_root(start: Path) -> Path | None:
    """The nearest folder from `start` upwards that holds a sektorplan.yaml."""
    start = start.resolve()
    for folder in (start, *start.parents):
        if (folder / CONFIG_NAME).is_file():
            return folder
    return None


def workspace_of(folder: Path) -> Path | None:
    """The workspace a folder is (or is in): a sektorplan.yaml there or above, or a folder
    with planer/ (the embedded default sektorplan.yaml applies). None: it is in none."""
    root = find_root(folder)
    if root is not None:
        return root
    if (folder / "planer").is_dir():
        return folder.resolve()
    return None


def default_config_text() -> bytes:
    return resources.files("sektorplan").joinpath("data", CONFIG_NAME).read_bytes()


@cache
def default_config() -> WorkspaceConfig:
    doc = load_bytes(default_config_text(), Document(Path(CONFIG_NAME), CONFIG_NAME))
    return WorkspaceConfig.model_validate(doc.data)


def load_config(path: Path) -> tuple[Document, WorkspaceConfig | None]:
    doc = load_file(path, inside=path.parent)
    return doc, validate_model(doc, WorkspaceConfig)


def validate_model(doc: Document, model: type[M]) -> M | None:
    """The model for a loaded document, or None with the findings added to the document."""
    if doc.root is None:
        return None
    if not isinstance(doc.data, dict):
        what = "en liste" if isinstance(doc.data, list) else f"«{doc.data}»"
        doc.findings.append(
            Finding(
                "SP102",
                f"Filen skal indeholde nøgler og værdier (en mapping), men indeholder {what}.",
                doc.path,
                *doc.position(()),
            )
        )
        return None
    try:
        return model.model_validate(doc.data)
    except ValidationError as exc:
        doc.findings.extend(schema_findings(doc, exc, model))
        return None


def load_workspace(root: Path, extra_plans: list[Path] = ()) -> Workspace:
    """Load the workspace at `root`; `extra_plans` are plan files outside its glob."""
    config_path = root / CONFIG_NAME
    if present_file(config_path):
        config_doc, config = load_config(config_path)
    else:
        config_doc, config = None, default_config()
    glob = config.plans_glob if config else "planer/*.yaml"
    paths = plan_paths(root, glob)
    known = {p.resolve() for p in paths}
    paths += [p for p in extra_plans if p.resolve() not in known]
    ws = Workspace(root, config_doc, config)
    ws.findings += _folder_not_a_folder(root, glob)
    with collector.paused():
        ws.plans = [load_plan(p, inside=home_folder(p, root)) for p in paths]
    ws.measurements = read_files(root)
    _load_sdg_translations(ws)
    _load_label_texts(ws)
    return ws


def _load_label_texts(ws: Workspace) -> None:
    """tekster/<sprog>.yaml, when there are any (label_texts is imported only then)."""
    if not (ws.root / LABEL_TEXTS_FOLDER).is_dir():
        return
    from sektorplan.load import label_texts

    for path in label_texts.files(ws.root):
        doc, language, texts = label_texts.load(path, ws.root)
        ws.label_docs.append(doc)
        if texts is not None:
            ws.label_texts[language] = texts


def plan_paths(root: Path, glob: str) -> list[Path]:
    """The plan files the glob names. The config's schema rejects a glob pathlib cannot use
    (absolute, empty, `**x`); should one get through, it finds no plans instead of crashing.
    Anything that is not a folder counts, so that a FIFO, a device or a link that leads
    nowhere gets a finding when it is read, instead of being passed over in silence."""
    try:
        return sorted(p for p in root.glob(glob) if present_file(p))
    except (ValueError, NotImplementedError, IndexError):
        return []


def home_folder(path: Path, root: Path) -> Path:
    """The folder a file must really lie in to be read: the workspace for a file in it (by
    the path as written, before links are followed), otherwise the file's own folder (a plan
    named on the command line outside any workspace)."""
    absolute = Path(os.path.abspath(path))
    return root if absolute.is_relative_to(os.path.abspath(root)) else absolute.parent


def _folder_not_a_folder(root: Path, glob: str) -> list[Finding]:
    """A finding when the plans' folder (`planer` in `planer/*.yaml`) is a file: otherwise
    nothing would be checked, and validation would pass."""
    folder = glob.split("/")[0]
    if "*" in folder or "?" in folder or "[" in folder or folder in ("", ".", ".."):
        return []
    path = root / folder
    if not present_file(path):
        return []
    return [
        Finding(
            "SP009",
            f"«{folder}» er en fil, ikke en mappe, så ingen planer kontrolleres. Planerne skal "
            f"ligge i mappen {folder}/ (fx {folder}/bs.yaml). Omdøb eller slet filen, og opret "
            "mappen.",
            path,
        )
    ]


def _load_sdg_translations(ws: Workspace) -> None:
    """verdensmål.yaml, when there is one: its findings on `sdg_doc`, and, when it has no
    errors, its texts merged over the bundled catalogue in `sdg`."""
    path = find_sdg_texts(ws.root)
    if path is None:
        return
    from sektorplan.load import sdg_texts as sdg_translations
    from sektorplan.model.sdg import bundled_data, catalogue, merge_translations

    ws.sdg_doc, texts = sdg_translations.load(path, catalogue())
    if texts:
        ws.sdg = Catalogue.from_data(merge_translations(bundled_data(), texts))


def find_sdg_texts(root: Path) -> Path | None:
    """verdensmål.yaml in the workspace folder, also when its name is stored decomposed
    (NFD, as macOS may write «å»)."""
    path = root / SDG_TEXTS_NAME
    if present_file(path):
        return path
    try:
        entries = list(root.iterdir())
    except OSError:
        return None
    return next(
        (
            p
            for p in entries
            if unicodedata.normalize("NFC", p.name) == SDG_TEXTS_NAME and present_file(p)
        ),
        None,
    )


def load_plan(path: Path, *, inside: Path | None = None) -> PlanFile:
    doc = load_file(path, inside=inside)
    return PlanFile(doc, validate_model(doc, Plan))


def workspace_name(path: Path, root: Path) -> str:
    """A file's name within its workspace (`planer/bs.yaml`), the same on every machine;
    a file outside the workspace by its path."""
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def shown_path(path: Path, cwd: Path | None = None) -> str:
    """A path as the user should read it: relative to the current folder when it is inside it
    or close by (at most two levels up), otherwise absolute."""
    cwd = cwd or Path.cwd()
    try:
        relative = os.path.relpath(path, cwd)
    except ValueError:  # another drive on Windows
        return str(path)
    if Path(relative).parts[:3].count(os.pardir) > 2:
        return str(Path(path).absolute())
    return relative


def same_output_names(paths: Iterable[Path]) -> tuple[Path, Path] | None:
    """The first two different files among `paths` with the same name without its suffix:
    a plan's documents are named after its file, so theirs would be the same files. Names
    that differ only in case or in how «å» is stored count as the same: on Windows and macOS
    they are."""
    seen: dict[str, Path] = {}
    for path in paths:
        first = seen.setdefault(unicodedata.normalize("NFC", path.stem).casefold(), path)
        if first is not path and first.resolve() != path.resolve():
            return first, path
    return None
