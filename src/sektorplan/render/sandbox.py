"""The one Jinja environment every template runs in: sandboxed, and bounded in what it makes.

A workspace's templates come from whoever can open a pull request, so a template is code we do
not trust. Markdown, HTML, Word and the overview's templates all run in `Sandbox`, Jinja's
`ImmutableSandboxedEnvironment` (no attribute that starts with `_`, no Python internals, no
changing the context's lists and dicts) narrowed further:

- attributes only of plain values (text, numbers, lists, dicts, dates, Markup) and of Jinja's
  own helpers (`loop`, `namespace`, macros): a picture for Word (docxtpl's InlineImage) or a
  rich text can be placed, but not taken apart (its `.tpl.save(…)` would write files);
- one render has a budget (`Budget`): at most `MAX_LOOP_STEPS` loop iterations in all, at
  most `MAX_OUTPUT_CHARS` characters of output, no single value (a text, a list) longer than
  `MAX_VALUE_LENGTH`, and no size argument (`'a' * n`, `center(n)`, `range(n)`) above it.

Passing a bound raises `LimitError` (a `SecurityError`); breaking the sandbox raises
`SecurityError`. The callers (`templating`, `docx`) turn both into a Danish message naming
the template and the line.
"""

from __future__ import annotations

import contextvars
import functools
import math
import re
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from jinja2 import nodes
from jinja2.compiler import CodeGenerator, Frame
from jinja2.environment import Template
from jinja2.exceptions import SecurityError
from jinja2.sandbox import ImmutableSandboxedEnvironment

MAX_LOOP_STEPS = 20_000_000
MAX_OUTPUT_CHARS = 200_000_000
MAX_VALUE_LENGTH = 20_000_000
# Modules whose objects' attributes a template may read (the first part of the type's module).
_PLAIN_MODULES = frozenset({"builtins", "jinja2", "markupsafe", "datetime", "decimal"})
# Callables whose integer arguments are sizes of what they make (str methods and filters).
_SIZED_CALLS = frozenset({"ljust", "rjust", "center", "zfill", "expandtabs", "lipsum"})
_SIZED_FILTERS = frozenset({"center", "indent", "wordwrap", "truncate", "batch", "slice"})
_COUNTED = "sektorplan_counted"  # the filter every {% for %} loop's values go through


class LimitError(SecurityError):
    """A template passed one of the bounds of a render; `what` says which, in Danish."""

    def __init__(self, what: str) -> None:
        super().__init__(what)
        self.what = what


class Budget:
    """What one render may still make."""

    def __init__(self) -> None:
        self.steps = 0
        self.output = 0

    def step(self) -> None:
        self.steps += 1
        if self.steps > MAX_LOOP_STEPS:
            raise LimitError(
                f"skabelonens løkker gennemløbes mere end {MAX_LOOP_STEPS:,} gange i alt".replace(
                    ",", "."
                )
            )

    def wrote(self, length: int) -> None:
        self.output += length
        if self.output > MAX_OUTPUT_CHARS:
            raise LimitError(
                f"skabelonen skriver mere end {MAX_OUTPUT_CHARS:,} tegn".replace(",", ".")
            )


_budget: contextvars.ContextVar[Budget | None] = contextvars.ContextVar(
    "sektorplan_budget", default=None
)


def _too_long(length: int) -> LimitError:
    return LimitError(
        f"skabelonen laver en værdi på {length:,} tegn eller elementer; grænsen er "
        f"{MAX_VALUE_LENGTH:,}".replace(",", ".")
    )


def sized(value: Any) -> Any:
    """`value`, when it is not longer than a template may make."""
    sequence = isinstance(value, str | bytes | list | tuple | dict | set | frozenset)
    if sequence and len(value) > MAX_VALUE_LENGTH:
        raise _too_long(len(value))
    return value


def _check_sizes(args: Iterable[Any]) -> None:
    for arg in args:
        if isinstance(arg, int) and not isinstance(arg, bool) and arg > MAX_VALUE_LENGTH:
            raise _too_long(arg)


def _repeated_length(left: Any, right: Any) -> int | None:
    """The length of `left * right` when it repeats a text or list, before it is made."""
    for seq, times in ((left, right), (right, left)):
        if isinstance(seq, str | list | tuple) and isinstance(times, int):
            return len(seq) * max(times, 0)
    return None


def _power_too_large(base: Any, exponent: Any) -> bool:
    """`base ** exponent` of integers whose result has more digits than a value may."""
    if not (isinstance(base, int) and isinstance(exponent, int)) or exponent <= 0:
        return False
    if abs(base) <= 1:
        return False
    return exponent * math.log10(abs(base)) > MAX_VALUE_LENGTH / 1000


