"""Running the jobs: in this process and in a pool of worker processes started fresh
("spawn"), each job's failure kept to that job."""

from __future__ import annotations

import gc
import os
import signal
from collections import deque
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sektorplan.build.jobs import PLAN_FORMATS, Job, Options
from sektorplan.build.reporting import Reporter
from sektorplan.load.workspace import PlanFile, Workspace, shown_path


def bare_workspace(ws: Workspace, plans: Iterable[PlanFile] = ()) -> Workspace:
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
        label_texts=ws.label_texts,
    )


@dataclass
class Stored:
    """The validated workspace as the build keeps it while it renders: the shared part
    without plans, each plan without its YAML node trees (`bare_workspace`), and the links
    between plans. A job is sent only the plans it shows."""

    base: Workspace  # without its plans
    plans: dict[Path, PlanFile]  # each plan, in the workspace's order
    links: dict[Path, set[Path]]  # linked_plans


def stored(ws: Workspace, plans: list[PlanFile], links: dict[Path, set[Path]]) -> Stored:
    bare = bare_workspace(ws, plans)
    return Stored(bare_workspace(ws), {p.path: p for p in bare.plans}, links)


def job_workspace(base: Workspace, plans: list[PlanFile]) -> Workspace:
    return Workspace(
        base.root,
        base.config_doc,
        base.config,
        plans,
        base.sdg,
        base.measurements,
        label_texts=base.label_texts,
    )


def job_plans(store: Stored, job: Job) -> list[PlanFile]:
    """What a job's workspace holds: for a plan, the plan and the plans it is linked with
    (in the workspace's order), so its document can show nothing that the incremental rule
    does not count as its input; for the overview, every plan."""
    if job.plan is None:
        return list(store.plans.values())
    wanted = {job.plan, *store.links.get(job.plan, ())}
    return [plan for path, plan in store.plans.items() if path in wanted]


class Pool:
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
            self.open(early)

    def open(self, count: int) -> None:
        size = min(count, self.workers) - 1  # this process takes jobs too
        if self.executor is not None or size < 1:
            return
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        with ignoring_interrupts():
            self.executor = ProcessPoolExecutor(
                max_workers=size,
                mp_context=multiprocessing.get_context("spawn"),
                initializer=init_worker,
                initargs=(os.getpid(),),
            )
            self.size = size
            for _ in range(size):  # a process starts for each task no idle one takes
                self.executor.submit(ready)

    def for_jobs(self, count: int) -> Any:
        """The executor to run `count` jobs beside this process; None: this process alone."""
        if count <= 1 or self.workers <= 1:
            return None
        if self.executor is not None and not self.used and self.size < min(count, self.workers) - 1:
            self.close()  # started early for fewer jobs than there are (another plans glob)
        self.used = True
        self.open(count)
        return self.executor

    def close(self) -> None:
        if not self.used:
            from sektorplan.internals.processpool import stop_workers

            stop_workers(self.executor)
        self.executor.shutdown(wait=True, cancel_futures=True)
        self.executor = None

    def __enter__(self) -> Pool:
        return self

    def __exit__(self, *exc: object) -> None:
        # Also on Ctrl-C: nothing new is started; the plans being written are finished (the
        # workers ignore the interrupt), so no file is left half made.
        if self.executor is not None:
            self.close()


@contextmanager
def ignoring_interrupts() -> Iterator[None]:
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


def expected_jobs(root: Path) -> int:
    """How many jobs a fresh build of `root` will likely have, before its configuration is
    read: the plan files in the usual folder, and the overview. It only sets how many
    workers start early."""
    return len(list(root.glob("planer/*.yaml"))) + 1


# How often a worker looks whether the build that started it is still there (seconds).
PARENT_CHECK_SECONDS = 0.5


def end_with_parent(parent: int) -> None:
    """End this worker when the build process `parent` is gone (killed with SIGKILL, say,
    which gives it no chance to stop its workers): a thread looks at the parent's pid, which
    changes when the worker is handed to another process. Without its workers, multiprocessing's
    resource tracker (whose pipe they hold open) ends too. A watchdog rather than Linux's
    PR_SET_PDEATHSIG, which fires when the parent *thread* that started the worker ends, and
    which other systems do not have."""
    import threading
    import time

    def watch() -> None:
        while True:
            if os.getppid() != parent:
                os._exit(1)
            time.sleep(PARENT_CHECK_SECONDS)

    if os.getppid() != parent:  # gone already, while this worker started
        os._exit(1)
    threading.Thread(target=watch, name="sektorplan-parent-watch", daemon=True).start()


