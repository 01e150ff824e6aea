"""Finding and running the Markdown and HTML templates (Jinja2).

One search path: the workspace's `skabeloner/` folder, then the built-ins in `templates/`.
A user's template may also extend or include a built-in one as `standard/plan.html.j2`, to
change a block without copying the rest. Undefined values are errors that name the value,
never silently empty text.
"""

from __future__ import annotations

import ast
import os
import posixpath
import re
from collections.abc import Callable
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
from jinja2.exceptions import SecurityError, UndefinedError
from jinja2.loaders import split_template_path
from markupsafe import Markup, escape

from sektorplan.load.workspace import shown_path
from sektorplan.paths import os_error_text, present_file, read_limited
from sektorplan.render import markdown
from sektorplan.render.errors import RenderError
from sektorplan.render.jinjacache import bytecode_cache
from sektorplan.render.sandbox import Sandbox, refusal
from sektorplan.templates import PATH as BUILTIN

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


# A template larger than this is no template (the built-in plan.html.j2 is 15 KB).
MAX_TEMPLATE_BYTES = 5 * 1024 * 1024


class _Loader(FileSystemLoader):
    """Jinja's file loader, reading through `read_limited`: a template must be a regular file
    whose real path lies in `inside` (the workspace), of at most MAX_TEMPLATE_BYTES, saved
    as UTF-8; otherwise a Danish message."""

    def __init__(self, folder: Path, inside: Path) -> None:
        super().__init__(str(folder))
        self.inside = inside

    def get_source(self, environment: Environment, template: str) -> Any:
        pieces = split_template_path(template)
        for folder in self.searchpath:
            path = Path(posixpath.join(folder, *pieces))
            if not present_file(path):
                continue
            try:
                data = read_limited(path, MAX_TEMPLATE_BYTES, inside=self.inside)
                source = data.decode("utf-8")
            except UnicodeDecodeError as exc:
                raise not_utf8(path, exc) from None
            except OSError as exc:
                raise RenderError(
                    f"{shown_path(path)}: skabelonen kan ikke læses ({os_error_text(exc)})."
                ) from None
            return source, os.path.normpath(path), _unchanged(path)
        raise TemplateNotFound(template)


def _unchanged(path: Path) -> Callable[[], bool]:
    """Jinja's question whether a loaded template is still the file's text."""
    mtime = os.path.getmtime(path)

    def unchanged() -> bool:
        try:
            return os.path.getmtime(path) == mtime
        except OSError:
            return False

    return unchanged


def _html_finalize(value: Any) -> Any:
    """A text that fell back to the primary language gets its markers (`fallback.html`)."""
    from sektorplan.render.fallback import Fallback, wrapped

    if isinstance(value, Fallback):
        return Markup(wrapped(value.lang, str(escape(str(value)))))
    return value


@cache
def environment(kind: str, user_dir: Path | None) -> Environment:
    builtin = _Loader(BUILTIN, BUILTIN)
    loaders: list[Any] = [_Loader(user_dir, user_dir.parent)] if user_dir else []
    loaders += [PrefixLoader({"standard": builtin}), builtin]
    env = Sandbox(
        loader=ChoiceLoader(loaders),
        undefined=StrictUndefined,
        autoescape=True,  # for Markdown: see markdown.py
        finalize=markdown.finalize if kind == "md" else _html_finalize,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,
        bytecode_cache=bytecode_cache(),
    )
    if kind == "md":
        env.add_filters(markdown.FILTERS)
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
        text = template.render(context)
        if kind == "html":
            from sektorplan.render.fallback import html

            text = html(text)
        return text
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
    except (SecurityError, MemoryError) as exc:
        line = _template_line(exc.__traceback__, template.filename)
        where = f"{shown}:{line}" if line else shown
        raise RenderError(f"{where}: {refusal(exc)}") from None
    except TemplateNotFound as exc:  # an {% include %} or {% extends %} of a missing file
        line = _template_line(exc.__traceback__, template.filename)
        where = f"{shown}:{line}" if line else shown
        raise RenderError(f"{where}: {_not_found(exc)}") from None
    except TemplateError as exc:
        line = _template_line(exc.__traceback__, template.filename)
        where = f"{shown}:{line}" if line else shown
        raise RenderError(
            f"{where}: skabelonen fejler ({inside(str(exc))}). Ret skabelonen."
        ) from None
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
    return f"{where}: fejl i skabelonens Jinja-kode ({inside(exc.message or '')}). Ret skabelonen."


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


