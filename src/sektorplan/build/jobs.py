"""The build's jobs: one per plan's documents and one for the overview, each with the digest of
its inputs, so that a job runs only for the formats whose outputs are missing or stale."""

from __future__ import annotations

import hashlib
import os
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from sektorplan import __version__
from sektorplan.load.workspace import (
    LABEL_TEXTS_FOLDER,
    SDG_TEXTS_NAME,
    PlanFile,
    Workspace,
    find_sdg_texts,
    same_output_names,
    shown_path,
    workspace_name,
)

if TYPE_CHECKING:
    from sektorplan.render.svglogo import Prepared

FORMATS = ("md", "docx", "html", "xlsx", "pdf")
PLAN_FORMATS = ("md", "docx", "html")
# What build makes by default: PDF needs LibreOffice, and takes a few seconds a document.
DEFAULT_FORMATS = ("md", "docx", "html", "xlsx")
OVERVIEW = "oversigt"


@dataclass(frozen=True)
class Options:
    out_dir: Path
    formats: tuple[str, ...] = DEFAULT_FORMATS
    jobs: int = 1
    clean: bool = False
    strict: bool = False
    force: bool = False
    # The languages to build (`--sprog`); empty: every language of the workspace (`sprog:`).
    languages: tuple[str, ...] = ()
    # An SVG logo made into a PNG once, in the main process, for every job's Word documents.
    svg_logo: Prepared | None = None


@dataclass(frozen=True)
class Job:
    """One plan's documents (`plan` is its file), or the overview (`plan` is None)."""

    name: str  # as shown: planer/bs.yaml (da), or oversigt (kl)
    plan: Path | None
    formats: tuple[str, ...]  # those to render now
    outputs: dict[str, str]  # every output file (relative to `out_dir`) → its inputs
    language: str = "da"
    out_dir: Path = Path()  # the language's folder: <output folder>/<language>


def languages_of(ws: Workspace, options: Options) -> list[str]:
    """The languages this build makes, in the workspace's order: those asked for with
    `--sprog` (a language the workspace does not list comes after its own), else all."""
    own = list(ws.config.languages) if ws.config else ["da"]
    if not options.languages:
        return own
    wanted = list(dict.fromkeys(options.languages))
    return [lang for lang in own if lang in wanted] + [lang for lang in wanted if lang not in own]


def no_plans(ws: Workspace, plans: list[PlanFile]) -> str:
    if plans:
        return ""
    glob = ws.config.plans_glob if ws.config else "planer/*.yaml"
    return f"Ingen planer i {shown_path(ws.root)} ({glob}). Opret en med `sektorplan new`."


def clashing_names(plans: list[PlanFile]) -> str:
    """Outputs are named after the plan file: two plans must not give the same name, and no
    plan may take the overview's names."""
    for plan_file in plans:
        stem = plan_file.path.stem
        if stem == OVERVIEW or stem.startswith(f"{OVERVIEW}-"):
            return (
                f"{shown_path(plan_file.path)} ville give {stem}.*, som er navnet på "
                "den samlede oversigt. Omdøb planfilen. Intet er dannet."
            )
    same = same_output_names(p.path for p in plans)
    if same:
        return (
            f"{shown_path(same[0])} og {shown_path(same[1])} ville begge blive til "
            f"{same[1].stem}.*. Omdøb den ene. Intet er dannet."
        )
    return ""


def clashing_outputs(jobs: list[Job]) -> str:
    """Two jobs that would write the same file (one plan's indicator picture and another
    plan's file name can combine to the same name), told with both plans, before anything is
    written. Names that differ only in case or in how «å» is stored count as the same: on
    Windows and macOS they are."""
    owners: dict[str, Job] = {}
    for job in jobs:
        for name in job.outputs:
            other = owners.setdefault(unicodedata.normalize("NFC", name).casefold(), job)
            if other is not job:
                first, second = (_job_shown(j) for j in (other, job))
                return (
                    f"{first} og {second} ville begge skrive {shown_path(job.out_dir / name)}. "
                    "Omdøb en af planfilerne, eller ret id'et på indikatoren. Intet er dannet."
                )
    return ""


def _job_shown(job: Job) -> str:
    return shown_path(job.plan) if job.plan is not None else "den samlede oversigt"


def digest(*parts: bytes | str) -> str:
    h = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        h.update(len(data).to_bytes(8, "big"))
        h.update(data)
    return h.hexdigest()


def file_digest(path: Path) -> str:
    try:
        return digest(path.read_bytes())
    except OSError:
        return "mangler"


def tree_digest(folder: Path) -> str:
    """Every file below `folder` with its name: a template may include any of them."""
    if not folder.is_dir():
        return "ingen"
    files = sorted(p for p in folder.rglob("*") if p.is_file() and "__pycache__" not in p.parts)
    return digest(*(f"{p.relative_to(folder).as_posix()}={file_digest(p)}" for p in files))


def common_inputs(ws: Workspace, language: str) -> str:
    """What every output depends on."""
    from sektorplan.render.templating import USER_FOLDER
    from sektorplan.templates import PATH as BUILTIN

    root = ws.root
    config = ws.config_path
    word = ws.config.word_template if ws.config else None
    logo = ws.config.logo if ws.config else None
    # The date in every document: from SOURCE_DATE_EPOCH when it is set (`build_time`).
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    return digest(
        f"sektorplan {__version__}",
        f"sprog={language}",
        f"SOURCE_DATE_EPOCH={epoch}" if epoch is not None else "ingen SOURCE_DATE_EPOCH",
        file_digest(config) if config else "standardopsætning",
        file_digest(find_sdg_texts(root) or root / SDG_TEXTS_NAME),
        *(f"{p.name}={file_digest(p)}" for p in ws.measurements.files),
        tree_digest(root / USER_FOLDER),
        tree_digest(root / LABEL_TEXTS_FOLDER),  # tekster/<sprog>.yaml
        tree_digest(BUILTIN),
        file_digest(root / word) if word else "ingen word-skabelon",
        file_digest(root / logo) if logo else "intet logo",
    )