def ready() -> None:
    """A task that starts a worker."""


def init_worker(parent: int) -> None:
    """In each worker process: the heavy modules, once; and an end with the parent."""
    # Ctrl-C is the main process's to handle: it stops handing out jobs and lets these finish.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    end_with_parent(parent)
    from sektorplan.build import worker  # noqa: F401

    # What is loaded now lives as long as the worker: out of the collector's way, so the
    # collection after each job (below) looks at that job's objects only. Not collected
    # first: that pass over every module costs more of the start than the little it frees.
    gc.freeze()


def work(
    base: Workspace,
    job: Job,
    plans: list[PlanFile],
    options: Options,
    plan_formats: tuple[str, ...],
) -> tuple[list[Path], str | None]:
    """Run one job on its plans (`job_plans`), here or in a worker."""
    # A plan's job makes a few MB of objects, many in cycles (matplotlib's artists,
    # docxtpl's template): the collector's automatic passes over them cost time. They wait
    # for the one collection at the job's end. The overview, of every plan, keeps them.
    pause = job.plan is not None
    if options.svg_logo is not None:
        from sektorplan.render.svglogo import remember

        remember(options.svg_logo)  # made by the main process: not again in each worker
    if pause:
        gc.disable()
    try:
        return render_job(job_workspace(base, plans), job, options, plan_formats)
    finally:
        if pause:
            gc.enable()
        gc.collect()  # so each job reuses the memory the last one had


def render_job(
    ws: Workspace,
    job: Job,
    options: Options,
    plan_formats: tuple[str, ...],
) -> tuple[list[Path], str | None]:
    """Render one job on its workspace; a failure becomes a Danish message that names the
    plan."""
    from sektorplan.build.site import overview_frame, plan_frame, switch_languages
    from sektorplan.i18n import workspace_texts
    from sektorplan.render import RenderError, render_plan
    from sektorplan.render.layout import SITE

    # The PDFs are made after every job, all in one LibreOffice (`build.pdfs`).
    formats = tuple(f for f in job.formats if f != "pdf")
    if not formats:
        return [], None
    language = job.language
    languages = switch_languages(ws, language)
    try:
        with workspace_texts(ws.label_texts):  # tekster/<sprog>.yaml over the built-in labels
            if job.plan is None:
                from sektorplan.overview.documents import overview_inputs, write_overview

                inputs = overview_inputs(ws, language, plan_formats)
                frame = overview_frame(ws, inputs.overview, language, languages, options.formats)
                written = write_overview(inputs, formats, job.out_dir, SITE, frame)
            else:
                plan_file = next(p for p in ws.plans if p.path == job.plan)
                written = render_plan(
                    ws,
                    plan_file,
                    formats,
                    job.out_dir,
                    language=language,
                    force=True,
                    layout=SITE,
                    site=plan_frame(ws, plan_file, language, languages),
                )
        return written, None
    except RenderError as exc:
        message = str(exc)
        prefix = f"{job.name}: "
        return [], message if message.startswith(prefix) else prefix + message
    except OSError as exc:  # the overview's files (a plan's: RenderError)
        from sektorplan.paths import cannot_write

        where = Path(exc.filename) if exc.filename else job.out_dir
        return [], f"{job.name}: {cannot_write(shown_path(where), exc)}"
    except Exception as exc:  # a bug must not stop the other plans, nor show a traceback
        what = f"Den samlede oversigt ({job.language})" if job.plan is None else job.name
        return [], (
            f"{what} kunne ikke dannes på grund af en intern fejl ({type(exc).__name__}: "
            f"{exc}). De andre dokumenter er dannet. Rapportér fejlen til sektorplans udviklere."
        )


def bundled(jobs: list[Job]) -> list[list[Job]]:
    """The jobs of one plan in every language, together: one process renders them one after
    the other, and a chart that is the same in both languages (the texts in it fell back,
    or need none) is drawn once (render/charts.py keeps the last ones). Each overview is a
    bundle of its own: the longest jobs, each to a worker. In the order of each bundle's
    first job."""
    bundles: dict[Path | tuple[str], list[Job]] = {}
    for job in jobs:
        key = job.plan if job.plan is not None else (job.name,)
        bundles.setdefault(key, []).append(job)
    return list(bundles.values())


def work_bundle(
    base: Workspace,
    bundle: list[Job],
    plans: list[PlanFile],
    options: Options,
    plan_formats: tuple[str, ...],
) -> list[tuple[list[Path], str | None]]:
    """Run the jobs of one bundle (`bundled`), here or in a worker."""
    return [work(base, job, plans, options, plan_formats) for job in bundle]


