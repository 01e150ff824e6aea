"""The index of the built documents (`index.html`)."""

from __future__ import annotations

from pathlib import Path

from sektorplan import __version__
from sektorplan.build.jobs import Job, Options
from sektorplan.load.workspace import PlanFile, Workspace

INDEX = "index.html"


def index_titles(
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


def index_html(
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
