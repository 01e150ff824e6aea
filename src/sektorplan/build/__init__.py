"""`sektorplan build`: every plan of a workspace in every format, the samlet oversigt and an
index, in parallel and incrementally.

1. The whole workspace is validated first. Errors: nothing is rendered. Warnings are shown
   and the build goes on (with `strict`, they fail it).
2. Each plan is a job (its documents) and so is the overview. A job runs only for the
   formats whose outputs are missing or whose inputs changed since the build that made them.
   The inputs of every output are hashed and kept in the manifest
   `.sektorplan-manifest.json` in the output folder:
   - always: the tool's version, the language, SOURCE_DATE_EPOCH (the documents' date),
     sektorplan.yaml, verdensmål.yaml and målinger/*.csv (where present), and every
     template that could be used (all of skabeloner/, the built-in templates, the
     configured `word-skabelon`);
   - a plan's documents: the plan file, and the files of every plan it is linked with: the
     plans it refers to (`bidrager-til`, `afhænger-af`: their titles and forvaltning are
     shown in its document) and the plans that refer to it. A plan linked with no other is
     not rendered again when another plan changes;
   - the overview: every plan file.
3. Jobs run in a process pool (`jobs` processes; 1: in this process). A job that fails is
   reported with its plan file; the others still render; every file is written atomically.
4. The manifest records which files the build made. A file in the output folder that the
   build did not make is never overwritten (unless `force`) and never removed; `clean`
   renders everything and removes the outputs of earlier builds that this one no longer
   makes.
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import os
import pickle
import signal
import sys
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sektorplan import __version__
from sektorplan.build import manifest as manifest_file
from sektorplan.load.workspace import (
    SDG_TEXTS_NAME,
    PlanFile,
    Workspace,
    find_sdg_texts,
    same_output_names,
    shown_path,
    workspace_name,
)
from sektorplan.render.errors import RenderError

FORMATS = ("md", "docx", "html", "xlsx")
PLAN_FORMATS = ("md", "docx", "html")
MANIFEST = manifest_file.NAME
INDEX = "index.html"
OVERVIEW = "oversigt"


@dataclass(frozen=True)
class Options:
    out_dir: Path
    formats: tuple[str, ...] = FORMATS
    jobs: int = 1
    clean: bool = False
    strict: bool = False
    force: bool = False
    language: str | None = None


@dataclass(frozen=True)
class Job:
    """One plan's documents (`plan` is its file), or the overview (`plan` is None)."""

    name: str  # as shown: planer/bs.yaml, or oversigt
    plan: Path | None
    formats: tuple[str, ...]  # those to render now
    outputs: dict[str, str]  # every output file (relative to the output folder) → its inputs


@dataclass
class Outcome:
    findings_text: str = ""  # validation findings, as `sektorplan validate` prints them
    errors: list[str] = field(default_factory=list)
    rendered: list[Path] = field(default_factory=list)
    up_to_date: list[str] = field(default_factory=list)  # jobs with nothing to do
    removed: list[Path] = field(default_factory=list)
    index: Path | None = None
    stopped: bool = False  # nothing was rendered: validation or a refusal stopped it

    @property
    def exit_code(self) -> int:
        return 1 if self.errors else 0


class Reporter:
    """Plain progress lines (Danish), for logs and pipes."""

    def __init__(self, write: Callable[[str], None]) -> None:
        self.write = write
        self.total = 0
        self.done = 0

    def start(self, total: int) -> None:
        self.total = total
        if total:
            self.write(f"Danner dokumenterne: {total} {'opgave' if total == 1 else 'opgaver'}.")

    def finished(self, job: Job, error: str | None) -> None:
        self.done += 1
        status = "fejl" if error else ", ".join(job.formats)
        self.write(f"[{self.done}/{self.total}] {job.name}: {status}")

    def stop(self) -> None:
        pass


