"""The build's PDFs: made from the Word documents once every job has written them, all by one
LibreOffice (starting one takes seconds, most of a document's time).

A PDF's inputs are its Word document's (`jobs.pdf_outputs`): it is made again only when the
Word document is, or when it is missing. Without LibreOffice the other formats are still
made, and the build says how to install it and fails.
"""

from __future__ import annotations

from pathlib import Path

from sektorplan.build.jobs import Job, docx_name, outputs_of


def wanted(jobs: list[Job], results: dict[str, tuple[list[Path], str | None]]) -> dict[Path, Job]:
    """The PDFs to make, with their jobs: those of the jobs that have PDF among their formats
    and did not fail (their Word documents are written)."""
    paths = {}
    for job in jobs:
        if "pdf" in job.formats and not results.get(job.name, ([], None))[1]:
            paths |= {job.out_dir / name: job for name in outputs_of(job, ["pdf"])}
    return paths


def make(paths: dict[Path, Job]) -> tuple[set[Path], list[str]]:
    """The PDFs `paths` from the Word documents beside them, in one LibreOffice. Returns the
    PDFs written, and a Danish message, naming the plan, for each one that is not (one that
    names no PDF, such as a LibreOffice that cannot be started: once)."""
    from sektorplan.render.pdf import Conversion, convert

    conversions = [Conversion(path.with_name(docx_name(path.name)), path) for path in paths]
    results = convert(conversions)
    written: set[Path] = set()
    errors: list[str] = []
    for conversion in conversions:
        error = results[conversion.target]
        if error is None:
            written.add(conversion.target)
        elif conversion.target.name not in error:  # LibreOffice could not be used at all
            if error not in errors:
                errors.append(error)
        else:
            job = paths[conversion.target]
            errors.append(f"{job.name}: {error}")
    return written, errors