def linked_plans(plans: list[PlanFile]) -> dict[Path, set[Path]]:
    """For every plan, the other plans it refers to or that refer to it."""
    owner: dict[str, Path] = {}
    refs: dict[Path, set[str]] = {}
    for plan_file in plans:
        plan = plan_file.plan
        assert plan is not None
        for goal in plan.goals:
            owner[goal.id] = plan_file.path
            for sub in goal.sub_goals:
                owner[sub.id] = plan_file.path
        for ini in plan.initiatives:
            owner[ini.id] = plan_file.path
        refs[plan_file.path] = {
            r for i in plan.initiatives for r in (*i.contributes_to, *i.depends_on)
        }
    links: dict[Path, set[Path]] = {p.path: set() for p in plans}
    for path, ids in refs.items():
        for ref in ids:
            other = owner.get(ref)
            if other is not None and other != path:
                links[path].add(other)
                links[other].add(path)
    return links


def plan_jobs(
    ws: Workspace,
    plans: list[PlanFile],
    links: dict[Path, set[Path]],
    options: Options,
    language: str,
) -> list[Job]:
    """The jobs of one language, writing into <output folder>/<language>/."""
    from sektorplan.overview.documents import output_paths as overview_paths
    from sektorplan.render import output_paths
    from sektorplan.render.layout import SITE

    common = common_inputs(ws, language)
    files = {p.path: file_digest(p.path) for p in plans}
    out = options.out_dir / language

    def name(path: Path) -> str:
        return path.relative_to(out).as_posix()

    jobs = []
    # A PDF is made from its Word document, which is made with it (a download of its own).
    wanted = {*options.formats, *(("docx",) if "pdf" in options.formats else ())}
    overview_formats = [f for f in FORMATS if f in wanted and f != "pdf"]
    if overview_formats:
        everything = digest(
            common, *(f"{workspace_name(p, ws.root)}={d}" for p, d in sorted(files.items()))
        )
        outputs = {}
        located = any(p.coordinates for p in ws.config.places) if ws.config else False
        for paths in overview_paths(overview_formats, out, SITE, located=located).values():
            for path in paths:
                outputs[name(path)] = digest(everything, OVERVIEW, name(path))
        outputs |= pdf_outputs(outputs, options.formats)
        formats = tuple(f for f in FORMATS if f in wanted)
        jobs.append(Job(f"{OVERVIEW} ({language})", None, formats, outputs, language, out))
    plan_formats = [f for f in PLAN_FORMATS if f in wanted]
    for plan_file in plans if plan_formats else []:
        path = plan_file.path
        mine = digest(
            common,
            files[path],
            *(f"{workspace_name(p, ws.root)}={files[p]}" for p in sorted(links[path])),
        )
        outputs = {}
        for fmt in plan_formats:
            for output in output_paths(plan_file, [fmt], out, layout=SITE):
                outputs[name(output)] = digest(mine, name(output))
        outputs |= pdf_outputs(outputs, options.formats)
        formats = (*plan_formats, *(("pdf",) if "pdf" in wanted else ()))
        shown = f"{shown_path(path)} ({language})"
        jobs.append(Job(shown, path, formats, outputs, language, out))
    return jobs


def pdf_outputs(outputs: dict[str, str], formats: Iterable[str]) -> dict[str, str]:
    """With PDF: a PDF beside every Word document, made from it, so its inputs are the
    Word document's (it is made again only when the Word document is)."""
    if "pdf" not in formats:
        return {}
    return {pdf_name(name): inputs for name, inputs in outputs.items() if name.endswith(".docx")}


def pdf_name(docx_name: str) -> str:
    """The PDF of a Word document (a name relative to the output folder)."""
    return docx_name.removesuffix(".docx") + ".pdf"


def docx_name(pdf: str) -> str:
    return pdf.removesuffix(".pdf") + ".docx"


def outputs_of(job: Job, formats: Iterable[str]) -> list[str]:
    """The outputs of these formats: a file named for the format, and the pictures that the
    Markdown and HTML documents link."""
    names = []
    for name in job.outputs:
        suffix = name.rsplit(".", 1)[-1]
        if suffix in formats or (suffix == "png" and {"md", "html"} & set(formats)):
            names.append(name)
    return names


def remaining(job: Job, manifest: dict[str, str], out_dir: Path, clean: bool) -> Job:
    """The job with only the formats that must be rendered: all with `clean`; otherwise
    those with an output that is missing or was made from other inputs."""
    if clean:
        return job

    def stale(name: str) -> bool:
        return manifest.get(name) != job.outputs[name] or not (out_dir / name).is_file()

    formats = []
    for fmt in job.formats:
        own = [n for n in job.outputs if n.rsplit(".", 1)[-1] == fmt]
        pictures = [n for n in job.outputs if n.endswith(".png")] if fmt in ("md", "html") else []
        if any(stale(n) for n in own + pictures):
            formats.append(fmt)
    return Job(job.name, job.plan, tuple(formats), job.outputs, job.language, job.out_dir)
