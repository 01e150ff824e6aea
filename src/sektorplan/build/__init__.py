"""`sektorplan build`: every plan of a workspace in every format, the samlet oversigt and an
index, in parallel and incrementally.

1. The whole workspace is validated first. Errors: nothing is rendered. Warnings are shown
   and the build goes on (with `strict`, they fail it).
2. The documents are made in every language of the workspace (`sprog:`), or those chosen
   with `--sprog`, each in its own folder <output folder>/<language>/ with its own start page
   (index.html) and manifest; <output folder>/index.html links each language's start page.
   Each plan is a job (its documents) in each language, and so is the overview. A job
   runs only for the formats whose outputs are missing or whose inputs changed since the
   build that made them. The inputs of every output are hashed and kept in the manifest
   `.sektorplan-manifest.json` in the language's folder:
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
   makes, also in the folder of a language this build does not make (dropped from `sprog:`
   or left out by `--sprog`), and then that folder's manifest and empty folders. Without
   `clean` such a folder is left as it is, and one dropped from `sprog:` is named in the
   outcome (`not_built`); the entry page links only the workspace's languages.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

from sektorplan.build import manifest as manifest_file
from sektorplan.build import pdfs
from sektorplan.build.jobs import (
    FORMATS,
    OVERVIEW,
    PLAN_FORMATS,
    Job,
    Options,
    clashing_names,
    clashing_outputs,
    languages_of,
    linked_plans,
    no_plans,
    outputs_of,
    plan_jobs,
    remaining,
)
from sektorplan.build.lock import LockError, output_lock
from sektorplan.build.pool import Pool, Stored, default_jobs, expected_jobs, run_jobs, stored
from sektorplan.build.reporting import Reporter, RichReporter
from sektorplan.build.site import INDEX, SitePage, entry_html, site_pages
from sektorplan.i18n import workspace_texts
from sektorplan.load.workspace import PlanFile, Workspace, shown_path
from sektorplan.render.errors import RenderError

MANIFEST = manifest_file.NAME

__all__ = [
    "FORMATS",
    "INDEX",
    "MANIFEST",
    "OVERVIEW",
    "PLAN_FORMATS",
    "Job",
    "Options",
    "Outcome",
    "Reporter",
    "RichReporter",
    "build",
    "default_jobs",
    "linked_plans",
]


@dataclass
class Outcome:
    findings_text: str = ""  # validation findings, as `sektorplan validate` prints them
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    rendered: list[Path] = field(default_factory=list)
    up_to_date: list[str] = field(default_factory=list)  # jobs with nothing to do
    removed: list[Path] = field(default_factory=list)
    index: Path | None = None  # the entry page, <output folder>/index.html
    indexes: list[Path] = field(default_factory=list)  # each language's start page
    stopped: bool = False  # nothing was rendered: validation or a refusal stopped it
    # Per plan and language: how many of its texts are shown in the primary language.
    fallbacks: list[str] = field(default_factory=list)
    # Language folders an earlier build made, for a language no longer in `sprog:`, left
    # as they are (no --clean).
    not_built: list[Path] = field(default_factory=list)

    @property
    def exit_code(self) -> int:
        return 1 if self.errors else 0


def build(root: Path, options: Options, reporter: Reporter | None = None) -> Outcome:
    reporter = reporter or Reporter(lambda text: None)
    outcome = Outcome()
    fresh = options.clean or not (options.out_dir / MANIFEST).exists()
    with Pool(options.jobs, early=expected_jobs(root) if fresh else 0) as pool:
        return _build(root, options, reporter, outcome, pool)


def _build(
    root: Path, options: Options, reporter: Reporter, outcome: Outcome, pool: Pool
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
    if "pdf" in options.formats:
        from sektorplan.render.pdf import INSTALL_HINT, find_soffice

        if find_soffice() is None:  # the other formats are made, the Word documents too
            outcome.errors.append(INSTALL_HINT)
            formats = [f for f in options.formats if f != "pdf"]
            formats += [] if "docx" in formats else ["docx"]
            options = replace(options, formats=tuple(formats))
    plans = [p for p in ws.plans if p.plan is not None]
    problem = no_plans(ws, plans) or clashing_names(plans)
    if problem:
        outcome.errors.append(problem)
        outcome.stopped = True
        return outcome
    links = linked_plans(plans)
    languages = languages_of(ws, options)
    sets = [
        _LanguageSet(lang, options.out_dir / lang, plan_jobs(ws, plans, links, options, lang))
        for lang in languages
    ]
    problem = next((p for p in (clashing_outputs(s.jobs) for s in sets) if p), "")
    if problem:
        outcome.errors.append(problem)
        outcome.stopped = True
        return outcome
    outcome.fallbacks = fallback_counts(ws, plans, languages)
    for lang_set in sets:
        lang_set.pages = _site_pages(ws, plans, options, lang_set.language)
    store = stored(ws, plans, links)
    try:
        with contextlib.ExitStack() as held:
            # The output folder's lock, and each language folder's: a `render -o build/da`
            # takes that one (build/render.py), and waits for this build as this one for it.
            for folder in [options.out_dir, *(s.out_dir for s in sets)]:
                held.enter_context(output_lock(folder, reporter.note))
            return _make(store, sets, languages, options, reporter, outcome, pool)
    except LockError as exc:
        outcome.errors.append(str(exc))
        outcome.stopped = True
        return outcome


def _make(
    store: Stored,
    sets: list[_LanguageSet],
    languages: list[str],
    options: Options,
    reporter: Reporter,
    outcome: Outcome,
    pool: Pool,
) -> Outcome:
    """Everything that reads and writes the output folder, under its lock."""
    ws = store.base
    out_dir = options.out_dir
    # The entry page (<output folder>/index.html) has the output folder's own manifest.
    top = _LanguageSet("", out_dir, [])
    for lang_set in [top, *sets]:
        try:
            lang_set.manifest = manifest_file.read(lang_set.out_dir)
            lang_set.contents = manifest_file.read_contents(lang_set.out_dir)
        except manifest_file.DamagedError as exc:
            if not options.force:
                outcome.errors.append(str(exc))
                outcome.stopped = True
                return outcome
            lang_set.manifest = {}  # --force: every output is overwritten, the manifest anew
    foreign = [
        lang_set.out_dir / name
        for lang_set in [top, *sets]
        for name in sorted(lang_set.expected)
        if (lang_set.out_dir / name).exists() and name not in lang_set.manifest
    ]
    if foreign and not options.force:
        names = ", ".join(shown_path(p) for p in foreign[:5])
        more = f" og {len(foreign) - 5} til" if len(foreign) > 5 else ""
        outcome.errors.append(
            f"Findes allerede og er ikke lavet af sektorplan: {names}{more}. Intet er "
            "dannet. Flyt filerne, vælg en anden mappe med -o, eller overskriv dem med --force."
        )
        outcome.stopped = True
        return outcome

    todo: list[Job] = []
    for lang_set in sets:
        left = [
            remaining(job, lang_set.manifest, lang_set.out_dir, options.clean)
            for job in lang_set.jobs
        ]
        outcome.up_to_date += [job.name for job in left if not job.formats]
        lang_set.todo = [job for job in left if job.formats]
        todo += lang_set.todo
        # About to be (re)made: ours, but not up to date until this build says so. Written
        # first, so a build that is interrupted leaves files the next build knows it made.
        for job in lang_set.todo:
            for name in outputs_of(job, job.formats):
                lang_set.manifest[name] = ""
        if lang_set.todo:
            problem = _write_manifest(lang_set)
            if problem:
                outcome.errors.append(f"{problem} Intet er dannet.")
                outcome.stopped = True
                return outcome
    if any({"docx", "pdf"} & set(job.formats) for job in todo):
        # An SVG logo drawn as a PNG once, here, for every Word document about to be made
        # (and only then: a build with nothing to remake does not draw it, nor warn of it).
        from sektorplan.render.svglogo import prepare_workspace

        prepared = prepare_workspace(ws, outcome.warnings, outcome.errors)
        options = replace(options, svg_logo=prepared) if prepared else options
    # Every language's overview first: the longest jobs, each to a worker (build.pool).
    todo.sort(key=lambda job: job.plan is not None)
    reporter.start(len(todo))
    try:
        results = run_jobs(store, todo, options, reporter, pool)
    finally:
        reporter.stop()
    # The PDFs of every language, from the Word documents just written, in one LibreOffice.
    wanted_pdfs = pdfs.wanted(todo, results)
    made_pdfs: set[Path] = set()
    if wanted_pdfs:
        reporter.note(f"Laver {len(wanted_pdfs)} PDF-filer med LibreOffice.")
        made_pdfs, errors = pdfs.make(wanted_pdfs)
        outcome.errors += errors
    for lang_set in sets:
        for job in lang_set.todo:
            written, error = results[job.name]
            outcome.rendered += written
            for path in written:
                digest = manifest_file.content_digest(path)
                if digest is not None:
                    lang_set.contents[manifest_file.name_in(lang_set.out_dir, path)] = digest
            if error:
                outcome.errors.append(error)
                continue
            for name in outputs_of(job, [f for f in job.formats if f != "pdf"]):
                lang_set.manifest[name] = job.outputs[name]
            for name in outputs_of(job, ["pdf"]):
                if job.out_dir / name in made_pdfs:
                    lang_set.manifest[name] = job.outputs[name]
                    outcome.rendered.append(job.out_dir / name)
                    digest = manifest_file.content_digest(job.out_dir / name)
                    if digest is not None:
                        lang_set.contents[name] = digest
        if options.clean:
            outcome.removed += manifest_file.remove_stale(
                lang_set.out_dir,
                lang_set.manifest,
                lang_set.expected,
                outcome.errors,
                lang_set.contents,
            )
        with workspace_texts(ws.label_texts):  # tekster/<sprog>.yaml, as in the documents
            _write_pages(lang_set, options, outcome)
        if (lang_set.out_dir / INDEX).is_file():
            outcome.indexes.append(lang_set.out_dir / INDEX)
        problem = _write_manifest(lang_set)
        if problem:
            outcome.errors.append(problem)
    own = languages_of(ws, Options(out_dir))
    for lang in _other_language_folders(out_dir, languages):
        if options.clean:
            outcome.removed += _clear_language(out_dir / lang, outcome.errors)
        elif lang not in own:
            outcome.not_built.append(out_dir / lang)
    if options.clean:
        outcome.removed += manifest_file.remove_stale(
            out_dir, top.manifest, top.expected, outcome.errors, top.contents
        )
    path = out_dir / INDEX
    try:
        # Every language with a start page, also one an earlier build made (`--sprog`).
        every = [*own, *languages]
        made = [lang for lang in dict.fromkeys(every) if (out_dir / lang / INDEX).is_file()]
        entry = entry_html(ws, made)
    except RenderError as exc:
        outcome.errors.append(f"{shown_path(path)} er ikke dannet: {exc}")
    else:
        if _write_page(path, entry, top, outcome):
            outcome.index = path
    problem = _write_manifest(top)
    if problem:
        outcome.errors.append(problem)
    outcome.errors.sort()
    return outcome


def _other_language_folders(out_dir: Path, languages: list[str]) -> list[str]:
    """The languages not made now whose folder an earlier build made: a folder (not a link)
    named for the language, with a manifest."""
    from sektorplan.model.plan import LANGUAGES

    return [
        lang
        for lang in LANGUAGES
        if lang not in languages
        and not (out_dir / lang).is_symlink()
        and (out_dir / lang / MANIFEST).is_file()
    ]


def _clear_language(folder: Path, errors: list[str]) -> list[Path]:
    """`--clean` in the folder of a language this build does not make: the files an earlier
    build made (by the same rule as `remove_stale`: the manifest's names of sektorplan's kinds
    whose bytes are as written), then the manifest and the folders left empty. A file someone
    else made or changed stays, and so does its folder."""
    try:
        manifest = manifest_file.read(folder)
    except manifest_file.DamagedError as exc:
        errors.append(f"{exc} Mappen er ikke ryddet.")
        return []
    contents = manifest_file.read_contents(folder)
    removed = manifest_file.remove_stale(folder, manifest, set(), errors, contents)
    if manifest:  # a file that could not be removed: still listed as sektorplan's
        problem = _write(folder / MANIFEST, lambda: manifest_file.write(folder, manifest))
        if problem:
            errors.append(problem)
        return removed
    try:
        (folder / MANIFEST).unlink()
    except FileNotFoundError:
        pass
    except OSError as exc:
        from sektorplan.paths import os_error_text

        errors.append(f"{shown_path(folder / MANIFEST)} kan ikke fjernes ({os_error_text(exc)}).")
        return removed
    for sub in [*(folder / name for name in manifest_file.SITE_FOLDERS), folder]:
        if sub.is_dir() and not sub.is_symlink() and not any(sub.iterdir()):
            with contextlib.suppress(OSError):  # made meanwhile, or not ours to remove
                sub.rmdir()
    return removed


@dataclass
class _LanguageSet:
    """One language's documents: its folder, jobs and manifest."""

    language: str
    out_dir: Path
    jobs: list[Job]
    manifest: dict[str, str] = field(default_factory=dict)
    contents: dict[str, str] = field(default_factory=dict)  # the digests of what was written
    todo: list[Job] = field(default_factory=list)
    pages: list[SitePage] = field(default_factory=list)  # the site's own pages

    @property
    def expected(self) -> set[str]:
        jobs = {name for job in self.jobs for name in job.outputs}
        return jobs | {page.path for page in self.pages} | {INDEX}


