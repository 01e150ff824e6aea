"""The index of the built documents (`index.html`)."""

from __future__ import annotations

from pathlib import Path

from sektorplan import __version__
from sektorplan.build.jobs import Job
from sektorplan.load.workspace import PlanFile, Workspace

INDEX = "index.html"


def index_titles(
    ws: Workspace, plans: list[PlanFile], language: str
) -> dict[Path, tuple[str, str]]:
    """Each plan's title and forvaltning in the index (`_index_html`)."""
    from sektorplan.model.plan import text_in

    config = ws.config
    assert config is not None
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
    language: str,
    results: dict[str, tuple[list[Path], str | None]],
) -> bytes:
    """A language's start page (<output folder>/<language>/index.html)."""
    from sektorplan.model.plan import text_in
    from sektorplan.render.templating import render_text

    config = ws.config
    assert config is not None
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


def entry_html(ws: Workspace, languages: list[str]) -> bytes:
    """The language-neutral entry page (<output folder>/index.html): a link to each
    language's start page, each named in its own language."""
    from sektorplan.i18n import labels
    from sektorplan.model.plan import text_in
    from sektorplan.render.templating import render_text

    config = ws.config
    assert config is not None
    primary = config.primary_language
    context = {
        "generator": f"sektorplan {__version__}",
        "languages": [
            {
                "code": lang,
                "name": labels(lang)["languages"][lang],
                "href": f"{lang}/{INDEX}",
                "municipality": text_in(config.municipality, lang, primary),
            }
            for lang in languages
        ],
    }
    return render_text("html", ws.root, context, "sprog.html.j2").encode("utf-8")