class RichReporter(Reporter):
    """A progress bar in a terminal."""

    def __init__(self, console: Any = None) -> None:
        from rich.console import Console

        super().__init__(lambda text: None)
        self.console = console or Console(stderr=True)
        self.progress: Any = None
        self.task: Any = None

    def start(self, total: int) -> None:
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

        self.total = total
        if not total:
            return
        self.progress = Progress(
            TextColumn("Danner"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("{task.description}"),
            console=self.console,
            transient=True,
        )
        self.progress.start()
        self.task = self.progress.add_task("", total=total)

    def finished(self, job: Job, error: str | None) -> None:
        if self.progress is not None:
            self.progress.update(self.task, advance=1, description=job.name)

    def stop(self) -> None:
        if self.progress is not None:
            self.progress.stop()


# --- the build -------------------------------------------------------------------------------


def build(root: Path, options: Options, reporter: Reporter | None = None) -> Outcome:
    reporter = reporter or Reporter(lambda text: None)
    outcome = Outcome()
    fresh = options.clean or not (options.out_dir / MANIFEST).exists()
    with _Pool(options.jobs, early=_expected_jobs(root) if fresh else 0) as pool:
        return _build(root, options, reporter, outcome, pool)


def _build(
    root: Path, options: Options, reporter: Reporter, outcome: Outcome, pool: _Pool
) -> Outcome:
    from sektorplan.check.validate import (
        files_of,
        validate,
        with_workspace_errors,
        workspace_errors,
    )
    from sektorplan.cli.reporters import as_text

    result = with_workspace_errors(validate([root]))
    ws = result.workspaces[0]
    if result.findings:
        outcome.findings_text = as_text(result)
    if result.errors:
        # Any error stops the build, not only those in the files every document shares
        # (workspace_errors): the overview and the linked plans show every plan.
        shared = workspace_errors(result, ws)
        cause = f"{files_of(shared)} har fejl" if shared else "arbejdsområdet har fejl"
        outcome.errors.append(f"Intet er dannet, fordi {cause}. Ret dem, og kør igen.")
        outcome.stopped = True
        return outcome
    if options.strict and result.warnings:
        outcome.errors.append("Intet er dannet: --strict, og arbejdsområdet har advarsler.")
        outcome.stopped = True
        return outcome
    plans = [p for p in ws.plans if p.plan is not None]
    problem = _no_plans(ws, plans) or _clashing_names(plans)
    if problem:
        outcome.errors.append(problem)
        outcome.stopped = True
        return outcome
    # What the build keeps of the validated workspace, as bytes while the validation's objects
    # (documents, node trees, models) are let go of, then as objects again: so they are made
    # anew side by side, not scattered among the freed ones, where they kept most of the
    # memory from being given back (500 plans: 150 MB before, 50 MB after; 0.1 s).
    links = linked_plans(plans)
    kept = pickle.dumps(
        (
            _jobs(ws, plans, links, options),
            _index_titles(ws, plans, options),
            _stored(ws, plans, links),
        ),
        protocol=pickle.HIGHEST_PROTOCOL,
    )
    del links
    del result, ws, plans
    gc.collect()
    jobs, titles, stored = pickle.loads(kept)
    del kept
    _release_memory()
    ws = stored.base

    out_dir = options.out_dir
    try:
        manifest = manifest_file.read(out_dir)
    except manifest_file.DamagedError as exc:
        if not options.force:
            outcome.errors.append(str(exc))
            outcome.stopped = True
            return outcome
        manifest = {}  # --force: every output is overwritten, and the manifest made anew
    expected = {name for job in jobs for name in job.outputs} | {INDEX}
    foreign = sorted(
        name for name in expected if (out_dir / name).exists() and name not in manifest
    )
    if foreign and not options.force:
        names = ", ".join(shown_path(out_dir / n) for n in foreign[:5])
        more = f" og {len(foreign) - 5} til" if len(foreign) > 5 else ""
        outcome.errors.append(
            f"Findes allerede og er ikke lavet af sektorplan: {names}{more}. Intet er "
            "dannet. Flyt filerne, vælg en anden mappe med -o, eller overskriv dem med --force."
        )
        outcome.stopped = True
        return outcome

    todo = [_remaining(job, manifest, out_dir, options.clean) for job in jobs]
    outcome.up_to_date = [job.name for job in todo if not job.formats]
    todo = [job for job in todo if job.formats]
    # About to be (re)made: ours, but not up to date until this build says so. Written first,
    # so a build that is interrupted leaves files the next build knows it made.
    for job in todo:
        for name in _outputs_of(job, job.formats):
            manifest[name] = ""
    if todo:
        problem = _write(out_dir / MANIFEST, lambda: manifest_file.write(out_dir, manifest))
        if problem:
            outcome.errors.append(f"{problem} Intet er dannet.")
            outcome.stopped = True
            return outcome
    reporter.start(len(todo))
    try:
        results = _run(stored, todo, options, reporter, pool)
    finally:
        reporter.stop()
    for job in todo:
        written, error = results[job.name]
        outcome.rendered += written
        if error:
            outcome.errors.append(error)
            continue
        for name in _outputs_of(job, job.formats):
            manifest[name] = job.outputs[name]
    if options.clean:
        outcome.removed = _remove_stale(out_dir, manifest, expected, outcome.errors)
    path = out_dir / INDEX
    try:
        index = _index_html(ws, titles, jobs, out_dir, options, results)
    except RenderError as exc:
        outcome.errors.append(f"{shown_path(path)} er ikke dannet: {exc}")
    else:
        problem = _write(path, lambda: manifest_file.write_if_changed(path, index))
        if problem:
            outcome.errors.append(problem)
        else:
            manifest[INDEX] = "index"
            outcome.index = path
    problem = _write(out_dir / MANIFEST, lambda: manifest_file.write(out_dir, manifest))
    if problem:
        outcome.errors.append(problem)
    outcome.errors.sort()
    return outcome


def _write(path: Path, write: Callable[[], None]) -> str:
    """Run `write`; an error from the system becomes a Danish message naming `path`."""
    from sektorplan.paths import cannot_write

    try:
        write()
    except OSError as exc:
        return cannot_write(shown_path(path), exc)
    return ""


def _no_plans(ws: Workspace, plans: list[PlanFile]) -> str:
    if plans:
        return ""
    glob = ws.config.plans_glob if ws.config else "planer/*.yaml"
    return f"Ingen planer i {shown_path(ws.root)} ({glob}). Opret en med `sektorplan new`."


def _clashing_names(plans: list[PlanFile]) -> str:
    """Outputs are named after the plan file: two plans must not give the same name, and no
    plan may take the overview's or the index's."""
    for plan_file in plans:
        stem = plan_file.path.stem
        if stem in (OVERVIEW, "index") or stem.startswith(f"{OVERVIEW}-"):
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


# --- jobs and their inputs ---------------------------------------------------------------------


def _digest(*parts: bytes | str) -> str:
    h = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        h.update(len(data).to_bytes(8, "big"))
        h.update(data)
    return h.hexdigest()


def _file_digest(path: Path) -> str:
    try:
        return _digest(path.read_bytes())
    except OSError:
        return "mangler"


def _tree_digest(folder: Path) -> str:
    """Every file below `folder` with its name: a template may include any of them."""
    if not folder.is_dir():
        return "ingen"
    files = sorted(p for p in folder.rglob("*") if p.is_file() and "__pycache__" not in p.parts)
    return _digest(*(f"{p.relative_to(folder).as_posix()}={_file_digest(p)}" for p in files))


def common_inputs(ws: Workspace, language: str) -> str:
    """What every output depends on."""
    from sektorplan.render.templating import USER_FOLDER
    from sektorplan.templates import PATH as BUILTIN

    root = ws.root
    config = ws.config_path
    word = ws.config.word_template if ws.config else None
    # The date in every document: from SOURCE_DATE_EPOCH when it is set (`build_time`).
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    return _digest(
        f"sektorplan {__version__}",
        f"sprog={language}",
        f"SOURCE_DATE_EPOCH={epoch}" if epoch is not None else "ingen SOURCE_DATE_EPOCH",
        _file_digest(config) if config else "standardopsætning",
        _file_digest(find_sdg_texts(root) or root / SDG_TEXTS_NAME),
        *(f"{p.name}={_file_digest(p)}" for p in ws.measurements.files),
        _tree_digest(root / USER_FOLDER),
        _tree_digest(BUILTIN),
        _file_digest(root / word) if word else "ingen word-skabelon",
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


def _jobs(
    ws: Workspace, plans: list[PlanFile], links: dict[Path, set[Path]], options: Options
) -> list[Job]:
    from sektorplan.overview.documents import output_paths as overview_paths
    from sektorplan.render import output_paths

    language = options.language or (ws.config.primary_language if ws.config else "da")
    common = common_inputs(ws, language)
    files = {p.path: _file_digest(p.path) for p in plans}
    out = options.out_dir
    jobs = []
    overview_formats = [f for f in FORMATS if f in options.formats]
    if overview_formats:
        everything = _digest(
            common, *(f"{workspace_name(p, ws.root)}={d}" for p, d in sorted(files.items()))
        )
        outputs = {}
        for paths in overview_paths(overview_formats, out).values():
            for path in paths:
                outputs[path.name] = _digest(everything, OVERVIEW, path.name)
        jobs.append(Job(OVERVIEW, None, tuple(overview_formats), outputs))
    plan_formats = [f for f in PLAN_FORMATS if f in options.formats]
    for plan_file in plans if plan_formats else []:
        path = plan_file.path
        mine = _digest(
            common,
            files[path],
            *(f"{workspace_name(p, ws.root)}={files[p]}" for p in sorted(links[path])),
        )
        outputs = {}
        for fmt in plan_formats:
            for output in output_paths(plan_file, [fmt], out):
                outputs[output.name] = _digest(mine, output.name)
        jobs.append(Job(shown_path(path), path, tuple(plan_formats), outputs))
    return jobs


def _outputs_of(job: Job, formats: Iterable[str]) -> list[str]:
    """The outputs of these formats: a file named for the format, and the pictures that the
    Markdown and HTML documents link."""
    names = []
    for name in job.outputs:
        suffix = name.rsplit(".", 1)[-1]
        if suffix in formats or (suffix == "png" and {"md", "html"} & set(formats)):
            names.append(name)
    return names


def _remaining(job: Job, manifest: dict[str, str], out_dir: Path, clean: bool) -> Job:
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
    return Job(job.name, job.plan, tuple(formats), job.outputs)


# --- running the jobs --------------------------------------------------------------------------


def _bare(ws: Workspace, plans: Iterable[PlanFile] = ()) -> Workspace:
    """The workspace as the renderer needs it, holding only `plans`: the models, not the
    YAML node trees (most of a loaded workspace's memory, needed only to point at a line)."""
    from sektorplan.load.measurements import MeasurementFiles
    from sektorplan.load.yamlfile import Document

    def bare(doc: Document) -> Document:
        return Document(doc.path, doc.shown)

    return Workspace(
        ws.root,
        bare(ws.config_doc) if ws.config_doc else None,
        ws.config,
        [PlanFile(bare(p.doc), p.plan) for p in plans],
        ws.sdg,
        MeasurementFiles(list(ws.measurements.files), list(ws.measurements.rows)),
    )


@dataclass
class _Stored:
    """The validated workspace as the build keeps it while it renders: each plan's model
    (without the YAML node trees, `_bare`) pickled on its own, to be unpickled by the job
    that renders it, here or in a worker (which is sent these bytes as they are). As bytes a
    model takes a sixth of its size as objects (500 plans: 5 MB, against 34 MB in every
    process that held them all), and the validation's objects can all be given back to the
    system while the workers run."""

    base: Workspace  # without its plans
    pickled: dict[Path, bytes]  # each plan (PlanFile), in the workspace's order
    links: dict[Path, set[Path]]  # linked_plans


def _stored(ws: Workspace, plans: list[PlanFile], links: dict[Path, set[Path]]) -> _Stored:
    bare = _bare(ws, plans)
    return _Stored(
        _bare(ws),
        {p.path: pickle.dumps(p, protocol=pickle.HIGHEST_PROTOCOL) for p in bare.plans},
        links,
    )


def _release_memory() -> None:
    """Memory that was freed given back to the system: glibc keeps it in its heap for later
    allocations, unless told (`malloc_trim`). Elsewhere (macOS, Windows, musl) nothing."""
    if sys.platform != "linux":
        return
    import ctypes

    with contextlib.suppress(OSError, AttributeError):  # AttributeError: no glibc
        ctypes.CDLL(None).malloc_trim(0)


def _job_workspace(base: Workspace, plans: list[PlanFile]) -> Workspace:
    return Workspace(base.root, base.config_doc, base.config, plans, base.sdg, base.measurements)


def _job_plans(stored: _Stored, job: Job) -> list[bytes]:
    """What a job's workspace holds (pickled): for a plan, the plan and the plans it is
    linked with (in the workspace's order), so its document can show nothing that the
    incremental rule does not count as its input; for the overview, every plan."""
    if job.plan is None:
        return list(stored.pickled.values())
    wanted = {job.plan, *stored.links.get(job.plan, ())}
    return [data for path, data in stored.pickled.items() if path in wanted]


class _Pool:
    """The worker processes: fresh processes ("spawn"), not copies of this one, which holds
    the validated workspace's node trees. This process renders too (`_run`), so `workers`
    processes (`--jobs`) are this one and `workers - 1` workers.

    For a build that renders everything (no manifest in the output folder yet, or `--clean`)
    workers for `early` jobs are started before the workspace is validated, so their imports
    (matplotlib, numpy, python-docx, docxtpl, Jinja: about half a second each) run on the
    other cores meanwhile. Otherwise workers start only when there are jobs for them, so a
    build with nothing to do does not wait for them. Never more processes than `workers`,
    nor than there are jobs. Workers that were never given a job (the workspace had errors)
    are stopped, not waited for."""

    def __init__(self, workers: int, *, early: int = 0) -> None:
        self.workers = workers
        self.executor: Any = None
        self.size = 0
        self.used = False
        if early > 1:
            self._open(early)

    def _open(self, count: int) -> None:
        size = min(count, self.workers) - 1  # this process takes jobs too
        if self.executor is not None or size < 1:
            return
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        with _ignoring_interrupts():
            self.executor = ProcessPoolExecutor(
                max_workers=size,
                mp_context=multiprocessing.get_context("spawn"),
                initializer=_init_worker,
            )
            self.size = size
            for _ in range(size):  # a process starts for each task no idle one takes
                self.executor.submit(_ready)

    def for_jobs(self, count: int) -> Any:
        """The executor to run `count` jobs beside this process; None: this process alone."""
        if count <= 1 or self.workers <= 1:
            return None
        if self.executor is not None and not self.used and self.size < min(count, self.workers) - 1:
            self._close()  # started early for fewer jobs than there are (another plans glob)
        self.used = True
        self._open(count)
        return self.executor

    def _close(self) -> None:
        if not self.used:
            _stop_workers(self.executor)
        self.executor.shutdown(wait=True, cancel_futures=True)
        self.executor = None

    def __enter__(self) -> _Pool:
        return self

    def __exit__(self, *exc: object) -> None:
        # Also on Ctrl-C: nothing new is started; the plans being written are finished (the
        # workers ignore the interrupt), so no file is left half made.
        if self.executor is not None:
            self._close()


@contextmanager
def _ignoring_interrupts() -> Iterator[None]:
    """Processes started in here ignore Ctrl-C from their first instruction (an ignored
    signal stays ignored in a new program, and Python then sets no handler of its own), so
    Ctrl-C while a worker starts up gives no traceback from it. This process ignores Ctrl-C
    only while it starts them."""
    try:
        previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    except ValueError:  # not the main thread: signals are not ours to set
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


def _expected_jobs(root: Path) -> int:
    """How many jobs a fresh build of `root` will likely have, before its configuration is
    read: the plan files in the usual folder, and the overview. It only sets how many
    workers start early."""
    return len(list(root.glob("planer/*.yaml"))) + 1


def _stop_workers(executor: Any) -> None:
    """End the workers at once (they have no job): `terminate_workers` from Python 3.14, the
    executor's processes before that."""
    terminate = getattr(executor, "terminate_workers", None)
    if terminate is not None:
        terminate()
        return
    for process in list(getattr(executor, "_processes", {}).values()):
        process.terminate()


def _ready() -> None:
    """A task that starts a worker."""


def _init_worker() -> None:
    """In each worker process: the heavy modules, once."""
    # Ctrl-C is the main process's to handle: it stops handing out jobs and lets these finish.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    from sektorplan.build import worker  # noqa: F401

    # What is loaded now lives as long as the worker: out of the collector's way, so the
    # collection after each job (below) looks at that job's objects only. Not collected
    # first: that pass over every module took 50 ms of the start, to free a few KB.
    gc.freeze()


def _work(
    base: Workspace,
    job: Job,
    pickled: list[bytes],
    options: Options,
    plan_formats: tuple[str, ...],
) -> tuple[list[Path], str | None]:
    """Run one job on its plans (`_job_plans`), here or in a worker."""

    def workspace() -> Workspace:
        plans = [pickle.loads(data) for data in pickled]
        pickled.clear()  # the bytes (the overview's: 5 MB) are not kept while the job runs
        return _job_workspace(base, plans)

    # A plan's job makes a few MB of objects, many in cycles (matplotlib's artists,
    # docxtpl's template): the collector's automatic passes over them took 7 % of the job.
    # They wait for the one collection at its end. The overview, of every plan, keeps them.
    pause = job.plan is not None
    if pause:
        gc.disable()
    try:
        return _render(workspace, job, options, plan_formats)
    finally:
        if pause:
            gc.enable()
        # The cycles collected now, so each job reuses the memory the last one had, where
        # waiting for the collector let a worker grow by 40 MB over 25 plans.
        gc.collect()
        if not pause:  # the overview's 100 MB are not kept for the plans that follow
            _release_memory()


def _render(
    workspace: Callable[[], Workspace],
    job: Job,
    options: Options,
    plan_formats: tuple[str, ...],
) -> tuple[list[Path], str | None]:
    """Render one job on the `workspace()` it makes; a failure becomes a Danish message that
    names the plan."""
    from sektorplan.render import RenderError, render_plan

    try:
        if job.plan is None:
            from sektorplan.overview.documents import overview_inputs, write_overview

            # The models are let go of once the overview's figures are drawn from them, and
            # the figures made anew beside each other (as in `_build`): the documents (500
            # plans: a Word table of 45,000 cells) are made in the memory the models had.
            kept = pickle.dumps(
                overview_inputs(workspace(), options.language, plan_formats),
                protocol=pickle.HIGHEST_PROTOCOL,
            )
            gc.collect()
            inputs = pickle.loads(kept)
            del kept
            _release_memory()
            written = write_overview(inputs, job.formats, options.out_dir)
        else:
            ws = workspace()
            plan_file = next(p for p in ws.plans if p.path == job.plan)
            written = render_plan(
                ws,
                plan_file,
                job.formats,
                options.out_dir,
                language=options.language,
                force=True,
            )
        return written, None
    except RenderError as exc:
        message = str(exc)
        prefix = f"{job.name}: "
        return [], message if message.startswith(prefix) else prefix + message
    except OSError as exc:  # the overview's files (a plan's: RenderError)
        from sektorplan.paths import cannot_write

        where = Path(exc.filename) if exc.filename else options.out_dir
        return [], f"{job.name}: {cannot_write(shown_path(where), exc)}"
    except Exception as exc:  # a bug must not stop the other plans, nor show a traceback
        what = "Den samlede oversigt" if job.plan is None else job.name
        return [], (
            f"{what} kunne ikke dannes på grund af en intern fejl ({type(exc).__name__}: "
            f"{exc}). De andre dokumenter er dannet. Rapportér fejlen til sektorplans udviklere."
        )


def _run(
    stored: _Stored, jobs: list[Job], options: Options, reporter: Reporter, pool: _Pool
) -> dict[str, tuple[list[Path], str | None]]:
    plan_formats = tuple(f for f in PLAN_FORMATS if f in options.formats)
    base = stored.base

    results: dict[str, tuple[list[Path], str | None]] = {}
    if not jobs:  # nothing to do: no worker, and none of the heavy modules loaded here
        return results
    executor = pool.for_jobs(len(jobs))
    queue = deque(jobs)  # the overview first: it is the longest job, and goes to a worker

    def here(job: Job) -> None:
        """A job rendered in this process."""
        results[job.name] = _work(base, job, _job_plans(stored, job), options, plan_formats)
        reporter.finished(job, results[job.name][1])

    with _rendering_here():
        if executor is None:
            while queue:
                here(queue.popleft())
            return results
        import threading
        from concurrent.futures import FIRST_COMPLETED, Future, wait
        from concurrent.futures.process import BrokenProcessPool

        def stopped(job: Job) -> tuple[list[Path], str]:
            # The reason (BrokenProcessPool's) is English and says no more than this.
            what = "Den samlede oversigt" if job.plan is None else job.name
            return [], (
                f"{what} kunne ikke dannes: arbejdsprocessen stoppede uventet (fx af mangel på "
                "hukommelse). Prøv igen, evt. med --jobs 1."
            )

        # Each worker has one job at a time (the workspace's shared part, a few KB, goes
        # with it), and the next the moment it is done: a thread here waits for them. This
        # process takes the other jobs one by one. A job waiting behind another in a worker
        # left this process idle at the end (the example: a plan behind the overview).
        lock = threading.Lock()
        finished: list[tuple[Job, Future[Any]]] = []
        stopping = threading.Event()

        def take() -> Job | None:
            with lock:
                return queue.popleft() if queue else None

        def submit(job: Job) -> Future[Any] | None:
            try:
                return executor.submit(
                    _work, base, job, _job_plans(stored, job), options, plan_formats
                )
            except (BrokenProcessPool, RuntimeError):  # a worker died, or the pool is closing
                with lock:
                    queue.appendleft(job)  # this process does it
                return None

        def feed(running: dict[Future[Any], Job]) -> None:
            while running:
                done, _ = wait(running, return_when=FIRST_COMPLETED)
                for future in done:
                    job = running.pop(future)
                    with lock:
                        finished.append((job, future))
                    if stopping.is_set() or future.cancelled() or future.exception():
                        continue  # a pool that broke is given no more
                    following = take()
                    if following is not None and (started := submit(following)) is not None:
                        running[started] = following

        def report() -> None:
            with lock:
                ready = finished[:]
                finished.clear()
            for job, future in ready:
                failed = future.cancelled() or future.exception() is not None
                results[job.name] = stopped(job) if failed else future.result()
                reporter.finished(job, results[job.name][1])

        running: dict[Future[Any], Job] = {}
        while len(running) < pool.size and (job := take()) is not None:
            if (started := submit(job)) is None:
                break
            running[started] = job
        feeder = threading.Thread(target=feed, args=(running,), name="sektorplan-jobs", daemon=True)
        feeder.start()
        try:
            while (job := take()) is not None:
                here(job)
                report()
            feeder.join()
            while (job := take()) is not None:  # given back by a pool that broke
                here(job)
        finally:
            stopping.set()
        report()
    return results


@contextmanager
def _rendering_here() -> Iterator[None]:
    """This process renders as a worker does: the heavy modules loaded (`worker`), and what
    it holds now (the workspace's models) kept out of the collector's way while it renders:
    a collection after each job then looks at that job's objects only. Afterwards the
    collector sees them again."""
    from sektorplan.build import worker  # noqa: F401

    gc.freeze()  # not collected first: garbage now is collected after `unfreeze`
    try:
        yield
    finally:
        gc.unfreeze()


# --- the manifest, stale files and the index ----------------------------------------------------


def _remove_stale(
    out_dir: Path, manifest: dict[str, str], expected: set[str], errors: list[str]
) -> list[Path]:
    """Files an earlier build made that this one does not: only those in the manifest, and
    only files directly in the output folder (a manifest could be edited to name others)."""
    from sektorplan.paths import os_error_text

    removed = []
    folder = out_dir.resolve()
    for name in sorted(set(manifest) - expected):
        path = out_dir / name
        inside = manifest_file.is_plain_name(name) and path.resolve().parent == folder
        if inside and path.is_file() and not path.is_symlink():
            try:
                path.unlink()
            except OSError as exc:
                errors.append(f"{shown_path(path)} kan ikke fjernes ({os_error_text(exc)}).")
                continue
            removed.append(path)
        del manifest[name]
    return removed


def _index_titles(
    ws: Workspace, plans: list[PlanFile], options: Options
) -> dict[Path, tuple[str, str]]:
    """Each plan's title and forvaltning in the index (`_index_html`)."""
    from sektorplan.model.plan import text_in

    config = ws.config
    assert config is not None
    language = options.language or config.primary_language
    primary = config.primary_language
    titles = {}
    for plan_file in plans:
        plan = plan_file.plan
        assert plan is not None
        dept = config.department(plan.department)
        department = text_in(dept.name, language, primary) if dept else plan.department
        titles[plan_file.path] = (text_in(plan.title, language, primary), department)
    return titles


def _index_html(
    ws: Workspace,
    titles: dict[Path, tuple[str, str]],
    jobs: list[Job],
    out_dir: Path,
    options: Options,
    results: dict[str, tuple[list[Path], str | None]],
) -> bytes:
    from sektorplan.model.plan import text_in
    from sektorplan.render.templating import render_text

    config = ws.config
    assert config is not None
    language = options.language or config.primary_language
    primary = config.primary_language
    entries = []
    for job in jobs:
        files = [n for n in job.outputs if (out_dir / n).is_file() and not n.endswith(".png")]
        title, department = (None, None) if job.plan is None else titles[job.plan]
        entries.append(
            {
                "name": job.name,
                "overview": job.plan is None,
                "title": title,
                "department": department,
                "files": files,
                "failed": bool(results.get(job.name, ([], None))[1]),
            }
        )
    context = {
        "language": language,
        "municipality": text_in(config.municipality, language, primary),
        "planning_strategy": text_in(config.planning_strategy, language, primary),
        "generator": f"sektorplan {__version__}",
        "overview": next((e for e in entries if e["overview"]), None),
        "plans": [e for e in entries if not e["overview"]],
    }
    return render_text("html", ws.root, context, "index.html.j2").encode("utf-8")


def default_jobs() -> int:
    """The cores this process may run on (a container may allow fewer than the machine has)."""
    try:
        return len(os.sched_getaffinity(0)) or 1
    except AttributeError:  # not on every platform
        return os.cpu_count() or 1


__all__: Sequence[str] = ["FORMATS", "Options", "Outcome", "Reporter", "RichReporter", "build"]