def _write_manifest(lang_set: _LanguageSet) -> str:
    folder = lang_set.out_dir
    return _write(
        folder / MANIFEST,
        lambda: manifest_file.write(folder, lang_set.manifest, lang_set.contents),
    )


def _write_page(path: Path, page: bytes, lang_set: _LanguageSet, outcome: Outcome) -> bool:
    problem = _write(path, lambda: manifest_file.write_if_changed(path, page, durable=False))
    if problem:
        outcome.errors.append(problem)
        return False
    lang_set.manifest[INDEX] = "index"
    lang_set.contents[INDEX] = manifest_file.bytes_digest(page)
    return True


def fallback_counts(ws: Workspace, plans: list[PlanFile], languages: list[str]) -> list[str]:
    """A line per plan and language whose documents show some texts in the primary
    language, because the plan has them in that language only."""
    from sektorplan.i18n import labels
    from sektorplan.translate.texts import plan_texts

    names = labels("da")["languages"]
    assert ws.config is not None
    primary = ws.config.primary_language
    lines = []
    for plan_file in plans:
        assert plan_file.plan is not None
        texts = plan_texts(plan_file.plan, plan_file.path, "", primary)
        for language in languages:
            missing = sum(not t.has(language) for t in texts) if language != primary else 0
            if missing:
                lines.append(
                    f"{shown_path(plan_file.path)} ({language}): {missing} af {len(texts)} "
                    f"tekster står på {names[primary]}, fordi de ikke er oversat til "
                    f"{names[language]}."
                )
    return lines