# --- Jinja's messages in Danish ------------------------------------------------------------
# The forms are Jinja's own (jinja2 3.1: parser.py, lexer.py, compiler.py, environment.py);
# tests/test_templating_messages.py makes each from a broken template, so a change in
# Jinja's wording fails there. A message with no form here is shown as Jinja wrote it.

# What Jinja's token descriptions (lexer.describe_token) are to the user: what they typed or
# see. Names and operators are described by themselves and are shown as written (a name
# written as `string`, `integer` or `float` reads as its kind: the message alone does not
# tell them apart). A comment never reaches the parser, so «comment» is always a name.
_TOKENS = {
    "begin of statement block": "«{%»",
    "end of statement block": "«%}»",
    "begin of print statement": "«{{»",
    "end of print statement": "«}}»",
    "begin of comment": "«{#»",
    "end of comment": "«#}»",
    "end of template": "skabelonens slutning",
    "template data / text": "almindelig tekst",
    "string": "en tekst i anførselstegn",
    "integer": "et tal",
    "float": "et tal",
}
_ENDS = ("end of statement block", "end of print statement", "end of template")
_CURLY_QUOTES = "“”„‘’‚«»"

_Translation = Callable[[re.Match[str]], str]
_MESSAGES: list[tuple[re.Pattern[str], _Translation]] = []


def jinja_message(message: str) -> str:
    """Jinja's message about a template in Danish, naming what the user wrote as written.
    A message of a form not known here is returned as it is: nothing is lost."""
    for pattern, translate in _MESSAGES:
        match = pattern.fullmatch(message)
        if match:
            return translate(match)
    return message


def inside(message: str) -> str:
    """Jinja's message in Danish, to stand in the parentheses of a message's frame."""
    return jinja_message(message).removesuffix(".")


def _message(pattern: str) -> Callable[[_Translation], _Translation]:
    def register(translate: _Translation) -> _Translation:
        _MESSAGES.append((re.compile(pattern, re.DOTALL), translate))
        return translate

    return register


def _token(described: str, *, expected: bool = False) -> str:
    if expected and described == "name":  # the kind; a name written is described by itself
        return "et navn"
    return _TOKENS.get(described, f"«{described}»")


def _tag(name: str) -> str:
    return f"«{{% {name} %}}»" if name.isidentifier() else _token(name)


def _either(names: list[str]) -> str:
    shown = [_tag(name) for name in names]
    return shown[0] if len(shown) == 1 else f"{', '.join(shown[:-1])} eller {shown[-1]}"


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


_TAGS = r"'[^']*'(?: or '[^']*')*"


@_message(
    r"(?:Unexpected end of template\.|Encountered unknown tag '(?P<tag>[^']*)'\.)"
    r"(?: You probably made a nesting mistake\. Jinja is expecting this tag,"
    rf" but currently looking for (?P<nesting>{_TAGS})\.)?"
    rf"(?: Jinja was looking for the following tags: (?P<looking>{_TAGS})\.)?"
    r"(?: The innermost block that needs to be closed is '(?P<innermost>[^']*)'\.)?"
)
def _open_block(match: re.Match[str]) -> str:
    """A template that ends inside a block, or a tag Jinja does not know where it stands
    (an end tag out of place is one: `{% endfor %}` inside an unclosed `{% if %}`)."""
    tag, innermost = match["tag"], match["innermost"]
    looking = re.findall(r"'([^']*)'", match["nesting"] or match["looking"] or "")
    end = f"end{innermost}" if innermost else ""
    waiting = f" Her ventes {_either(looking)}." if looking and end not in looking else ""
    if tag is None:
        if innermost:
            return (
                f"Skabelonen slutter, før {_tag(innermost)} er lukket: tilføj {_tag(end)}.{waiting}"
            )
        return f"Skabelonen slutter, før alle blokke er lukket.{waiting}"
    if match["nesting"]:
        if innermost:
            return (
                f"{_tag(tag)} kommer, før {_tag(innermost)} er lukket: "
                f"luk først {_tag(innermost)} med {_tag(end)}.{waiting}"
            )
        return f"{_tag(tag)} står forkert: her ventes først {_either(looking)}."
    if tag.startswith("end"):
        first = f"{_tag(tag)} lukker en blok, der ikke er åbnet."
    elif tag in ("else", "elif") and innermost:  # e.g. a second else in the same block
        first = f"{_tag(tag)} står forkert her."
    elif tag in ("else", "elif"):
        first = f"{_tag(tag)} står uden for en «{{% if %}}»- eller «{{% for %}}»-blok."
    else:
        first = f"Jinja kender ikke mærket {_tag(tag)}."
    if innermost:
        return (
            f"{first} Den inderste åbne blok er {_tag(innermost)}, "
            f"som lukkes med {_tag(end)}.{waiting}"
        )
    return f"{first}{waiting}"