class _Counted(CodeGenerator):
    """Jinja's code generator, with every `{% for %}` loop's values counted against the
    render's budget and every `~` joining checked for its length."""

    def visit_Template(self, node: nodes.Template, frame: Frame | None = None) -> None:
        for loop in node.find_all(nodes.For):
            loop.iter = nodes.Filter(loop.iter, _COUNTED, [], [], None, None, lineno=loop.lineno)
        super().visit_Template(node, frame)

    def visit_Concat(self, node: nodes.Concat, frame: Frame) -> None:
        self.write("environment.sized(")
        super().visit_Concat(node, frame)
        self.write(")")


def _counted(values: Any) -> Iterator[Any]:
    budget = _budget.get() or Budget()
    for value in values:
        budget.step()
        yield value


class BoundedTemplate(Template):
    """A template whose render has a budget (`Budget`); included templates and macros share
    their caller's."""

    def render(self, *args: Any, **kwargs: Any) -> str:
        token = _budget.set(_budget.get() or Budget())
        try:
            return super().render(*args, **kwargs)
        finally:
            _budget.reset(token)

    def generate(self, *args: Any, **kwargs: Any) -> Iterator[str]:
        budget = _budget.get() or Budget()
        token = _budget.set(budget)
        try:
            for piece in super().generate(*args, **kwargs):
                budget.wrote(len(piece))
                yield piece
        finally:
            _budget.reset(token)


def _bounded_concat(pieces: Iterable[str]) -> str:
    budget = _budget.get() or Budget()
    kept = []
    for piece in pieces:
        budget.wrote(len(piece))
        kept.append(piece)
    return "".join(kept)


def _size_checked_filter(name: str, function: Callable[..., Any]) -> Callable[..., Any]:
    sizes = name in _SIZED_FILTERS

    @functools.wraps(function)
    def checked(*args: Any, **kwargs: Any) -> Any:
        if sizes:
            _check_sizes(args)
            _check_sizes(kwargs.values())
        return sized(function(*args, **kwargs))

    checked.sektorplan_checked = True  # type: ignore[attr-defined]
    return checked


class Sandbox(ImmutableSandboxedEnvironment):
    """The environment for every template; see the module's docstring."""

    intercepted_binops = frozenset({"*", "**", "+", "%", "//"})
    code_generator_class = _Counted
    template_class = BoundedTemplate
    concat = staticmethod(_bounded_concat)  # type: ignore[assignment]
    # Compiled code differs from an unsandboxed environment's: the cache keeps it apart.
    cache_tag = "sandbox-1"

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self.add_filters({})
        self.filters[_COUNTED] = _counted

    def add_filters(self, filters: dict[str, Callable[..., Any]]) -> None:
        """Jinja's filters and `filters` (the caller's own), each with its result's (and, for
        those that take one, its size argument's) length checked."""
        self.filters.update(filters)
        for name, function in list(self.filters.items()):
            if name != _COUNTED and not getattr(function, "sektorplan_checked", False):
                self.filters[name] = _size_checked_filter(name, function)

    @staticmethod
    def sized(value: Any) -> Any:
        return sized(value)

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        module = type(obj).__module__.partition(".")[0]
        if module not in _PLAIN_MODULES:
            return False
        return super().is_safe_attribute(obj, attr, value)

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        if operator == "*":
            length = _repeated_length(left, right)
            if length is not None and length > MAX_VALUE_LENGTH:
                raise _too_long(length)
        elif operator == "**" and _power_too_large(left, right):
            raise LimitError(
                f"skabelonen regner {left} ** {right} ud, et tal med alt for mange cifre"
            )
        return sized(super().call_binop(context, operator, left, right))

    def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        name = getattr(__obj, "__name__", "")
        if name in _SIZED_CALLS or __obj is __self.globals.get("range"):
            _check_sizes(args)
            _check_sizes(kwargs.values())
        return sized(super().call(__context, __obj, *args, **kwargs))


_UNSAFE = re.compile(r"access to attribute '([^']*)' of '([^']*)' object is unsafe\.")


def refusal(exc: SecurityError | MemoryError) -> str:
    """Why a template was stopped, in Danish, to follow «<template>:<line>: »."""
    if isinstance(exc, MemoryError):
        return (
            "skabelonen bruger mere hukommelse, end der er. En skabelon skal kun placere "
            "planens værdier. Ret skabelonen."
        )
    if isinstance(exc, LimitError):
        return f"skabelonen er stoppet: {exc.what}. Ret skabelonen."
    match = _UNSAFE.fullmatch(str(exc))
    what = f"«{match[1]}» på en værdi af typen {match[2]}" if match else f"«{str(exc)[:200]}»"
    return (
        f"skabelonen bruger {what}, som skabeloner ikke har adgang til. En skabelon kan "
        "kun læse de værdier, sektorplan giver den, og bruge Jinjas filtre. Ret skabelonen."
    )
