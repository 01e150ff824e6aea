"""Finding and running the Markdown and HTML templates (Jinja2).

One search path: the workspace's `skabeloner/` folder, then the built-ins in `templates/`.
A user's template may also extend or include a built-in one as `standard/plan.html.j2`, to
change a block without copying the rest. Undefined values are errors that name the value,
never silently empty text.
"""

from __future__ import annotations

import os
import posixpath
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
from jinja2.loaders import split_template_path

from ..templates import PATH as BUILTIN
from ..workspace import shown_path
from . import markdown
from .errors import RenderError
from .jinjacache import bytecode_cache

USER_FOLDER = "skabeloner"
TEMPLATE_NAMES = {"md": "plan.md.j2", "html": "plan.html.j2"}
DOCS_HINT = "Se templates/README.md for de værdier, en skabelon kan bruge."
UTF8_HINT = "Gem skabelonen som UTF-8 (i Notesblok: Gem som … Kodning: UTF-8)."


_UNDEFINED = re.compile(r"^'([^']*)' is undefined|has no attribute '([^']*)'|has no element (.+)$")


def missing_name(exc: UndefinedError) -> str:
    """The name in Jinja's message: `'navn' is undefined`, `… has no attribute 'titel'`."""
    match = _UNDEFINED.search(str(exc))
    return next((g for g in match.groups() if g), str(exc)) if match else str(exc)


def user_folder(root: Path) -> Path | None:
    folder = root / USER_FOLDER
    return folder if folder.is_dir() else None


def not_utf8(path: Path, exc: UnicodeDecodeError) -> RenderError:
    """The message for a template saved in another encoding (Notepad's «ANSI», Latin-1)."""
    line = exc.object[: exc.start].count(b"\n") + 1 if isinstance(exc.object, bytes) else None
    where = f"{shown_path(path)}:{line}" if line else shown_path(path)
    return RenderError(f"{where}: skabelonen er ikke gemt som UTF-8. {UTF8_HINT}")


def failure(exc: BaseException) -> str:
    """A template's own failure (`{{ 1/0 }}`, `{{ titel + 1 }}`), named by its kind."""
    return f"skabelonen fejler ({type(exc).__name__}). Ret skabelonen."


class _Loader(FileSystemLoader):
    """Jinja's file loader, with a Danish message for a file that is not UTF-8."""

    def get_source(self, environment: Environment, template: str) -> Any:
        try:
            return super().get_source(environment, template)
        except UnicodeDecodeError as exc:
            pieces = split_template_path(template)
            paths = [Path(posixpath.join(folder, *pieces)) for folder in self.searchpath]
            path = next((p for p in paths if os.path.isfile(p)), Path(template))
            raise not_utf8(path, exc) from None


@cache
def environment(kind: str, user_dir: Path | None) -> Environment:
    builtin = _Loader(str(BUILTIN))
    loaders: list[Any] = [_Loader(str(user_dir))] if user_dir else []
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
        bytecode_cache=bytecode_cache(),
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
        raise RenderError(_not_found(exc)) from None
    shown = _shown(template.filename or name)
    try:
        return template.render(context)
    except RenderError:
        raise
    except UndefinedError as exc:
        line = _template_line(exc.__traceback__, template.filename)
        where = f"{shown}:{line}" if line else shown
        raise RenderError(
            f"{where}: skabelonen bruger «{missing_name(exc)}», som ikke findes i de værdier, "
            f"sektorplan giver skabelonen. Ret navnet, eller fjern det. {DOCS_HINT}"
        ) from None
    except TemplateSyntaxError as exc:
        raise RenderError(_syntax(exc)) from None
    except TemplateNotFound as exc:  # an {% include %} or {% extends %} of a missing file
        line = _template_line(exc.__traceback__, template.filename)
        where = f"{shown}:{line}" if line else shown
        raise RenderError(f"{where}: {_not_found(exc)}") from None
    except TemplateError as exc:
        line = _template_line(exc.__traceback__, template.filename)
        where = f"{shown}:{line}" if line else shown
        raise RenderError(f"{where}: skabelonen fejler ({exc}). Ret skabelonen.") from None
    except Exception as exc:
        if is_builtin(template.filename):
            raise  # sektorplan's own template: a bug, reported as one
        line = _template_line(exc.__traceback__, template.filename)
        where = f"{shown}:{line}" if line else shown
        raise RenderError(f"{where}: {failure(exc)}") from None


def _not_found(exc: TemplateNotFound) -> str:
    return f"Skabelonen «{exc.name}» findes ikke. {DOCS_HINT}"


def is_builtin(filename: str | Path | None) -> bool:
    """Whether a template is one of sektorplan's own (its failure is a bug, not the user's)."""
    return filename is not None and Path(filename).resolve().is_relative_to(BUILTIN.resolve())


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