def run_jobs(
    store: Stored, jobs: list[Job], options: Options, reporter: Reporter, pool: Pool
) -> dict[str, tuple[list[Path], str | None]]:
    plan_formats = tuple(f for f in PLAN_FORMATS if f in options.formats)
    base = store.base

    results: dict[str, tuple[list[Path], str | None]] = {}
    if not jobs:  # nothing to do: no worker, and none of the heavy modules loaded here
        return results
    # The overview first: it is the longest, and goes to a worker.
    queue = deque(bundled(jobs))
    executor = pool.for_jobs(len(queue))

    def here(bundle: list[Job]) -> None:
        """A bundle rendered in this process."""
        for job in bundle:
            results[job.name] = work(base, job, job_plans(store, job), options, plan_formats)
            reporter.finished(job, results[job.name][1])

    with rendering_here():
        if executor is None:
            while queue:
                here(queue.popleft())
            return results
        import threading
        from concurrent.futures import FIRST_COMPLETED, Future, wait
        from concurrent.futures.process import BrokenProcessPool

        def stopped(job: Job) -> tuple[list[Path], str]:
            # The reason (BrokenProcessPool's) is English and says no more than this.
            what = f"Den samlede oversigt ({job.language})" if job.plan is None else job.name
            return [], (
                f"{what} kunne ikke dannes: arbejdsprocessen stoppede uventet (fx af mangel på "
                "hukommelse). Prøv igen, evt. med --jobs 1."
            )

        # Each worker has one bundle at a time (the workspace's shared part, a few KB, goes
        # with it), and the next the moment it is done: a thread here waits for them. This
        # process takes the other bundles one by one. A bundle waiting behind another in a
        # worker left this process idle at the end (the example: a plan behind the overview).
        lock = threading.Lock()
        finished: list[tuple[list[Job], Future[Any]]] = []
        stopping = threading.Event()

        def take(plans_only: bool = False) -> list[Job] | None:
            """The next bundle; `plans_only`: the next of a plan, for this process, which
            holds the whole workspace already: an overview (of every plan) in here as well
            would make this the largest process (workers make them)."""
            with lock:
                if not plans_only:
                    return queue.popleft() if queue else None
                for i, bundle in enumerate(queue):
                    if bundle[0].plan is not None:
                        del queue[i]
                        return bundle
                return None

        def submit(bundle: list[Job]) -> Future[Any] | None:
            try:
                return executor.submit(
                    work_bundle, base, bundle, job_plans(store, bundle[0]), options, plan_formats
                )
            except (BrokenProcessPool, RuntimeError):  # a worker died, or the pool is closing
                with lock:
                    queue.appendleft(bundle)  # this process does it
                return None

        def feed(running: dict[Future[Any], list[Job]]) -> None:
            while running:
                done, _ = wait(running, return_when=FIRST_COMPLETED)
                for future in done:
                    bundle = running.pop(future)
                    with lock:
                        finished.append((bundle, future))
                    if stopping.is_set() or future.cancelled() or future.exception():
                        continue  # a pool that broke is given no more
                    following = take()
                    if following is not None and (started := submit(following)) is not None:
                        running[started] = following

        def report() -> None:
            with lock:
                ready = finished[:]
                finished.clear()
            for bundle, future in ready:
                failed = future.cancelled() or future.exception() is not None
                outcomes = [stopped(job) for job in bundle] if failed else future.result()
                for job, outcome in zip(bundle, outcomes, strict=True):
                    results[job.name] = outcome
                    reporter.finished(job, outcome[1])

        running: dict[Future[Any], list[Job]] = {}
        while len(running) < pool.size and (bundle := take()) is not None:
            if (started := submit(bundle)) is None:
                break
            running[started] = bundle
        feeder = threading.Thread(target=feed, args=(running,), name="sektorplan-jobs", daemon=True)
        feeder.start()
        try:
            while (bundle := take(plans_only=True)) is not None:
                here(bundle)
                report()
            feeder.join()
            while (bundle := take()) is not None:  # given back by a pool that broke
                here(bundle)
        finally:
            stopping.set()
        report()
    return results


@contextmanager
def rendering_here() -> Iterator[None]:
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


def default_jobs() -> int:
    """The cores this process may run on (a container may allow fewer than the machine has)."""
    try:
        return len(os.sched_getaffinity(0)) or 1
    except AttributeError:  # not on every platform
        return os.cpu_count() or 1
