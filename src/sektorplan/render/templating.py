"""Finding and running the Markdown and HTML templates (Jinja2).

One search path: the workspace's `skabeloner/` folder, then the built-ins in `templates/`.
A user's template may also extend or include a built-in one as `standard/plan.html.j2`, to
change a block without copying the rest. Undefined values are errors that name the value,
never silently empty text.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from types import TracebackType
from typing import Any

from jinja2 import (
    ChoiceLoader,
    Environment,
    FileSystemLoader,
    PrefixLoader,
    StrictUndefined,
    TemplateError,
    TemplateNotFound,
    TemplateSyntaxError,
)
from jinja2.exceptions import UndefinedError

from ..templates import PATH as BUILTIN
from ..workspace import shown_path
from . import markdown
from .errors import RenderError

USER_FOLDER = "skabeloner"
TEMPLATE_NAMES = {"md": "plan.md.j2", "html": "plan.html.j2"}
DOCS_HINT = "Se templates/README.md for de værdier, en skabelon kan bruge."


_UNDEFINED = re.compile(r"^'([^']*)' is undefined|has no attribute '([^']*)'|has no element (.+)$")


def missing_name(exc: UndefinedError) -> str:
    """The name in Jinja's message: `'navn' is undefined`, `… has no attribute 'titel'`."""
    match = _UNDEFINED.search(str(exc))
    return next((g for g in match.groups() if g), str(exc)) if match else str(exc)


def user_folder(root: Path) -> Path | None:
    folder = root / USER_FOLDER
    return folder if folder.is_dir() else None


@cache
def environment(kind: str, user_dir: Path | None) -> Environment:
    builtin = FileSystemLoader(str(BUILTIN))
    loaders: list[Any] = [FileSystemLoader(str(user_dir))] if user_dir else []
    loaders += [PrefixLoader({"standard": builtin}), builtin]
    env = Environment(
        loader=ChoiceLoader(loaders),
        undefined=StrictUndefined,
        autoescape=True,  # for Markdown: see markdown.py
        finalize=markdown.finalize if kind == "md" else None,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,
    )
    if kind == "md":
        env.filters.update(markdown.FILTERS)
    return env


def render_text(kind: str, root: Path, context: dict[str, Any], name: str | None = None) -> str:
    """Render the Markdown (`md`) or HTML (`html`) document of one plan (or, with `name`,
    another template of the same kind, such as the overview's oversigt.md.j2)."""
    env = environment(kind, user_folder(root))
    name = name or TEMPLATE_NAMES[kind]
    try:
        template = env.get_template(name)
    except TemplateSyntaxError as exc:
        raise RenderError(_syntax(exc)) from None
    except TemplateNotFound as exc:
        raise RenderError(f"Skabelonen «{exc.name}» findes ikke. {DOCS_HINT}") from None
    shown = _shown(template.filename or name)
    try:
        return template.render(context)
    except UndefinedError as exc:
        line = _template_line(exc.__traceback__, template.filename)
        where = f"{shown}:{line}" if line else shown
        raise RenderError(
            f"{where}: skabelonen bruger «{missing_name(exc)}», som ikke findes i de værdier, "
            f"sektorplan giver skabelonen. Ret navnet, eller fjern det. {DOCS_HINT}"
        ) from None
    except TemplateSyntaxError as exc:
        raise RenderError(_syntax(exc)) from None
    except TemplateError as exc:
        line = _template_line(exc.__traceback__, template.filename)
        where = f"{shown}:{line}" if line else shown
        raise RenderError(f"{where}: skabelonen fejler ({exc}). Ret skabelonen.") from None


def _syntax(exc: TemplateSyntaxError) -> str:
    where = f"{_shown(exc.filename or exc.name or '?')}:{exc.lineno}"
    return f"{where}: fejl i skabelonens Jinja-kode ({exc.message}). Ret skabelonen."


def _shown(filename: str) -> str:
    return shown_path(Path(filename))


def _template_line(tb: TracebackType | None, filename: str | None) -> int | None:
    """The template line Jinja reports in its rewritten traceback."""
    line = None
    while tb is not None:
        if filename and tb.tb_frame.f_code.co_filename == filename:
            line = tb.tb_lineno
        tb = tb.tb_next
    return line