def _site_pages(
    ws: Workspace,
    plans: list[PlanFile],
    options: Options,
    language: str,
) -> list[SitePage]:
    from sektorplan.build.jobs import common_inputs, digest, file_digest
    from sektorplan.build.site import switch_languages
    from sektorplan.paths import build_time

    languages = switch_languages(ws, language)
    # The start page links the documents that are built: the formats are an input too.
    common = digest(common_inputs(ws, language), ",".join(options.formats))
    files = {p.path: file_digest(p.path) for p in plans}
    folder = options.out_dir / language

    def built(name: str) -> bool:
        return (folder / name).is_file()

    return site_pages(ws, plans, language, languages, common, files, built, build_time())


def _write_pages(lang_set: _LanguageSet, options: Options, outcome: Outcome) -> None:
    """The site's own pages: those whose inputs changed, or that are missing, are made again;
    an unchanged page is not even rendered."""
    for page in lang_set.pages:
        path = lang_set.out_dir / page.path
        current = lang_set.manifest.get(page.path) == page.digest and path.is_file()
        if current and not options.clean:
            continue
        try:
            data = page.make()
        except RenderError as exc:
            outcome.errors.append(f"{shown_path(path)} er ikke dannet: {exc}")
            continue
        problem = _write(
            path,
            lambda path=path, data=data: manifest_file.write_if_changed(path, data, durable=False),
        )
        if problem:
            outcome.errors.append(problem)
            continue
        lang_set.manifest[page.path] = page.digest
        lang_set.contents[page.path] = manifest_file.bytes_digest(data)
        outcome.rendered.append(path)


def _write(path: Path, write: Callable[[], None]) -> str:
    """Run `write`; an error from the system becomes a Danish message naming `path`."""
    from sektorplan.paths import cannot_write

    try:
        write()
    except OSError as exc:
        return cannot_write(shown_path(path), exc)
    return ""