@_message(r"unexpected end of template, expected '(?P<expected>[^']*)'\.")
def _early_end(match: re.Match[str]) -> str:
    return f"Skabelonen slutter, men {_token(match['expected'], expected=True)} mangler."


@_message(r"expected token '(?P<expected>[^']*)', got '(?P<got>[^']*)'")
def _expected_token(match: re.Match[str]) -> str:
    expected = _token(match["expected"], expected=True)
    return f"Her ventes {expected}, men der står {_token(match['got'])}."


@_message(r"unexpected '(?P<got>[^']*)'")
def _unexpected(match: re.Match[str]) -> str:
    got = match["got"]
    if got in _ENDS:
        return f"Der mangler en værdi før {_token(got)}."
    hint = " Afslut «{{» med «}}» og «{%» med «%}»." if got == "}" else ""
    return f"{_capital(_token(got))} står forkert her.{hint}"


@_message(r"unexpected '(?P<got>[^']*)', expected '(?P<expected>[^']*)'")
def _unbalanced(match: re.Match[str]) -> str:
    """A bracket closed by another kind (`(a]`)."""
    return f"{_token(match['got'])} står, hvor der ventes {_token(match['expected'])}."


@_message(r"unexpected char (?P<char>'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\") at \d+")
def _unexpected_char(match: re.Match[str]) -> str:
    # The position is in the source Jinja was given (for Word: the document's XML); the
    # message's frame says where, by line or by the text near it.
    try:
        char = str(ast.literal_eval(match["char"]))
    except (ValueError, SyntaxError):
        char = match["char"][1:-1]
    if char in ("'", '"'):
        return f"Teksten, der begynder med «{char}», mangler sit afsluttende «{char}»."
    if char in _CURLY_QUOTES:
        return f"Tegnet «{char}» kan ikke bruges i et Jinja-mærke: skriv \" eller ' i stedet."
    return f"Tegnet «{char}» kan ikke bruges i et Jinja-mærke."


@_message(r"No filter named '(?P<name>[^']*)'(?: found)?\.")
def _no_filter(match: re.Match[str]) -> str:
    return f"Filteret «{match['name']}» (efter «|») findes ikke."


@_message(r"No test named '(?P<name>[^']*)'(?: found)?\.")
def _no_test(match: re.Match[str]) -> str:
    return f"Testen «{match['name']}» (efter «is») findes ikke."


@_message(r"Expected an expression, got '(?P<got>[^']*)'")
def _no_expression(match: re.Match[str]) -> str:
    return f"Der mangler en værdi før {_token(match['got'])}."


@_message(r"tag name expected")
def _no_tag_name(match: re.Match[str]) -> str:
    return "Der mangler et navn efter «{%», fx «if», «for» eller «endif»."


@_message(r"expected name or number")
def _no_attribute(match: re.Match[str]) -> str:
    return "Efter «.» mangler et navn, fx «plan.title»."


@_message(r"expected subscript expression")
def _no_subscript(match: re.Match[str]) -> str:
    return "Efter «.» eller «[» mangler et navn eller et tal."


@_message(r"Missing end of comment tag")
def _open_comment(match: re.Match[str]) -> str:
    return "En kommentar, der begynder med «{#», lukkes ikke: tilføj «#}»."


@_message(r"Missing end of raw directive")
def _open_raw(match: re.Match[str]) -> str:
    return "«{% raw %}» lukkes ikke: tilføj «{% endraw %}»."


@_message(r"block '(?P<name>[^']*)' defined twice")
def _block_twice(match: re.Match[str]) -> str:
    return f"Blokken «{match['name']}» findes to gange: giv den ene et andet navn."


@_message(
    r"Block names in Jinja have to be valid Python identifiers and may not contain hyphens,"
    r" use an underscore instead\."
)
def _block_hyphen(match: re.Match[str]) -> str:
    return "Et bloknavn må ikke indeholde «-»: skriv «_» i stedet."
